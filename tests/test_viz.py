"""The HTML graph: self-contained, offline, and inert for hostile article text."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from kg.build import build


def test_viz_page_loads_nothing_from_the_network(seed_graph):
    page = (seed_graph / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)
    assert "vis.Network" in page and "kg-legend" in page


def test_viz_hostile_titles_and_names_are_data_not_markup(tmp_path):
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'
    (tmp_path / "a.md").write_text(
        f"---\ntitle: '{hostile}'\ndate: 2021-11-24\n---\n\n<p>香港特首林郑月娥昨天宣布通关安排。{hostile}</p>\n",
        encoding="utf-8")
    build(tmp_path, tmp_path / "out")
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    data = page[page.index("nodes = new vis.DataSet"):page.index("edges = new vis.DataSet")]
    assert "<" not in data and ">" not in data  # every string is JSON-escaped (\u003c)
    assert hostile not in page and "<img src=x" not in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium is not installed")
def test_viz_page_draws_the_graph_and_runs_its_own_script_in_headless_chromium(seed_graph, tmp_path):
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000", "--dump-dom",
         (seed_graph / "graph.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    static = (seed_graph / "graph.html").read_text(encoding="utf-8")
    assert "<canvas" not in static and 'data-kg-ready="1"' not in static  # neither is in the page as written
    assert "<canvas" in dom  # vis-network drew the graph from the inlined script
    assert '<body data-kg-ready="1">' in dom  # the page's own script ran to its end (the layout settled)
