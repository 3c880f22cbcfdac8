"""sources.v1: anonymous and unnamed sources (消息人士, 一位大陆官员, officials).

Such a source is real to the article that cites it but cannot be identified
across articles, so its node is scoped to the article.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from ..knowledge import Knowledge
from ..model import Doc, Node
from ..vocab import KG
from . import extractor
from .patterns import add_entity, overlaps

NAME = "sources.v1"
_ZH_SOURCE = re.compile(
    r"(?:一位|一名|另一?个|另有|这名|该名|有)?(?:不愿具名的|驻[\u4e00-\u9fff]{1,6}?的|知情的)?"
    r"(?:中国大陆|大陆|内地|港府|政府|卫生|中方|港方)*(?:卫生)?(消息人士|知情人士|官员|消息)"
    r"(?=说|称|表示|透露|指|证实|的消息|报道|认为)"
)
_EN_SOURCE = re.compile(r"\b(?:an? |the )?(?:unnamed |anonymous )?(?:mainland |Hong Kong )?(sources?|officials?)\b(?= (?:said|say|told))")


_DETERMINERS = re.compile(r"^(?:一位|一名|另一?个|另有|这名|该名|有)?(?:不愿具名的|驻[\u4e00-\u9fff]{1,6}?的|知情的)?")


@extractor(NAME, adds=("source",))
def extract_sources(doc: Doc, knowledge: Knowledge) -> None:
    text = doc.article.simplified if doc.article.script != "en" else doc.article.text
    regex = _ZH_SOURCE if doc.article.script != "en" else _EN_SOURCE
    found: dict[Node, list] = {}
    for match in regex.finditer(text):
        start, end = match.span()
        if overlaps(doc, match.start(1), match.end(1), ("person", "org")) or overlaps(doc, start, end, ("source",)):
            continue
        if match.group(1) == "消息" and text[start - 1 : start] == "的":
            continue  # "官员的消息称": the official is the source, found already
        word = match.group(1)
        kind = "官员" if word in ("官员", "official", "officials") else "消息人士"
        node = Node("source", kind, scope=doc.article.id)
        em = add_entity(doc, node, start, end, doc.article.text[start:end])
        found.setdefault(node, []).append(em)
    for node, mentions in sorted(found.items()):
        evidence = [m.mention for m in mentions]
        # the most specific description, without determiners: 一位驻香港的中国大陆官员 -> 中国大陆官员
        descriptions = {_DETERMINERS.sub("", m.label) or m.label for m in mentions}
        pref = sorted(descriptions, key=lambda d: (-len(d), d))[0]
        doc.add(node, RDF.type, KG.AnonymousSource, evidence, NAME)
        doc.add(node, SKOS.prefLabel, Literal(pref, lang=doc.article.script), evidence, NAME)
        for label in sorted({m.label for m in mentions}):
            doc.add(node, RDFS.label, Literal(label, lang=doc.article.script),
                    [m.mention for m in mentions if m.label == label], NAME)
