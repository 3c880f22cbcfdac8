"""sources.v1: anonymous and unnamed sources (消息人士, 一位大陆官员, officials).

Such a source is real to the article that cites it but cannot be identified
across articles, so its node is scoped to the article.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from ..knowledge import Knowledge
from ..model import Doc, Node
from ..vocab import KG
from . import extractor
from .patterns import add_entity, overlaps

NAME = "sources.v1"
_ZH_SOURCE = re.compile(
    r"(?:一位|一名|另一?个|另有|这名|该名|有)?(?:不愿具名的|驻香港的|知情的)?"
    r"(?:中国大陆|大陆|内地|港府|政府|卫生|中方|港方)*(?:卫生)?(消息人士|知情人士|官员|消息)"
    r"(?=说|称|表示|透露|指|证实|的消息|报道|认为)"
)
_EN_SOURCE = re.compile(r"\b(?:an? |the )?(?:unnamed |anonymous )?(?:mainland |Hong Kong )?(sources?|officials?)\b(?= (?:said|say|told))")


@extractor(NAME, adds=("source",))
def extract_sources(doc: Doc, knowledge: Knowledge) -> None:
    text = doc.article.simplified if doc.article.script != "en" else doc.article.text
    regex = _ZH_SOURCE if doc.article.script != "en" else _EN_SOURCE
    for match in regex.finditer(text):
        start, end = match.span()
        if overlaps(doc, match.start(1), match.end(1), ("person", "org")):
            continue
        kind = "官员" if match.group(1) in ("官员", "official", "officials") else "消息人士"
        node = Node("source", kind, scope=doc.article.id)
        add_entity(doc, node, start, end, doc.article.text[start:end])
        doc.add(node, RDF.type, KG.AnonymousSource, [doc.entities[-1].mention], NAME)
        doc.add(node, RDFS.label, Literal(doc.article.text[start:end], lang=doc.article.script), [doc.entities[-1].mention], NAME)
