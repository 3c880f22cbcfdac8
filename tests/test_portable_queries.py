"""The saved queries are portable SPARQL 1.1: any client runs the files as they are.

Against real servers holding the pushed seed build, Oxigraph and Virtuoso (the servers of
test_scale.py, each started once for this module), each query file's text is POSTed as it
is, with no prefixes added, and must give the rows `kg query` gives locally.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

from kg.cli import main
from kg.paths import queries_dir
from kg.query import list_saved_queries
from kg.remote import push

from conftest import sparql_server
from servers import SERVERS, Server, lexical_value

SAVED = list_saved_queries()


@pytest.fixture(scope="module", params=SERVERS)
def server(request, tmp_path_factory, seed_graph) -> Server:
    """A server of each kind on free loopback ports holding the pushed seed build (union default graph)."""
    folder = tmp_path_factory.mktemp(request.param)
    with sparql_server(request.param, folder / "server") as running:
        build = folder / "seeds"
        shutil.copytree(seed_graph, build)  # push records what it sent in the build's folder: not the shared one
        push(build, running.store)
        yield running


def _post(server: Server, text: str) -> list[tuple[str, ...]]:
    """The rows a plain SPARQL Protocol POST of the query ``text`` gives, as sorted tuples of values.

    The form-encoded POST, which every server takes (Virtuoso 7.2 never answers a direct
    application/sparql-query POST). Where SPARQL leaves the answer open, values are made
    comparable: a GROUP_CONCAT's order (its parts sorted) and its value over no values ('',
    Oxigraph leaves it unbound); a boolean's lexical form (Virtuoso writes true as "1").
    """
    request = urllib.request.Request(server.query, data=urllib.parse.urlencode({"query": text}).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        results = json.loads(response.read())
    columns = results["head"]["vars"]
    return sorted(tuple(_value(b.get(c)) for c in columns) for b in results["results"]["bindings"])


def _value(term: dict | None) -> str:
    if term is None:
        return ""
    return _concatenated(lexical_value(term))


def _concatenated(value: str) -> str:
    """A GROUP_CONCAT's parts in sorted order (the saved queries separate them with ", " or " | ")."""
    for separator in (" | ", ", "):
        if separator in value:
            return separator.join(sorted(value.split(separator)))
    return value


def _local(seed_graph: Path, name: str) -> list[tuple[str, ...]]:
    result = CliRunner().invoke(main, ["query", name, "--graph", str(seed_graph), "-f", "json"])
    assert result.exit_code == 0, result.output
    return sorted(tuple(_concatenated(v or "") for v in row.values()) for row in json.loads(result.output))


@pytest.mark.parametrize("name", SAVED)
def test_saved_query_file_posted_as_it_is_gives_the_rows_kg_query_gives(name, server, seed_graph):
    remote = _post(server, (queries_dir() / f"{name}.rq").read_text(encoding="utf-8"))
    assert remote, f"{name}.rq gives no rows on the server"
    assert remote == _local(seed_graph, name)


@pytest.mark.parametrize("name", SAVED)
def test_saved_query_parses_without_predeclared_prefixes_in_oxigraph_and_rdflib(name):
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    ox.Store().query(text)  # no prefixes= argument: a missing PREFIX line is a SyntaxError
    prepareQuery(text)  # rdflib: "Unknown namespace prefix" otherwise


def test_kg_query_endpoint_binds_parameters_and_answers_ask_and_construct(server, seed_graph):
    runner = CliRunner()

    def both(*args: str) -> tuple[str, str]:
        local = runner.invoke(main, ["query", *args, "--graph", str(seed_graph)])
        remote = runner.invoke(main, ["query", *args, "--endpoint", server.query])
        assert (local.exit_code, remote.exit_code) == (0, 0), local.output + remote.output
        return local.output, remote.output

    local, remote = both("post_holders", "-p", "postName=Chief Executive", "-p", "until=2021-11-10", "-f", "tsv")
    assert remote == local and len(remote.splitlines()) == 2
    assert both("-e", "ASK { ?p a kg:Person ; skos:prefLabel ?n }", "-p", "n=谭耀宗@zh-Hans") == ("true\n", "true\n")
    local, remote = both("-e", "CONSTRUCT WHERE { ?p a kg:Person }", "-f", "ntriples")
    assert sorted(remote.splitlines()) == sorted(local.splitlines()) and len(local.splitlines()) == 4
