"""Shared fixtures: the seed graph is built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
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
from servers import Server, missing
from servers import sparql_server as start_server

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


@contextmanager
def sparql_server(kind: str, location: Path) -> Iterator[Server]:
    """A real server of ``kind`` (see tests/servers.py) started in ``location``; skips the test, with
    the reason, when that server is not installed."""
    reason = missing(kind)
    if reason:
        pytest.skip(reason)
    with start_server(kind, location) as server:
        yield server
