"""A SPARQL server as the graph's home: push article graphs to it, query it.

``push`` sends every article's named graph of a built output folder with the
SPARQL 1.1 Graph Store Protocol: ``PUT <store>?graph=<article graph>`` replaces
that graph whole, so pushing twice, or pushing shards from several processes at
once, leaves the same dataset. Graphs an earlier push from this folder sent and
the build no longer has are deleted (``cache/pushed.json`` remembers them, per
endpoint). The server's default graph is left alone: start it so queries see the
union of the named graphs (``oxigraph serve --union-default-graph``; Virtuoso and
most servers do so by default).

``query_endpoint`` runs a SELECT over the SPARQL 1.1 Protocol, asking for JSON
results (some servers answer RDF/XML unless asked).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError, QueryError
from .io import write_atomic
from .query import QueryResult, _bind, _term
from .store import open_store
from .vocab import PREFIXES

__all__ = ["PushReport", "push", "query_endpoint", "EndpointError"]


class EndpointError(KgError):
    """The server could not be reached or refused a request."""


@dataclass
class PushReport:
    graphs: int = 0
    deleted: int = 0
    triples: int = 0


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
            if self._conn is None:
                cls = http.client.HTTPSConnection if self.url.scheme == "https" else http.client.HTTPConnection
                self._conn = cls(self.url.netloc, timeout=self.timeout)
            try:
                self._conn.request(method, target, body=body, headers=headers)
                response = self._conn.getresponse()
                return response.status, response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                self.close()
                if attempt == 2:
                    raise EndpointError(f"{self.url.geturl()}: {exc}") from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def push(graph_dir: Path, endpoint: str, *, timeout: float = 60.0,
         progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Send every article graph of the build in ``graph_dir`` to the Graph Store ``endpoint``.

    ``endpoint`` is the server's graph store URL (Oxigraph: ``http://host:port/store``).

    Raises:
        GraphNotFoundError: ``graph_dir`` holds no built store.
        EndpointError: the server refused a graph or cannot be reached.
    """
    from .errors import GraphNotFoundError

    graph_dir = Path(graph_dir)
    store = open_store(graph_dir)
    if store is None:
        raise GraphNotFoundError(f"{graph_dir}: no built graph here (run 'kg build ... -o {graph_dir}' first)")
    record = graph_dir / "cache" / "pushed.json"
    pushed = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    key = hashlib.sha256(endpoint.encode()).hexdigest()[:16]
    graphs = sorted(g.value for g in store.named_graphs())
    report = PushReport()
    connection = _Connection(endpoint, timeout)
    try:
        for index, graph in enumerate(graphs, 1):
            body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
            status, answer = connection.request("PUT", {"graph": graph}, body,
                                                {"Content-Type": "application/n-triples"})
            if status not in (200, 201, 204):
                raise EndpointError(f"{endpoint}: PUT of graph {graph} answered {status} {answer[:200]!r}")
            report.graphs += 1
            report.triples += body.count(b"\n")
            if progress:
                progress(index, len(graphs))
        for graph in sorted(set(pushed.get(key, [])) - set(graphs)):
            status, answer = connection.request("DELETE", {"graph": graph}, None, {})
            if status not in (200, 204, 404):
                raise EndpointError(f"{endpoint}: DELETE of graph {graph} answered {status} {answer[:200]!r}")
            report.deleted += 1
    finally:
        connection.close()
    pushed[key] = graphs
    write_atomic(record, json.dumps(pushed, indent=0, sort_keys=True) + "\n")
    return report


def query_endpoint(endpoint: str, sparql: str, params: dict[str, str] | None = None, *,
                   timeout: float = 60.0) -> QueryResult:
    """Run a SELECT query on a SPARQL Protocol ``endpoint`` (Oxigraph: ``http://host:port/query``).

    The project's prefixes are declared for the query, and ``params`` are bound as
    RDF terms, as for the local store (see :func:`kg.query.run_query`).
    """
    if params:
        sparql = _bind(sparql, {name: _term(value) for name, value in params.items()})
    text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + sparql
    connection = _Connection(endpoint, timeout)
    try:
        status, answer = connection.request(
            "POST", None, urllib.parse.urlencode({"query": text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    finally:
        connection.close()
    if status != 200:
        raise QueryError(f"{endpoint} answered {status}: {answer[:300].decode('utf-8', 'replace').strip()}")
    try:
        results = json.loads(answer)
        columns = results["head"]["vars"]
        bindings = results["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise QueryError(f"{endpoint} did not answer with SPARQL JSON results (only SELECT queries are supported)") from None
    return QueryResult(columns, [list(_row(columns, b)) for b in bindings])


def _row(columns: list[str], binding: dict) -> Iterator[str | None]:
    for column in columns:
        value = binding.get(column)
        yield None if value is None else value.get("value")
