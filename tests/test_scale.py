"""Incremental rebuilds, the persistent store and pushing to a real SPARQL server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.cache
from kg.build import build
from kg.query import open_graph, run_query, saved_query
from kg.remote import query_endpoint
from kg.store import open_store
from kg.vocab import ID

from conftest import SEEDS, sparql_server
from servers import SERVERS, Server, lexical_value

OUTPUTS = ("graph.trig", "graph.ttl", "build.json", "entities.sqlite")
EXTRA = "---\ntitle: 会面\ndate: 2021-11-20 10:00:00 +08:00\n---\n\n行政长官林郑月娥今日在深圳与国务院港澳办主任夏宝龙会面。\n"


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "extra.md").write_text(EXTRA, encoding="utf-8")
    return folder


def quads(out: Path) -> set[str]:
    store = open_store(out)
    assert store is not None, "the build left no current store"
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)}


def assert_same_as_fresh_build(source: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build(source, fresh, html=False)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert quads(out) == quads(fresh)


def test_rebuild_with_nothing_changed_reads_no_article_and_writes_the_same_files(tmp_path):
    source = corpus(tmp_path)
    first = build(source, tmp_path / "out", html=False)
    before = {name: (tmp_path / "out" / name).read_bytes() for name in OUTPUTS}
    again = build(source, tmp_path / "out", html=False)
    assert (first.extracted, again.extracted, again.cached) == (6, 0, 6)
    assert {name: (tmp_path / "out" / name).read_bytes() for name in OUTPUTS} == before


def test_rebuild_after_one_article_changes_extracts_only_it_and_equals_a_full_build(tmp_path):
    source = corpus(tmp_path)
    out = tmp_path / "out"
    build(source, out, html=False)
    (source / "extra.md").write_text(EXTRA.replace("夏宝龙", "骆惠宁"), encoding="utf-8")
    report = build(source, out, html=False)
    assert (report.extracted, report.store_update) == (1, "patched (1 replaced, 0 dropped)")
    assert_same_as_fresh_build(source, out, tmp_path)
    rows = run_query(open_graph(out), "SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n } ").rows
    assert ["骆惠宁"] in rows and ["夏宝龙"] not in rows  # the old version's triples left the union too


def test_rebuild_after_an_article_is_removed_drops_its_graph_and_the_meeting_join_it_made(tmp_path):
    source = corpus(tmp_path)
    out = tmp_path / "out"
    build(source, out, html=False)
    # 001 names the 2 November video conference; 003's "上周二…会议" was joined to it through 001 alone
    removed = next(source.glob("001_*"))
    graph = f"https://w3id.org/kg-news/id/graph/{_article_id(out, removed.name)}"
    removed.unlink()
    report = build(source, out, html=False)
    assert report.extracted == 0 and report.store_update.startswith("patched (1 replaced, 1 dropped)")
    assert not open_store(out).contains_named_graph(ox.NamedNode(graph))
    assert_same_as_fresh_build(source, out, tmp_path)


def test_an_interrupted_store_update_is_followed_by_a_full_rewrite(tmp_path):
    source = corpus(tmp_path)
    out = tmp_path / "out"
    build(source, out, html=False)
    (out / "cache" / "store.dirty").write_bytes(b"")  # what a build killed while patching leaves
    assert open_store(out) is None  # never trusted half-updated
    report = build(source, out, html=False)
    assert report.store_update == "rewritten"
    assert_same_as_fresh_build(source, out, tmp_path)


def test_changing_the_pipeline_invalidates_every_cached_article(tmp_path, monkeypatch):
    source = corpus(tmp_path)
    build(source, tmp_path / "out", html=False)
    monkeypatch.setattr(kg.cache, "pipeline_fingerprint", lambda pipeline=None: "another extractor version")
    assert build(source, tmp_path / "out", html=False).extracted == 6


@pytest.fixture
def fingerprint_of_a_copy(tmp_path, monkeypatch):
    """pipeline_fingerprint() over a copy of the package and the ontology, which the test may edit."""
    package, ontology = tmp_path / "kg", tmp_path / "ontology"
    shutil.copytree(Path(kg.cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(kg.cache.ontology_dir(), ontology)
    monkeypatch.setattr(kg.cache, "_PACKAGE", package)
    monkeypatch.setattr(kg.cache, "ontology_dir", lambda: ontology)

    def fingerprint() -> str:
        kg.cache.pipeline_fingerprint.cache_clear()
        return kg.cache.pipeline_fingerprint()

    yield package, ontology, fingerprint
    kg.cache.pipeline_fingerprint.cache_clear()  # the next caller computes the real one again


def test_cache_fingerprint_changes_with_a_module_s_bytes(fingerprint_of_a_copy):
    package, _, fingerprint = fingerprint_of_a_copy
    before = fingerprint()
    assert fingerprint() == before  # the same files give the same fingerprint
    meetings = package / "extractors" / "meetings.py"  # in a subpackage too
    meetings.write_bytes(meetings.read_bytes() + b"\n# edited\n")
    edited = fingerprint()
    assert edited != before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cache.cpython-311.pyc").write_bytes(b"compiled")  # not source: no change
    assert fingerprint() == edited


def test_cache_fingerprint_changes_with_the_reference_data(fingerprint_of_a_copy):
    _, ontology, fingerprint = fingerprint_of_a_copy
    before = fingerprint()
    knowledge = ontology / "knowledge.ttl"
    knowledge.write_text(knowledge.read_text(encoding="utf-8") + "\n# a new alias\n", encoding="utf-8")
    assert fingerprint() != before


def _article_id(out: Path, name: str) -> str:
    rows = run_query(open_graph(out), "SELECT ?a WHERE { ?a kg:fileName ?f }", {"f": name}).rows
    return rows[0][0].rsplit("/", 1)[-1]


# --- a real SPARQL server: Oxigraph and Virtuoso ---------------------------------------------------

@pytest.fixture(params=SERVERS)
def server(request, tmp_path) -> Server:
    """A new server of each kind on free loopback ports (skipped where its binary is not installed)."""
    with sparql_server(request.param, tmp_path / request.param) as running:
        yield running


def _term(value: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A SPARQL JSON result term as an RDF term, in the form the local store gives it."""
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"].lower())
    return ox.Literal(lexical_value(value), datatype=ox.NamedNode(value["datatype"]) if "datatype" in value else None)


def server_quads(server: Server) -> set[str]:
    """Every quad in kg's graphs on the server (Virtuoso keeps graphs of its own beside them)."""
    sparql = f'SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{ID}")) }}'
    request = urllib.request.Request(server.query, data=urllib.parse.urlencode({"query": sparql}).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        bindings = json.loads(response.read())["results"]["bindings"]
    return {str(ox.Quad(*(_term(b[v]) for v in "spog"))) for b in bindings}


def local_quads(out: Path) -> set[str]:
    """graph.trig's quads as a store holds them (typed literals in canonical form, as servers keep them;
    language tags in lower case, as Virtuoso keeps them: RDF 1.1 compares tags case-insensitively)."""
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    lower = (lambda t: ox.Literal(t.value, language=t.language.lower())
             if isinstance(t, ox.Literal) and t.language else t)
    return {str(ox.Quad(q.subject, q.predicate, lower(q.object), q.graph_name))
            for q in store.quads_for_pattern(None, None, None, None)}


def kg_push(out: Path, server: Server) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "push", str(out), "--endpoint", server.store],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def test_a_pushed_build_leaves_its_quads_on_the_server_and_answers_the_saved_queries_as_locally(tmp_path, server):
    out = tmp_path / "out"
    build(SEEDS, out, html=False)
    kg_push(out, server)
    quads = local_quads(out)
    # the seeds' position IRIs (position:李家超\%7C政务司司长 in graph.ttl) test prefixed names with escapes
    assert any("%7C" in quad for quad in quads)
    assert server_quads(server) == quads
    store = open_graph(out)
    for name in ("people", "quota_disagreement", "connection", "reopening_predictions"):
        local = run_query(store, saved_query(name)).rows
        remote = query_endpoint(server.query, saved_query(name)).rows
        assert local and sorted(map(repr, remote)) == sorted(map(repr, local)), name


def test_pushing_again_after_an_article_is_removed_replaces_graphs_and_deletes_the_stale_one(tmp_path, server):
    source = corpus(tmp_path)
    out = tmp_path / "out"
    build(source, out, html=False)
    kg_push(out, server)
    (source / "extra.md").unlink()
    build(source, out, html=False)
    assert "deleted 1 graphs" in kg_push(out, server).stdout
    assert server_quads(server) == local_quads(out)
