"""Regenerate the README's screenshots: the seed graph, and a focused view with a node's evidence open.

Usage: python scripts/screenshots.py   (needs Debian's chromium and the playwright package)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.build import build
from kg.viz import render_html

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="kg-shots-"))
    build(ROOT / "seeds", out)
    (out / "focus.html").write_text(render_html(out, focus="李家超", hops=2), encoding="utf-8")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for page_name, shot, node in (("graph.html", "seed-graph.png", "person/谭耀宗"),
                                      ("focus.html", "focus-graph.png", "person/李家超")):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto((out / page_name).as_uri())
            page.wait_for_selector("body[data-kg-ready='1']", timeout=60000)
            point = page.evaluate(
                "id => { const d = network.canvasToDOM(network.getPositions([id])[id]);"
                " const r = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
                " return {x: r.left + d.x, y: r.top + d.y}; }", f"https://w3id.org/kg-news/id/{node}")
            page.mouse.click(point["x"], point["y"])
            page.screenshot(path=str(ROOT / "docs" / shot))
            print(f"wrote docs/{shot}")
        browser.close()


if __name__ == "__main__":
    main()
