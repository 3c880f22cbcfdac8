"""Build a graph: read articles, run the extractors, write RDF, a summary and the HTML page.

Outputs in the output folder (each written atomically):

* ``graph.trig``: every article's named graph (facts with provenance);
* ``graph.ttl``: the union of all named graphs as one Turtle graph;
* ``graph.html``: the interactive graph (see :mod:`kg.viz`);
* ``build.json``: what was read, skipped (and why), and counts.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .extractors import run_pipeline
from .io import write_atomic
from .knowledge import load_events, load_knowledge
from .reader import iter_article_files, read_article
from .rdf import doc_quads, sort_quads
from .resolve import resolve
from .vocab import KG, PREFIXES, RDF

__all__ = ["BuildReport", "build", "serialize"]


@dataclass
class BuildReport:
    """What a build did."""

    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    quads: int = 0
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def build(source: Path, out: Path, *, html: bool = True, jobs: int | None = None) -> BuildReport:
    """Build the graph of every article under ``source`` into the folder ``out``.

    A file that cannot be read or extracted is skipped and listed in the report;
    the rest still builds. Articles are read and extracted in ``jobs`` worker
    processes (default: one per core); the outputs do not depend on ``jobs``.

    Raises:
        KgError: ``source`` does not exist.
    """
    report = BuildReport()
    load_knowledge(), load_events()  # loaded once, before workers fork
    _remove_stale_temporaries(Path(out))
    files = list(iter_article_files(Path(source)))
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(files) < 64:
        results = [_extract(item) for item in files]
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            results = list(pool.map(_extract, files, chunksize=32))  # map keeps the files' order
    docs = []
    for name, result in zip((name for _, name in files), results):
        if isinstance(result, str):
            report.skipped.append((name, result))
        else:
            docs.append(result)
    resolve(docs)
    quads = []
    for doc in docs:
        try:
            quads.extend(list(doc_quads(doc)))
        except Exception as exc:  # one article's bad fact must not lose the corpus
            report.skipped.append((doc.article.file, f"its facts could not be written as RDF ({exc})"))
            continue
        report.articles += 1
    dataset = sort_quads(quads)
    union = sort_quads(ox.Quad(q.subject, q.predicate, q.object) for q in dataset)
    report.quads, report.triples = len(dataset), len(union)
    report.entities = _count_entities(union)

    out = Path(out)
    write_atomic(out / "graph.trig", serialize(dataset, ox.RdfFormat.TRIG))
    write_atomic(out / "graph.ttl", serialize([ox.Triple(q.subject, q.predicate, q.object) for q in union], ox.RdfFormat.TURTLE))
    report.outputs = ["graph.trig", "graph.ttl"]
    if html:
        from .viz import render_html

        write_atomic(out / "graph.html", render_html(out))
        report.outputs.append("graph.html")
    report.outputs.append("build.json")
    write_atomic(out / "build.json", report.to_json())
    return report


def _extract(item: tuple[Path, str]):
    """Read and extract one file (in a worker): its Doc, or the reason it was skipped."""
    path, name = item
    try:
        return run_pipeline(read_article(path, name), load_knowledge())
    except KgError as exc:
        return getattr(exc, "reason", None) or str(exc)


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary files a killed build left behind (the outputs themselves were never touched)."""
    if out.is_dir():
        for leftover in out.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def serialize(items, fmt: ox.RdfFormat) -> bytes:
    """Serialise quads or triples with the project's prefixes (bytes, deterministic for sorted input)."""
    return ox.serialize(items, format=fmt, prefixes=PREFIXES)


def _count_entities(union: list[ox.Quad]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    rdf_type = ox.NamedNode(str(RDF.type))
    for quad in union:
        if quad.predicate == rdf_type and quad.object.value.startswith(str(KG)):
            local = quad.object.value[len(str(KG)):]
            if local not in ("Fact", "Mention", "Extractor", "Article"):
                counts[local] += 1
    return dict(sorted(counts.items()))
