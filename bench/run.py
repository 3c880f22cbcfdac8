"""Benchmark kg on a corpus and print its figures, with ratios against baselines measured in the same run.

Usage:
    python bench/run.py [CORPUS] [--jobs N] [--query-articles N]

CORPUS defaults to ../shared/corpus/bench-2111 when it exists, else a synthetic corpus generated from
seeds/ (names and dates varied) with --synthetic N articles. Figures:

* parse floor: reading every file into an Article (front matter + HTML cleaning), one core;
* build: `kg build CORPUS --no-html --jobs N` in a subprocess, wall time and peak RSS;
* queries: each saved query on the built graph, median of 5 runs in Oxigraph, against rdflib's
  in-memory store loaded with the graph of the first --query-articles articles (rdflib cannot hold the
  full graph of a large corpus in reasonable time), both measured on that same subset.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.query import list_saved_queries, open_graph, run_query, saved_query  # noqa: E402
from kg.reader import iter_article_files, read_article  # noqa: E402
from kg.vocab import PREFIXES  # noqa: E402


def synthetic_corpus(folder: Path, count: int) -> Path:
    """Seed articles with their people, numbers and dates varied: a corpus of ``count`` files."""
    rng = random.Random(7)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").iterdir())]
    surnames, given = "陈李张黄何林梁吴", "志国家明伟文华德俊英"
    for i in range(count):
        text = seeds[i % len(seeds)]
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        text = text.replace("谭耀宗", name).replace("1000", str(rng.randint(500, 9000)))
        text = text.replace("2021-11-", f"2021-{rng.randint(10, 12):02d}-")
        (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def parse_floor(corpus: Path) -> tuple[float, int]:
    start, count = time.perf_counter(), 0
    for path, name in iter_article_files(corpus):
        try:
            read_article(path, name)
            count += 1
        except Exception:
            pass
    return time.perf_counter() - start, count


def timed_build(corpus: Path, out: Path, jobs: int) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--no-html",
                    "--jobs", str(jobs)], check=False, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak_mb


def median_ms(run, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _rdflib_median(dataset, text: str, budget: float) -> float | None:
    """Median ms of a query in rdflib, run in a forked child so a slow one can be cut off (None)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child():
        sender.send(median_ms(lambda: list(dataset.query(text)), repeat=3))

    process = context.Process(target=child, daemon=True)
    process.start()
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        if receiver.poll(0.2):
            value = receiver.recv()
            process.join()
            return value
        if not process.is_alive():
            return float("nan")  # rdflib failed on this query
    process.kill()
    process.join()
    return None


def query_figures(corpus: Path, articles: int, work: Path, budget: float) -> list[tuple[str, float, float | None]]:
    """Median ms per saved query in Oxigraph and in rdflib's memory store, on the same subset graph."""
    from rdflib import Dataset

    subset = work / "subset"
    subset.mkdir()
    for path, name in list(iter_article_files(corpus))[:articles]:
        target = subset / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    build(subset, work / "subset-out", html=False, jobs=1)
    store = open_graph(work / "subset-out")
    dataset = Dataset(default_union=True)
    dataset.parse(work / "subset-out" / "graph.trig", format="trig")
    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    rows = []
    for name in list_saved_queries():
        text = saved_query(name)
        oxigraph = median_ms(lambda text=text: run_query(store, text))
        rows.append((name, oxigraph, _rdflib_median(dataset, prologue + text, budget)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--synthetic", type=int, default=2000, help="articles to generate when no corpus is given")
    parser.add_argument("--query-articles", type=int, default=20)
    parser.add_argument("--rdflib-budget", type=float, default=30.0, help="seconds an rdflib query may take")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus = args.corpus or (ROOT.parent / "shared" / "corpus" / "bench-2111")
    if not corpus.exists():
        (work / "synthetic").mkdir()
        corpus = synthetic_corpus(work / "synthetic", args.synthetic)
    print(f"corpus: {corpus}", flush=True)
    floor, count = parse_floor(corpus)
    elapsed, peak = timed_build(corpus, work / "out", args.jobs)
    print(f"\n{'figure':<44}{'value':>12}  target")
    print(f"{'articles parsed':<44}{count:>12}")
    print(f"{'parse-only floor (s, one core)':<44}{floor:>12.1f}")
    print(f"{'kg build --jobs ' + str(args.jobs) + ' (s)':<44}{elapsed:>12.1f}")
    print(f"{'build / floor':<44}{elapsed / floor:>12.2f}  <= 2")
    print(f"{'build peak RSS (MB)':<44}{peak:>12.0f}  <= 1024")
    print(f"\nqueries on the graph of the first {args.query_articles} articles (median ms):")
    print(f"{'query':<26}{'oxigraph':>10}{'rdflib':>10}{'ratio':>8}")
    for name, oxigraph, rdflib in query_figures(corpus, args.query_articles, work, args.rdflib_budget):
        if rdflib is not None and rdflib != rdflib:
            print(f"{name:<26}{oxigraph:>10.1f}{'error':>10}{'-':>8}", flush=True)
        elif rdflib is None:
            budget_ms = args.rdflib_budget * 1000
            print(f"{name:<26}{oxigraph:>10.1f}{'>' + format(budget_ms, '.0f'):>10}{'>' + format(budget_ms / max(oxigraph, 0.001), '.0f'):>8}",
                  flush=True)
        else:
            print(f"{name:<26}{oxigraph:>10.1f}{rdflib:>10.1f}{rdflib / max(oxigraph, 0.001):>8.1f}", flush=True)
    print("\nincremental rebuild: not implemented yet (every build re-extracts the corpus)")


if __name__ == "__main__":
    main()
