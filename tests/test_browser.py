"""The HTML graph in a real browser: headless Chromium, driven by Playwright, from disk."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-kg-ready='1']", timeout=60000)
    return page, requests, dialogs


def click_node(page, iri):
    point = page.evaluate(
        "id => { const p = network.getPositions([id])[id]; const d = network.canvasToDOM(p);"
        " const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        " return {x: r.left + d.x, y: r.top + d.y}; }", iri)
    page.mouse.click(point["x"], point["y"])


def test_browser_clicking_a_node_shows_its_evidence_and_nothing_loads_from_the_network(browser, seed_graph):
    page, requests, dialogs = open_page(browser, seed_graph / "graph.html")
    assert page.evaluate("nodes.length") > 30
    click_node(page, "https://w3id.org/kg-news/id/person/谭耀宗")
    panel = page.inner_text("#kg-panel")
    assert panel.startswith("谭耀宗")
    assert "中国全国人大常委谭耀宗昨天表示" in panel and "陆港通关对接会议将于明天举行" in panel
    assert [u for u in requests if not u.startswith("file://")] == [] and dialogs == []
    page.fill("#kg-search", "Carrie Lam")
    assert page.inner_text("#kg-panel").startswith("林郑月娥")
    page.uncheck("input[data-cls='PolicyCondition']")
    hidden = page.evaluate("nodes.get().filter(n => n.kg.cls === 'PolicyCondition' && n.hidden).length")
    assert hidden == page.evaluate("nodes.get().filter(n => n.kg.cls === 'PolicyCondition').length") > 0


def test_browser_hostile_article_text_runs_nothing(browser, tmp_path):
    from kg.build import build

    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script><a href='javascript:alert(3)'>x</a>"
    (tmp_path / "a.md").write_text(
        f"---\ntitle: \"{hostile}\"\nlink: javascript:alert(4)\ndate: 2021-11-24\n---\n\n"
        f"<p>香港特首林郑月娥昨天宣布通关安排。&lt;img src=x onerror=alert(5)&gt; {hostile}</p>\n", encoding="utf-8")
    build(tmp_path, tmp_path / "out")
    page, requests, dialogs = open_page(browser, tmp_path / "out" / "graph.html")
    click_node(page, "https://w3id.org/kg-news/id/person/林郑月娥")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert [u for u in requests if not u.startswith("file://")] == []
    assert page.evaluate("document.querySelectorAll('#kg-panel img, #kg-panel script, #kg-panel a').length") == 0
    # as many scripts as the page of a harmless twin of the article: the hostile text added none
    (tmp_path / "twin").mkdir()
    (tmp_path / "twin" / "a.md").write_text(
        "---\ntitle: harmless\nlink: https://example.org/a\ndate: 2021-11-24\n---\n\n"
        "<p>香港特首林郑月娥昨天宣布通关安排。harmless text</p>\n", encoding="utf-8")
    build(tmp_path / "twin", tmp_path / "twin-out")
    twin = (tmp_path / "twin-out" / "graph.html").read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    # pyvis's helpers, vis-network, pyvis's drawGraph, ours
    assert page.evaluate("document.scripts.length") == len(BeautifulSoup(twin, "html.parser").find_all("script")) == 4
