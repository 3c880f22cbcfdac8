"""Load-test `kg serve`: many clients at once, then a flood beyond its capacity. Loopback only, bounded.

Usage:
    python bench/serve_load.py [--graph DIR] [--clients 16] [--duration 30] [--max-requests 20000]
                               [--flood 64] [--timeout 5] [--against REV]

The graph defaults to ../shared/corpus/dev built into a temporary folder with `kg build`. The server runs
as `python -m kg.cli serve` in a subprocess on a free 127.0.0.1 port. Figures:

* steady load: --clients threads each POST saved queries (queries/*.rq, in turn, every client starting
  at a different one) for --duration seconds or until --max-requests are done; requests done,
  failures by status, p50/p90/p99 latency, throughput;
* peak memory: the largest sum of the resident sizes of the server and all its children (sampled
  from /proc every 0.1 s), during the steady load and during the flood;
* flood: --flood clients send a runaway query (a three-way cross product of the graph) at once, and
  one client a fast query 0.3 s later: how soon the first 503 comes back, how the flood's requests
  end, and what the fast query got. The server is started with --timeout seconds per query, so every
  runaway query ends by then.

--against REV runs the same measurement on the `kg` of an earlier commit (extracted with `git archive`
into a temporary folder) first, and prints both columns.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import tree_rss_mb  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FAST = "SELECT ?s WHERE { ?s a ?type } LIMIT 1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ask(port: int, query: str, timeout: float) -> tuple[str, float]:
    """POST one query; (status or error name, seconds)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/sparql", body=query.encode("utf-8"),
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        response.read()
        outcome = str(response.status)
    except (OSError, http.client.HTTPException) as exc:
        outcome = type(exc).__name__
    finally:
        connection.close()
    return outcome, time.perf_counter() - start


class Server:
    """`kg serve` in a subprocess, from ``source`` (a folder holding the `kg` package)."""

    def __init__(self, source: Path, graph: Path, timeout: float, options: list[str]):
        self.port = free_port()
        env = dict(os.environ, PYTHONPATH=str(source))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph), "--port", str(self.port),
             "--timeout", str(timeout), *options], cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while ask(self.port, FAST, 5)[0] != "200":
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"kg serve did not start: {self.process.stderr.read().decode()[-500:]}")
            time.sleep(0.2)
        self.peak = 0.0
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while self._sampling:
            self.peak = max(self.peak, tree_rss_mb(self.process.pid))
            time.sleep(0.1)

    def peak_since(self) -> float:
        """The peak since the last call (then start again)."""
        peak, self.peak = self.peak, 0.0
        return peak

    def stop(self) -> None:
        self._sampling = False
        self._sampler.join()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def steady(port: int, queries: list[str], clients: int, duration: float, cap: int) -> dict:
    """``clients`` threads sending ``queries`` in turn for ``duration`` s or ``cap`` requests."""
    results: list[tuple[str, float]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(index: int) -> None:
        turn = index
        while time.monotonic() < deadline:
            with lock:
                if len(results) >= cap:
                    return
            outcome = ask(port, queries[turn % len(queries)], 120)
            turn += 1
            with lock:
                results.append(outcome)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(seconds for status, seconds in results if status == "200")
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [float("nan")] * 99
    return {"done": len(results), "failures": Counter(s for s, _ in results if s != "200"),
            "p50": cuts[49] * 1000, "p90": cuts[89] * 1000, "p99": cuts[98] * 1000,
            "throughput": len(latencies) / elapsed}


def flood(port: int, size: int, timeout: float) -> dict:
    """``size`` runaway queries at once, and a fast one 0.3 s later."""
    results: list[tuple[str, float]] = []
    lock = threading.Lock()
    start = time.perf_counter()

    def one(query: str) -> None:
        outcome = ask(port, query, timeout + 60)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one, args=(RUNAWAY,)) for _ in range(size)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    fast = ask(port, FAST, timeout + 60)
    for thread in threads:
        thread.join()
    ends = [seconds for status, seconds in results if status == "503"]
    return {"statuses": Counter(s for s, _ in results), "first_503": min(ends, default=None),
            "median_503": statistics.median(ends) if ends else None, "all_done": time.perf_counter() - start,
            "fast": fast}


def measure(source: Path, graph: Path, args, options: list[str]) -> dict[str, str]:
    queries = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
    server = Server(source, graph, args.timeout, options)
    try:
        server.peak_since()
        load = steady(server.port, queries, args.clients, args.duration, args.max_requests)
        steady_peak = server.peak_since()
        burst = flood(server.port, args.flood, args.timeout)
        flood_peak = server.peak_since()
    finally:
        server.stop()
    ms = lambda seconds: "-" if seconds is None else f"{seconds * 1000:.0f} ms"  # noqa: E731
    return {
        "requests done": str(load["done"]),
        "failures by status": ", ".join(f"{k}: {v}" for k, v in sorted(load["failures"].items())) or "none",
        "latency p50 / p90 / p99": f"{load['p50']:.0f} / {load['p90']:.0f} / {load['p99']:.0f} ms",
        "throughput": f"{load['throughput']:.1f} queries/s",
        "peak memory, steady (server + children)": f"{steady_peak:.0f} MB",
        f"flood of {args.flood} runaway queries: answers": ", ".join(
            f"{k}: {v}" for k, v in sorted(burst["statuses"].items())),
        "  first 503 after": ms(burst["first_503"]),
        "  median 503 after": ms(burst["median_503"]),
        "  all answered after": ms(burst["all_done"]),
        "  a fast query sent into the flood": f"{burst['fast'][0]} after {ms(burst['fast'][1])}",
        "peak memory, flood (server + children)": f"{flood_peak:.0f} MB",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, help="A built graph (default: the dev corpus, built now).")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of steady load.")
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--flood", type=int, default=64, help="Runaway queries sent at once.")
    parser.add_argument("--timeout", type=float, default=5.0, help="The server's --timeout.")
    parser.add_argument("--against", metavar="REV", help="Also measure the kg of this git commit, first.")
    parser.add_argument("--serve-option", action="append", metavar="OPTION",
                        help="Pass this option to this tree's kg serve (repeatable), e.g. --serve-option=--workers=4.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-serve-load-") as work:
        work = Path(work)
        graph = args.graph
        if graph is None:
            graph = work / "graph"
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(args.corpus), "-o", str(graph), "--no-html",
                            "--quiet"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        columns = {}
        if args.against:
            old = work / "old"
            old.mkdir()
            archive = subprocess.run(["git", "archive", args.against, "kg", "ontology", "queries"], cwd=ROOT,
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            columns[args.against] = measure(old, graph, args, [])
        options = args.serve_option or []
        columns[" ".join(["this tree", *options])] = measure(ROOT, graph, args, options)
    print(f"kg serve under load: {args.clients} clients for {args.duration:g} s (at most {args.max_requests} "
          f"requests), the saved queries in turn; server --timeout {args.timeout:g}; {os.cpu_count()} cores")
    figures = list(next(iter(columns.values())))
    width = max(len(f) for f in figures)
    print(f"{'':<{width}}" + "".join(f"  {name:>32}" for name in columns))
    for figure in figures:
        print(f"{figure:<{width}}" + "".join(f"  {column[figure]:>32}" for column in columns.values()))


if __name__ == "__main__":
    main()
