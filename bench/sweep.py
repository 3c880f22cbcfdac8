"""Sweep every extractor over real corpora and print what it found: failures, broken evidence, empty articles.

Usage:
    python bench/sweep.py [CORPUS ...] [--jobs N] [--show N]

CORPUS defaults to every folder of ../shared/corpus (dev, dev-en, story, bench-2111). For each it
runs the whole pipeline on every article (as `kg build` would, without writing RDF) and checks the
invariants of :func:`kg.audit.audit_doc`: no extractor failure, no fact without evidence, no
evidence outside its sentence. It prints the counts, the time beside the parse-only floor measured
in the same run, and every problem; exit code 1 when any extractor failed or any invariant broke.
The small corpora are also swept by tests/test_sweep.py (in CI); this script is how bench-2111's
10,600 articles are swept.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.audit import sweep  # noqa: E402
from kg.errors import ArticleError  # noqa: E402
from kg.reader import iter_article_files, read_article  # noqa: E402


def parse_seconds(corpus: Path) -> float:
    """The floor: reading every file into an Article (front matter + HTML cleaning), one core."""
    start = time.perf_counter()
    for path, name in iter_article_files(corpus):
        try:
            read_article(path, name)
        except ArticleError:
            pass
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--show", type=int, default=10, help="articles without a fact to name per corpus")
    args = parser.parse_args()
    shared = ROOT.parent / "shared" / "corpus"
    corpora = args.corpora or sorted(p for p in shared.iterdir() if p.is_dir()) if (args.corpora or shared.is_dir()) else []
    if not corpora:
        print(f"no corpus given and {shared} is absent", file=sys.stderr)
        return 2
    broken = 0
    print(f"{'corpus':<12}{'files':>7}{'unread':>8}{'facts':>9}{'no fact':>9}{'failures':>10}{'problems':>10}"
          f"{'sweep s':>9}{'parse s':>9}{'ratio':>7}")
    reports = []
    for corpus in corpora:
        floor = parse_seconds(corpus)
        start = time.perf_counter()
        report = sweep(corpus, jobs=args.jobs)
        seconds = time.perf_counter() - start
        problems = sum(map(len, report.problems.values()))
        broken += problems
        print(f"{corpus.name:<12}{report.files:>7}{report.unreadable:>8}{report.facts:>9}{len(report.empty):>9}"
              f"{report.failures:>10}{problems:>10}{seconds:>9.1f}{floor:>9.1f}{seconds / max(floor, 1e-9):>7.1f}",
              flush=True)
        reports.append((corpus, report))
    print("\n(sweep s: the whole pipeline with --jobs workers; parse s: the parse-only floor on one core)")
    for corpus, report in reports:
        if report.problems:
            print(f"\n{corpus.name}: problems")
            print(report.format(), end="")
        if report.empty and args.show:
            print(f"\n{corpus.name}: {len(report.empty)} articles without a fact, e.g.")
            for name in report.empty[: args.show]:
                print(f"  {name}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
