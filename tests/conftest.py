"""Shared fixtures: the seed graph is built once per test session."""

from __future__ import annotations

import os
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

import pytest
from hypothesis import Phase, settings

# Property tests try 300 inputs each; under mutation testing (`mutmut run` passes
# --hypothesis-profile=mutation) every mutant reruns them: 25 inputs find a broken parser as surely
# for a fraction of the time, and a failure is not shrunk (shrinking a mutant's failure to its
# smallest input can take longer than the timeout, which would count a clear kill as a timeout).
settings.register_profile("suite", max_examples=300)
settings.register_profile("mutation", max_examples=25, phases=[Phase.explicit, Phase.generate], database=None)
settings.load_profile("suite")

from kg.article import Article
from kg.build import build
from kg.extractors import run_pipeline
from kg.query import open_graph, run_query, saved_query
from kg.reader import _assemble, article_id
from kg.text import detect_script

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """In CI (``CI=true``, where ../shared and Chromium are provided) a skipped test is a failure:
    a test that silently stops running proves nothing. Reasons are listed by ``-rs`` (pyproject)."""
    if os.environ.get("CI") == "true" and _SKIPPED and exitstatus == pytest.ExitCode.OK:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(f"CI=true: {len(_SKIPPED)} tests were skipped, which CI counts as a failure: "
                                + ", ".join(_SKIPPED), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-graph")
    build(SEEDS, out)
    return out


@pytest.fixture(scope="session")
def seed_store(seed_graph):
    return open_graph(seed_graph)


@pytest.fixture(scope="session")
def ask(seed_store):
    """Run a saved query (by name) on the seed graph; rows as dicts."""

    def run(name: str) -> list[dict]:
        return run_query(seed_store, saved_query(name)).as_dicts()

    return run


def make_article(body: str, *, published: str | None = "2021-11-24T09:00:00+08:00", file: str = "t.md",
                 title: str | None = None) -> Article:
    """An Article from hand-written body text (paragraphs separated by blank lines)."""
    from datetime import datetime

    paragraphs = [p.strip() for p in body.strip().split("\n") if p.strip()]
    text, para_spans, sentence_spans = _assemble(paragraphs)
    return Article(
        id=article_id(file), file=file, title=title, url=None,
        published=datetime.fromisoformat(published) if published else None, outlet=None,
        script=detect_script(text), text=text, paragraphs=tuple(para_spans), sentences=tuple(sentence_spans),
    )


def extract(body: str, **kwargs):
    """Run every extractor over a hand-written article."""
    return run_pipeline(make_article(body, **kwargs))


def facts_of(doc, predicate_local: str) -> set[tuple[str, str]]:
    """(subject key, object) pairs of the doc's facts with a predicate ending in ``predicate_local``."""
    out = set()
    for fact in doc.facts:
        if str(fact.predicate).endswith(("#" + predicate_local, "/" + predicate_local)):
            obj = fact.object.key if hasattr(fact.object, "key") else str(fact.object)
            out.add((fact.subject.key, obj))
    return out


def entity_keys(doc, kind: str) -> set[str]:
    return {e.node.key for e in doc.entities if e.node.kind == kind}


def entity_labels(doc, kind: str) -> set[str]:
    return {e.label for e in doc.entities if e.node.kind == kind}


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: where ``kg push`` sends graphs and where queries go."""

    name: str
    store: str  # its SPARQL 1.1 Graph Store Protocol URL (kg push --endpoint)
    query: str  # its SPARQL 1.1 Protocol query URL (kg query --endpoint)


SERVERS = ("oxigraph", "virtuoso")


@contextmanager
def sparql_server(kind: str, location: Path) -> Iterator[Server]:
    """A real server of ``kind`` (one of :data:`SERVERS`) on free loopback ports, started in ``location``."""
    if kind == "oxigraph":
        with oxigraph_server(location) as base:
            yield Server(kind, base + "/store", base + "/query")
    else:
        with virtuoso_server(location) as base:
            yield Server(kind, base + "/sparql-graph-crud", base + "/sparql")


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


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A real Oxigraph SPARQL server on a free loopback port (its base URL), queries over the union of
    the named graphs; skips the test when the ``oxigraph`` binary (the ``oxigraph`` wheel) is absent."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_it_answers(base + "/query?query=ASK%7B%7D", process, 10)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


# A new database in the server's folder, listening on loopback only. CaseMode 2 as Debian's own
# virtuoso.ini has it (without it, ASK answers as a SELECT of "__ASK_RETVAL"). ResultSetMaxRows is
# raised from 10,000 so that reading every pushed quad back is not cut short.
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
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = .
ServerThreads = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
"""

# What the README has Virtuoso users run once: let /sparql-graph-crud (no login) write graphs.
VIRTUOSO_GRANTS = "grant SPARQL_UPDATE to \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@contextmanager
def virtuoso_server(location: Path) -> Iterator[str]:
    """A real Virtuoso (Debian's ``virtuoso-opensource``) with a new database in ``location``, on free
    loopback ports (its HTTP base URL), its Graph Store endpoint open to writes; skips the test when
    ``virtuoso-t`` is absent."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not (binary and isql):
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    location.mkdir(parents=True, exist_ok=True)
    sql, http = _free_port(), _free_port()
    (location / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql=sql, http=http), encoding="utf-8")
    process = subprocess.Popen([binary, "-f", "-c", "virtuoso.ini"], cwd=location,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        _wait_until_it_answers(base + "/sparql?query=ASK%7B%7D", process, 120)
        subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", "exec=" + VIRTUOSO_GRANTS], check=True,
                       capture_output=True, timeout=60)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)
