"""Text utilities shared by the reader and the extractors.

Chinese matching is done on a Simplified copy of the text that has exactly the
same length as the original, so every offset found in the copy is an offset in
the article (Traditional-only characters convert one-to-one).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

__all__ = ["to_simplified", "to_traditional", "detect_script", "split_sentences", "normalise_space", "fold"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("hk2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2hk")


def to_simplified(text: str) -> str:
    """Return ``text`` in Simplified characters, with the same length.

    OpenCC converts phrases; where a phrase conversion would change the length
    the text is converted character by character instead, so offsets hold.
    """
    if not text:
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    out = []
    for char in text:
        single = _t2s().convert(char)
        out.append(single if len(single) == 1 else char)
    return "".join(out)


def to_traditional(text: str) -> str:
    """Return ``text`` in Traditional (Hong Kong) characters."""
    return _s2t().convert(text) if text else text


def detect_script(text: str) -> str:
    """Guess the script of ``text``: ``zh-Hans``, ``zh-Hant`` or ``en``.

    Han text is Traditional when more of its characters change under
    Traditional->Simplified conversion than under the reverse.
    """
    han = _HAN.findall(text)
    if len(han) < max(5, len(text) // 20):
        return "en"
    sample = "".join(han[:4000])
    traditional_only = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    simplified_converted = to_traditional(sample)
    simplified_only = sum(a != b for a, b in zip(sample, simplified_converted)) if len(
        simplified_converted
    ) == len(sample) else 0
    return "zh-Hant" if traditional_only > simplified_only else "zh-Hans"


def normalise_space(text: str) -> str:
    """Collapse runs of white space (including full-width and no-break) to one space."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\s\u3000\u00a0\u200b]+", " ", text).strip()


# A sentence ends at a Chinese or Western terminator, together with any closing
# quotes or brackets that follow it. Western full stops end a sentence only when
# followed by white space (so 3.5 and U.S. stay whole).
_SENTENCE_END = re.compile(
    r"[。！？!?]+[”’」』）)\"']*"
    r"|(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bMrs)\.[”’\"')]*(?=\s)"
)


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Split one paragraph into sentences; return (start, end) offsets into it.

    Leading and trailing spaces are excluded from each span.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        _append_trimmed(paragraph, start, end, spans)
        start = end
    _append_trimmed(paragraph, start, len(paragraph), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def fold(label: str) -> str:
    """The lookup form of a name: Simplified, lower case, single spaces, no dots."""
    return re.sub(r"\s+", " ", to_simplified(label).casefold().replace("’", "'").replace(".", "")).strip()
