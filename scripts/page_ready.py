"""How long a page written by kg viz takes to be ready in headless Chromium, and to answer a search.

Usage: python scripts/page_ready.py PAGE.html [--runs 3] [--search NAME]

"Ready" is the time from the page being asked for to its first drawing of the graph (the page
records it as ``data-kg-ready-ms`` on <body>). Prints the size, each run's time, and the time the
search box takes to list the matches for NAME (default: 李家超).
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search", default="李家超")
    options = parser.parse_args()
    print(f"{options.page}: {options.page.stat().st_size / 1e6:.2f} MB")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for run in range(1, options.runs + 1):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(options.page.resolve().as_uri())
            page.wait_for_selector("body[data-kg-ready='1']", timeout=60000)
            ready = int(page.evaluate("document.body.dataset.kgReadyMs"))
            started = time.perf_counter()
            page.fill("#kg-search", options.search)
            first = page.inner_text("#kg-results > :first-child")
            searched = time.perf_counter() - started
            print(f"run {run}: ready in {ready / 1000:.2f} s; search {options.search!r}: {searched:.2f} s, "
                  f"first match {first!r}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
