"""A SPARQL server as the graph's home: push article graphs to it, query it.

``push`` sends every article's named graph of a built output folder with the
SPARQL 1.1 Graph Store Protocol: ``PUT <store>?graph=<article graph>`` replaces
that graph whole, so pushing twice, or pushing shards from several processes at
once, leaves the same dataset. Graphs an earlier push from this folder sent and
the build no longer has are deleted (``cache/pushed.json`` remembers them, per
endpoint). The server's default graph is left alone: start it so queries see the
union of the named graphs (``oxigraph serve --union-default-graph``; Virtuoso and
most servers do so by default).

``query_endpoint`` runs a query over the SPARQL 1.1 Protocol, asking for JSON results
(some servers answer RDF/XML unless asked), or N-Triples for CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import mmap
import pickle
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import GraphNotFoundError, KgError, QueryError
from .io import write_atomic
from .query import BooleanResult, GraphResult, QueryResult, bind_params, check_syntax
from .cache import Cache
from .model import Node
from .rdf import node_iri, prefix_header, render
from .resolve import inferred_days, meeting_aliases, read_again
from .sparql_text import missing_prefixes, query_form
from .store import open_store
from .vocab import ID, PREFIXES

__all__ = ["PushReport", "push", "query_endpoint", "EndpointError"]


class EndpointError(KgError):
    """The server could not be reached or refused a request."""


@dataclass
class PushReport:
    graphs: int = 0
    deleted: int = 0
    resolved: int = 0  # graphs re-sent after resolution across shards


class _Connection:
    """One keep-alive HTTP connection to the server (reopened when it drops)."""

    def __init__(self, url: str, timeout: float):
        self.url = urllib.parse.urlsplit(url)
        if self.url.scheme not in ("http", "https") or not self.url.netloc:
            raise EndpointError(f"{url}: not an http(s) URL")
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def request(self, method: str, query: dict[str, str] | None, body: bytes | None, headers: dict[str, str],
                path: str | None = None) -> tuple[int, bytes]:
        target = path if path is not None else self.url.path or "/"
        if query:
            target += "?" + urllib.parse.urlencode(query)
        for attempt in (1, 2):
            fresh = self._conn is None
            try:
                if fresh:
                    self._connect()
                self._conn.request(method, target, body=body, headers=headers)
                response = self._conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError) as exc:
                self.close()
                # a kept-alive connection the server has since closed is worth one retry; anything else is not
                if fresh or attempt == 2 or isinstance(exc, TimeoutError):
                    raise EndpointError(f"{self.url.geturl()}: {self._reason(exc)}") from None
        raise AssertionError("unreachable")

    def _connect(self) -> None:
        cls = http.client.HTTPSConnection if self.url.scheme == "https" else http.client.HTTPConnection
        self._conn = cls(self.url.netloc, timeout=self.timeout)
        self._conn.connect()
        # http.client sends headers and body in two writes; without this, Nagle's algorithm and
        # the server's delayed ACK cost ~40 ms per request
        self._conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _reason(self, exc: Exception) -> str:
        """What went wrong, as the end of a sentence."""
        where = self.url.netloc
        if isinstance(exc, socket.gaierror):
            return f"cannot find the host {self.url.hostname!r} (is the name right?)"
        if isinstance(exc, ConnectionRefusedError):
            return f"nothing is listening on {where} (is the server running?)"
        if isinstance(exc, TimeoutError):
            return f"no answer from {where} within {self.timeout:g} s"
        if isinstance(exc, http.client.InvalidURL):
            return f"not a valid address ({exc})"
        if isinstance(exc, (ConnectionResetError, http.client.RemoteDisconnected)):
            return f"{where} closed the connection without answering"
        if isinstance(exc, OSError) and exc.strerror:
            return f"cannot talk to {where}: {exc.strerror[0].lower()}{exc.strerror[1:]}"
        return f"cannot talk to {where}: {exc}"

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def push(graph_dir: Path, endpoint: str, *, timeout: float = 60.0, connections: int = 4, wait: float = 600.0,
         progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Send every article graph of the build in ``graph_dir`` to the Graph Store ``endpoint``.

    ``endpoint`` is the server's graph store URL (Oxigraph: ``http://host:port/store``). Graphs go
    over ``connections`` keep-alive connections at once; each PUT replaces one graph, so the order
    does not matter.

    A shard's build (``kg build --shard I/N``) resolved meetings within its shard only. Its push
    then finishes the corpus-level resolution with the other shards' pushes: it puts its
    meeting summary in a named graph of its own, waits (up to ``wait`` seconds) until all N
    shards' summaries are on the server, decides the aliases over all of them exactly as one
    local build would, re-sends its articles whose graphs that changes, and the last shard to
    finish deletes the summaries. The server then holds what one build of the whole corpus gives.

    Raises:
        GraphNotFoundError: ``graph_dir`` holds no built graph.
        EndpointError: the server refused a graph or cannot be reached.
    """
    graph_dir = Path(graph_dir)
    bodies = _graph_bodies(graph_dir)
    record = graph_dir / "cache" / "pushed.json"
    pushed = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    key = hashlib.sha256(endpoint.encode()).hexdigest()[:16]
    graphs = sorted(bodies)
    report = PushReport()
    local = threading.local()
    opened: list[_Connection] = []
    lock = threading.Lock()

    def send(method: str, graph: str, body: bytes | None = None) -> bytes | None:
        """PUT (Turtle), DELETE or GET one graph; GET gives its N-Triples, or None when it does not exist."""
        if not hasattr(local, "connection"):
            local.connection = _Connection(endpoint, timeout)
            with lock:
                opened.append(local.connection)
        headers = {"Content-Type": "text/turtle; charset=utf-8"} if body is not None else {}
        if method == "GET":
            headers["Accept"] = "application/n-triples"
        status, answer = local.connection.request(method, {"graph": graph}, body, headers)
        if status not in ((200, 201, 204) if method == "PUT" else (200, 204, 404)):
            raise EndpointError(f"{endpoint}: {method} of graph {graph} answered {status} "
                                f"{answer[:200].decode('utf-8', 'replace')!r}")
        return answer if status == 200 else None

    failed = threading.Event()

    def put(graph: str) -> None:
        if failed.is_set():  # an earlier graph failed: the push ends with its error, nothing more is sent
            return
        try:
            send("PUT", graph, bodies[graph]())  # sliced from the mapped file now, not all up front
        except BaseException:
            failed.set()
            raise

    try:
        with ThreadPoolExecutor(max_workers=max(1, connections)) as pool:
            futures = [pool.submit(put, graph) for graph in graphs]
            try:
                for index, future in enumerate(futures, 1):
                    future.result()
                    report.graphs += 1
                    if progress:
                        progress(index, len(graphs))
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
        for graph in sorted(set(pushed.get(key, [])) - set(graphs)):
            send("DELETE", graph, None)
            report.deleted += 1
        shard = json.loads((graph_dir / "build.json").read_text(encoding="utf-8")).get("shard")
        if shard:
            report.resolved = _resolve_across_shards(graph_dir, shard, send, wait, bodies)
    finally:
        for connection in opened:
            connection.close()
    pushed[key] = graphs
    write_atomic(record, json.dumps(pushed, indent=0, sort_keys=True) + "\n")
    return report


_PUSH = "https://w3id.org/kg-news/id/push/"  # the shards' meeting summaries and done marks, while pushing
_SUMMARY = ox.NamedNode(PREFIXES["kg"] + "meetingSummary")


def _resolve_across_shards(graph_dir: Path, shard: str, send, wait: float, bodies) -> int:
    """Corpus-level meeting resolution over all shards' pushes (see :func:`push`); graphs re-sent."""
    i, n = (int(part) for part in shard.split("/"))
    with Cache(graph_dir / "cache" / "cache-v1.sqlite") as cache:
        entries = list(cache.with_meetings())
    name = f"{_PUSH}summary-{i}-of-{n}"
    summary = [ox.Triple(ox.NamedNode(name), _SUMMARY, ox.Literal("shard"))]  # never empty: an empty graph may not exist
    summary += [ox.Triple(ox.NamedNode(node_iri(node)), _SUMMARY, ox.Literal(json.dumps([list(kinds), day])))
                for entry in entries for node, kinds, day in entry.meetings]
    send("PUT", name, ox.serialize(summary, format=ox.RdfFormat.N_TRIPLES))
    summaries = _wait_for_shards(send, "summary", n, wait)
    shards = [[(t.subject.value, tuple(json.loads(t.object.value)[0]), json.loads(t.object.value)[1])
               for t in triples if not t.subject.value.startswith(_PUSH)] for triples in summaries]
    mapping = meeting_aliases(shards)
    # the days the whole corpus dates undated articles to (kg.resolve.inferred_days), as a local build does
    inferred = inferred_days({**{f"shard-{j}": tuple((_meeting_node(iri), kinds, day) for iri, kinds, day in shard)
                                 for j, shard in enumerate(shards)},
                              **{str(k): entry.meetings for k, entry in enumerate(entries)}})
    resent = 0
    for k, entry in enumerate(entries):  # as one build of the whole corpus renders them (the shard's saw its shard)
        if entry.rendered and entry.doc:
            doc = pickle.loads(entry.doc)
            if str(k) in inferred:
                doc = read_again(doc, inferred[str(k)], entry.pipeline)
            rendered = render(doc, mapping)
            body = prefix_header() + rendered.turtle
            if rendered.graph in bodies and body != bodies[rendered.graph]():
                send("PUT", rendered.graph, body)
                resent += 1
    done = ox.Triple(ox.NamedNode(f"{_PUSH}done-{i}-of-{n}"), _SUMMARY, ox.Literal("done"))
    send("PUT", f"{_PUSH}done-{i}-of-{n}", ox.serialize([done], format=ox.RdfFormat.N_TRIPLES))
    if all(send("GET", f"{_PUSH}done-{j}-of-{n}") is not None for j in range(1, n + 1)):
        for j in range(1, n + 1):  # every shard has resolved: the last to finish tidies up
            send("DELETE", f"{_PUSH}summary-{j}-of-{n}")
            send("DELETE", f"{_PUSH}done-{j}-of-{n}")
    return resent


def _meeting_node(iri: str) -> Node:
    """The corpus-level meeting an IRI of a shard's summary names (summaries hold no article's own nodes)."""
    return Node("meeting", urllib.parse.unquote(iri.removeprefix(f"{ID}meeting/")))


def _wait_for_shards(send, what: str, n: int, wait: float) -> list[list[ox.Triple]]:
    """The ``what`` graphs of all ``n`` shards, once they are all on the server."""
    deadline = time.monotonic() + wait
    while True:
        found = [send("GET", f"{_PUSH}{what}-{j}-of-{n}") for j in range(1, n + 1)]
        if all(body is not None for body in found):
            return [list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)) for body in found]
        if time.monotonic() > deadline:
            missing = [str(j) for j, body in enumerate(found, 1) if body is None]
            raise EndpointError(f"shards {', '.join(missing)} of {n} have not pushed within {wait:g} s; push them, "
                                f"then push this shard again to resolve meetings across shards")
        time.sleep(0.2)


def _graph_bodies(graph_dir: Path) -> dict[str, Callable[[], bytes]]:
    """Graph IRI -> a function giving that article graph as Turtle.

    The build's ``cache/blocks.json`` says where each article's block lies in ``graph.ttl`` (read
    with the file's ``@prefix`` header); without it, or if it does not match the file, each graph
    is dumped from the store (slower: the store decodes every term).
    """
    turtle, index = graph_dir / "graph.ttl", graph_dir / "cache" / "blocks.json"
    if turtle.is_file() and index.is_file():
        blocks = json.loads(index.read_text(encoding="utf-8"))
        if blocks.get("graph.ttl") == turtle.stat().st_size:
            with turtle.open("rb") as handle:  # mapped, not read: the file can be hundreds of MB
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if blocks["graph.ttl"] else b""
            header = prefix_header()
            return {graph: (lambda start=start, end=end: header + data[start:end]) for graph, start, end in blocks["blocks"]}
    store = open_store(graph_dir)
    if store is None:
        raise GraphNotFoundError(f"{graph_dir}: no built graph here (run 'kg build ... -o {graph_dir}' first)")
    return {g.value: (lambda g=g: store.dump(format=ox.RdfFormat.TURTLE, from_graph=g)) for g in store.named_graphs()}


def query_endpoint(endpoint: str, sparql: str, params: dict[str, str] | None = None, *,
                   timeout: float = 60.0) -> QueryResult | BooleanResult | GraphResult:
    """Run a query on a SPARQL Protocol ``endpoint`` (Oxigraph: ``http://host:port/query``).

    The query is checked here first, so a syntax error reads as for the local store. The
    project's prefixes it uses without declaring are declared for it (a query that declares
    its own, like the saved ones, is sent as written), and ``params`` are bound as RDF terms
    (see :func:`kg.query.bind_params`). SELECT gives rows, ASK true or false, CONSTRUCT and
    DESCRIBE triples.

    Raises:
        QueryError: a syntax error, a bad parameter, or the server refused the query.
        EndpointError: the server cannot be reached.
    """
    check_syntax(sparql)
    if params:
        sparql = bind_params(sparql, params)
    text = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing_prefixes(sparql) if p in PREFIXES) + sparql
    form = query_form(sparql)
    accept = "application/n-triples" if form in ("CONSTRUCT", "DESCRIBE") else "application/sparql-results+json"
    connection = _Connection(endpoint, timeout)
    try:
        status, answer = connection.request(
            "POST", None, urllib.parse.urlencode({"query": text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    finally:
        connection.close()
    if status != 200:
        raise QueryError(f"{endpoint} answered {status}: {' '.join(answer[:300].decode('utf-8', 'replace').split())}")
    if accept == "application/n-triples":
        try:
            return GraphResult(list(ox.parse(answer, format=ox.RdfFormat.N_TRIPLES)))
        except SyntaxError:
            raise QueryError(f"{endpoint} did not answer with N-Triples") from None
    try:
        results = json.loads(answer)
        if "boolean" in results:
            return BooleanResult(bool(results["boolean"]))
        columns = results["head"]["vars"]
        bindings = results["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise QueryError(f"{endpoint} did not answer with SPARQL JSON results") from None
    return QueryResult(columns, [list(_row(columns, b)) for b in bindings])


def _row(columns: list[str], binding: dict) -> Iterator[str | None]:
    for column in columns:
        value = binding.get(column)
        yield None if value is None else value.get("value")
