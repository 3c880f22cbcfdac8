"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a built graph.

* ``GET /sparql?query=...``, ``POST /sparql`` with ``application/sparql-query`` or a form ``query=...``;
* results as SPARQL JSON (default), CSV or TSV for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE;
* updates are refused (403): the endpoint never changes the graph;
* every query runs in a forked child process that is killed after ``timeout`` seconds (503),
  so one runaway query cannot hold the server;
* it binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import multiprocessing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from .query import open_graph
from .vocab import PREFIXES

__all__ = ["make_server"]

_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


def make_server(graph_dir: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0) -> ThreadingHTTPServer:
    """A server (not yet serving) answering SPARQL queries over the graph in ``graph_dir``."""
    store = open_graph(graph_dir)
    context = multiprocessing.get_context("fork")

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
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_run, args=(store, query, media, sender), daemon=True)
            child.start()
            sender.close()
            if not receiver.poll(timeout):
                child.kill()
                child.join()
                return self._send(503, f"query timed out after {timeout:g} s\n".encode(), "text/plain")
            try:
                status, payload, content_type = receiver.recv()
            except EOFError:
                status, payload, content_type = 500, b"the query process died\n", "text/plain"
            child.join()
            self._send(status, payload, content_type)

        def _send(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text") else ""))
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return ThreadingHTTPServer((host, port), Handler)


def _run(store: ox.Store, query: str, media: str, sender) -> None:
    """In the child: run the query and send (status, bytes, content type) back."""
    try:
        result = store.query(query, prefixes=PREFIXES)
        if isinstance(result, ox.QueryTriples):
            payload = ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES)
            sender.send((200, payload, "application/n-triples"))
        else:
            sender.send((200, result.serialize(format=_FORMATS[media]), media))
    except SyntaxError as exc:
        sender.send((400, f"SPARQL syntax error: {exc}\n".encode(), "text/plain"))
    except Exception as exc:  # reported to the client, never crashing the server
        sender.send((500, f"query failed: {exc}\n".encode(), "text/plain"))
    finally:
        sender.close()
