"""kg query, kg queries and kg eval say what is wrong: exact one-line messages and exit codes."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import main

from conftest import SEEDS

SEED_000 = "000_c506f010440d950d.txt"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def kg_query(runner, seed_graph):
    """Run ``kg query ARGS --graph <seed graph>``; the click result."""

    def run(*args: str):
        return runner.invoke(main, ["query", *args, "--graph", str(seed_graph)])

    return run


# --- syntax errors point into the text the user wrote -------------------------------------------

def test_query_reports_a_misspelt_query_form_at_its_first_word(kg_query):
    result = kg_query("-e", "SELEC ?x WHERE { ?x ?p ?o }")
    assert result.exit_code == 1
    assert result.output == 'Error: SPARQL syntax error at line 1, column 1 near "SELEC": ' \
                            "expected SELECT, ASK, CONSTRUCT or DESCRIBE\n"


def test_query_reports_the_line_column_and_token_of_an_error_in_a_file_even_with_parameters(kg_query, tmp_path):
    query = tmp_path / "bad.rq"
    query.write_text("# Who is who?\nSELECT ?person ?name WHERE {\n  ?person a kg:Person ;\n"
                     "          skos:prefLabel ?name ?extra .\n}\nORDER BY ?name\n", encoding="utf-8")
    expected = 'Error: SPARQL syntax error at line 4, column 32 near "?extra"\n'
    assert kg_query(str(query)).output == expected
    bound = kg_query(str(query), "-p", "name=李家超")  # binding adds text to the query: not to the message
    assert (bound.exit_code, bound.output) == (1, expected)
    same_line = kg_query("-e", "SELECT ?n WHERE { ?p skos:prefLabel ?n ?extra }", "-p", "n=李家超")
    assert same_line.output == 'Error: SPARQL syntax error at line 1, column 40 near "?extra"\n'


def test_query_reports_an_error_before_the_end_at_its_token_not_at_the_end(kg_query):
    result = kg_query("-e", "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = ) }")
    assert (result.exit_code, result.output) == (1, 'Error: SPARQL syntax error at line 3, column 15 near ")"\n')


def test_query_says_when_the_text_ends_too_early(kg_query):
    result = kg_query("-e", "SELECT ?x WHERE { ?x ?p ?o")
    assert result.output == "Error: SPARQL syntax error at line 1, column 27: the query ends before it is complete\n"


def test_query_reports_unknown_prefix_by_name(kg_query):
    result = kg_query("-e", "SELECT ?x WHERE {\n  ?x a foo:Bar }")
    assert result.exit_code == 1
    assert result.output == "Error: unknown prefix foo: at line 2, column 8 (declare it: PREFIX foo: <...>)\n"


def test_query_reports_an_iri_with_a_space_in_the_query(kg_query):
    result = kg_query("-e", "SELECT ?x WHERE { ?x <a b> ?y }")
    assert result.output == 'Error: SPARQL syntax error at line 1, column 22 near "<a b>": not a valid IRI\n'


# --- parameters ---------------------------------------------------------------------------------

PEOPLE = "SELECT ?name WHERE { ?p a kg:Person ; skos:prefLabel ?name }"


@pytest.mark.parametrize("value, message", [
    ("<not an iri", "parameter ?p: <not an iri is not an IRI (write <http://...>)"),
    ("<a b>", "parameter ?p: <a b> is not a valid IRI (invalid IRI code point ' ')"),
    ("nope:x", 'parameter ?p: unknown prefix nope: in nope:x (write <IRI> for an IRI, or "nope:x" for text)'),
])
def test_query_rejects_a_parameter_that_is_not_a_valid_iri(kg_query, value, message):
    result = kg_query("-e", PEOPLE, "-p", f"p={value}")
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")


def test_query_accepts_a_parameter_with_a_prefix_the_query_declares(kg_query):
    text = "PREFIX who: <https://w3id.org/kg-news/id/person/>\n" + PEOPLE
    result = kg_query("-e", text, "-p", "p=who:李家超", "-f", "tsv")
    assert (result.exit_code, result.output) == (0, "name\n李家超\n")


def test_query_rejects_a_parameter_the_query_does_not_mention(kg_query):
    result = kg_query("-e", PEOPLE, "-p", "foo=1")
    assert (result.exit_code, result.output) == (1, "Error: the query has no ?foo (its variables: ?name, ?p)\n")
    saved = kg_query("connection", "-p", "nameC=林郑月娥")  # a saved query lists its parameters
    assert (saved.exit_code, saved.output) == (1, "Error: the query has no ?nameC (its parameters: ?nameA, ?nameB)\n")


def test_query_still_accepts_prefix_less_ad_hoc_text(kg_query):
    result = kg_query("-e", "SELECT ?p WHERE { ?p a kg:Person } ORDER BY ?p", "-f", "tsv")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "p" and len(result.output.splitlines()) == 5


def test_query_connection_by_two_names_replaces_the_default_names(kg_query):
    default = kg_query("connection", "-f", "json")
    assert {row["via"] for row in json.loads(default.output)} == {"谭耀宗"}
    other_name = kg_query("connection", "-p", "nameA=Carrie Lam", "-p", "nameB=贺一诚", "-f", "json")
    assert json.loads(other_name.output) == json.loads(default.output)  # another name of the same person
    lee = json.loads(kg_query("connection", "-p", "nameA=李家超", "-f", "json").output)
    assert lee and all("李家超" in row["evidenceA"] and "贺一诚" in row["evidenceB"] for row in lee)
    nobody = kg_query("connection", "-p", "nameA=nobody", "-f", "tsv")
    assert nobody.output == "via\tfileA\tevidenceA\tevidenceB\n"


def test_query_post_holders_by_post_and_date(kg_query):
    result = kg_query("post_holders", "-p", "postName=Chief Executive", "-p", "until=2021-11-10", "-f", "jsonl")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["post"], r["name"], r["reported"]) for r in rows] == [("行政长官", "林郑月娥", "2021-11-05")]
    every_report = kg_query("post_holders", "-f", "jsonl").output.splitlines()
    assert len(every_report) == 5  # the defaults (UNDEF) leave every post and date in


def test_queries_shows_each_saved_query_s_parameters_and_defaults(runner):
    lines = runner.invoke(main, ["queries"]).output.splitlines()
    connection = lines.index(next(line for line in lines if line.startswith("connection ")))
    assert lines[connection + 1].split() == ["params:", "nameA=林郑月娥", "nameB=贺一诚"]
    holders = lines.index(next(line for line in lines if line.startswith("post_holders ")))
    assert lines[holders + 1].split() == ["params:", "postName=(any)", "until=(any)"]


# --- ASK, CONSTRUCT, DESCRIBE ---------------------------------------------------------------------

def test_query_ask_prints_true_or_false_and_exits_0(kg_query):
    assert kg_query("-e", "ASK { ?p a kg:Person ; skos:prefLabel ?n }", "-p", "n=谭耀宗@zh-Hans").output == "true\n"
    nothing = kg_query("-e", "ASK { ?p a kg:Person ; skos:prefLabel ?n }", "-p", "n=nobody")
    assert (nothing.exit_code, nothing.output) == (0, "false\n")


def test_query_construct_prints_turtle_by_default_and_ntriples_on_request(kg_query):
    text = "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person ; skos:prefLabel ?n }"
    turtle = kg_query("-e", text, "-p", "n=谭耀宗@zh-Hans")
    assert turtle.exit_code == 0
    assert "person:谭耀宗 a kg:Person .\n" in turtle.output
    ntriples = kg_query("-e", "DESCRIBE person:谭耀宗", "-f", "ntriples")
    assert ("<https://w3id.org/kg-news/id/person/谭耀宗> <http://www.w3.org/2004/02/skos/core#prefLabel> "
            '"谭耀宗"@zh-hans .') in ntriples.output.splitlines()


def test_query_refuses_a_table_for_triples_and_turtle_for_rows(kg_query):
    triples = kg_query("-e", "CONSTRUCT WHERE { ?p a kg:Person }", "-f", "csv")
    assert (triples.exit_code, triples.output) == (
        1, "Error: a CONSTRUCT query gives triples, not rows: use --format turtle or ntriples\n")
    rows = kg_query("-e", PEOPLE, "-f", "turtle")
    assert (rows.exit_code, rows.output) == (
        1, "Error: a SELECT query gives rows, not triples: use --format table, csv, tsv, json or jsonl\n")


# --- endpoints that cannot be reached -----------------------------------------------------------------

def test_query_endpoint_with_nothing_listening_is_a_one_line_error(runner):
    result = runner.invoke(main, ["query", "people", "--endpoint", "http://127.0.0.1:1/query"])
    assert (result.exit_code, result.output) == (
        1, "Error: http://127.0.0.1:1/query: nothing is listening on 127.0.0.1:1 (is the server running?)\n")


def test_query_endpoint_with_an_unknown_host_is_a_one_line_error(runner):
    result = runner.invoke(main, ["query", "people", "--endpoint", "http://example.invalid/query"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: http://example.invalid/query: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_query_endpoint_checks_the_syntax_before_sending(runner):
    result = runner.invoke(main, ["query", "-e", "SELEC ?x WHERE { ?x ?p ?o }", "--endpoint", "http://127.0.0.1:1/q"])
    assert result.output == 'Error: SPARQL syntax error at line 1, column 1 near "SELEC": ' \
                            "expected SELECT, ASK, CONSTRUCT or DESCRIBE\n"


# --- kg eval -------------------------------------------------------------------------------------------

def _gold(folder, *files):
    folder.mkdir()
    for file in files:
        (folder / f"{file}.json").write_text(json.dumps({"file": file, "people": [{"name": "林郑月娥"}]},
                                                        ensure_ascii=False), encoding="utf-8")
    return folder


def test_eval_against_a_graph_of_other_articles_exits_1_instead_of_scoring(runner, seed_graph, tmp_path):
    gold = _gold(tmp_path / "gold", "elsewhere.md", "another.md")
    result = runner.invoke(main, ["eval", str(gold), "--graph", str(seed_graph)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {seed_graph} holds none of the articles annotated in {gold} "
                             "(2 gold files; was the graph built from other files?)\n")


def test_eval_warns_on_stderr_about_annotated_articles_missing_from_the_graph(runner, seed_graph, tmp_path):
    gold = _gold(tmp_path / "gold", SEED_000, "elsewhere.md")
    result = runner.invoke(main, ["eval", str(gold), "--graph", str(seed_graph), "--summary"])
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: 1 of 2 annotated articles are not in {seed_graph} (elsewhere.md); "
                             "they count as misses.\n")
    assert result.stdout.startswith("2 annotated articles\n")
    assert (SEEDS / SEED_000).is_file()


# --- what a parameter is bound as: the term's kind, language and datatype ----------------------

# Oxigraph writes language tags in lower case
TERM = ("SELECT (isIRI(?x) AS ?iri) (STR(?x) AS ?text) (LANG(?x) AS ?lang) (STR(DATATYPE(?x)) AS ?type) "
        "WHERE { }")


@pytest.mark.parametrize("value, row", [  # an IRI has no LANG or DATATYPE: those columns are unbound
    ("谭耀宗@zh-Hans", ["false", "谭耀宗", "zh-hans", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"]),
    ("Carrie Lam@en", ["false", "Carrie Lam", "en", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"]),
    ("<https://w3id.org/kg-news/id/person/李家超>", ["true", "https://w3id.org/kg-news/id/person/李家超", None, None]),
    ("kg:Person", ["true", "https://w3id.org/kg-news/ns#Person", None, None]),
    ("林郑月娥", ["false", "林郑月娥", "", "http://www.w3.org/2001/XMLSchema#string"]),
    ('"kg:Person"', ["false", "kg:Person", "", "http://www.w3.org/2001/XMLSchema#string"]),
    ("a@b.com", ["false", "a@b.com", "", "http://www.w3.org/2001/XMLSchema#string"]),  # not a language tag
])
def test_query_binds_a_parameter_as_the_term_it_is_written_as(kg_query, value, row):
    result = kg_query("-e", TERM, "-p", f"x={value}", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [dict(zip(["iri", "text", "lang", "type"], row))]


def test_query_an_iri_parameter_matches_the_node_and_its_text_does_not(kg_query):
    by_iri = kg_query("-e", PEOPLE, "-p", "p=<https://w3id.org/kg-news/id/person/李家超>", "-f", "tsv")
    assert (by_iri.exit_code, by_iri.output) == (0, "name\n李家超\n")
    by_text = kg_query("-e", PEOPLE, "-p", 'p="https://w3id.org/kg-news/id/person/李家超"', "-f", "tsv")
    assert (by_text.exit_code, by_text.output) == (0, "name\n")


def test_query_a_tagged_parameter_matches_only_a_label_in_its_language(kg_query):
    query = "SELECT ?p WHERE { ?p a kg:Person ; skos:prefLabel|skos:altLabel ?name }"
    tagged = kg_query("-e", query, "-p", "name=谭耀宗@zh-Hans", "-f", "tsv")
    assert (tagged.exit_code, tagged.output) == (0, "p\nhttps://w3id.org/kg-news/id/person/谭耀宗\n")
    other_language = kg_query("-e", query, "-p", "name=谭耀宗@en", "-f", "tsv")
    assert (other_language.exit_code, other_language.output) == (0, "p\n")


# --- the formats, without a graph -------------------------------------------------------------------

def test_query_table_aligns_columns_by_display_width_counting_chinese_as_two():
    from kg.query import QueryResult

    table = QueryResult(["name", "n"], [["谭耀宗", "1"], ["Lee", None], ["x", "long"]]).format("table")
    assert table == ("name    n\n"
                     "------  ----\n"
                     "谭耀宗  1\n"
                     "Lee\n"
                     "x       long\n"
                     "(3 rows)\n")


def test_query_table_shortens_iris_by_the_longest_namespace_and_cuts_long_text():
    from kg.query import QueryResult
    from kg.vocab import PREFIXES

    long = "长" * 30 + "x" * 40
    rows = [[PREFIXES["person"] + "abc", long], [PREFIXES["id"] + "x/1", "x" * 60],
            [PREFIXES["org"] + "Post", "https://example.org/not/ours"]]
    lines = QueryResult(["who", "said"], rows).format("table").splitlines()
    assert lines[2].startswith("person:abc  ") and lines[2].endswith("长" * 30 + "x" * 27 + "...")
    assert lines[3].startswith("id:x/1  ") and lines[3].endswith(" " + "x" * 60)  # 60 characters are kept
    assert QueryResult(["v"], [["y" * 61]]).format("table").splitlines()[2] == "y" * 57 + "..."
    assert QueryResult(["v", "w"], [["ＡＢ", "1"]]).format("table").splitlines()[2] == "ＡＢ  1"  # fullwidth: 2 each
    assert lines[4] == "org:Post    https://example.org/not/ours"
    assert lines[-1] == "(3 rows)"


def test_query_table_of_no_rows_has_its_header_and_says_so():
    from kg.query import QueryResult

    assert QueryResult(["a", "bb"], []).format("table") == "a  bb\n-  --\n(0 rows)\n"


def test_query_csv_and_tsv_write_a_missing_value_as_an_empty_cell():
    from kg.query import QueryResult, format_rows

    result = QueryResult(["a", "b"], [["x,y", None], ["z", "w"]])
    assert result.format("csv") == 'a,b\n"x,y",\nz,w\n'
    assert result.format("tsv") == "a\tb\nx,y\t\nz\tw\n"
    assert "".join(format_rows(result.columns, result.rows, "csv")) == result.format("csv")
    assert "".join(format_rows(result.columns, result.rows, "jsonl")) == result.format("jsonl")
    assert json.loads(result.format("json")) == [{"a": "x,y", "b": None}, {"a": "z", "b": "w"}]
    chinese = QueryResult(["名"], [["谭耀宗"]])
    assert chinese.format("json") == '[\n  {\n    "名": "谭耀宗"\n  }\n]\n'  # readable, not \\u escapes
    assert chinese.format("jsonl") == '{"名": "谭耀宗"}\n'
    assert "".join(format_rows(["名"], [["谭耀宗"]], "jsonl")) == '{"名": "谭耀宗"}\n'
    assert QueryResult(["a"], [["x"]]).format("table").endswith("(1 row)\n")


@pytest.mark.parametrize("form, fmt, terminal, expected", [
    ("SELECT", None, True, "table"), ("SELECT", None, False, "tsv"), ("SELECT", "csv", True, "csv"),
    ("ASK", None, True, "table"), ("CONSTRUCT", None, True, "turtle"), ("DESCRIBE", "ntriples", False, "ntriples"),
])
def test_query_output_format_defaults_to_a_table_on_a_terminal_and_turtle_for_triples(form, fmt, terminal, expected):
    from kg.query import output_format

    assert output_format(form, fmt, terminal) == expected


@pytest.mark.parametrize("form, fmt, message", [
    ("CONSTRUCT", "csv", "a CONSTRUCT query gives triples, not rows"),
    ("SELECT", "turtle", "a SELECT query gives rows, not triples: use --format table, csv, tsv, json or jsonl"),
    ("ASK", "ntriples", "an ASK query gives true or false, not triples"),
])
def test_query_output_format_refuses_a_format_the_query_form_cannot_give(form, fmt, message):
    from kg.errors import UsageError
    from kg.query import output_format

    with pytest.raises(UsageError, match=re.escape(message)):
        output_format(form, fmt, True)


def test_saved_queries_are_described_by_their_first_comment_and_their_parameters(tmp_path, monkeypatch):
    import kg.query

    (tmp_path / "said.rq").write_text('# Who said what, and when?\n# more\nSELECT ?s WHERE {\n'
                                      '  VALUES ?name { "谭耀宗" }\n  VALUES ?since { UNDEF }\n  VALUES ?who { kg:x }\n'
                                      '  VALUES ?kind { "" }\n  VALUES ?pair { "a" "b" }\n  ?s ?p ?name }\n', encoding="utf-8")
    (tmp_path / "all.rq").write_text("#All things\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    monkeypatch.setattr(kg.query, "queries_dir", lambda: tmp_path)
    described = kg.query.describe_saved_queries()
    assert [(q.name, q.question, q.params) for q in described] == [
        ("all", "All things", {}),
        ("said", "Who said what, and when?", {"name": "谭耀宗", "since": "(any)", "who": "kg:x", "kind": "", "pair": "a b"}),
    ]


def test_query_construct_turtle_declares_only_the_prefixes_it_uses_the_longest_each():
    import pyoxigraph as ox

    from kg.query import BooleanResult, GraphResult
    from kg.vocab import PREFIXES

    triple = ox.Triple(ox.NamedNode(PREFIXES["person"] + "p1"), ox.NamedNode(PREFIXES["kg"] + "holds"),
                       ox.Literal("谭耀宗"))
    turtle = GraphResult([triple]).format("turtle")
    assert "@prefix person: <https://w3id.org/kg-news/id/person/>" in turtle
    assert "@prefix kg: <https://w3id.org/kg-news/ns#>" in turtle
    assert "@prefix id:" not in turtle and "@prefix rdf:" not in turtle
    assert "person:p1 kg:holds \"谭耀宗\"" in turtle
    assert GraphResult([triple]).format("ntriples") == (
        '<https://w3id.org/kg-news/id/person/p1> <https://w3id.org/kg-news/ns#holds> "谭耀宗" .\n')
    assert BooleanResult(True).format() == "true\n" and BooleanResult(False).format("json") == "false\n"


def test_query_a_saved_query_by_name_with_or_without_its_suffix_or_an_error_listing_them():
    from kg.errors import QueryError
    from kg.query import list_saved_queries, saved_query

    assert saved_query("people") == saved_query("people.rq") and saved_query("people").startswith("#")
    with pytest.raises(QueryError) as error:
        saved_query("nope")
    assert str(error.value) == f"nope: no such query file (saved queries: {', '.join(list_saved_queries())})"


def test_query_syntax_check_knows_the_prefixes_it_is_given_and_names_the_error():
    from kg.errors import QueryError
    from kg.query import check_syntax

    check_syntax("SELECT * WHERE { ?s foo:x ?o }", {"foo": "http://example.org/"})
    check_syntax("SELECT * WHERE { ?s kg:speaker ?o }")  # the project's prefixes by default
    with pytest.raises(QueryError, match="foo"):
        check_syntax("SELECT * WHERE { ?s foo:x ?o }")
    with pytest.raises(QueryError, match="SELEKT"):
        check_syntax("SELEKT * WHERE { ?s ?p ?o }")


def test_query_a_failure_while_running_is_a_query_error_with_the_engine_s_reason():
    import pyoxigraph as ox

    from kg.errors import QueryError
    from kg.query import run_sparql

    with pytest.raises(QueryError, match=r"^the query failed: invalid authority$"):  # no network is tried
        run_sparql(ox.Store(), "SELECT * WHERE { SERVICE <urn:x:y> { ?s ?p ?o } }")
