"""Driving the command line as a user does: output and exit codes, errors included."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main

from conftest import SEEDS


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_build_prints_a_summary_and_writes_outputs(runner, tmp_path):
    result = runner.invoke(main, ["build", str(SEEDS), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Read 5 articles, skipped 0."
    assert "  Person                  4" in lines
    assert lines[-1].startswith("Wrote ") and lines[-1].endswith("build.json")
    for name in ("graph.ttl", "graph.trig", "graph.html", "build.json"):
        assert (tmp_path / name).stat().st_size > 0
    report = json.loads((tmp_path / "build.json").read_text(encoding="utf-8"))
    assert report["articles"] == 5 and report["skipped"] == []


def test_cli_build_skips_a_bad_file_names_it_and_builds_the_rest(runner, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.md").write_text("---\ntitle: 通关\ndate: 2021-11-24\n---\n\n香港特首林郑月娥昨天宣布通关安排。\n",
                                    encoding="utf-8")
    (corpus / "bad.md").write_text("---\ntitle: [oops\n---\nbody\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3  # built, but some files were skipped
    assert "Read 1 articles, skipped 1." in result.output
    assert "  skipped bad.md: front matter is not valid YAML (line 2)" in result.output


def test_cli_build_with_nothing_readable_exits_2(runner, tmp_path):
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "skipped empty.md: holds no article text" in result.output


def test_cli_build_of_a_missing_folder_is_one_line_error(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'nope'}: no such file or directory\n"


def test_cli_query_saved_query_as_table_csv_and_json(runner, seed_graph):
    table = runner.invoke(main, ["query", "queries/positions.rq", "--graph", str(seed_graph), "--format", "table"])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split() == ["person", "names", "position", "org", "reported"]
    assert table.output.endswith("(4 rows)\n")
    csv = runner.invoke(main, ["query", "positions", "--graph", str(seed_graph), "--format", "csv"])
    assert csv.output.splitlines()[0] == "person,names,position,org,reported"
    rows = json.loads(runner.invoke(main, ["query", "people", "-g", str(seed_graph), "-f", "json"]).output)
    assert {"file", "person", "name", "position", "org"} == set(rows[0])


def test_cli_query_expression_with_predeclared_prefixes(runner, seed_graph):
    result = runner.invoke(main, ["query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Person }",
                                  "--graph", str(seed_graph), "--format", "tsv"])
    assert result.output == "n\n4\n"


def test_cli_query_syntax_error_is_reported_without_traceback(runner, seed_graph):
    result = runner.invoke(main, ["query", "-e", "SELECT ?x WHERE { ?x ", "--graph", str(seed_graph)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error at line 1, column ")
    assert "Traceback" not in result.output


def test_cli_query_without_a_graph_says_how_to_build_one(runner, tmp_path):
    result = runner.invoke(main, ["query", "people", "--graph", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: no built graph here (run 'kg build ... -o {tmp_path}' first)\n"


def test_cli_export_jsonld_and_nquads(runner, seed_graph, tmp_path):
    out = tmp_path / "graph.jsonld"
    result = runner.invoke(main, ["export", "--graph", str(seed_graph), "--format", "jsonld", "-o", str(out)])
    assert result.exit_code == 0 and result.output == f"Wrote {out}\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"]["kg"] == "https://w3id.org/kg-news/ns#"
    nquads = runner.invoke(main, ["export", "--graph", str(seed_graph), "--format", "nquads"]).output
    report = json.loads((seed_graph / "build.json").read_text(encoding="utf-8"))
    assert nquads.count("\n") == report["quads"]
    turtle = runner.invoke(main, ["export", "--graph", str(seed_graph)]).output.encode("utf-8")
    assert turtle == (seed_graph / "graph.ttl").read_bytes()


def test_cli_validate_conforms_on_the_seed_graph(runner, seed_graph):
    result = runner.invoke(main, ["validate", "--graph", str(seed_graph)])
    assert result.exit_code == 0
    assert result.output == "Conforms.\n"


def test_cli_viz_writes_the_page(runner, seed_graph, tmp_path):
    out = tmp_path / "g.html"
    result = runner.invoke(main, ["viz", "--graph", str(seed_graph), "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.output == f"Wrote {out}\n"


def test_cli_timeline_orders_meetings_predictions_and_conditions_by_date(runner, seed_graph):
    result = runner.invoke(main, ["timeline", "--graph", str(seed_graph), "--format", "tsv"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()[1:]]
    dated = [r[0] for r in rows if r[0][:1].isdigit()]
    assert dated == sorted(dated)
    assert ["2021-11-02", "meeting", "video meeting (held)"] == rows[0][:3]
    predictions = [(r[0], r[5], r[3]) for r in rows if r[1] == "prediction"]
    assert ("2021-11-10", "2022-02-01", "中国大陆官员") in predictions
    assert ("2021-11-24", "2021-12-10", "消息人士") in predictions
    assert predictions.index(("2021-11-05", "2021-12", "消息人士")) < predictions.index(("2021-11-24", "2021-12-10", "消息人士"))
    assert ["2021-11-08", "condition", "circuit breaker: 一例本地确诊", "中国大陆当局", "", "", "003_c51ed2c6366fe5d1.txt"] in [
        r[:7] for r in rows]


def test_cli_path_between_lam_and_ho_goes_through_tam_with_evidence(runner, seed_graph):
    result = runner.invoke(main, ["path", "林鄭月娥", "Ho Iat-seng", "--graph", str(seed_graph)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Path 1: 林郑月娥 — 陆港通关对接会议将于明天举行 — 谭耀宗 — 贺一诚"
    assert "  谭耀宗 —[said about]→ 贺一诚" in lines
    assert "  谭耀宗 —[speaks in]→ 陆港通关对接会议将于明天举行" in lines
    assert any("近日与澳门特首贺一诚联络" in line and "000_c506f010440d950d.txt" in line for line in lines)


def test_cli_path_lists_ambiguous_names_instead_of_guessing(runner, seed_graph):
    result = runner.invoke(main, ["path", "消息人士", "林郑", "--graph", str(seed_graph)])
    assert result.exit_code == 1
    # each anonymous source carries its article, so the list tells them apart
    assert result.output.startswith("Error: '消息人士' names 4 entities: 消息人士 (000_c506f010440d950d.txt) "
                                    "(AnonymousSource, ")
    assert "Give the IRI or a fuller name." in result.output


def test_cli_neighbors_central_and_communities(runner, seed_graph):
    neighbors = runner.invoke(main, ["neighbors", "谭耀宗", "--graph", str(seed_graph)]).output
    assert "1  贺一诚  (Person)" in neighbors and "[said about]" in neighbors
    central = runner.invoke(main, ["central", "--type", "Person", "--graph", str(seed_graph), "-f", "tsv"]).output
    rows = [line.split("\t") for line in central.splitlines()[1:]]
    # the Chief Executive and the Chief Secretary each link to eight entities and articles in the seeds
    assert {tuple(row[:3]) for row in rows[:2]} == {("林郑月娥", "Person", "8"), ("李家超", "Person", "8")}
    assert [float(row[4]) for row in rows] == sorted((float(row[4]) for row in rows), reverse=True)
    communities = runner.invoke(main, ["communities", "--graph", str(seed_graph)]).output
    assert any("谭耀宗" in line and "贺一诚" in line for line in communities.splitlines())


def test_cli_queries_lists_saved_queries_with_their_questions(runner):
    lines = runner.invoke(main, ["queries"]).output.splitlines()
    assert any(line.startswith("positions ") and line.endswith("Q1. Who holds which position?") for line in lines)


def test_cli_query_params_are_bound_as_terms_never_as_syntax(runner, seed_graph):
    text = "SELECT ?post WHERE { ?m org:member ?p ; org:role/skos:prefLabel ?post . ?p skos:prefLabel ?n FILTER(STR(?n) = ?name) }"
    bound = runner.invoke(main, ["query", "-e", text, "-p", "name=谭耀宗", "--graph", str(seed_graph), "-f", "jsonl"])
    assert bound.output == '{"post": "全国人大常委"}\n'
    hostile = runner.invoke(main, ["query", "-e", text, "-p", 'name=x" } ?a ?b ?c . FILTER("1', "--graph",
                                   str(seed_graph), "-f", "tsv"])
    assert hostile.exit_code == 0 and hostile.output == "post\n"
    iri = runner.invoke(main, ["query", "-e", "SELECT ?n WHERE { ?p skos:prefLabel ?n }", "-p", "p=person:李家超",
                               "--graph", str(seed_graph), "-f", "tsv"])
    assert iri.output == "n\n李家超\n"


def test_cli_query_syntax_error_names_line_column_and_token(runner, seed_graph):
    result = runner.invoke(main, ["query", "-e", "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = ) }",
                                  "--graph", str(seed_graph)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error at line 3, column ")
    assert " near " in result.output


@pytest.mark.parametrize("fmt, written", [
    ("tsv", "s\to\nx:a\t1\nx:b\t2\n"),
    ("csv", "s,o\nx:a,1\nx:b,2\n"),
    ("jsonl", '{"s": "x:a", "o": "1"}\n{"s": "x:b", "o": "2"}\n'),
])
def test_cli_query_writes_each_row_before_the_next_is_read(runner, seed_graph, monkeypatch, fmt, written):
    """A query that fails after two rows: the two rows are already out, then the error (exit 1).
    Collecting the rows before writing any would print the error alone."""
    from kg import query as query_module
    from kg.errors import QueryError

    def two_rows_then_a_failure(store, sparql, params=None):
        yield ["s", "o"]
        yield ["x:a", "1"]
        yield ["x:b", "2"]
        raise QueryError("the query failed: out of memory")

    monkeypatch.setattr(query_module, "stream_query", two_rows_then_a_failure)
    result = runner.invoke(main, ["query", "-e", "SELECT ?s ?o WHERE { ?s ?p ?o }", "-g", str(seed_graph), "-f", fmt])
    assert (result.exit_code, result.output) == (1, written + "Error: the query failed: out of memory\n")
