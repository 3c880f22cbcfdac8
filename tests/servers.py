"""Real SPARQL servers on free loopback ports, for the push and query tests and for bench/run.py.

Oxigraph (the ``oxigraph`` binary of the ``oxigraph`` wheel, the test extra) and Virtuoso (Debian's
``virtuoso-opensource``), each started with a new database in a folder of its own and stopped on
leaving the ``with`` block. :func:`missing` says why one cannot be started here (the tests skip with
that reason).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVERS = ("oxigraph", "virtuoso")


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: where ``kg push`` sends graphs and where queries go."""

    name: str
    store: str  # its SPARQL 1.1 Graph Store Protocol URL (kg push --endpoint)
    query: str  # its SPARQL 1.1 Protocol query URL (kg query --endpoint)
    sql: str | None = None  # Virtuoso: its SQL port, HOST:PORT for isql-vt (user dba, password dba)


def missing(kind: str) -> str | None:
    """Why a server of ``kind`` cannot be started here, or None when it can."""
    if kind == "oxigraph":
        return None if Path(oxigraph_binary()).exists() else "the oxigraph server is not installed (pip install oxigraph)"
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        return "Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)"
    return None


@contextmanager
def sparql_server(kind: str, location: Path, *, memory_mb: int = 160, query_seconds: int = 600,
                  readable: Path | None = None) -> Iterator[Server]:
    """A new server of ``kind`` (one of :data:`SERVERS`) in the folder ``location``. ``memory_mb`` sizes
    Virtuoso's page buffers (Oxigraph sizes its own); Virtuoso stops a query after ``query_seconds``
    (Oxigraph has no such limit) and may read files in the folder ``readable`` (its bulk loader)."""
    if kind == "oxigraph":
        with oxigraph_server(location) as base:
            yield Server(kind, base + "/store", base + "/query")
    else:
        with virtuoso_server(location, memory_mb=memory_mb, query_seconds=query_seconds, readable=readable) as (base, sql):
            yield Server(kind, base + "/sparql-graph-crud", base + "/sparql", sql)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_it_answers(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer {url} within {seconds:g} s "
                                   f"(exit code {process.poll()})") from None
            time.sleep(0.1)


def oxigraph_binary() -> str:
    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A real Oxigraph SPARQL server on a free loopback port (its base URL), queries over the union of
    the named graphs."""
    port = _free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_it_answers(base + "/query?query=ASK%7B%7D", process, 10)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


# A new database in the server's folder, listening on loopback only. CaseMode 2 as Debian's own
# virtuoso.ini has it (without it, ASK answers as a SELECT of "__ASK_RETVAL"). ResultSetMaxRows is
# raised from 10,000 so that reading every pushed quad back is not cut short. Buffers are 8 kB pages;
# Virtuoso advises about 2/3 of them as the most that may be dirty. A query that runs past
# MaxQueryExecutionTime is answered 500 "SR171: Transaction timed out" (not cut-short rows).
VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = {dirs}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = .
ServerThreads = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {seconds}
"""

# What the README has Virtuoso users run once: let /sparql-graph-crud (no login) write graphs.
VIRTUOSO_GRANTS = "grant SPARQL_UPDATE to \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@contextmanager
def virtuoso_server(location: Path, *, memory_mb: int = 160, query_seconds: int = 600,
                    readable: Path | None = None) -> Iterator[tuple[str, str]]:
    """A real Virtuoso with a new database in ``location``, on free loopback ports (its HTTP base URL,
    and its SQL HOST:PORT), its Graph Store endpoint open to writes."""
    location.mkdir(parents=True, exist_ok=True)
    sql, http = _free_port(), _free_port()
    buffers = memory_mb * 1024 // 8
    (location / "virtuoso.ini").write_text(
        VIRTUOSO_INI.format(sql=sql, http=http, buffers=buffers, dirty=buffers * 2 // 3, seconds=query_seconds,
                            dirs=", ".join([".", *([str(readable.resolve())] if readable else [])])), encoding="utf-8")
    process = subprocess.Popen([shutil.which("virtuoso-t"), "-f", "-c", "virtuoso.ini"], cwd=location,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        _wait_until_it_answers(base + "/sparql?query=ASK%7B%7D", process, 120)
        isql(f"127.0.0.1:{sql}", VIRTUOSO_GRANTS)
        yield base, f"127.0.0.1:{sql}"
    finally:
        process.terminate()
        process.wait(timeout=120)


def isql(address: str, statements: str, timeout: float = 60) -> str:
    """Run SQL ``statements`` on the Virtuoso at ``address`` (HOST:PORT) as its dba: their output."""
    return subprocess.run([shutil.which("isql-vt"), address, "dba", "dba", "exec=" + statements], check=True,
                          capture_output=True, text=True, timeout=timeout).stdout


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def lexical_value(term: dict) -> str:
    """A SPARQL JSON result term's value in canonical form: Virtuoso stores booleans as 0 and 1 and
    answers ``"1"^^xsd:boolean`` where Oxigraph answers ``"true"``; the same value."""
    if term.get("datatype") == XSD_BOOLEAN:
        return {"1": "true", "0": "false"}.get(term["value"], term["value"])
    return term["value"]
