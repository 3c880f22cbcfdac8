"""Sweep the extractors over real articles and check what they produce.

A build contains an extractor's crash to the article it happened on (see
:func:`kg.extractors.run_pipeline`); this module is how we find those crashes
before users do. :func:`audit_doc` checks one extracted article against the
invariants every fact must keep; :func:`sweep` runs the whole pipeline over a
folder (in worker processes) and gathers every problem.

Invariants checked:

* no extractor raised on the article;
* every fact has at least one mention (no fact without evidence);
* every mention (of a fact or an entity) lies inside the text and inside one sentence,
  so the evidence sentence a reader is shown contains it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArticleError
from .extractors import run_pipeline
from .knowledge import load_events, load_knowledge
from .model import Doc, Mention
from .reader import iter_article_files, parse_article, read_bytes

__all__ = ["audit_doc", "sweep", "SweepReport"]


def audit_doc(doc: Doc) -> list[str]:
    """Every broken invariant of an extracted article, as sentences naming the extractor (empty: all kept)."""
    problems = [f"extractor {name} failed ({error})" for name, error in doc.failures]
    for fact in doc.facts:
        if not fact.mentions:
            problems.append(f"{fact.extractor}: a fact with no evidence ({fact.subject.key} {fact.predicate})")
        problems += [f"{fact.extractor}: {p}" for m in fact.mentions if (p := _misplaced(doc, m))]
    problems += [f"{e.node.kind} {e.label!r}: {p}" for e in doc.entities if (p := _misplaced(doc, e.mention))]
    return problems


def _misplaced(doc: Doc, mention: Mention) -> str | None:
    """Why ``mention`` is not a span of one sentence, or None when it is."""
    article = doc.article
    if not 0 <= mention.start < mention.end <= len(article.text):
        return f"evidence {mention.start}-{mention.end} outside the text (0-{len(article.text)})"
    if not any(s.start <= mention.start and mention.end <= s.end for s in article.sentences):
        return f"evidence {doc.text(mention)!r} ({mention.start}-{mention.end}) is not inside one sentence"
    return None


@dataclass
class SweepReport:
    """What a sweep found: files read, files that could not be read, problems per file, empty articles."""

    files: int = 0
    unreadable: int = 0
    facts: int = 0
    empty: list[str] = field(default_factory=list)  # read, but no extractor found anything
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def failures(self) -> int:
        """How many extractor failures (one extractor on one article) the sweep saw."""
        return sum(p.startswith("extractor ") for found in self.problems.values() for p in found)

    def format(self) -> str:
        lines = [f"{self.files} files, {self.unreadable} unreadable (skipped as a build would), {self.facts} facts, "
                 f"{len(self.empty)} articles without a fact, {self.failures} extractor failures, "
                 f"{sum(map(len, self.problems.values()))} problems in {len(self.problems)} files"]
        for name, found in sorted(self.problems.items()):
            lines += [f"  {name}: {problem}" for problem in found]
        return "\n".join(lines) + "\n"


def sweep(source: Path, *, jobs: int | None = None) -> SweepReport:
    """Run every extractor over every article under ``source`` and audit each result."""
    load_knowledge(), load_events()  # loaded once, before the workers fork
    files = list(iter_article_files(Path(source)))
    report = SweepReport(files=len(files))
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(files) < 32:
        results: Iterable = map(_audit_file, files)
        _gather(report, results)
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            _gather(report, pool.imap(_audit_file, files, chunksize=16))
    return report


def _gather(report: SweepReport, results: Iterable) -> None:
    for name, readable, facts, problems in results:
        report.unreadable += not readable
        report.facts += facts
        if readable and not facts:
            report.empty.append(name)
        if problems:
            report.problems[name] = problems


def _audit_file(item: tuple[Path, str]) -> tuple[str, bool, int, list[str]]:
    path, name = item
    try:
        article = parse_article(read_bytes(path, name), name)
    except ArticleError:
        return name, False, 0, []
    doc = run_pipeline(article, load_knowledge())
    return name, True, len(doc.facts), audit_doc(doc)
