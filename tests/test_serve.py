"""kg serve: a read-only SPARQL endpoint on loopback that stops runaway queries."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.serve import make_server


@pytest.fixture(scope="module")
def endpoint(seed_graph):
    server = make_server(seed_graph, "127.0.0.1", 0, timeout=2.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def get(url, accept="application/sparql-results+json"):
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers["Content-Type"], response.read().decode("utf-8")


def test_serve_answers_select_as_sparql_json_and_csv(endpoint):
    query = urllib.parse.quote("SELECT ?n WHERE { person:谭耀宗 skos:prefLabel ?n }")
    status, kind, body = get(f"{endpoint}?query={query}")
    assert status == 200 and kind.startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"] == [{"n": {"type": "literal", "value": "谭耀宗", "xml:lang": "zh-hans"}}]
    assert get(f"{endpoint}?query={query}", accept="text/csv")[2].splitlines() == ["n", "谭耀宗"]


def test_serve_refuses_updates(endpoint):
    form = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode()
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(urllib.request.Request(endpoint, data=form), timeout=30)
    assert error.value.code == 403
    request = urllib.request.Request(endpoint, data=b"DELETE WHERE { ?s ?p ?o }",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 403
    # an update sent as a query is not a query
    query = urllib.parse.quote("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(urllib.error.HTTPError) as error:
        get(f"{endpoint}?query={query}")
    assert error.value.code == 400
    count = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(json.loads(get(f"{endpoint}?query={count}")[2])["results"]["bindings"][0]["n"]["value"]) > 1000


def test_serve_stops_a_runaway_query(endpoint):
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    with pytest.raises(urllib.error.HTTPError) as error:
        get(f"{endpoint}?query={query}")
    assert error.value.code == 503
    assert "timed out after 2 s" in error.value.read().decode()
