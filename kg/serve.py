"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a built graph.

* ``GET /sparql?query=...``, ``POST /sparql`` with ``application/sparql-query`` or a form ``query=...``;
* results as SPARQL JSON (default), CSV or TSV for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE;
* updates are refused (403): the endpoint never changes the graph;
* queries run in a pool of ``workers`` processes forked at start (one per core by default), so at
  most that many run at once; a query still running after ``timeout`` seconds is stopped by killing
  its worker (503), and a fresh worker takes its place, so one runaway query cannot hold the server;
* up to ``queue`` more requests wait (at most ``timeout`` seconds) for a free worker; beyond that the
  server answers 503 "busy" with ``Retry-After`` at once instead of taking on more work than it can do;
* it binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from .errors import KgError
from .query import open_graph
from .vocab import PREFIXES

__all__ = ["make_server", "ServeError"]

_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


class ServeError(KgError):
    """The server cannot start (port in use, a bad option)."""


class _Busy(Exception):
    """Every worker is taken and the queue is full (or the wait ran out)."""


def make_server(graph_dir: Path, host: str = "127.0.0.1", port: int = 7879, timeout: float = 10.0, *,
                workers: int | None = None, queue: int = 32) -> ThreadingHTTPServer:
    """A server (not yet serving) answering SPARQL queries over the graph in ``graph_dir``.

    Args:
        workers: processes running queries, at most this many at once (default: one per core).
        queue: requests that may wait for a free worker; more are answered 503 at once.

    Raises:
        GraphNotFoundError: ``graph_dir`` holds no built graph.
        ServeError: ``host:port`` cannot be listened on, or an option is out of range.
    """
    if not timeout > 0:
        raise ServeError(f"the query timeout must be more than 0 seconds, not {timeout:g}")
    workers = workers or os.cpu_count() or 1
    if workers < 1 or queue < 0:
        raise ServeError(f"workers must be at least 1 and queue at least 0, not {workers} and {queue}")
    store = open_graph(graph_dir)
    pool = _Pool(store, workers, queue, timeout)  # forked before the server has threads

    class Handler(BaseHTTPRequestHandler):
        server_version = "kg-sparql/1"

        def log_message(self, *args):  # keep test and terminal output quiet
            pass

        def do_GET(self):
            url = urlparse(self.path)
            if url.path not in ("/", "/sparql"):
                return self._send(404, b"not found\n", "text/plain")
            params = parse_qs(url.query)
            if "update" in params:
                return self._send(403, b"this endpoint is read-only\n", "text/plain")
            if "query" not in params:
                return self._send(200, b"kg SPARQL endpoint: GET /sparql?query=...\n", "text/plain")
            self._answer(params["query"][0])

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if kind == "application/sparql-update":
                return self._send(403, b"this endpoint is read-only\n", "text/plain")
            if kind == "application/sparql-query":
                return self._answer(body)
            params = parse_qs(body)
            if "update" in params:
                return self._send(403, b"this endpoint is read-only\n", "text/plain")
            if "query" not in params:
                return self._send(400, b"no query\n", "text/plain")
            self._answer(params["query"][0])

        def _answer(self, query: str) -> None:
            accept = self.headers.get("Accept") or ""
            media = next((m for m in _FORMATS if m in accept), "application/sparql-results+json")
            try:
                self._send(*pool.run(query, media))
            except _Busy as busy:
                self._send(503, f"{busy}; retry in a second\n".encode(), "text/plain", {"Retry-After": "1"})

        def _send(self, status: int, payload: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text") else ""))
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

    try:
        return _Server((host, port), Handler, pool)
    except OSError as exc:
        pool.close()
        reason = {errno.EADDRINUSE: "the port is in use (another server? choose one with --port)",
                  errno.EACCES: "permission denied (ports below 1024 need privileges)",
                  errno.EADDRNOTAVAIL: "no such address on this machine"}.get(exc.errno, exc.strerror or str(exc))
        raise ServeError(f"cannot listen on {host}:{port}: {reason}") from None


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the listen backlog: a burst of clients is answered (503 if need be), not reset

    def __init__(self, address, handler, pool: _Pool):
        self.pool = pool
        super().__init__(address, handler)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Pool:
    """``size`` worker processes, each running one query at a time; requests beyond them wait in a bounded queue."""

    def __init__(self, store: ox.Store, size: int, waiting: int, timeout: float):
        self.store, self.timeout = store, timeout
        self.context = multiprocessing.get_context("fork")
        self.idle: queue.Queue = queue.Queue()
        self.limit = size + waiting  # requests running or waiting
        self.admitted = 0
        self.lock = threading.Lock()
        self.processes: set = set()  # every live worker, idle or busy, for close()
        self.closed = False
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self):
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=_work, args=(self.store, theirs, mine, os.getpid()), daemon=True)
        process.start()
        theirs.close()
        with self.lock:
            self.processes.add(process)
        return process, mine

    def run(self, query: str, media: str) -> tuple[int, bytes, str]:
        """(status, payload, content type) of ``query``; raises _Busy when no worker is free soon enough."""
        with self.lock:
            if self.admitted >= self.limit:
                raise _Busy(f"the server is busy ({self.limit} queries running or waiting)")
            self.admitted += 1
        try:
            try:
                process, connection = self.idle.get(timeout=self.timeout)
            except queue.Empty:
                raise _Busy(f"the server is busy (no worker was free within {self.timeout:g} s)") from None
            try:
                connection.send((query, media))
                if connection.poll(self.timeout):
                    answer = connection.recv()
                    self.idle.put((process, connection))
                    return answer
                answer = 503, f"query timed out after {self.timeout:g} s\n".encode(), "text/plain"
            except (EOFError, OSError):
                answer = 500, b"the query process died\n", "text/plain"
            process.kill()  # late or dead: a fresh worker takes its place
            process.join()
            connection.close()
            with self.lock:
                self.processes.discard(process)
            if not self.closed:
                self.idle.put(self._start())
            return answer
        finally:
            with self.lock:
                self.admitted -= 1

    def close(self) -> None:
        """Stop every worker, busy or not."""
        with self.lock:
            self.closed = True
            processes, self.processes = self.processes, set()
        for process in processes:
            process.kill()
            process.join()


def _work(store: ox.Store, connection, parent_end, parent: int) -> None:
    """A worker: answer queries from ``connection`` until the server goes away."""
    parent_end.close()
    while True:
        if not connection.poll(1.0):
            if os.getppid() != parent:  # the server was killed without closing us
                return
            continue
        try:
            query, media = connection.recv()
        except EOFError:
            return
        connection.send(_run(store, query, media))


def _run(store: ox.Store, query: str, media: str) -> tuple[int, bytes, str]:
    """Run the query: (status, bytes, content type)."""
    try:
        result = store.query(query, prefixes=PREFIXES)
        if isinstance(result, ox.QueryTriples):
            return 200, ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES), "application/n-triples"
        return 200, result.serialize(format=_FORMATS[media]), media
    except SyntaxError as exc:
        return 400, f"SPARQL syntax error: {exc}\n".encode(), "text/plain"
    except Exception as exc:  # reported to the client, never crashing the server
        return 500, f"query failed: {exc}\n".encode(), "text/plain"
