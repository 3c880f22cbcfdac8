"""Benchmark kg on a corpus and print its figures, with ratios against baselines measured in the same run.

Usage:
    python bench/run.py [CORPUS] [--jobs N] [--query-articles N] [--synthetic N] [--scale-only]
    (about 1.5 hours on bench-2111 with 2 cores; --scale-only: the floors, the full build, the same on
    a Dask LocalCluster, and the servers, about 50 min)

CORPUS defaults to ../shared/corpus/bench-2111 when it exists, else a synthetic corpus generated from
seeds/ (names and dates varied) with --synthetic N articles. The corpus is copied to a temporary
folder first (the benchmark edits it). Figures:

* bare floor: python-frontmatter + BeautifulSoup ``get_text`` over every file, one core (what any
  tool must at least do to read the corpus);
* reader floor: reading every file into an Article (front matter, HTML cleaning, Simplified copy,
  sentences), one core;
* full build: the default command, `kg build CORPUS --jobs N` (the page included), in a subprocess from
  nothing: wall time, and peak memory as the largest sum of the resident sizes of the build and its
  workers (sampled); the same without the trained labeller (`--no-model`); the same on a Dask
  LocalCluster of N workers (`--scheduler local:N`), checked to give the same files;
* the page: `kg viz` of the full graph (the function the build calls last): wall time, peak memory,
  page size, and the time until the page says it is ready in headless Chromium (when Playwright and
  Chromium are installed);
* exploring: `kg path`, `neighbors`, `show`, `central`, `communities` on the full graph, each a new
  process as a user runs it (median of 3, start-up included);
* rebuilds (the default command): with nothing changed, after one article changed, after one article
  was removed; each compared with a full build of the same corpus from scratch (files byte for byte,
  store content);
* queries: each saved query on the full graph's store, median of 5 runs; and, on the graph of the
  first --query-articles articles, Oxigraph against rdflib's in-memory store (rdflib cannot hold the
  full graph in reasonable time), both measured on that same subset;
* servers: `kg push` of the full graph into a new Oxigraph server and a new Virtuoso (each when it is
  installed; tests/servers.py starts them, Virtuoso with 2 GB of buffers), and every saved query there
  right after, through `kg query --endpoint`'s client (HTTP and JSON included), median of 5 runs or of
  those done in 20 s, at most 150 s each; and for comparison each server's own bulk loader reading
  graph.trig into a new database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.query import list_saved_queries, open_graph, run_query, saved_query  # noqa: E402
from kg.reader import iter_article_files, read_article  # noqa: E402
from kg.remote import query_endpoint  # noqa: E402
from kg.vocab import ID, PREFIXES  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from servers import SERVERS, isql, missing, oxigraph_binary, sparql_server  # noqa: E402  (the tests' servers)


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


def bare_floor(corpus: Path) -> float:
    """Seconds to read every file with python-frontmatter and BeautifulSoup's get_text, one core."""
    import frontmatter
    from bs4 import BeautifulSoup

    start = time.perf_counter()
    for path, _name in iter_article_files(corpus):
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8", errors="replace"))
            BeautifulSoup(post.content, "html.parser").get_text("\n")
        except Exception:
            pass
    return time.perf_counter() - start


def parse_floor(corpus: Path) -> tuple[float, int]:
    start, count = time.perf_counter(), 0
    for path, name in iter_article_files(corpus):
        try:
            read_article(path, name)
            count += 1
        except Exception:
            pass
    return time.perf_counter() - start, count


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(proc.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in (Path("/proc") / str(current) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def timed_build(corpus: Path, out: Path, jobs: int, *options: str) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the build and its workers together) of one `kg build`
    (the default command, the page included, unless ``options`` add flags)."""
    return timed_kg("build", str(corpus), "-o", str(out), *options, "--quiet", "--jobs", str(jobs))


def timed_kg(*args: str) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, with any child processes) of one `kg` command in a new process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.05)
    if process.returncode:
        raise SystemExit(f"kg {' '.join(args)} failed ({process.returncode})")
    return time.perf_counter() - start, peak


def ready_in_chromium(page: Path) -> float | None:
    """Seconds from opening the page in headless Chromium to its "ready" mark (None: no browser here)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        tab.goto(page.as_uri())
        tab.wait_for_selector("body[data-kg-ready='1']", timeout=120_000)
        seconds = time.perf_counter() - start
        browser.close()
    return seconds


def exploring(out: Path) -> list[tuple[str, float]]:
    """Median seconds (of 3, a new process each) of the relationship commands on a built graph."""
    from kg.explore import load_entity_graph

    graph = load_entity_graph(out)
    top = graph.centrality("Person")[:2]
    people = [graph.iri(r["node"]) for r in top]  # IRIs: a name may be shared by several entities
    shown = {iri: r["name"] for iri, r in zip(people, top)}
    commands = [("path", *people), ("neighbors", people[0], "--hops", "1"), ("show", people[0]),
                ("central",), ("central", "--type", "Person"), ("communities",)]
    return [(" ".join(shown.get(part, part) for part in c),
             statistics.median(timed_kg(*c, "--graph", str(out))[0] for _ in range(3))) for c in commands]


def same_build(a: Path, b: Path) -> bool:
    """Two output folders hold the same graph: files byte for byte, the same store content."""
    from kg.store import open_store

    for name in ("graph.trig", "graph.ttl", "build.json", "cache/store.json", "entities.sqlite", "graph.html"):
        if (a / name).read_bytes() != (b / name).read_bytes():
            return False
    return len(open_store(a)) == len(open_store(b))


def median_ms(run, repeat: int = 5, budget: float = 20.0) -> float:
    """Median wall milliseconds of ``repeat`` runs, fewer (at least one) once ``budget`` seconds are spent."""
    times = []
    deadline = time.monotonic() + budget
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
        if time.monotonic() > deadline:
            break
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


#: Seconds a saved query may take on a server before it counts as timed out (Virtuoso stops it then).
SERVER_QUERY_SECONDS = 150


def server_figures(out: Path, work: Path) -> dict[str, tuple[float, dict[str, float]]]:
    """Per server installed here (tests/servers.py): the wall seconds of `kg push` of ``out`` into a new
    one, and each saved query's median ms there through `kg query --endpoint`'s client, queried right
    after the push as a user would (inf: timed out after SERVER_QUERY_SECONDS)."""
    figures = {}
    for kind in SERVERS:
        if missing(kind):
            continue
        with sparql_server(kind, work / f"server-{kind}", memory_mb=2048,
                           query_seconds=SERVER_QUERY_SECONDS) as server:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg.cli", "push", str(out), "--quiet", "--endpoint", server.store],
                           check=True, stdout=subprocess.DEVNULL)
            pushed = time.perf_counter() - start
            queries = {}
            for name in list_saved_queries():
                def run(name=name):
                    query_endpoint(server.query, saved_query(name), timeout=SERVER_QUERY_SECONDS + 30)
                try:
                    queries[name] = median_ms(run)
                except KgError:  # the server's time limit, or ours
                    queries[name] = float("inf")
        shutil.rmtree(work / f"server-{kind}")
        figures[kind] = pushed, queries
    return figures


def _ms(value: float) -> str:
    return f">{SERVER_QUERY_SECONDS * 1000}" if value == float("inf") else f"{value:.1f}"


def bulk_load_seconds(out: Path, work: Path) -> dict[str, float]:
    """Per server installed here: wall seconds of its own bulk loader reading ``out``'s graph.trig into a
    new database (Oxigraph: `oxigraph load`; Virtuoso: ld_dir, rdf_loader_run and a checkpoint)."""
    figures = {}
    if not missing("oxigraph"):
        start = time.perf_counter()
        subprocess.run([oxigraph_binary(), "load", "--location", str(work / "bulk-oxigraph"), "--file",
                        str(out / "graph.trig")], check=True, capture_output=True)
        figures["oxigraph"] = time.perf_counter() - start
        shutil.rmtree(work / "bulk-oxigraph")
    if not missing("virtuoso"):
        with sparql_server("virtuoso", work / "bulk-virtuoso", memory_mb=2048, readable=out) as server:
            start = time.perf_counter()
            isql(server.sql, f"ld_dir('{out.resolve()}', 'graph.trig', '{ID}default'); rdf_loader_run(); checkpoint;",
                 timeout=7200)
            figures["virtuoso"] = time.perf_counter() - start
        shutil.rmtree(work / "bulk-virtuoso")
    return figures


def push_rows(servers: dict, out: Path, work: Path, row) -> None:
    """The servers' load rates: `kg push`, and each one's bulk loader for comparison."""
    built = json.loads((out / "build.json").read_text())
    for kind, (pushed, _) in servers.items():
        row(f"kg push of the full graph to {kind.capitalize()}",
            f"{pushed:.1f} s: {built['articles'] / pushed:.0f} graphs/s, {built['quads'] / pushed / 1000:.1f} k quads/s")
    for kind, loaded in bulk_load_seconds(out, work).items():
        row(f"  {kind.capitalize()}'s bulk loader, graph.trig into a new database",
            f"{loaded:.1f} s: {built['quads'] / loaded / 1000:.1f} k quads/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--synthetic", type=int, default=2000, help="articles to generate when no corpus is given")
    parser.add_argument("--query-articles", type=int, default=20)
    parser.add_argument("--rdflib-budget", type=float, default=30.0, help="seconds an rdflib query may take")
    parser.add_argument("--scale-only", action="store_true",
                        help="only the floors, the full build, the same on a Dask LocalCluster, and the servers")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    source = args.corpus or (ROOT.parent / "shared" / "corpus" / "bench-2111")
    corpus = work / "corpus"
    if source.exists():
        shutil.copytree(source, corpus)
    else:
        corpus.mkdir()
        source = synthetic_corpus(corpus, args.synthetic)
    print(f"corpus: {source} (copied to {corpus}); jobs: {args.jobs}", flush=True)
    rows: list[tuple[str, str, str]] = []

    def row(figure: str, value: str, target: str = "") -> None:
        rows.append((figure, value, target))
        print(f"  {figure}: {value}", flush=True)

    bare = bare_floor(corpus)
    floor, count = parse_floor(corpus)
    row("articles parsed", f"{count}")
    row("bare floor: front matter + BeautifulSoup (one core)", f"{bare:.1f} s")
    row("reader floor: kg's Article (one core)", f"{floor:.1f} s = {floor / bare:.2f} x bare")
    full, peak = timed_build(corpus, work / "out", args.jobs)
    row("full build (the default command, page included)", f"{full:.1f} s = {full / floor:.2f} x reader, "
        f"{full / bare:.2f} x bare", "")
    row("full build peak memory (all processes)", f"{peak:.0f} MB", "<= 1024 MB")
    cluster, cluster_peak = timed_build(corpus, work / "cluster", args.jobs, "--scheduler", f"local:{args.jobs}")
    row(f"  the same on a Dask LocalCluster of {args.jobs} workers (--scheduler local:{args.jobs})",
        f"{cluster:.1f} s = {cluster / full:.2f} x --jobs {args.jobs}, {cluster_peak:.0f} MB; same files: "
        f"{'yes' if same_build(work / 'out', work / 'cluster') else 'NO'}", "<= 1.2 x, identical")
    sent = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
    received = (work / "cluster" / "cache" / "cache-v1.sqlite").stat().st_size / 1e6
    row("  what crossed the cluster's connections", f"the corpus {sent:.0f} MB out, results {received:.0f} MB back "
        f"(the cache's size)")
    shutil.rmtree(work / "cluster")
    if args.scale_only:
        store = open_graph(work / "out")
        medians = [(name, median_ms(lambda name=name: run_query(store, saved_query(name))))
                   for name in list_saved_queries()]
        store = None  # closes the read-only store before kg push opens it
        servers = server_figures(work / "out", work)
        push_rows(servers, work / "out", work, row)
        print("\nsaved queries on the full graph, median of 5 runs or of those done in 20 s (ms): the local store, "
              "and each server through `kg query --endpoint`")
        print(f"{'query':<24}{'local store':>12}" + "".join(f"{kind:>12}" for kind in servers))
        for name, local in medians:
            print(f"{name:<24}{local:>12.1f}" + "".join(f"{_ms(queries[name]):>12}" for _, queries in servers.values()))
        shutil.rmtree(work, ignore_errors=True)
        return
    plain, plain_peak = timed_build(corpus, work / "no-model", args.jobs, "--no-model")
    row("  the same without the labeller (--no-model)", f"{plain:.1f} s, {plain_peak:.0f} MB; the model costs "
        f"{full - plain:.1f} s = {full / plain:.2f} x", "model <= 2.5 x")
    shutil.rmtree(work / "no-model")
    sizes = {name: (work / "out" / name).stat().st_size / 1e6
             for name in ("graph.trig", "graph.ttl", "entities.sqlite", "graph.html")}
    row("outputs written by the build", ", ".join(f"{n} {s:.1f} MB" for n, s in sizes.items()), "page <= 5 MB")

    page, page_peak = timed_kg("viz", "--graph", str(work / "out"), "-o", str(work / "viz.html"))
    row("kg viz of the full graph (what the build does last)", f"{page:.1f} s = {100 * page / full:.1f} % of "
        f"the build, {page_peak:.0f} MB, {(work / 'viz.html').stat().st_size / 1e6:.1f} MB",
        "<= 10 s, <= 1 GB, <= 10 %")
    ready = ready_in_chromium(work / "out" / "graph.html")
    row("page ready in headless Chromium", "no browser here" if ready is None else f"{ready:.1f} s", "<= 3 s")
    for command, seconds in exploring(work / "out"):
        target = "<= 5 s" if command.startswith(("central", "communities")) else "<= 1 s"
        row(f"kg {command}", f"{seconds:.2f} s", target)

    again, _ = timed_build(corpus, work / "out", args.jobs)
    row("rebuild, nothing changed", f"{again:.1f} s = {100 * again / full:.1f} % of full", "<= 10 %")
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    edited = files[len(files) // 2]
    edited.write_bytes(edited.read_bytes() + "\n\n行政长官表示，通关安排将于下周公布。\n".encode())
    changed, _ = timed_build(corpus, work / "out", args.jobs)
    fresh, _ = timed_build(corpus, work / "fresh-changed", args.jobs)
    row("rebuild, one article changed", f"{changed:.1f} s = {100 * changed / full:.1f} % of full", "<= 10 %")
    row("  same as a full build of that corpus", "yes" if same_build(work / "out", work / "fresh-changed") else "NO",
        "identical")
    files[len(files) // 3].unlink()
    removed, _ = timed_build(corpus, work / "out", args.jobs)
    shutil.rmtree(work / "fresh-changed")
    fresh_removed, _ = timed_build(corpus, work / "fresh-removed", args.jobs)
    row("rebuild, one article removed", f"{removed:.1f} s = {100 * removed / full:.1f} % of full", "<= 10 %")
    row("  same as a full build of that corpus", "yes" if same_build(work / "out", work / "fresh-removed") else "NO",
        "identical")
    row("full builds from scratch, again", f"{fresh:.1f} s, {fresh_removed:.1f} s")
    shutil.rmtree(work / "fresh-removed")

    store = open_graph(work / "out")
    medians = []
    for name in list_saved_queries():
        text = saved_query(name)
        medians.append((name, median_ms(lambda text=text: run_query(store, text))))
    store = None  # closes the read-only store before kg push opens it
    servers = server_figures(work / "out", work)
    push_rows(servers, work / "out", work, row)
    subset = query_figures(corpus, args.query_articles, work, args.rdflib_budget)

    print(f"\n{'figure':<44}{'value':>34}  target")
    for figure, value, target in rows:
        print(f"{figure:<44}{value:>34}  {target}")
    print(f"\nsaved queries, median of 5 runs or of those done in 20 s (ms): full graph in Oxigraph (target <= 50 ms); on the graph of the first "
          f"{args.query_articles} articles, Oxigraph against rdflib (target >= 10 x)")
    print(f"{'query':<24}{'full graph':>11}{'subset ox':>11}{'rdflib':>10}{'ratio':>8}"
          + "".join(f"{kind + ' server':>18}" for kind in servers))
    for (name, full_ms), (_, oxigraph, rdflib) in zip(medians, subset):
        if rdflib is None:
            budget = args.rdflib_budget * 1000
            rdf, ratio = f">{budget:.0f}", f">{budget / max(oxigraph, 0.001):.0f}"
        elif rdflib != rdflib:
            rdf, ratio = "error", "-"
        else:
            rdf, ratio = f"{rdflib:.1f}", f"{rdflib / max(oxigraph, 0.001):.1f}"
        print(f"{name:<24}{full_ms:>11.1f}{oxigraph:>11.1f}{rdf:>10}{ratio:>8}"
              + "".join(f"{_ms(queries[name]):>18}" for _, queries in servers.values()), flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
