"""The built graph: provenance for every fact, SHACL conformance, byte-identical rebuilds."""

from __future__ import annotations

import hashlib
import inspect
import shutil

from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.query import run_query
from kg.validate import validate

from conftest import SEEDS

PROVENANCE_CLASSES = "kg:Fact kg:Mention kg:Article kg:Extractor"


def test_graph_every_statement_has_a_fact_with_article_extractor_and_evidence(seed_store):
    provenance = set(map(tuple, run_query(seed_store, f"""
        SELECT ?s WHERE {{ VALUES ?c {{ {PROVENANCE_CLASSES} prov:SoftwareAgent }} ?s a ?c }}""").rows))
    statements = {tuple(r) for r in run_query(seed_store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows
                  if (r[0],) not in provenance}
    supported = {tuple(r) for r in run_query(seed_store, """
        SELECT DISTINCT ?s ?p ?o WHERE {
          ?f a kg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
             prov:wasDerivedFrom ?article ; prov:wasAttributedTo ?extractor ; kg:evidence ?m .
          ?m kg:start ?start ; kg:end ?end ; kg:sentence ?sentence .
          ?article a kg:Article . ?extractor a prov:SoftwareAgent }""").rows}
    assert len(statements) > 500
    assert statements - supported == set()


def test_graph_mention_offsets_point_at_their_text(seed_store):
    from kg.reader import iter_article_files, read_article

    texts = {name: read_article(path, name).text for path, name in iter_article_files(SEEDS)}
    result = run_query(seed_store, """
        SELECT ?file ?start ?end ?text WHERE {
          ?m a kg:Mention ; kg:start ?start ; kg:end ?end ; kg:text ?text ; kg:article/kg:fileName ?file }""")
    assert result.rows
    for file, start, end, text in result.rows:
        assert texts[file][int(start):int(end)] == text


def test_graph_conforms_to_the_shapes(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, report.text


def test_graph_validation_reports_a_fact_without_evidence(tmp_path, seed_graph):
    shutil.copy(seed_graph / "graph.ttl", tmp_path / "graph.ttl")
    with open(tmp_path / "graph.ttl", "a", encoding="utf-8") as handle:
        handle.write("\n<https://w3id.org/kg-news/id/fact/broken> a kg:Fact ; rdf:subject person:x ; "
                     "rdf:predicate rdfs:label ; rdf:object \"x\" .\n")
    report = validate(tmp_path)
    assert not report.conforms
    assert "every fact has evidence in the text" in report.text


def test_graph_rebuilds_are_byte_identical(tmp_path, seed_graph):
    build(SEEDS, tmp_path)
    for name in ("graph.ttl", "graph.trig", "graph.html", "build.json", "entities.sqlite"):
        assert (tmp_path / name).read_bytes() == (seed_graph / name).read_bytes(), name


def test_graph_facts_of_a_tiny_article_are_exactly_these(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: 通关\ndate: 2021-11-24 09:00:00 +08:00\n---\n\n澳门特首贺一诚昨天表示，通关有望。\n", encoding="utf-8")
    build(tmp_path, tmp_path / "out", html=False)
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    facts = Graph()
    facts.parse(data=graph.query("""
        PREFIX kg: <https://w3id.org/kg-news/ns#>
        CONSTRUCT { ?s ?p ?o } WHERE { ?f a kg:Fact ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                                      ?s ?p ?o . FILTER (STRSTARTS(STR(?s), "https://w3id.org/kg-news/id/person/")
                                                         || STRSTARTS(STR(?s), "https://w3id.org/kg-news/id/position/")) }
        """).serialize(format="turtle"), format="turtle")
    expected = Graph().parse(data="""
        @prefix kg: <https://w3id.org/kg-news/ns#> .
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/kg-news/id/person/贺一诚> a kg:Person ;
            skos:prefLabel "贺一诚"@zh-hans ; rdfs:label "贺一诚"@zh-hans .
        <https://w3id.org/kg-news/id/position/贺一诚%7C澳门行政长官> a kg:Position ;
            org:member <https://w3id.org/kg-news/id/person/贺一诚> ;
            org:role <https://w3id.org/kg-news/id/role/澳门行政长官> ;
            org:organization <https://w3id.org/kg-news/id/org/澳门特别行政区政府> ;
            kg:reportedOn "2021-11-24"^^xsd:date .
        """, format="turtle")
    assert isomorphic(facts, expected), facts.serialize(format="turtle")


def listing_order(entries, salt: str, name=str) -> list:
    """A fixed order of directory entries other than the sorted one, chosen by ``salt``."""
    return sorted(entries, key=lambda entry: hashlib.sha1((salt + name(entry)).encode()).digest())


# The build, on a file system that lists every folder in the order listing_order(salt) gives (ext4 lists by
# a hash of the name, whatever the order the files were created in, so copying them in another order
# would not change the walk).
SHUFFLED_LISTINGS = f"""
import hashlib, os, sys

{inspect.getsource(listing_order)}
real_scandir, real_listdir = os.scandir, os.listdir
salt = os.environ["LISTING_SALT"]


class ShuffledScandir:
    def __init__(self, path="."):
        with real_scandir(path) as entries:
            self.entries = listing_order(entries, salt, lambda entry: entry.name)

    def __iter__(self):
        return iter(self.entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


os.scandir = ShuffledScandir
os.listdir = lambda path=".": listing_order(real_listdir(path), salt)
from kg.cli import main
main(["build", *sys.argv[1:]])
"""


def test_graph_identical_whatever_the_file_order_and_hash_seed(tmp_path, seed_graph):
    import os
    import shutil
    import subprocess
    import sys

    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    names = sorted(p.name for p in SEEDS.iterdir())
    assert len({tuple(listing_order(names, salt)) for salt in ("a", "b")} | {tuple(names)}) == 3  # 3 orders
    for salt in ("a", "b"):
        env = dict(os.environ, PYTHONHASHSEED="12345", LISTING_SALT=salt)
        subprocess.run([sys.executable, "-c", SHUFFLED_LISTINGS, str(corpus), "-o", str(tmp_path / salt)],
                       check=True, env=env, capture_output=True)
    for name in ("graph.ttl", "graph.trig", "graph.html", "entities.sqlite"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (seed_graph / name).read_bytes(), name  # another hash seed


def test_graph_identical_whatever_the_number_of_workers(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    seeds = sorted(SEEDS.iterdir())
    for i in range(80):  # enough files for the worker pool to be used
        source = seeds[i % len(seeds)]
        (corpus / f"{i:03d}_{source.name}").write_bytes(source.read_bytes())
    one = build(corpus, tmp_path / "one", jobs=1)
    two = build(corpus, tmp_path / "two", jobs=2)
    assert one.articles == two.articles == 80
    for name in ("graph.ttl", "graph.trig", "graph.html", "build.json", "entities.sqlite"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
