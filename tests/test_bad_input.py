"""A messy archive: every bad file is named with its reason, every good article still builds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.query import open_graph, run_query
from kg.reader import MAX_BYTES

GOOD = "---\ntitle: {title}\ndate: 2021-11-24 09:00:00 +08:00\n---\n\n{body}\n"
HOSTILE = 'He said "<b>&amp;</b>" \\ \u202eevil\u202c'  # quotes, markup, backslash, RTL override


def write(folder: Path, name: str, content) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    """A corpus with every kind of bad input next to good articles; built once."""
    root = tmp_path_factory.mktemp("messy")
    corpus = root / "in"
    body = "香港特首林郑月娥昨天表示，通关工作有序推进。"
    huge = GOOD.format(title="huge", body=body)
    bad = {
        "bad-yaml.md": "---\ntitle: [oops\n---\nbody\n",
        "no-close.md": "---\ntitle: x\nbody without end\n",
        "bad-date.md": "---\ntitle: x\ndate: yesterday-ish\n---\nbody\n",
        "title-list.md": "---\ntitle: [a, b]\n---\nbody\n",
        "empty.md": "",
        "blank.md": " \n\t\n  ",
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "huge.md": huge + "\n" * (MAX_BYTES + 1 - len(huge.encode())),  # one byte over the size limit
        "nested.html": "<p>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</p>",
    }
    good = {
        "gbk.txt": "香港特首林郑月娥今日表示，通关工作正有序推进。".encode("gbk"),
        "big5.txt": "香港特首林鄭月娥今日表示，通關工作正有序推進。".encode("big5"),
        "bom.md": "\ufeff" + GOOD.format(title="bom", body=body),
        "crlf.md": GOOD.format(title="crlf", body=body).replace("\n", "\r\n"),
        "script.html": "<html><head><title>t</title><script>alert(1)</script></head><body><iframe src='http://x'>"
                       "</iframe><p onclick='alert(2)'>" + body + "<img src=x onerror=alert(3)>"
                       "<a href='javascript:alert(4)'>link</a></p></body></html>",
        "hostile.md": GOOD.format(title=json.dumps(HOSTILE), body=body + HOSTILE.replace("\\", "")),
        "one/same.md": GOOD.format(title="one", body=body),
        "two/same.md": GOOD.format(title="two", body=body),
    }
    for name, content in {**bad, **good}.items():
        write(corpus, name, content)
    (corpus / "loop").mkdir()
    os.symlink(corpus, corpus / "loop" / "back")  # a symbolic-link loop must not hang the walk
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(corpus), "-o", str(root / "out")])
    return root, result, set(bad), set(good)


def test_bad_input_each_bad_file_is_named_with_its_reason_and_exit_code_3(messy):
    root, result, bad, good = messy
    assert result.exit_code == 3, result.output
    assert f"Read {len(good)} articles, skipped {len(bad)}." in result.output
    reasons = dict(line.strip()[len("skipped "):].split(": ", 1) for line in result.output.splitlines()
                   if line.startswith("  skipped "))
    assert set(reasons) == bad
    assert reasons["bad-yaml.md"] == "front matter is not valid YAML (line 2)"
    assert reasons["no-close.md"] == "front matter has no closing '---' line"
    assert reasons["bad-date.md"].startswith("front matter 'date' is not a date")
    assert reasons["title-list.md"] == "front matter 'title' is a list, not text"
    assert reasons["empty.md"] == reasons["blank.md"] == "holds no article text"
    assert reasons["binary.md"] == "is a binary file, not text"
    assert reasons["huge.md"] == "is too large (5.0 MB; the limit is 5 MB)"
    assert reasons["nested.html"] == "has HTML nested more than 400 levels deep"


def test_bad_input_every_good_article_is_in_the_graph_without_mojibake(messy):
    root, _, _, good = messy
    store = open_graph(root / "out")
    files = {r[0] for r in run_query(store, "SELECT ?f WHERE { ?a kg:fileName ?f }").rows}
    assert files == good
    names = {r[0] for r in run_query(store, "SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n }").rows}
    assert {"林郑月娥", "林鄭月娥"} <= names and not any("\ufffd" in n for n in names)
    titles = {r[0] for r in run_query(store, "SELECT ?t WHERE { ?a dcterms:title ?t }").rows}
    assert HOSTILE in titles  # kept as data, exactly


def test_bad_input_scripts_and_handlers_never_reach_the_text(messy):
    root, _, _, _ = messy
    text = (root / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "alert(" not in text and "javascript:" not in text


def test_bad_input_files_with_the_same_name_in_two_folders_stay_apart(messy):
    root, _, _, _ = messy
    rows = run_query(open_graph(root / "out"), """
        SELECT ?f ?t WHERE { ?a kg:fileName ?f ; dcterms:title ?t FILTER (STRENDS(?f, "same.md")) } ORDER BY ?f""").rows
    assert rows == [["one/same.md", "one"], ["two/same.md", "two"]]


def test_bad_input_unreadable_file_is_reported(tmp_path, monkeypatch):
    write(tmp_path / "in", "ok.md", GOOD.format(title="ok", body="正文。"))
    write(tmp_path / "in", "locked.md", GOOD.format(title="locked", body="正文。"))
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = build(tmp_path / "in", tmp_path / "out", html=False)
    assert report.articles == 1
    assert report.skipped == [("locked.md", "cannot be read (Permission denied)")]


def test_bad_input_nothing_readable_exits_2(tmp_path):
    write(tmp_path / "in", "empty.md", "")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2


def test_bad_input_ten_thousand_tiny_articles_all_build(tmp_path):
    corpus = tmp_path / "tiny"
    corpus.mkdir()
    for i in range(10_000):
        (corpus / f"a{i:05d}.md").write_text(f"---\ntitle: t{i}\n---\n\n第{i}篇。\n", encoding="utf-8")
    report = build(corpus, tmp_path / "out", html=False)
    assert (report.articles, report.skipped) == (10_000, [])


# The build, slowed down only while it streams graph.trig and graph.ttl (20 ms an article), so that a
# kill surely lands while they are being written, whatever the machine's load.
SLOW_WRITER = """
import importlib, sys, time
build = importlib.import_module("kg.build")  # the module (kg.build is also the function)
real = build.digest
build.digest = lambda rendered: (time.sleep(0.02), real(rendered))[1]
from kg.cli import main
main(["build", *sys.argv[1:]])
"""


def test_bad_input_a_build_killed_while_writing_its_outputs_leaves_the_previous_ones_whole(tmp_path):
    corpus = tmp_path / "in"
    for i in range(100):
        write(corpus, f"a{i:03d}.md", GOOD.format(title=f"t{i}", body="香港特首林郑月娥昨天表示，通关工作有序推进。" * 6))
    out = tmp_path / "out"
    one = build(corpus / "a000.md", out)  # the previous build: one article
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    old_trig = (out / "graph.trig").stat()
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(corpus), "-o", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill as soon as the new graph.trig is being written: its temporary exists, or (were it written
    # in place) the old file has changed
    deadline = time.monotonic() + 120
    while not list(out.glob(".graph.trig.*.tmp")) and _same_file(out / "graph.trig", old_trig):
        assert process.poll() is None, "the build ended before it wrote graph.trig"
        assert time.monotonic() < deadline, "the build never began writing graph.trig"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert _processes_building(out, within=5) == []  # its workers went with it
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.endswith(".tmp")}
    assert after == before  # every file output is the old one, whole
    assert list(out.glob(".graph.trig.*.tmp"))  # and the kill did land mid-write
    fresh = build(corpus, tmp_path / "fresh", html=False)
    # the store was swapped in before the files were written: it is the old build's or the new one's, whole
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert run_query(open_graph(out), count).rows in ([[str(one.quads)]], [[str(fresh.quads)]])
    build(corpus, out, html=False)  # the next build finishes what the killed one began (its cache entries are whole)
    for name in ("graph.trig", "graph.ttl"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def _same_file(path: Path, old: os.stat_result) -> bool:
    now = path.stat()
    return (now.st_ino, now.st_size, now.st_mtime_ns) == (old.st_ino, old.st_size, old.st_mtime_ns)


def _processes_building(out: Path, within: float) -> list[int]:
    """Pids of processes whose command line builds into ``out``, after waiting up to ``within`` s for them to go."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and str(out).encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)
