"""Read article files (Jekyll Markdown/HTML posts, plain text, HTML) into Articles.

Supported inputs:

* Jekyll posts with YAML front matter, in the two flavours of our feeds:
  ``title/date/author/from/tags/categories`` (an ``<!--ms-->`` comment, a
  ``[title](url)`` line and a ``------`` rule before an HTML body) and
  ``title/date/link/categories`` (Markdown or HTML body);
* plain ``.txt`` without front matter (title unknown);
* ``.html`` pages without front matter (``<title>``, ``og:url``, published meta).

Ads, paywall links, images, scripts, styles and "related"/share boxes are dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timezone
from pathlib import Path

import frontmatter
import yaml
from bs4 import BeautifulSoup, Comment

from .article import Article, Span
from .errors import ArticleError
from .text import detect_script, normalise_space, split_sentences

__all__ = ["read_article", "read_bytes", "parse_article", "iter_article_files", "article_id", "SUFFIXES"]

SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")

# Elements that never hold article text.
_DROP_TAGS = ("script", "style", "noscript", "iframe", "img", "picture", "figure", "figcaption",
              "svg", "video", "audio", "form", "button", "nav", "footer", "aside", "header", "time")
# id/class fragments of ads, paywalls, newsletters and related-article boxes.
_DROP_MARKERS = re.compile(
    r"(^|[-_ ])(ad|ads|advert\w*|dfp\w*|imu|innity\w*|paywall\w*|subscribe\w*|promo\w*|newsletter\w*|"
    r"related\w*|share\w*|social\w*|recommend\w*|sponsor\w*|outbrain|taboola|banner)([-_ 0-9]|$)",
    re.I,
)
_BLOCK_TAGS = ("p", "div", "section", "article", "main", "li", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "br", "tr", "pre", "ul", "ol", "table", "strong")
_HTML_HINT = re.compile(r"<(p|div|section|article|main|span|br|a|strong|h[1-6])\b", re.I)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_NOISE = re.compile(r"^\s*(#{1,6}\s*|[-*_]{3,}\s*$|>\s?)")

_OUTLET_BY_HOST = {
    "zaobao.com": "联合早报",
    "rthk.hk": "香港電台",
    "cna.com.tw": "中央社",
    "rfi.fr": "法国国际广播电台",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "dw.com": "德国之声",
    "reuters.com": "路透社",
    "aljazeera.net": "半岛电视台",
}


def article_id(file: str) -> str:
    """Stable short id of an article from its file name as given to the build."""
    return hashlib.sha1(file.encode("utf-8")).hexdigest()[:16]


def iter_article_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, name)`` for every article file under ``root``, sorted.

    ``name`` is the path relative to ``root`` (or the file's own name when
    ``root`` is a file), in POSIX form: this is the ``?file`` of the queries.
    """
    root = Path(root)
    if root.is_file():
        yield root, root.name
        return
    if not root.exists():
        raise ArticleError(str(root), "no such file or directory")
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
            yield path, path.relative_to(root).as_posix()


#: Real pages nest a few dozen levels; parsing cost grows with depth squared, so deeper is refused.
MAX_HTML_DEPTH = 400
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


def _nesting_depth(html: str) -> int:
    """The deepest element nesting of ``html``, in one linear scan (unclosed tags count as open)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, tag, self_closing = match.groups()
        if tag.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


#: Files larger than this are skipped: a news article is a few kB; 5 MB is a dump, not an article.
MAX_BYTES = 5_000_000


def read_article(path: Path, name: str | None = None, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read one file into an :class:`Article`.

    Raises:
        ArticleError: the file cannot be decoded, its front matter is invalid,
            or it holds no text.
    """
    name = name or Path(path).name
    return parse_article(read_bytes(path, name), name, max_bytes=max_bytes)


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, or an :class:`ArticleError` naming it when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ArticleError(name, f"cannot be read ({exc.strerror or exc})") from None


def parse_article(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Article:
    """Make an :class:`Article` of a file's bytes (``name`` is its path relative to the corpus).

    Raises:
        ArticleError: as :func:`read_article`.
    """
    if len(raw) > max_bytes:
        raise ArticleError(name, f"is too large ({len(raw) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:g} MB)")
    source = _decode(raw, name)
    source = source.replace("\r\n", "\n").replace("\r", "\n")

    meta, body = _split_front_matter(source, name)
    title = _as_text(meta.get("title"), name, "title")
    url = _as_text(meta.get("link") or meta.get("from") or meta.get("url"), name, "link")
    published = _as_datetime(meta.get("date"), name)
    outlet = _as_text(meta.get("author"), name, "author") or _outlet_from(url, meta.get("categories"))

    if _HTML_HINT.search(body):
        if _nesting_depth(body) > MAX_HTML_DEPTH:
            raise ArticleError(name, f"has HTML nested more than {MAX_HTML_DEPTH} levels deep")
        try:
            html_meta, paragraphs = _html_paragraphs(body)
        except RecursionError:
            raise ArticleError(name, "has HTML nested too deeply to read") from None
        title = title or html_meta.get("title")
        url = url or html_meta.get("url")
        published = published or _as_datetime(html_meta.get("published"), name)
    else:
        paragraphs = _markdown_paragraphs(body)
    paragraphs = _drop_boilerplate([p for p in paragraphs if not _is_title_echo(p, title)])
    if not paragraphs and title:
        # A post whose body is empty (the feed gave only the headline): the headline is its text,
        # so "特首：接種疫苗是恢復…通關必要條件" still says who said what, instead of being skipped.
        paragraphs = [normalise_space(title)]
    if not paragraphs:
        raise ArticleError(name, "holds no article text")

    text, para_spans, sentence_spans = _assemble(paragraphs)
    return Article(
        id=article_id(name),
        file=name,
        title=title,
        url=url,
        published=published,
        outlet=outlet or _outlet_from(url, None),
        script=detect_script(text),
        text=text,
        paragraphs=tuple(para_spans),
        sentences=tuple(sentence_spans),
    )


_LEGACY = ("gb18030", "big5", "big5hkscs", "cp950", "cp936", "gbk", "gb2312", "utf_16", "utf_16_le", "utf_16_be")


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM); else GBK/GB18030 or Big5 when the bytes clearly are Chinese in one of them.

    Never returns mojibake: a file whose encoding cannot be told is reported.
    """
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(name, "is a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        position = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(_LEGACY)).best()
    if best is not None and best.encoding in _LEGACY:
        text = str(best)
        han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
        if han >= 0.2 * max(1, len(text.strip())) or not text.strip():
            return text.lstrip("\ufeff")
    raise ArticleError(name, f"is not valid UTF-8 (byte {position}) and its encoding could not be told")


def _split_front_matter(source: str, name: str) -> tuple[dict, str]:
    if not source.lstrip("\ufeff").startswith("---"):
        return {}, source
    if not re.search(r"\n---[ \t]*(\n|$)", source[3:]):
        raise ArticleError(name, "front matter has no closing '---' line")
    try:
        post = frontmatter.loads(source)
    except yaml.YAMLError as exc:
        # python-frontmatter parses from the opening '---' line, so mark.line + 1 is the file's line;
        # the context mark (where an unclosed bracket opened) says more than where parsing stopped
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ArticleError(name, f"front matter is not valid YAML{where}") from None
    return dict(post.metadata), post.content


def _as_text(value, name: str, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise ArticleError(name, f"front matter '{key}' is a {type(value).__name__}, not text")
    text = normalise_space(str(value))
    return text or None


def _as_datetime(value, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=timezone.utc)
    text = str(value).strip()
    # Jekyll writes nanoseconds ("20:41:09.000000000 +08:00"); keep microseconds.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    text = re.sub(r"\s+([+-]\d{2}:?\d{2})$", r"\1", text).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ArticleError(name, f"front matter 'date' is not a date: {str(value)[:40]!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _outlet_from(url: str | None, categories) -> str | None:
    if url:
        host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0].lower()
        for suffix, outlet in _OUTLET_BY_HOST.items():
            if host == suffix or host.endswith("." + suffix):
                return outlet
    return None


def _is_drop(tag) -> bool:
    if tag.name in _DROP_TAGS:
        return True
    attrs = tag.attrs
    if any(key.startswith("data-selfpromo") for key in attrs):
        return True
    marker = " ".join([attrs.get("id") or ""] + list(attrs.get("class") or []))
    if marker and _DROP_MARKERS.search(marker):
        return True
    if tag.name == "a":
        href = attrs.get("href") or ""
        if re.search(r"subscribe|promotion|paywall", href, re.I):
            return True
    return False


def _html_paragraphs(body: str) -> tuple[dict, list[str]]:
    soup = BeautifulSoup(body, "html.parser")
    meta: dict = {}
    if soup.title and soup.title.string:
        meta["title"] = normalise_space(soup.title.string)
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or ""
        if key in ("og:url",):
            meta["url"] = tag.get("content")
        elif key in ("article:published_time", "pubdate", "date"):
            meta["published"] = tag.get("content")
        elif key == "og:title" and "title" not in meta:
            meta["title"] = normalise_space(tag.get("content") or "")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_is_drop):
        tag.decompose()
    for head in soup.find_all(["head", "title"]):
        head.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    # Front-matter posts put Markdown (a "[title](url)" line, a "------" rule) before the HTML.
    return meta, _markdown_paragraphs(text)


def _markdown_paragraphs(body: str) -> list[str]:
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    paragraphs = []
    for line in body.split("\n"):
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_NOISE.sub("", line)
        line = normalise_space(line.replace("**", "").replace("__", ""))
        if line and not re.fullmatch(r"[-=*_]{3,}", line):
            paragraphs.append(line)
    return paragraphs


# Agency datelines, credits and timestamps: the outlet's furniture, not the story.
_DATELINE = re.compile(
    r"^（中央社[^）]{0,30}[電电]）|^路透[^\s-]{0,12}\d{1,2}月\d{1,2}日\s*[-－]\s*|^（[^）]{0,12}中文[網网]）"
)
_CREDIT = re.compile(r"（[編编]輯?：[^）]{1,40}）\d*$|（完）$")
# timestamps, photo credits, copyright notices, and a paragraph that is only a bracketed credit ("（法新社、路透社）")
_FURNITURE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T[\d:.]+Z$|^\d{2}/\d{2}/\d{4} - \d{2}:\d{2}$|（[^）]{0,12}提供）|^©|^（[^（）]{2,24}）$|版權聲明|版权声明"
)


def _drop_boilerplate(paragraphs: list[str]) -> list[str]:
    """Remove datelines, photo credits and timestamps; stop at an editor credit (links follow it)."""
    kept = []
    for paragraph in paragraphs:
        if _FURNITURE.search(paragraph):
            continue
        paragraph = _DATELINE.sub("", paragraph).strip()
        credit = _CREDIT.search(paragraph)
        if credit:
            paragraph = paragraph[: credit.start()].strip()
        if paragraph:
            kept.append(paragraph)
        if credit and credit.group(0) != "（完）":
            break  # CNA lists related headlines after the editor's credit
    return kept


def _is_title_echo(paragraph: str, title: str | None) -> bool:
    """The seeds repeat the headline as a ``[title](url)`` line before the body."""
    return bool(title) and normalise_space(paragraph) == title


def _assemble(paragraphs: list[str]) -> tuple[str, list[Span], list[Span]]:
    text_parts, para_spans, sentence_spans = [], [], []
    offset = 0
    for paragraph in paragraphs:
        para_spans.append(Span(offset, offset + len(paragraph)))
        for start, end in split_sentences(paragraph):
            sentence_spans.append(Span(offset + start, offset + end))
        text_parts.append(paragraph)
        offset += len(paragraph) + 1
    return "\n".join(text_parts), para_spans, sentence_spans
