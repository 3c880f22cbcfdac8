"""Nothing lost: an extractor's crash costs only its own facts, and a build that reads nothing keeps the last one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

from kg.build import build
from kg.cli import main
from kg.extractors import _REGISTRY, PIPELINE, Extractor, registry, run_pipeline
from kg.model import Mention, Node
from kg.query import open_graph, run_query, saved_query
from kg.vocab import KG

from conftest import SEEDS, make_article

MEETINGS = dict(PIPELINE)["meetings"]  # the registered name and version the build runs
GOOD = "---\ntitle: {title}\ndate: 2021-11-24 09:00:00 +08:00\n---\n\n{body}\n"
BORDER = "香港特首林郑月娥昨天表示，通关工作有序推进，政务司司长李家超将于下周在深圳举行第二次对接会议。"


@pytest.fixture
def broken_meetings(monkeypatch):
    """The meetings extractor replaced by one that adds a fact, then raises (as a bug in it would)."""
    real = next(ex for ex in registry() if ex.name == MEETINGS)

    def crash(doc, knowledge):
        doc.add(Node("meeting", "half-added"), KG.meetingKind, Literal("docking"), [Mention(0, 2)], real.name)
        raise AttributeError("'NoneType' object has no attribute 'value'")

    monkeypatch.setitem(_REGISTRY, MEETINGS, Extractor(real.name, crash, real.needs, real.adds))
    return real


def _rows(out: Path, name: str) -> list[list]:
    return sorted(run_query(open_graph(out), saved_query(name)).rows)


def test_pipeline_a_failing_extractor_loses_only_its_own_facts(broken_meetings):
    article = make_article(BORDER)
    doc = run_pipeline(article)
    assert [name for name, _ in doc.failures] == [MEETINGS]
    assert "AttributeError: 'NoneType' object has no attribute 'value'" in doc.failures[0][1]
    assert not [f for f in doc.facts if f.extractor == MEETINGS]  # nothing half-added
    assert {f.extractor for f in doc.facts} >= {"people.v2", "places.v1", "claims.v1"}  # before and after it


def test_build_an_extractor_failure_is_reported_and_the_articles_other_facts_kept(tmp_path, broken_meetings):
    clean = tmp_path / "clean"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(_REGISTRY, MEETINGS, broken_meetings)
        build(SEEDS, clean, html=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(out), "--no-html"])
    assert result.exit_code == 3, result.output
    seeds = sorted(p.name for p in SEEDS.iterdir())
    reported = [line.strip() for line in result.output.splitlines() if "failed" in line]
    assert [line.partition(" (")[0] for line in reported] == [f"{name}: extractor {MEETINGS} failed" for name in seeds]
    assert all("(AttributeError: 'NoneType' object has no attribute 'value'" in line
               and line.endswith("; its other facts are in the graph") for line in reported)
    failures = json.loads((out / "build.json").read_text())["failures"]
    assert [(name, extractor) for name, extractor, _ in failures] == [(name, MEETINGS) for name in seeds]
    assert _rows(out, "meetings") == []
    for query in ("people", "organizations", "positions", "conditions"):  # none of them reads meetings
        assert _rows(out, query) == _rows(clean, query), query
    assert len(_rows(out, "claims")) >= len(_rows(clean, "claims"))  # more: no meeting date to tell apart


def test_build_a_fixed_extractor_runs_again_on_the_articles_it_failed(tmp_path, broken_meetings):
    out = tmp_path / "out"
    build(SEEDS, out, html=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(_REGISTRY, MEETINGS, broken_meetings)  # the fix (same code fingerprint)
        report = build(SEEDS, out, html=False)
        build(SEEDS, tmp_path / "fresh", html=False)
    assert (report.extracted, report.failures) == (5, [])
    for name in ("graph.trig", "graph.ttl", "build.json"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()


def test_meetings_a_counted_meeting_with_no_date_is_the_articles_own(tmp_path):
    doc = run_pipeline(make_article("特首林郑月娥表示，这次会议打好良好基础，本港持续清零是通关的条件，期望争取开第二次会议，推进通关。"))
    assert doc.failures == []
    counted = {f.subject for f in doc.facts if f.predicate == KG.ordinal}
    assert counted and all(node.scope == doc.article.id and node.key == "meeting-2" for node in counted)


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _quads(out: Path) -> int:
    return len(open_graph(out))


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A good build of the seeds, to be kept by builds that read nothing."""
    out = tmp_path_factory.mktemp("previous") / "out"
    build(SEEDS, out)
    return out


@pytest.mark.parametrize("files, why", [
    ({}, "no article file (.md, .markdown, .txt, .html, .htm) under {src}; {out} is left as it was."),
    ({"notes.pdf": "x", "data.json": "{}"}, "no article file (.md, .markdown, .txt, .html, .htm) under {src}; "
                                            "{out} is left as it was."),
    ({"bad.md": "---\ntitle: [x\n---\nbody\n", "empty.txt": ""}, "every file was skipped; {out} is left as it was."),
    ({f"bad{i:03d}.md": "" for i in range(250)}, "every file was skipped; {out} is left as it was."),  # > patch limit
], ids=["empty folder", "no known kind", "all bad", "many bad"])
def test_build_that_reads_nothing_leaves_the_previous_build_intact(tmp_path, previous, files, why):
    out = tmp_path / "out"
    import shutil

    shutil.copytree(previous, out)
    before, quads = _outputs(out), _quads(out)
    source = tmp_path / "source"
    source.mkdir()
    for name, content in files.items():
        (source / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Nothing built: " + why.format(src=source, out=out)
    assert _outputs(out) == before
    assert _quads(out) == quads
    assert run_query(open_graph(out), saved_query("people")).rows  # still the seeds' graph


def test_build_allow_empty_writes_an_empty_graph_when_asked(tmp_path, previous):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(previous, out)
    (tmp_path / "source").mkdir()
    result = CliRunner().invoke(main, ["build", str(tmp_path / "source"), "-o", str(out), "--allow-empty"])
    assert result.exit_code == 2
    assert _quads(out) == 0


def test_build_killed_after_its_new_store_but_before_its_files_leaves_no_mix(tmp_path, monkeypatch):
    """A new store is trusted only once graph.trig/graph.ttl match it: in between, readers see the old files."""
    import importlib

    from kg.store import store_is_current

    building = importlib.import_module("kg.build")  # the module (kg.build is also the function's name)
    out = tmp_path / "out"
    build(SEEDS / "000_c506f010440d950d.txt", out, html=False)  # the previous build: one article
    before = _rows(out, "people")

    def killed(path):
        raise KeyboardInterrupt  # as if the build died here: the new store is in, the files are not

    monkeypatch.setattr(building, "PATCH_LIMIT", (0, 0))  # a new store is written and swapped in
    with monkeypatch.context() as patch:
        patch.setattr(building, "atomic_writer", killed)
        with pytest.raises(KeyboardInterrupt):
            build(SEEDS, out, html=False)
    assert not store_is_current(out)
    assert _rows(out, "people") == before  # the old files, not the new store
    build(SEEDS, out, html=False)
    build(SEEDS, tmp_path / "fresh", html=False)
    assert store_is_current(out) and _rows(out, "people") == _rows(tmp_path / "fresh", "people") != before


def test_pipeline_a_failure_is_one_line_naming_where_in_kg_it_was_raised():
    import re as regex

    from kg.extractors import _describe

    with pytest.raises(ValueError) as inside:
        registry((("people", "nope.v1"),))
    assert regex.fullmatch(r"ValueError: module kg\.extractors\.people does not register 'nope\.v1' \(__init__\.py:\d+\)",
                           _describe(inside.value))
    with pytest.raises(ValueError) as outside:
        raise ValueError("first line\n   second" + "x" * 300)
    assert _describe(outside.value) == "ValueError: " + ("first line second" + "x" * 300)[:200]  # no kg frame
