"""The only module that mints triples: each fact with its provenance, readable IRIs, canonical literals."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from kg.model import Doc, Mention, Node
from kg.rdf import _iri_part, doc_quads, node_iri, render, sort_quads, to_ox
from kg.vocab import ID, KG, RDF

XSD_NS = "http://www.w3.org/2001/XMLSchema#"  # (not the namespace object: pytest inspects module names)

from conftest import make_article

PERSON = Node("person", "林郑月娥")


def a_doc() -> Doc:
    article = make_article("林郑月娥昨天表示，通关有序推进。", title="通关", file="a/b.md")
    article = article.__class__(**{**article.__dict__, "url": "https://example.org/a", "outlet": "RTHK"})
    doc = Doc(article)
    doc.add(PERSON, RDF.type, KG.Person, [Mention(0, 4)], "people.v2")
    doc.add(PERSON, KG.date, Literal("2021"), [Mention(0, 4), Mention(4, 6)], "claims.v1")
    return doc


def quads_of(doc, renamed=None) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in doc_quads(doc, renamed)}


@pytest.mark.parametrize("key, part", [
    ("林郑月娥", "林郑月娥"), ("a b", "a%20b"), ('a<b>"c', "a%3Cb%3E%22c"), ("x/y?z#w", "x%2Fy%3Fz%23w"),
    ("100%", "100%25"), ("a\tb", "a%09b"), ("{|}^`\\", "%7B%7C%7D%5E%60%5C"), ("!", "!"),
])
def test_rdf_iris_keep_chinese_readable_and_encode_only_what_an_iri_cannot_hold(key, part):
    assert _iri_part(key) == part
    assert node_iri(Node("person", key)) == f"{ID}person/{part}"


def test_rdf_a_node_scoped_to_an_article_carries_its_scope():
    assert node_iri(Node("claim", "s1", scope="abc")) == f"{ID}claim/abc_s1"


@pytest.mark.parametrize("term, expected", [
    (Literal("谭耀宗", lang="zh-Hans"), '"谭耀宗"@zh-hans'),  # Oxigraph writes language tags in lower case
    (Literal("x", datatype=URIRef(XSD_NS + "string")), '"x"'),
    (Literal("x"), '"x"'),
    (Literal(Decimal("1000.0"), datatype=URIRef(XSD_NS + "decimal")), '"1000"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    (Literal(Decimal("5.10"), datatype=URIRef(XSD_NS + "decimal")), '"5.1"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    (Literal(Decimal("0.5"), datatype=URIRef(XSD_NS + "decimal")), '"0.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    (Literal(True), '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
    (Literal(False), '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
    (Literal("2021-11", datatype=URIRef(XSD_NS + "gYearMonth")), '"2021-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'),
    (URIRef("https://example.org/x"), "<https://example.org/x>"),
    (PERSON, f"<{ID}person/林郑月娥>"),
])
def test_rdf_terms_become_oxigraph_terms_with_canonical_literals(term, expected):
    assert str(to_ox(term)) == expected


def test_rdf_refuses_a_term_it_cannot_put_into_the_graph():
    with pytest.raises(TypeError, match="cannot put 3 into the graph"):
        to_ox(3)


def test_rdf_every_fact_comes_with_its_statement_article_extractor_and_mentions():
    doc = a_doc()
    quads = quads_of(doc)
    graph = {str(q.graph_name) for q in doc_quads(doc)}
    assert graph == {f"<{ID}graph/{doc.article.id}>"}
    person, art = f"<{ID}person/林郑月娥>", f"<{ID}article/{doc.article.id}>"
    assert (person, f"<{RDF.type}>", f"<{KG.Person}>") in quads
    facts = {s for s, p, o in quads if p == f"<{RDF.type}>" and o == f"<{KG.Fact}>"}
    assert len(facts) == 2 and all(re.fullmatch(f"<{ID}fact/{doc.article.id}_[0-9a-f]{{16}}>", f) for f in facts)
    for fact in facts:
        about = {p: o for s, p, o in quads if s == fact and p != f"<{KG.evidence}>"}
        assert about[f"<{RDF.subject}>"] == person
        assert about["<http://www.w3.org/ns/prov#wasDerivedFrom>"] == art
    # the claims fact has two mentions, each with its offsets, text and sentence
    mention = f"<{ID}mention/{doc.article.id}_4-6>"
    assert (mention, f"<{KG.start}>", '"4"^^<http://www.w3.org/2001/XMLSchema#integer>') in quads
    assert (mention, f"<{KG.end}>", '"6"^^<http://www.w3.org/2001/XMLSchema#integer>') in quads
    assert (mention, f"<{KG.text}>", '"昨天"') in quads
    assert (mention, f"<{KG.sentence}>", '"林郑月娥昨天表示，通关有序推进。"') in quads
    assert (mention, f"<{KG.article}>", art) in quads
    extractor = f"<{ID}extractor/claims.v1>"
    assert (extractor, f"<{KG.extractorVersion}>", '"v1"') in quads
    assert (extractor, "<http://www.w3.org/2000/01/rdf-schema#label>", '"claims.v1"') in quads
    assert len([q for q in quads if q[1] == f"<{KG.evidence}>"]) == 3


def test_rdf_the_article_is_described_by_its_file_title_url_date_and_outlet():
    doc = a_doc()
    art = f"<{ID}article/{doc.article.id}>"
    described = {(p, o) for s, p, o in quads_of(doc) if s == art}
    assert described >= {
        (f"<{KG.fileName}>", '"a/b.md"'), (f"<{KG.script}>", '"zh-Hans"'),
        ("<http://purl.org/dc/terms/title>", '"通关"@zh-hans'),
        ("<https://schema.org/url>", '"https://example.org/a"^^<http://www.w3.org/2001/XMLSchema#anyURI>'),
        ("<http://purl.org/dc/terms/issued>", '"2021-11-24T09:00:00+08:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>'),
        ("<http://purl.org/dc/terms/publisher>", '"RTHK"'),
    }


def test_rdf_renamed_nodes_are_written_under_their_new_iri_as_subject_and_object():
    doc = a_doc()
    other = Node("person", "李家超")
    doc.add(other, KG.about, PERSON, [Mention(0, 4)], "claims.v1")
    new = f"{ID}person/carrie-lam"
    quads = quads_of(doc, {node_iri(PERSON): new})
    assert (f"<{new}>", f"<{RDF.type}>", f"<{KG.Person}>") in quads
    assert (f"<{node_iri(other)}>", f"<{KG.about}>", f"<{new}>") in quads
    assert not any(node_iri(PERSON) in s or node_iri(PERSON) in o for s, p, o in quads)


def test_rdf_quads_sort_without_duplicates_and_render_to_the_same_bytes_in_any_fact_order():
    doc, reversed_doc = a_doc(), a_doc()
    reversed_doc.facts.reverse()
    first, second = render(doc), render(reversed_doc)
    assert first == second
    renamed = render(doc, {node_iri(PERSON): f"{ID}person/carrie-lam"})
    assert renamed.entities == (("Person", f"{ID}person/carrie-lam"),) and b"person:carrie-lam" in renamed.turtle
    assert first.graph == f"{ID}graph/{doc.article.id}"
    assert first.quads == len(sort_quads(doc_quads(doc))) == len(set(doc_quads(doc)))
    assert first.entities == (("Person", node_iri(PERSON)),)  # facts, mentions and the article are not entities
    assert not first.trig.startswith(b"@prefix") and b"person:" in first.turtle
    quad = next(iter(doc_quads(doc)))
    assert sort_quads([quad, quad]) == [quad]


def test_rdf_a_doc_without_title_url_date_or_outlet_writes_none_of_them():
    article = make_article("林郑月娥昨天表示。", published=None)
    doc = Doc(article)
    predicates = {p for s, p, o in quads_of(doc)}
    assert "<http://purl.org/dc/terms/issued>" not in predicates and "<http://purl.org/dc/terms/title>" not in predicates
    assert "<https://schema.org/url>" not in predicates and "<http://purl.org/dc/terms/publisher>" not in predicates
