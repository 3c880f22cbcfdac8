"""Regenerate the README's screenshots of the page (kg viz) in headless Chromium.

Usage: python scripts/screenshots.py [--bench DIR]
  (needs Debian's chromium and the playwright package)

* docs/seed-graph.png: the seed graph, 谭耀宗 selected;
* docs/focus-graph.png: ``--focus 李家超 --hops 2`` on the seeds;
* with ``--bench DIR`` (a build of ../shared/corpus/bench-2111, say), docs/overview-bench.png: its
  default page, and docs/timeline-strip.png: its timeline strip with a meeting chosen.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.build import build
from kg.viz import render_html

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def open_page(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-kg-ready='1']", timeout=60000)
    return page


def click_node(page, label: str) -> None:
    point = page.evaluate(
        "label => { const id = kg.idOf(label); const d = network.canvasToDOM(network.getPositions([id])[id]);"
        " const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
        " return {x: r.left + d.x, y: r.top + d.y}; }", label)
    page.mouse.click(point["x"], point["y"])
    page.mouse.move(12, 660, steps=5)  # to an empty corner of the canvas, so no tooltip covers the picture
    page.wait_for_timeout(400)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, help="a build of a month of news (bench-2111)")
    bench = parser.parse_args().bench
    out = Path(tempfile.mkdtemp(prefix="kg-shots-"))
    build(ROOT / "seeds", out)
    (out / "focus.html").write_text(render_html(out, focus="李家超", hops=2), encoding="utf-8")
    if bench:
        (out / "bench.html").write_text(render_html(bench), encoding="utf-8")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = open_page(browser, out / "graph.html")
        click_node(page, "谭耀宗")
        save(page, "seed-graph.png")
        page = open_page(browser, out / "focus.html")
        save(page, "focus-graph.png")
        if bench:
            page = open_page(browser, out / "bench.html")
            save(page, "overview-bench.png")
            # a meeting of the reopening talks, chosen on the strip: the graph focuses on who took part
            page.evaluate("kg.selectEvent(kg.events.findIndex(e => e.kind === 'meeting'"
                          " && kg.label(e.node).startsWith('docking meeting #2')))")
            page.locator("#kg-timeline").screenshot(path=str(ROOT / "docs" / "timeline-strip.png"))
            print("wrote docs/timeline-strip.png")
        browser.close()


def save(page, name: str) -> None:
    page.screenshot(path=str(ROOT / "docs" / name))
    print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
