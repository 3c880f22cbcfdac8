"""The only module that mints triples: facts (with their evidence) become quads.

For every fact it writes, into the article's named graph, the statement itself
and a ``kg:Fact`` node describing it (rdf:subject/predicate/object), derived
from the article (``prov:wasDerivedFrom``), made by the extractor
(``prov:wasAttributedTo``) and supported by ``kg:Mention`` nodes that carry the
exact text, the sentence and the character offsets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal, URIRef

from .article import Article
from .model import Doc, Mention, Node
from .vocab import DCTERMS, ID, KG, PREFIXES, PROV, RDF, RDFS, SDO, XSD

__all__ = ["node_iri", "article_iri", "graph_iri", "doc_quads", "to_ox", "sort_quads", "render", "Rendered",
           "prefix_header"]

_UNSAFE = set(' <>"{}|\\^`#?/%')


def _iri_part(key: str) -> str:
    """Percent-encode only what an IRI cannot hold, so Chinese names stay readable."""
    out = []
    for char in key:
        if char in _UNSAFE or ord(char) < 0x21:
            out.append("".join(f"%{b:02X}" for b in char.encode("utf-8")))
        else:
            out.append(char)
    return "".join(out)


def node_iri(node: Node) -> str:
    scope = f"{node.scope}_" if node.scope else ""
    return f"{ID}{node.kind}/{scope}{_iri_part(node.key)}"


def article_iri(article: Article) -> str:
    return f"{ID}article/{article.id}"


def graph_iri(article: Article) -> str:
    return f"{ID}graph/{article.id}"


def to_ox(term) -> ox.NamedNode | ox.Literal:
    """An rdflib term or a Node as a pyoxigraph term."""
    if isinstance(term, Node):
        return ox.NamedNode(node_iri(term))
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and term.datatype != XSD.string:
            return ox.Literal(_lexical(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot put {term!r} into the graph")


def _lexical(term: Literal) -> str:
    # rdflib normalises 1000.0 to "1000.0"; keep decimals canonical ("1000.0" -> "1000")
    if term.datatype == XSD.decimal:
        value = term.toPython()
        return format(value, "f").rstrip("0").rstrip(".") if "." in format(value, "f") else format(value, "f")
    if term.datatype == XSD.boolean:
        return "true" if term.toPython() else "false"
    return str(term)


class _P:
    """The predicates and classes the provenance model writes, as pyoxigraph terms (made once)."""

    type = ox.NamedNode(str(RDF.type))
    subject, predicate, object = (ox.NamedNode(str(t)) for t in (RDF.subject, RDF.predicate, RDF.object))
    fact, mention, extractor = (ox.NamedNode(str(t)) for t in (KG.Fact, KG.Mention, KG.Extractor))
    derived, attributed, agent = (ox.NamedNode(str(t)) for t in (PROV.wasDerivedFrom, PROV.wasAttributedTo,
                                                                  PROV.SoftwareAgent))
    evidence, article, start, end, text, sentence = (
        ox.NamedNode(str(t)) for t in (KG.evidence, KG.article, KG.start, KG.end, KG.text, KG.sentence))
    label, version = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(KG.extractorVersion))
    integer = ox.NamedNode(str(XSD.integer))


def doc_quads(doc: Doc, renamed: dict[str, str] | None = None) -> Iterator[ox.Quad]:
    """Every quad for one article: its metadata, its facts and their provenance.

    ``renamed`` maps node IRIs to the IRIs to write instead: corpus resolution decided
    elsewhere (see :func:`kg.remote.push`); the same as renaming the nodes in the facts.
    """
    article = doc.article
    graph = ox.NamedNode(graph_iri(article))
    art = ox.NamedNode(article_iri(article))
    terms: dict = {}

    def term(value):
        found = terms.get(value)
        if found is None:
            found = terms[value] = to_ox(value)
        return found

    def quad(s, p, o):
        return ox.Quad(s, p if isinstance(p, ox.NamedNode) else term(p),
                       o if isinstance(o, (ox.NamedNode, ox.Literal)) else to_ox(o), graph)

    yield quad(art, _P.type, KG.Article)
    yield quad(art, _P.type, SDO.NewsArticle)
    yield quad(art, KG.fileName, Literal(article.file))
    yield quad(art, KG.script, Literal(article.script))
    if article.title:
        yield quad(art, DCTERMS.title, Literal(article.title, lang=article.script))
    if article.url:
        yield quad(art, SDO.url, Literal(article.url, datatype=XSD.anyURI))
    if article.published:
        yield quad(art, DCTERMS.issued, Literal(article.published.isoformat(), datatype=XSD.dateTime))
    if article.outlet:
        yield quad(art, DCTERMS.publisher, Literal(article.outlet))

    mentions: dict[Mention, ox.NamedNode] = {}
    extractors: dict[str, ox.NamedNode] = {}
    fact_prefix = f"{ID}fact/{article.id}_"
    for fact in doc.facts:
        s, p, o = term(fact.subject), term(fact.predicate), term(fact.object)
        if renamed:
            s = ox.NamedNode(renamed[s.value]) if s.value in renamed else s
            o = ox.NamedNode(renamed[o.value]) if isinstance(o, ox.NamedNode) and o.value in renamed else o
        yield ox.Quad(s, p, o, graph)
        fact_node = ox.NamedNode(fact_prefix + _fact_hash(s, p, o, fact.extractor))
        if fact.extractor not in extractors:
            extractors[fact.extractor] = ox.NamedNode(f"{ID}extractor/{fact.extractor}")
        yield ox.Quad(fact_node, _P.type, _P.fact, graph)
        yield ox.Quad(fact_node, _P.subject, s, graph)
        yield ox.Quad(fact_node, _P.predicate, p, graph)
        yield ox.Quad(fact_node, _P.object, o, graph)
        yield ox.Quad(fact_node, _P.derived, art, graph)
        yield ox.Quad(fact_node, _P.attributed, extractors[fact.extractor], graph)
        for mention in fact.mentions:
            if mention not in mentions:
                mentions[mention] = ox.NamedNode(f"{ID}mention/{article.id}_{mention.start}-{mention.end}")
            yield ox.Quad(fact_node, _P.evidence, mentions[mention], graph)
    sentences: dict = {}
    for mention, node in mentions.items():
        sentence = article.sentence_at(mention.start)
        if sentence not in sentences:
            sentences[sentence] = ox.Literal(article.span_text(sentence))
        yield ox.Quad(node, _P.type, _P.mention, graph)
        yield ox.Quad(node, _P.article, art, graph)
        yield ox.Quad(node, _P.start, ox.Literal(str(mention.start), datatype=_P.integer), graph)
        yield ox.Quad(node, _P.end, ox.Literal(str(mention.end), datatype=_P.integer), graph)
        yield ox.Quad(node, _P.text, ox.Literal(article.text[mention.start : mention.end]), graph)
        yield ox.Quad(node, _P.sentence, sentences[sentence], graph)
    for name, node in extractors.items():
        yield ox.Quad(node, _P.type, _P.agent, graph)
        yield ox.Quad(node, _P.type, _P.extractor, graph)
        yield ox.Quad(node, _P.label, ox.Literal(name), graph)
        yield ox.Quad(node, _P.version, ox.Literal(name.rsplit(".", 1)[-1]), graph)


def _fact_hash(s, p, o, extractor: str) -> str:
    return hashlib.sha1(f"{s}\t{p}\t{o}\t{extractor}".encode("utf-8")).hexdigest()[:16]


def sort_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads without duplicates in a fixed order: by their N-Quads text, so each subject's quads are together."""
    return sorted(set(quads), key=str)


@dataclass(frozen=True, slots=True)
class Rendered:
    """One article's graph, serialised: the unit a build caches, writes and loads.

    ``trig`` is the article's named graph as a TriG block and ``turtle`` the same
    triples as Turtle, both without the ``@prefix`` lines (see :func:`prefix_header`),
    so the corpus files are the header followed by the articles' blocks in order.
    """

    graph: str
    trig: bytes
    turtle: bytes
    quads: int
    entities: tuple[tuple[str, str], ...]  # (class local name, IRI) of the things it types


_ENTITY_SKIP = {"Fact", "Mention", "Extractor", "Article"}


@lru_cache(maxsize=1)
def prefix_header() -> bytes:
    """The ``@prefix`` lines the serialiser writes for the project's prefixes (the same in TriG and Turtle)."""
    probe = ox.Triple(ox.NamedNode("urn:kg:probe"), ox.NamedNode("urn:kg:probe"), ox.Literal("probe"))
    text = ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return text[: text.index(b"<urn:kg:probe>")]


def render(doc: Doc, renamed: dict[str, str] | None = None) -> Rendered:
    """Serialise one article's quads (sorted, so the bytes depend only on the facts)."""
    quads = sort_quads(doc_quads(doc, renamed))
    header = prefix_header()
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    for block in (trig, turtle):
        if block and not block.startswith(header):
            raise AssertionError("the serialiser wrote prefixes other than the project's")
    rdf_type, kg = to_ox(RDF.type), str(KG)
    entities = sorted({(q.object.value[len(kg):], q.subject.value) for q in quads
                       if q.predicate == rdf_type and q.object.value.startswith(kg)
                       and q.object.value[len(kg):] not in _ENTITY_SKIP})
    return Rendered(graph_iri(doc.article), trig[len(header):], turtle[len(header):], len(quads), tuple(entities))

