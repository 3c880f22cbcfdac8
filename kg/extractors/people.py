"""people.v2: people and the posts articles give them.

Finds names by context, never by a list of answers:

* a title followed by a name (香港特首林郑月娥, 政务司司长李家超, Chief Executive Carrie Lam);
* a name followed by a speech verb (谭耀宗昨天表示, Lam Cheng Yuet-ngor also pointed out);
* every other occurrence of a name found so, and its short form (林郑 for 林郑月娥).

Reference knowledge is used only to join forms of one person (Carrie Lam =
林郑月娥) and to give a post its organization.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import ORG, RDF, RDFS, SKOS, XSD

from ..knowledge import Knowledge, fold
from ..model import Doc, Mention, Node
from ..text import to_simplified
from ..vocab import KG
from . import extractor
from .patterns import (
    COMPOUND_SURNAMES, EN_HONORIFIC, EN_NAME, EN_NOT_NAME, EN_SPEECH, EN_TITLES, FUNCTION_CHARS, HAN, SPEECH_AFTER, STOP_CHARS,
    MARRIED_SURNAMES, SURNAMES, TIME_AFTER, WEAK_SURNAMES, ZH_TITLE_RE, add_entity, emit_entities, label_lang,
    TITLES, folded_text, gazetteer, is_place, left_extent, overlaps,
)

NAME = "people.v2"
# "Chief Executive Carrie Lam", "the Chief Executive, Mrs Carrie Lam", "Vice Premier of the State Council, Mr Han Zheng"
_EN_TITLE_NAME = re.compile(
    rf"\b(?P<title>{EN_TITLES})(?:\s+|(?: of (?:the )?[A-Z][A-Za-z' ]{{0,60}}?)?,\s+(?:{EN_HONORIFIC}\s+)?)"
    rf"(?P<name>{EN_NAME})")
# "Mr Vincent Lo", "Professor Lord Robert Mair"; a lone surname ("Mr Zhang") is a short form of a full name
_EN_HONORIFIC_NAME = re.compile(
    rf"\b(?:{EN_HONORIFIC}|The Honourable|Hon)\s+(?:(?:Lord|Sir|Dr|Professor)\s+)?(?P<name>(?:[A-Z] ){{1,2}}[A-Z][a-z]+|{EN_NAME})")
_EN_NAME_SPEECH = re.compile(rf"(?<![\w-])(?P<name>{EN_NAME})\s+{EN_SPEECH}\b")
_FOREIGN_NAME = re.compile(
    r"(?P<first>[\u4e00-\u9fff]{1,8})[·•‧・](?:[\u4e00-\u9fff]{1,6}[·•‧・])?(?P<last>[\u4e00-\u9fff]{1,7})")


def _foreign_start(text: str, start: int, end: int) -> int:
    """Where a transliterated given name starts: after a title or role ("前总理|安格拉"), else its last 2-3 characters."""
    run = text[start:end]
    titles = list(ZH_TITLE_RE.finditer(run))
    if titles:
        return start + titles[-1].end() if titles[-1].end() < len(run) else end - min(3, len(run))
    return start if len(run) <= 3 else end - 2
# Words that look like the start of a name but end a title phrase ("专家团", "委员会").
_NOT_NAME_START = set("团会组们级方处局署部办长员")


@extractor(NAME, adds=("person",))
def extract_people(doc: Doc, knowledge: Knowledge) -> None:
    article = doc.article
    found: dict[str, Node] = {}  # surface form -> person
    titled: list[tuple[Node, str, Mention, Mention]] = []  # person, title, title mention, name mention

    if article.script == "en":
        _english(doc, knowledge, found, titled)
    else:
        _chinese(doc, knowledge, found, titled)
    _repeat_mentions(doc, found)
    if doc.tokens:
        _model_names(doc, knowledge, found)
        _repeat_mentions(doc, found)
    if article.script != "en":
        _honorifics(doc)
    _emit(doc, knowledge, titled)


# ---------------------------------------------------------------- Chinese

def _chinese(doc, knowledge, found, titled) -> None:
    text = doc.article.simplified
    # A transliterated foreign name: "妮可·基德曼", "安格拉·默克尔". The labeller's bounds when it tags the
    # name across its dot (a title before it or a verb after it is then no part of it), else the guess below.
    tagged = {(s, e) for s, e in _merged(doc, "PER") if any(c in _NAME_DOTS for c in text[s:e])}
    for match in _FOREIGN_NAME.finditer(text):
        dot = match.end("first")
        span = next(((s, e) for s, e in tagged if s <= dot < e), None)
        if span is not None:
            start, end = span[0], _trim_name_end(text, *span)
            if end - start >= 3 and text[end - 1] not in _NAME_DOTS and not overlaps(doc, start, end):
                found[doc.article.text[start:end]] = _person(doc, knowledge, text[start:end], start)
                continue
        start = _foreign_start(text, match.start("first"), match.end("first"))
        head = match.start("last")
        # the last part is usually 1-4 characters (伊姆兰·汗); the longest followed by a word boundary, else 3
        length = next((n for n in (4, 3, 2, 1) if head + n <= match.end() and _boundary(text, head + n)
                       and not any(SPEECH_AFTER.match(text, i) for i in range(head + 1, head + n))),
                      min(3, match.end() - head))
        end = head + length
        if not overlaps(doc, start, end):
            found[doc.article.text[start:end]] = _person(doc, knowledge, text[start:end], start)
    for match in ZH_TITLE_RE.finditer(text):
        name_start = match.end()
        if text.startswith("如", name_start):  # "前立法会议员如毛孟静、区诺轩和梁国雄"
            name_start += 1
        known = next((e for e in doc.entities if e.node.kind == "person" and e.mention.start == name_start), None)
        name = text[known.mention.start:known.mention.end] if known else \
            _name_at(text, name_start, knowledge, guess=False) or _model_name_at(doc, text, name_start, knowledge) \
            or _name_at(text, name_start, knowledge)
        if not name or _tagged_as_word(doc, name_start, name_start + len(name)):
            continue
        title_start = left_extent(text, match.start(), limit=12)
        title = text[title_start : match.end()]
        person = _person(doc, knowledge, name, name_start)
        found[doc.article.text[name_start : name_start + len(name)]] = person
        if not (title.startswith("前") or text[title_start - 1 : title_start] == "前"):  # 前特首: no longer holds it
            titled.append((person, title, Mention(title_start, match.end()), Mention(name_start, name_start + len(name))))
        _coordinated(doc, knowledge, text, name_start + len(name), found)
    # Name followed by a speech verb: "谭耀宗昨天表示".
    for start in range(len(text)):
        if not _could_start_name(text, start) or text[start] in WEAK_SURNAMES or _HONORIFIC.match(text, start + 1):
            continue  # "陈官认为" is an honorific form, resolved after the full names are known
        if start > 0 and HAN.match(text[start - 1]) and text[start - 1] not in FUNCTION_CHARS:
            continue
        for length in (4, 3, 2):
            candidate = text[start : start + length]
            if (len(candidate) == length and _is_name(candidate) and _clean_inside(text, start, length)
                    and SPEECH_AFTER.match(text, start + length)
                    and not _named_otherwise(doc, knowledge, candidate, start, start + length)):
                if not overlaps(doc, start, start + length, ("person",)):
                    found[doc.article.text[start : start + length]] = _person(doc, knowledge, candidate, start)
                break


# ---------------------------------------------------------------- the model's names

_NAME_DOTS = "·•‧・∙"
_NUMERAL_DATE = re.compile(r"[一二三四五六七八九十]+[一二三四五六七八九十月日号周年]")  # 习近平|七一, not 程鼎一
_CREDIT = re.compile(r"[/／]?(?:摄|攝|图|圖)(?:影)?(?:$|[\s)）]|\d)")
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+")


def _model_names(doc: Doc, knowledge: Knowledge, found: dict[str, Node]) -> None:
    """Names the labeller tags PER (:mod:`kg.tokens`) that the patterns missed, kept when the text supports them.

    The model finds names no title or speech verb introduces (a candidate, an athlete, a
    foreign leader), but also tags ordinary words and cuts names badly. A candidate is
    first trimmed (a speech verb, time word or title glued to its end: 程鼎一说), then kept
    if it has the shape of a name and the text supports it: a Chinese name of three or
    four characters starting with a surname; any other (a two-character name, a foreign
    name without a surname) only with a title or role right before it, a speech verb
    right after it, or a second mention in the article. A candidate the reference
    knowledge or the gazetteer knows as a place or organization is no person.
    """
    text = doc.article.simplified
    for start, end in _merged(doc, "PER"):
        end = _trim_name_end(text, start, end)
        if end - start < 2 or overlaps(doc, start, end):
            continue
        name = text[start:end]
        if not _name_shaped(name) or _known_as_other(knowledge, name) or _in_place_name(doc, knowledge, start, end):
            continue
        if _CREDIT.match(text, end) or text[max(0, start - 2) : start] == "记者" and text.startswith("摄", end):
            continue  # a photo credit or byline ("中央社记者张三摄"), not a person of the story
        surname = _could_start_name(text, start) and name[0] not in WEAK_SURNAMES
        if not ((surname and len(name) in (3, 4) and _is_name(name)) or _supported(text, start, end)):
            continue
        found[doc.article.text[start:end]] = _person(doc, knowledge, name, start)


def _model_name_at(doc: Doc, text: str, start: int, knowledge: Knowledge) -> str | None:
    """The labeller's name starting at ``start`` (after a title), if it tagged one there: its
    boundaries beat the length rules for names without a Chinese surname (秘书长古特雷斯)."""
    span = next(((s, e) for s, e in _merged(doc, "PER") if s == start), None)
    if span is None:
        return None
    end = _trim_name_end(text, *span)
    name = text[start:end]
    return name if 2 <= len(name) <= 12 and _name_shaped(name) and not _known_as_other(knowledge, name) else None


def _merged(doc: Doc, tag: str) -> list[tuple[int, int]]:
    """Spans of runs of tokens tagged ``tag`` that touch or are joined by one middle dot or hyphen
    (LAC cuts some names in two: 阿尔-莱希)."""
    text = doc.article.simplified
    spans: list[tuple[int, int]] = []
    for token in doc.tokens:
        if token.tag != tag:
            continue
        gap = text[spans[-1][1] : token.start] if spans else None
        if gap is not None and (gap == "" or len(gap) == 1 and gap in _NAME_DOTS + "-"):
            spans[-1] = (spans[-1][0], token.end)
        else:
            spans.append((token.start, token.end))
    return spans


def _trim_name_end(text: str, start: int, end: int) -> int:
    """Where a tagged name really ends: before a speech verb, time word, title or digit glued to it."""
    for pos in range(start + 1, end):
        if SPEECH_AFTER.match(text, pos) or TIME_AFTER.match(text, pos) or ZH_TITLE_RE.match(text, pos) \
                or text[pos].isdigit() or _NUMERAL_DATE.match(text, pos):
            return pos
    return end


def _name_shaped(name: str) -> bool:
    """Han characters (with a transliteration's middle dots and hyphens), or a capitalised Latin name."""
    if name.isascii():
        return bool(_LATIN_NAME.fullmatch(name))
    return all(HAN.match(c) or c in _NAME_DOTS + "-" for c in name) and HAN.match(name[0]) \
        and not (set(name) & {"的", "了", "是", "在", "和"})


def _known_as_other(knowledge: Knowledge, name: str) -> bool:
    """Whether the reference knowledge or the gazetteer knows ``name`` as a body or place, not a person."""
    if knowledge.lookup(name, "person"):
        return False
    return bool(knowledge.lookup(name, "org")) or is_place(knowledge, name)


_WORD_TAGS = {"v", "vd", "vn", "d", "a", "ad", "p", "c", "u", "r", "m", "q", "TIME", "f"}
_WORD_START_TAGS = {"n", "vn", "v", "a", "ad", "an", "d"}


def _tagged_as_word(doc: Doc, start: int, end: int) -> bool:
    """Whether the labeller reads these characters as an ordinary word (议员|关注 is a verb), or as
    starting with one of two characters or more (选手|权益为: 权益 is a noun)."""
    return any(t.start == start and (t.end == end and t.tag in _WORD_TAGS
                                     or t.end - t.start >= 2 and t.end <= end and t.tag in _WORD_START_TAGS)
               for t in doc.tokens)


def _named_otherwise(doc: Doc, knowledge: Knowledge, name: str, start: int, end: int) -> bool:
    """Whether the labeller tags these characters as (part of) a body or place (欧盟昨天宣布), or the
    reference knowledge knows them as one."""
    if any(t.tag in ("ORG", "LOC") and t.start < end and start < t.end for t in doc.tokens):
        return True
    return _known_as_other(knowledge, name)


def _in_place_name(doc: Doc, knowledge: Knowledge, start: int, end: int) -> bool:
    """Whether a place the gazetteer knows overlaps ``[start, end)`` (文锦 in 文锦渡)."""
    places = gazetteer(knowledge, "place")
    if places is None:
        return False
    text = folded_text(doc)
    return any(m.start() < end and start < m.end() for m in places.finditer(text, max(0, start - 8), end + 8))


def _supported(text: str, start: int, end: int) -> bool:
    """A title or role right before the name, a speech verb right after it, or another mention of it."""
    before = text[max(0, start - 12) : start]
    titled = any(m.end() == len(before) for m in ZH_TITLE_RE.finditer(before))
    spoke = bool(SPEECH_AFTER.match(text, end))
    repeated = text.count(text[start:end]) >= 2
    return titled or spoke or repeated


_COORDINATOR = re.compile(r"[、丶和及与]")


def _coordinated(doc, knowledge, text: str, pos: int, found: dict) -> None:
    """Names listed after a titled name ("毛孟静丶区诺轩和梁国雄") share its title's evidence of being names."""
    while pos < len(text) and _COORDINATOR.match(text, pos):
        start = pos + 1
        name = None
        for length in (3, 2):
            candidate = text[start : start + length]
            listed = start + length >= len(text) or _COORDINATOR.match(text, start + length) or text[start + length] in "，。；"
            if len(candidate) == length and _could_start_name(text, start) \
                    and (text[start] not in WEAK_SURNAMES or listed) \
                    and _is_name(candidate) and _clean_inside(text, start, length) and _boundary(text, start + length):
                name = candidate
                break
        if not name or overlaps(doc, start, start + len(name)):
            return
        found[doc.article.text[start : start + len(name)]] = _person(doc, knowledge, name, start)
        pos = start + len(name)


_NOT_HONORIFIC = {"高官", "史官", "判官", "文官", "武官", "车官", "司官"}  # ordinary words, not 高 + 官
_HONORIFIC = re.compile(r"(先生|小姐|女士|太太|伯伯|婆婆|官)(?![\u4e00-\u9fff]{0,0}[员们方])")


def _honorifics(doc: Doc) -> None:
    """Surname + honorific (陈小姐, 陈官): the one full name with that surname in the article, else its own person.

    An honorific form names a person only within its article, so two 陈小姐 in two articles stay apart.
    """
    text = doc.article.simplified
    for match in _HONORIFIC.finditer(text):
        start = match.start() - 1
        if start < 0 or text[start] not in SURNAMES or text[start] in WEAK_SURNAMES:
            continue
        if text[start:match.end()] in _NOT_HONORIFIC:
            continue
        if overlaps(doc, start, match.end()):
            continue
        full = {e.node for e in doc.entities if e.node.kind == "person" and e.node.key.startswith(text[start])
                and not e.node.scope}
        form = doc.article.text[start:match.end()]
        node = next(iter(full)) if len(full) == 1 else Node("person", to_simplified(form), scope=doc.article.id)
        add_entity(doc, node, start, match.end(), form)


def _could_start_name(text: str, start: int) -> bool:
    return text[start] in SURNAMES or text.startswith(COMPOUND_SURNAMES, start)


def _is_name(candidate: str) -> bool:
    if not all(HAN.match(c) for c in candidate):
        return False
    if candidate[:2] in COMPOUND_SURNAMES:
        return len(candidate) in (3, 4)
    if len(candidate) == 4:  # Hong Kong married form: two surnames and a given name (林郑月娥)
        return candidate[0] in SURNAMES and candidate[1] in MARRIED_SURNAMES and not (set(candidate[2:]) & FUNCTION_CHARS)
    return candidate[0] in SURNAMES and not (set(candidate[1:]) & FUNCTION_CHARS)


def _clean_inside(text: str, start: int, length: int) -> bool:
    """No time word, speech verb or title starts inside the candidate ("林郑昨天", "周四较")."""
    for pos in range(start + 1, start + length):
        if SPEECH_AFTER.match(text, pos) or TIME_AFTER.match(text, pos) or ZH_TITLE_RE.match(text, pos):
            return False
    return not TIME_AFTER.match(text, start)


def _name_at(text: str, start: int, knowledge: Knowledge, guess: bool = True) -> str | None:
    """The name that starts right after a title, or None; without ``guess``, only a known name or
    one followed by a clear word boundary (the model's boundaries beat a guess)."""
    if start >= len(text) or text[start] in _NOT_NAME_START:
        return None
    for length in (4, 3, 2):  # a known full name or short form first
        candidate = text[start : start + length]
        entry = knowledge.lookup(candidate, "person")
        if entry and len(candidate) == length and all(HAN.match(c) for c in candidate):
            return candidate
    if not _could_start_name(text, start):
        return None
    for length in (4, 3, 2):  # the longest name followed by a clear word boundary
        candidate = text[start : start + length]
        if len(candidate) == length and _is_name(candidate) and _clean_inside(text, start, length) \
                and _boundary(text, start + length):
            return candidate
    if text[start] in WEAK_SURNAMES or not guess:
        return None
    for length in (3, 2):  # else the usual length, if it does not swallow a function word
        candidate = text[start : start + length]
        if len(candidate) == length and _is_name(candidate) and _clean_inside(text, start, length):
            return candidate
    return None


def _boundary(text: str, pos: int) -> bool:
    if pos < len(text) and text[pos] in "员们士":
        return False  # 官员, 人们, 人士: the name would be the start of a word
    return pos >= len(text) or text[pos] in STOP_CHARS or text[pos] in FUNCTION_CHARS or not HAN.match(text[pos]) \
        or bool(SPEECH_AFTER.match(text, pos)) or bool(TIME_AFTER.match(text, pos))


# ---------------------------------------------------------------- English

def _english(doc, knowledge, found, titled) -> None:
    text = doc.article.text
    for match in _EN_TITLE_NAME.finditer(text):
        name = _trim_en_name(match.group("name"), knowledge)
        if not name:
            continue
        start = match.start("name") + match.group("name").index(name)  # "Lord Robert Mair" -> "Robert Mair"
        person = _person(doc, knowledge, name, start)
        found[name] = person
        if not text[max(0, match.start() - 7):match.start()].lower().endswith(("former ", "ex-")):
            titled.append((person, match.group("title"), Mention(match.start("title"), match.end("title")),
                           Mention(start, start + len(name))))
    for match in _EN_NAME_SPEECH.finditer(text):
        name = _trim_en_name(match.group("name"), knowledge)
        if name and name == match.group("name") and not overlaps(doc, match.start(), match.end("name"), ("person",)):
            found[name] = _person(doc, knowledge, name, match.start("name"))
    short: list[tuple[str, int]] = []
    for match in _EN_HONORIFIC_NAME.finditer(text):
        start = match.start("name")
        name = _trim_en_name(match.group("name"), knowledge)
        if name and match.group("name").endswith(name):
            start = match.end("name") - len(name)
            if not overlaps(doc, start, start + len(name), ("person",)):
                found[name] = _person(doc, knowledge, name, start)
        elif " " not in match.group("name"):
            short.append((match.group("name"), start))
    for surname, start in short:  # "Mr Zhang" after "Mr Zhang Dejiang": the one full name it can stand for
        fulls = {node for form, node in found.items() if surname in form.split(" ") and form != surname}
        if len(fulls) == 1 and not overlaps(doc, start, start + len(surname), ("person",)):
            add_entity(doc, next(iter(fulls)), start, start + len(surname), text[start : start + len(surname)])


def _trim_en_name(name: str, knowledge: Knowledge) -> str | None:
    """The name in a capitalised run ("The Chief Executive Carrie Lam" -> None, "Carrie Lam" kept), or None
    when it holds a word that is never a name or a place the gazetteer knows ("Shenzhen Bay")."""
    tokens = name.split(" ")
    while tokens and tokens[0] in EN_NOT_NAME:
        tokens.pop(0)
    if not tokens or any(t in EN_NOT_NAME for t in tokens) or len(tokens) > 4:
        return None
    places = gazetteer(knowledge, "place")
    if places is not None and places.search(fold(" ".join(tokens))):
        return None
    if len(tokens) == 1 and "-" not in tokens[0]:
        return None  # a lone capitalised word is too often not a name
    return " ".join(tokens)


# ---------------------------------------------------------------- shared

def _person(doc: Doc, knowledge: Knowledge, surface_simplified: str, start: int) -> Node:
    """Resolve a name to a person node and record the mention."""
    original = doc.article.text[start : start + len(surface_simplified)]
    entry = knowledge.lookup(original, "person")
    key = entry.key if entry else _own_key(doc, original)
    node = Node("person", key)
    add_entity(doc, node, start, start + len(original), original)
    return node


def _own_key(doc: Doc, name: str) -> str:
    """Key of a person the reference knowledge does not know: the Simplified full name.

    A short form (林郑) takes the key of the full name it abbreviates in the same article.
    """
    if name.isascii():
        return name
    simplified = to_simplified(name)
    for em in doc.entities:
        if em.node.kind == "person" and em.node.key != simplified and em.node.key.startswith(simplified):
            return em.node.key
    return simplified


def _repeat_mentions(doc: Doc, found: dict[str, Node]) -> None:
    """Every other occurrence of a found name (and of a 4-character name's 2-character short form)."""
    text = doc.article.text
    forms: dict[str, Node] = dict(found)
    for surface, node in found.items():
        if not surface.isascii() and len(surface) == 4 and surface[:2] not in COMPOUND_SURNAMES:
            forms.setdefault(surface[:2], node)
    for surface in sorted(forms, key=lambda s: (-len(s), s)):
        for match in re.finditer(re.escape(surface), text):
            start, end = match.start(), match.end()
            if overlaps(doc, start, end, ("person",)):
                continue
            if len(surface) == 2 and not _boundary(doc.article.simplified, end):
                continue  # "林郑冀" is not a name
            add_entity(doc, forms[surface], start, end, surface)


def _emit(doc: Doc, knowledge: Knowledge, titled) -> None:
    emit_entities(doc, knowledge, "person", lambda node: (KG.Person,), NAME)
    for person, title, title_mention, name_mention in titled:
        _emit_position(doc, knowledge, person, title, title_mention, name_mention)


def _emit_position(doc: Doc, knowledge: Knowledge, person: Node, title: str, title_mention: Mention,
                   name_mention: Mention) -> None:
    role_entry, surface = None, title
    for cut in range(len(title)):  # "中国全国人大常委" -> "全国人大常委"
        role_entry = knowledge.lookup(title[cut:], "role")
        if role_entry:
            surface = title[cut:]
            break
    role = Node("role", role_entry.key if role_entry else (fold(title) if not title.isascii() else title))
    evidence = [title_mention, name_mention]
    doc.add(role, RDF.type, KG.Role, evidence, NAME)
    pref = role_entry.pref_label if role_entry else fold(title) if not title.isascii() else title
    doc.add(role, SKOS.prefLabel, Literal(pref, lang="en" if pref.isascii() else "zh-Hans"), evidence, NAME)
    original = doc.article.text[title_mention.start + (len(title) - len(surface)) : title_mention.end]
    doc.add(role, RDFS.label, Literal(original, lang=label_lang(original, doc.article.script)), evidence, NAME)
    org_key = role_entry.post_in if role_entry else next(  # else the organization the title implies (立法会议员)
        (TITLES.implies[fold(title[cut:])] for cut in range(len(title)) if fold(title[cut:]) in TITLES.implies), None)
    position = Node("position", f"{person.key}|{role.key}")
    doc.add(position, RDF.type, KG.Position, evidence, NAME)
    doc.add(position, ORG.member, person, evidence, NAME)
    doc.add(position, ORG.role, role, evidence, NAME)
    if org_key:
        org = Node("org", org_key)
        org_entry = knowledge.get("org", org_key)
        if org_entry:  # the post names its organization: give the node its type and name here too
            doc.add(org, RDF.type, getattr(KG, org_entry.cls), evidence, NAME)
            doc.add(org, RDF.type, KG.Organization, evidence, NAME)
            doc.add(org, SKOS.prefLabel, Literal(org_entry.pref_label, lang="zh-Hans"), evidence, NAME)
        doc.add(role, ORG.postIn, org, evidence, NAME)
        doc.add(position, ORG.organization, org, evidence, NAME)
    if doc.article.published:
        doc.add(position, KG.reportedOn, Literal(doc.article.published.date().isoformat(), datatype=XSD.date),
                evidence, NAME)
