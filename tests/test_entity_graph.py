"""The entity graph kept with the build (entities.sqlite) and the commands that read it."""

from __future__ import annotations

import io
import json
import sqlite3

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import KgError
from kg.explore import load_entity_graph

MET = ("---\ntitle: 会面\ndate: 2021-12-22 10:00:00 +08:00\n---\n\n"
       "<p>行政长官林郑月娥今日在北京与国务院总理李克强会面，国务院港澳办主任夏宝龙出席会见。</p>\n")


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, list(args))


def test_entity_graph_relations_read_in_the_direction_the_graph_states(runner, seed_graph):
    result = run(runner, "path", "李家超", "深圳", "--graph", str(seed_graph))
    assert result.exit_code == 0, result.output
    hops = [line.strip() for line in result.output.splitlines() if "—[" in line]
    # the meeting is led by 李家超 and held in 深圳; neither reads backwards
    assert hops == ["李家超 —[leads]→ docking meeting #2 2021-11-25 in 深圳",
                    "docking meeting #2 2021-11-25 in 深圳 —[held in]→ 深圳"]


def test_entity_graph_a_speaker_links_to_each_article_they_speak_in(seed_graph):
    graph = load_entity_graph(seed_graph)
    lee = graph.find("李家超")
    spoken = sorted(r["other"] for r in graph.show("李家超")["relations"] if r["relation"] == "speaks in")
    # "李家超总结……时说" in 000, "Li Jiachao said" in 004 (which has no title: its file name)
    assert spoken == ["004_145c9e9e37f0ccd1.txt", "陆港通关对接会议将于明天举行"]
    assert [graph.name(n) for n in graph.paths("李家超", "谭耀宗")[0]] == ["李家超", "陆港通关对接会议将于明天举行", "谭耀宗"]
    assert lee == graph.find("John Lee")


def test_entity_graph_every_label_a_command_prints_is_accepted_back(runner, seed_graph):
    graph = load_entity_graph(seed_graph)
    for node in graph.nodes():
        try:
            found = graph.find(node["label"])
        except KgError as error:  # only the same label for two things may be refused, and it says so
            assert "names" in str(error)
            continue
        assert found == node["node"], node["label"]
    meeting = run(runner, "neighbors", "docking meeting #2 2021-11-25 in 深圳", "--graph", str(seed_graph))
    assert meeting.exit_code == 0 and "1  李家超  (Person)" in meeting.output
    article = run(runner, "neighbors", "000_c506f010440d950d.txt", "--graph", str(seed_graph))
    assert article.exit_code == 0 and "1  谭耀宗  (Person)" in article.output


def test_entity_graph_anonymous_sources_carry_their_article(seed_graph):
    labels = [n["label"] for n in load_entity_graph(seed_graph).nodes(("AnonymousSource",))]
    assert "消息人士 (000_c506f010440d950d.txt)" in labels
    assert len(labels) == len(set(labels))


def test_entity_graph_people_at_the_same_meeting_are_linked_by_met_with(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(MET, encoding="utf-8")
    build(tmp_path / "in", tmp_path / "out", html=False)
    graph = load_entity_graph(tmp_path / "out")
    hops = graph.hops(graph.find("林郑月娥"), graph.find("李克强"))
    assert [h.relation for h in hops] == ["met with"]
    assert "林郑月娥今日在北京与国务院总理李克强会面" in hops[0].evidence[0].sentence


def test_entity_graph_unknown_class_is_an_error_listing_the_classes(runner, seed_graph):
    result = run(runner, "central", "--type", "Foo", "--graph", str(seed_graph))
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown class 'Foo'; the graph's classes are AnonymousSource, Article,")
    organizations = run(runner, "central", "--type", "Organization", "--graph", str(seed_graph), "-f", "tsv")
    classes = {line.split("\t")[1] for line in organizations.output.splitlines()[1:]}
    assert classes <= {"GovernmentBody", "MediaOutlet", "OtherOrganization"} and "GovernmentBody" in classes


def test_entity_graph_an_unknown_name_suggests_close_ones(runner, seed_graph):
    result = run(runner, "show", "谭耀", "--graph", str(seed_graph))
    assert result.exit_code == 1
    assert result.output == "Error: no entity is called '谭耀'; did you mean 谭耀宗?\n"
    typo = run(runner, "show", "Carrie Lan", "--graph", str(seed_graph))
    assert "did you mean 林郑月娥" in typo.output


def test_entity_graph_show_lists_posts_meetings_claims_and_evidence(runner, seed_graph):
    result = run(runner, "show", "林鄭月娥", "--graph", str(seed_graph))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("林郑月娥 (Person) — Carrie Lam\n")
    assert "holds post:\n  2021-11-05  行政长官  (Role)" in out
    assert "executive-council meeting 2021-11-23  (Meeting)" in out
    assert "Claims:\n" in out and "— expects 2022-02 (001_c4ff518b203b6675.txt)" in out
    data = json.loads(run(runner, "show", "林郑月娥", "--graph", str(seed_graph), "-f", "json").output)
    assert {r["relation"] for r in data["relations"]} >= {"holds post", "takes part in", "speaks in"}
    assert all(r["evidence"] for r in data["relations"])


def test_entity_graph_export_for_graph_tools_reads_back_and_is_stable(runner, seed_graph):
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        first = run(runner, "export", "--graph", str(seed_graph), "-f", fmt).stdout_bytes
        assert first == run(runner, "export", "--graph", str(seed_graph), "-f", fmt).stdout_bytes
        assert b"lastmodifieddate" not in first  # networkx writes today's date into GEXF: not the same bytes tomorrow
        graph = read(io.BytesIO(first))
        people = {d["label"] for _, d in graph.nodes(data=True) if d.get("cls") == "Person"}
        assert people == {"林郑月娥", "李家超", "谭耀宗", "贺一诚"}
        relations = {d["relation"] for *_, d in graph.edges(data=True)}
        assert {"speaks in", "said about", "leads", "holds"} <= relations


def test_entity_graph_missing_index_is_a_clear_error(runner, tmp_path):
    result = run(runner, "path", "a", "b", "--graph", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path} has no entity graph (entities.sqlite); build it first: "
                             f"kg build ARTICLES -o {tmp_path}\n")


def test_entity_graph_centrality_is_computed_by_the_build(seed_graph):
    db = sqlite3.connect(seed_graph / "entities.sqlite")
    stored = dict(db.execute("SELECT label, pagerank FROM nodes WHERE cls = 'Person'"))
    rows = {r["name"]: r["pagerank"] for r in load_entity_graph(seed_graph).centrality("Person")}
    assert rows == {label: round(value, 4) for label, value in stored.items()}
    assert db.execute("SELECT value FROM meta WHERE key = 'betweenness'").fetchone() == ("exact",)


def test_public_api_names_all_resolve_and_a_relationship_command_imports_little():
    import subprocess
    import sys

    import kg

    assert all(getattr(kg, name) is not None for name in kg.__all__)
    assert sorted(kg.__all__) == sorted(kg._EXPORTS)
    # kg path reads the entity graph: it must not load the extractors, the model or the RDF store
    code = ("import sys, kg.cli, kg.explore; "
            "print(sorted(m for m in ('kg.build', 'kg.extractors', 'kg.tokens', 'pyoxigraph', 'onnxruntime') "
            "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_entity_graph_paths_are_exactly_networkx_s_shortest_paths(seed_graph):
    graph = load_entity_graph(seed_graph)
    named = [n["node"] for n in graph.nodes(("Person", "GovernmentBody", "Meeting", "Place"))]
    checked = 0
    for a in named:
        for b in named:
            if a >= b:
                continue
            try:
                expected = sorted(nx.all_shortest_paths(graph.graph, a, b))
            except nx.NetworkXNoPath:
                expected = []
            found = graph.paths(graph.iri(a), graph.iri(b), limit=10_000)
            assert sorted(found) == expected, (graph.name(a), graph.name(b))
            checked += bool(expected)
    assert checked > 100
    lengths = nx.single_source_shortest_path_length(graph.graph, graph.find("谭耀宗"), cutoff=3)
    assert {n: d for d, n in graph.neighbors("谭耀宗", hops=3)} == {n: d for n, d in lengths.items() if d}


def test_entity_graph_an_undated_meeting_is_named_by_its_article(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("---\ntitle: 会议\n---\n\n<p>特首林郑月娥与广东省省长马兴瑞举行视像会议，"
                                          "商讨通关安排。</p>\n", encoding="utf-8")
    build(tmp_path / "in", tmp_path / "out", html=False)
    graph = load_entity_graph(tmp_path / "out")
    assert [n["label"] for n in graph.nodes(("Meeting",))] == ["video meeting (a.md)"]
    assert graph.name(graph.find("video meeting (a.md)")) == "video meeting (a.md)"
