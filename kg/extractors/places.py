"""places.v1: places named in the reference knowledge, and places of meetings (在X举行).

Places matter as where meetings happen and as the scope of conditions; a place
not in the reference knowledge is still found after 在…举行/召开 or "in X".
"""

from __future__ import annotations

import re


from ..knowledge import Knowledge, fold
from ..model import Doc, Node
from ..vocab import KG
from . import extractor
from .patterns import add_entity, emit_entities, folded_text, gazetteer, overlaps

NAME = "places.v1"
_NOT_PLACE = re.compile(r"[日天月年时前后间期内中上下]$|^[今昨明本该此这同]|会上|期间")
_VENUE = re.compile(r"在([\u4e00-\u9fff]{2,4}?)(?:举行|召开|会面|会晤|进行)")


@extractor(NAME, adds=("place",))
def extract_places(doc: Doc, knowledge: Knowledge) -> None:
    pattern = gazetteer(knowledge, "place")
    if pattern is not None:
        for match in pattern.finditer(folded_text(doc)):
            if not overlaps(doc, match.start(), match.end()):
                _add(doc, knowledge, match.start(), match.end())
    for match in _VENUE.finditer(doc.article.simplified):
        start, end = match.span(1)
        if _NOT_PLACE.search(match.group(1)):
            continue  # "在昨日举行", "在圣诞日前召开": a time, not a place
        if not overlaps(doc, start, end):
            _add(doc, knowledge, start, end)
    emit_entities(doc, knowledge, "place", lambda node: (KG.Place,), NAME)


def _add(doc: Doc, knowledge: Knowledge, start: int, end: int) -> None:
    original = doc.article.text[start:end]
    entry = knowledge.lookup(original, "place")
    add_entity(doc, Node("place", entry.key if entry else fold(original)), start, end, original)
