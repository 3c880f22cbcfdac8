"""A SPARQL server as the graph's home: push article graphs to it, query it.

``push`` sends every article's named graph of a built output folder with the
SPARQL 1.1 Graph Store Protocol: ``PUT <store>?graph=<article graph>`` replaces
that graph whole, so pushing twice leaves the same dataset. Graphs an earlier push
from this folder sent and the build no longer has are deleted (``cache/pushed.json``
remembers them, per endpoint). The server's default graph is left alone: start it so
queries see the union of the named graphs (``oxigraph serve --union-default-graph``;
Virtuoso and most servers do so by default).

``query_endpoint`` runs a query over the SPARQL 1.1 Protocol, asking for JSON results
(some servers answer RDF/XML unless asked), or N-Triples for CONSTRUCT and DESCRIBE.

Tested against Oxigraph and Virtuoso 7.2 (Debian's ``virtuoso-opensource``). What Virtuoso does
differently and how kg meets it: it keeps the backslash of an escaped character in a prefixed
name (``position:李家超\\%7C…``), so such graphs are sent as N-Triples (:func:`_portable`); it
stores booleans as 0 and 1 and answers ``"1"^^xsd:boolean``, which results give as ``true`` as
the local store does; it lowercases language tags (equal in RDF 1.1).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import mmap
import random
import re
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
from .rdf import prefix_header
from .sparql_text import missing_prefixes, query_form
from .store import open_store
from .vocab import PREFIXES

__all__ = ["PushReport", "push", "query_endpoint", "EndpointError"]


class EndpointError(KgError):
    """The server could not be reached or refused a request."""


@dataclass
class PushReport:
    graphs: int = 0
    deleted: int = 0


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


def push(graph_dir: Path, endpoint: str, *, timeout: float = 60.0, connections: int = 4,
         progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Send every article graph of the build in ``graph_dir`` to the Graph Store ``endpoint``.

    ``endpoint`` is the server's graph store URL (Oxigraph: ``http://host:port/store``). Graphs go
    over ``connections`` keep-alive connections at once; each PUT replaces one graph, so the order
    does not matter. The build is whole, corpus-level resolution included (a build on a cluster,
    ``kg build --scheduler``, is one folder like a local one), so the push has nothing to
    coordinate: it sends graphs.

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

    def send(method: str, graph: str, body: bytes | None = None) -> None:
        """PUT (Turtle) or DELETE one graph."""
        if not hasattr(local, "connection"):
            local.connection = _Connection(endpoint, timeout)
            with lock:
                opened.append(local.connection)
        headers = {"Content-Type": "text/turtle; charset=utf-8"} if body is not None else {}
        for attempt in range(_RETRIES + 1):  # PUT and DELETE are idempotent: sending one again is safe
            status, answer = local.connection.request(method, {"graph": graph}, body, headers)
            if not _transient(status, answer) or attempt == _RETRIES:
                break
            time.sleep(random.uniform(0.5, 1.5) * 0.05 * 2 ** attempt)  # spread out, so they do not collide again
        if status not in ((200, 201, 204) if method == "PUT" else (200, 204, 404)):
            raise EndpointError(f"{endpoint}: {method} of graph {graph} answered {status} "
                                f"{answer[:200].decode('utf-8', 'replace')!r}")

    failed = threading.Event()

    def put(graph: str) -> None:
        if failed.is_set():  # an earlier graph failed: the push ends with its error, nothing more is sent
            return
        try:
            send("PUT", graph, _portable(bodies[graph]()))  # sliced from the mapped file now, not all up front
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
    finally:
        for connection in opened:
            connection.close()
    pushed[key] = graphs
    write_atomic(record, json.dumps(pushed, indent=0, sort_keys=True) + "\n")
    return report


_RETRIES = 6  # times a request the server could not do now is sent again (waits of ~0.05 s doubling: ~6 s in all)


def _transient(status: int, answer: bytes) -> bool:
    """Whether the server refused a request only for now: 503, or a deadlocked transaction (SQLSTATE
    40001; Virtuoso answers 500 "SR172: Transaction deadlocked" when concurrent PUTs collide)."""
    return status == 503 or (status == 500 and b"40001" in answer[:2000])


# An escaped character in a prefixed name (position:李家超\%7C…, condition:3\+4). Oxigraph writes these,
# as Turtle allows, but Virtuoso 7.2's parser keeps the backslash in the IRI. Outside prefixed names
# oxigraph writes a backslash only in a literal, where it is followed by [tbnrf"'\\uU] or doubled.
_LOCAL_ESCAPE = re.compile(rb"[^\\]\\[-_~.!$&'()*+,;=/?#@%]")


def _portable(turtle: bytes) -> bytes:
    """``turtle`` as every server reads it: a graph with escaped prefixed names is sent as N-Triples
    (also Turtle: full IRIs, no escapes in them), the others as they are (smaller, no work)."""
    if not _LOCAL_ESCAPE.search(turtle):
        return turtle
    return ox.serialize(ox.parse(turtle, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)


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


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _row(columns: list[str], binding: dict) -> Iterator[str | None]:
    for column in columns:
        value = binding.get(column)
        if value is None:
            yield None
        elif value.get("datatype") == _BOOLEAN:  # Virtuoso writes true as "1": the canonical form, as locally
            yield {"1": "true", "0": "false"}.get(value["value"], value["value"])
        else:
            yield value.get("value")
