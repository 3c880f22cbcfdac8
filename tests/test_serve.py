"""kg serve: a read-only SPARQL endpoint on loopback that stops runaway queries and holds load;
and the failures of kg serve and kg push, each one sentence."""

from __future__ import annotations

import http.server
import json
import shutil
import multiprocessing
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import list_saved_queries, saved_query
from kg.serve import make_server

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FAST = "SELECT ?n WHERE { person:谭耀宗 skos:prefLabel ?n }"


def serving(graph, **options):
    """A started server on a free loopback port: (its /sparql URL, the server)."""
    server = make_server(graph, "127.0.0.1", 0, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/sparql", server


def stop(server) -> None:
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def endpoint(seed_graph):
    url, server = serving(seed_graph, timeout=2.0, workers=1)
    yield url
    stop(server)


def get(url, accept="application/sparql-results+json"):
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers["Content-Type"], response.read().decode("utf-8")


def ask(endpoint: str, query: str) -> tuple[int, str, str | None, float]:
    """POST a query: (status, body, Retry-After, seconds taken)."""
    start = time.monotonic()
    request = urllib.request.Request(endpoint, data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), None, time.monotonic() - start
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers["Retry-After"], time.monotonic() - start


def test_serve_answers_select_as_sparql_json_and_csv(endpoint):
    query = urllib.parse.quote(FAST)
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


def test_serve_stops_a_runaway_query_and_its_one_worker_is_replaced(endpoint):
    status, body, _, _ = ask(endpoint, RUNAWAY)
    assert (status, body) == (503, "query timed out after 2 s\n")
    assert ask(endpoint, FAST)[0] == 200  # the killed worker was the only one: a fresh one answers


def test_serve_answers_a_fast_query_while_a_slow_one_runs(seed_graph):
    url, server = serving(seed_graph, timeout=3.0, workers=2)
    try:
        slow = threading.Thread(target=ask, args=(url, RUNAWAY))
        slow.start()
        time.sleep(0.3)  # the slow query holds one worker
        status, body, _, _ = ask(url, FAST)
        assert status == 200 and "谭耀宗" in body
        assert slow.is_alive()  # answered while the slow query was still running, not after it
        slow.join()
    finally:
        stop(server)


def concurrently(calls, within: float) -> None:
    """Run the calls in threads at once and wait (at most ``within`` seconds each) for them."""
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(within)


def test_serve_answers_a_flood_beyond_workers_and_queue_with_503_busy_at_once(seed_graph):
    url, server = serving(seed_graph, timeout=1.5, workers=1, queue=1)
    answers = []
    try:
        concurrently([lambda: answers.append(ask(url, RUNAWAY))] * 5, within=30)
    finally:
        stop(server)
    # one runs, one waits for it; the other three are told at once (long before any query could time out)
    busy = [(body, retry) for status, body, retry, seconds in answers if status == 503 and seconds < 1.0]
    assert busy == [("the server is busy (2 queries running or waiting); retry in a second\n", "1")] * 3
    assert len(answers) == 5 and all(status == 503 for status, *_ in answers)


def test_serve_answers_every_request_of_a_modest_concurrent_mix(seed_graph):
    url, server = serving(seed_graph, timeout=30.0, workers=2)
    queries = [saved_query(name) for name in list_saved_queries()]
    statuses = []
    try:
        def client(offset: int) -> None:
            for turn in range(len(queries)):
                statuses.append(ask(url, queries[(offset + turn) % len(queries)])[0])

        concurrently([lambda i=i: client(i) for i in range(8)], within=60)
    finally:
        stop(server)
    assert statuses == [200] * (8 * len(queries))


def test_serve_close_stops_its_workers(seed_graph):
    before = set(multiprocessing.active_children())
    url, server = serving(seed_graph, workers=2)
    workers = set(multiprocessing.active_children()) - before
    assert len(workers) == 2
    stop(server)
    assert not any(worker.is_alive() for worker in workers)


# --- every failure a sentence -------------------------------------------------------------------

@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def taken_port():
    """A loopback port something listens on (and never answers)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_cli_serve_on_a_port_in_use_says_so(runner, seed_graph, taken_port):
    result = runner.invoke(main, ["serve", "--graph", str(seed_graph), "--port", str(taken_port)])
    assert (result.exit_code, result.output) == (
        1, f"Error: cannot listen on 127.0.0.1:{taken_port}: the port is in use (another server? choose one with --port)\n")


def test_cli_serve_refuses_a_timeout_of_zero(runner, seed_graph, taken_port):
    # on a taken port, so that were the timeout let through, the test would end (on the port) instead of serving
    result = runner.invoke(main, ["serve", "--graph", str(seed_graph), "--port", str(taken_port), "--timeout", "0"])
    assert (result.exit_code, result.output) == (1, "Error: the query timeout must be more than 0 seconds, not 0\n")


def test_cli_serve_default_port_is_not_oxigraphs(runner):
    help_text = " ".join(runner.invoke(main, ["serve", "--help"]).output.split())
    assert "[default: 7879;" in help_text and "Example: kg serve --graph out --port 7879" in help_text


def test_cli_query_of_a_served_runaway_query_says_it_timed_out(runner, endpoint):
    result = runner.invoke(main, ["query", "--endpoint", endpoint, "-e", RUNAWAY])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "timed out after 2 s" in result.output


def test_cli_push_to_a_port_nothing_listens_on_says_so(runner, seed_graph):
    result = runner.invoke(main, ["push", str(seed_graph), "--endpoint", "http://127.0.0.1:1/store"])
    assert (result.exit_code, result.output) == (
        1, "Error: http://127.0.0.1:1/store: nothing is listening on 127.0.0.1:1 (is the server running?)\n")


def test_cli_push_to_a_host_that_does_not_resolve_says_so(runner, seed_graph, monkeypatch):
    def unknown(host, *args, **kwargs):  # no DNS lookup leaves the machine
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    result = runner.invoke(main, ["push", str(seed_graph), "--endpoint", "http://kg-server.invalid:7878/store"])
    assert (result.exit_code, result.output) == (
        1, "Error: http://kg-server.invalid:7878/store: cannot find the host 'kg-server.invalid' (is the name right?)\n")


@pytest.fixture
def silent_server():
    """A loopback server that accepts connections and never answers: (its port, the connections it got)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    accepted, running = [], [True]

    def accept() -> None:
        while running[0] and len(accepted) < 100:
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], accepted
    running[0] = False
    thread.join(5)
    for connection in accepted:
        connection.close()
    listener.close()


def test_cli_push_to_a_server_that_never_answers_gives_up_after_one_timeout(runner, seed_graph, silent_server):
    port, connections = silent_server
    result = runner.invoke(main, ["push", str(seed_graph), "--endpoint", f"http://127.0.0.1:{port}/store",
                                  "--timeout", "1", "--connections", "1"])
    assert (result.exit_code, result.output) == (
        1, f"Error: http://127.0.0.1:{port}/store: no answer from 127.0.0.1:{port} within 1 s\n")
    assert len(connections) == 1  # not retried, and the other graphs are not tried one timeout each


@pytest.fixture
def busy_store():
    """A Graph Store that answers each graph's first PUTs as Virtuoso does when concurrent PUTs deadlock
    (500, SQLSTATE 40001), then 201: (its URL, the PUTs per graph, a dict to set how many fail per graph)."""
    tries: dict[str, int] = {}
    failing = {"n": 0, "status": 500, "answer": b"<h3>Error 40001</h3><xmp>SR172: Transaction deadlocked</xmp>"}
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
            with lock:
                tries[graph] = tries.get(graph, 0) + 1
                refused = tries[graph] <= failing["n"]
            status, answer = (failing["status"], failing["answer"]) if refused else (201, b"")
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store", tries, failing
    server.shutdown()
    server.server_close()


def test_cli_push_sends_again_a_graph_whose_transaction_deadlocked_until_it_is_stored(
        runner, seed_graph, tmp_path, busy_store, monkeypatch):
    monkeypatch.setattr("kg.remote.time.sleep", lambda seconds: None)
    url, tries, failing = busy_store
    failing["n"] = 3
    build = tmp_path / "seeds"
    shutil.copytree(seed_graph, build)  # the push records what it sent in the build's folder
    result = runner.invoke(main, ["push", str(build), "--endpoint", url, "-q"])
    assert result.exit_code == 0, result.output
    assert len(tries) == 5 and set(tries.values()) == {4}


def test_cli_push_gives_up_on_a_deadlock_that_lasts_and_on_any_other_server_error_at_once(
        runner, seed_graph, tmp_path, busy_store, monkeypatch):
    monkeypatch.setattr("kg.remote.time.sleep", lambda seconds: None)
    url, tries, failing = busy_store
    build = tmp_path / "seeds"
    shutil.copytree(seed_graph, build)
    failing["n"] = 100
    lasting = runner.invoke(main, ["push", str(build), "--endpoint", url, "--connections", "1"])
    assert lasting.exit_code == 1 and "answered 500" in lasting.output and "Transaction deadlocked" in lasting.output
    assert list(tries.values()) == [7]  # the first graph: sent once and again 6 times; the others not sent
    tries.clear()
    failing.update(status=500, answer=b"<h3>Error 42000</h3><xmp>RDFGE: no permission</xmp>")
    refused = runner.invoke(main, ["push", str(build), "--endpoint", url, "--connections", "1"])
    assert refused.exit_code == 1 and "no permission" in refused.output
    assert list(tries.values()) == [1]
