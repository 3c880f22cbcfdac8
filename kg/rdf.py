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


def doc_quads(doc: Doc) -> Iterator[ox.Quad]:
    """Every quad for one article: its metadata, its facts and their provenance."""
    article = doc.article
    graph = ox.NamedNode(graph_iri(article))
    art = ox.NamedNode(article_iri(article))

    def quad(s, p, o):
        return ox.Quad(s, to_ox(p) if not isinstance(p, ox.NamedNode) else p, o if isinstance(o, (ox.NamedNode, ox.Literal)) else to_ox(o), graph)

    yield quad(art, RDF.type, KG.Article)
    yield quad(art, RDF.type, SDO.NewsArticle)
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
    extractors: set[str] = set()
    for fact in doc.facts:
        s, p, o = to_ox(fact.subject), to_ox(fact.predicate), to_ox(fact.object)
        yield ox.Quad(s, p, o, graph)
        fact_node = ox.NamedNode(f"{ID}fact/{article.id}_{_fact_hash(s, p, o, fact.extractor)}")
        yield ox.Quad(fact_node, to_ox(RDF.type), to_ox(KG.Fact), graph)
        yield ox.Quad(fact_node, to_ox(RDF.subject), s, graph)
        yield ox.Quad(fact_node, to_ox(RDF.predicate), p, graph)
        yield ox.Quad(fact_node, to_ox(RDF.object), o, graph)
        yield ox.Quad(fact_node, to_ox(PROV.wasDerivedFrom), art, graph)
        yield ox.Quad(fact_node, to_ox(PROV.wasAttributedTo), ox.NamedNode(f"{ID}extractor/{fact.extractor}"), graph)
        extractors.add(fact.extractor)
        for mention in fact.mentions:
            if mention not in mentions:
                mentions[mention] = ox.NamedNode(f"{ID}mention/{article.id}_{mention.start}-{mention.end}")
            yield ox.Quad(fact_node, to_ox(KG.evidence), mentions[mention], graph)
    for mention, node in mentions.items():
        sentence = article.sentence_at(mention.start)
        yield quad(node, RDF.type, KG.Mention)
        yield quad(node, KG.article, art)
        yield quad(node, KG.start, Literal(mention.start, datatype=XSD.integer))
        yield quad(node, KG.end, Literal(mention.end, datatype=XSD.integer))
        yield quad(node, KG.text, Literal(article.text[mention.start : mention.end]))
        yield quad(node, KG.sentence, Literal(article.span_text(sentence)))
    for name in extractors:
        node = ox.NamedNode(f"{ID}extractor/{name}")
        yield quad(node, RDF.type, PROV.SoftwareAgent)
        yield quad(node, RDF.type, KG.Extractor)
        yield quad(node, RDFS.label, Literal(name))
        yield quad(node, KG.extractorVersion, Literal(name.rsplit(".", 1)[-1]))


def _fact_hash(s, p, o, extractor: str) -> str:
    return hashlib.sha1(f"{s}\t{p}\t{o}\t{extractor}".encode("utf-8")).hexdigest()[:16]


def sort_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads in a fixed order (graph, subject, predicate, object), without duplicates."""
    unique = {(str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)): q for q in quads}
    return [unique[k] for k in sorted(unique)]


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


def render(doc: Doc) -> Rendered:
    """Serialise one article's quads (sorted, so the bytes depend only on the facts)."""
    quads = sort_quads(doc_quads(doc))
    header = prefix_header()
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_triple_key)
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    for block in (trig, turtle):
        if block and not block.startswith(header):
            raise AssertionError("the serialiser wrote prefixes other than the project's")
    rdf_type, kg = to_ox(RDF.type), str(KG)
    entities = sorted({(q.object.value[len(kg):], q.subject.value) for q in quads
                       if q.predicate == rdf_type and q.object.value.startswith(kg)
                       and q.object.value[len(kg):] not in _ENTITY_SKIP})
    return Rendered(graph_iri(doc.article), trig[len(header):], turtle[len(header):], len(quads), tuple(entities))


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return str(triple.subject), str(triple.predicate), str(triple.object)
