"""Build a graph: read articles, run the extractors, write RDF, a summary and the HTML page.

Outputs in the output folder (files written atomically):

* ``graph.trig``: every article's named graph (facts with provenance);
* ``graph.ttl``: the union of the article graphs as Turtle, article by article
  (a triple two articles state appears in both blocks; it is one triple to any RDF reader);
* ``store/``: the same dataset in an on-disk Oxigraph store, the union as its default
  graph (see :mod:`kg.store`), which ``kg query``, ``viz``, ``path`` and ``serve`` open;
* ``graph.html``: the interactive graph (see :mod:`kg.viz`);
* ``build.json``: what was read, skipped (and why), and counts;
* ``cache/``: what each article gave, so the next build extracts only changed files.

The flow: every file is hashed (:func:`kg.cache.article_key`); files the cache
does not know are read, extracted and rendered to TriG/Turtle blocks in worker
processes and cached as they arrive; corpus resolution (:mod:`kg.resolve`) then
re-renders the few articles whose meetings it renames; the blocks are streamed,
in file order, into the output files and the store. Memory depends on the batch
and the largest article, not on the corpus.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import multiprocessing
import os
import pickle
import signal
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .cache import Cache, Entry, article_key
from .entity_index import INDEX_FILE, article_part, write_index
from .errors import ArticleError, KgError, NothingBuiltError, UsageError
from .extractors import PIPELINE, run_pipeline, without_model
from .io import atomic_writer, write_atomic
from .knowledge import load_events, load_knowledge
from .rdf import prefix_header, render
from .reader import SUFFIXES, iter_article_files, parse_article, read_bytes
from .resolve import inferred_days, meeting_aliases, meeting_summary, read_again, rename
from .store import StoreWriter, digest, mark_clean, store_is_current, stored_digests, update_store

__all__ = ["BuildReport", "build"]

#: A build patches the store in place when at most this many articles (or this share of the
#: corpus, if larger) were extracted anew; beyond that, rewriting it from scratch is faster.
PATCH_LIMIT = (200, 0.1)


@dataclass
class BuildReport:
    """What a build did (``build.json``; the same for a full and an incremental build)."""

    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: (file, extractor, error): an extractor raised on the file; the file's other facts are in the graph
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    quads: int = 0
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    # How this build got there; not in build.json, which must not depend on the cache:
    extracted: int = 0  # files read and extracted this time
    cached: int = 0  # files taken from the cache
    store_update: str = ""  # "rewritten" or "patched (N replaced, M dropped)"

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if k not in ("extracted", "cached", "store_update")}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


Progress = Callable[[int, int, int], None]  # (files done, files in all, skipped so far)


def build(source: Path, out: Path, *, html: bool = True, jobs: int | None = None,
          progress: Progress | None = None,
          allow_empty: bool = False, model: bool = True, scheduler: str | None = None) -> BuildReport:
    """Build the graph of every article under ``source`` into the folder ``out``.

    A file that cannot be read or extracted is skipped and listed in the report;
    the rest still builds. Files whose bytes and pipeline the cache in ``out``
    already knows are not read again. New ones are extracted in ``jobs`` worker
    processes (default: one per core). Outputs depend only on
    the input files, never on ``jobs``, the cache or the order of past builds.

    A build that finds no article it can read (no file of a known kind, or every
    file skipped) leaves ``out`` as it was, so a mistyped source never wipes a good
    build, unless ``allow_empty`` asks for an empty graph.

    ``model=False`` leaves out the trained labeller (:mod:`kg.tokens`): the extractors run on
    their patterns alone, faster and with less recall. Its cache entries are kept apart.

    ``scheduler`` runs the extraction as tasks of a Dask cluster instead of local processes:
    ``"tcp://HOST:8786"`` (a running scheduler; its workers need kg installed) or ``"local:N"`` (a
    LocalCluster of N worker processes). This process reads every file and sends its bytes, so workers
    need no view of the corpus; it keeps the cache, resolves the corpus and writes every output as a
    local build does, so the outputs are the same. Worker loss and rescheduling are Dask's.

    Raises:
        KgError: ``source`` does not exist.
        NothingBuiltError: no article could be read (``out`` untouched); its ``report`` says why.
    """
    out = Path(out)
    report = BuildReport()
    load_knowledge(), load_events()  # loaded once, before workers fork
    _remove_stale_temporaries(out)
    files = list(iter_article_files(Path(source)))
    if not files and not allow_empty:
        kinds = ", ".join(SUFFIXES)
        raise NothingBuiltError(f"no article file ({kinds}) under {source}; {out} is left as it was", report)
    progress = progress or (lambda done, total, skipped: None)
    with Cache(out / "cache" / "cache-v1.sqlite") as cache:
        pipeline = PIPELINE if model else without_model()
        keys, todo = _plan(files, cache, pipeline)
        stored = stored_digests(out)
        # Few new files: patch the store afterwards. Otherwise write a new one while the workers
        # extract (the main process is otherwise idle), from the blocks as they arrive.
        writer = None if stored and len(todo) <= max(PATCH_LIMIT[0], PATCH_LIMIT[1] * len(files)) else StoreWriter(out)
        try:
            _extract(files, keys, todo, cache, jobs, report, progress, writer, pipeline, scheduler)
            if writer and not writer.digests and not allow_empty:
                writer.abandon()  # not one article read: the old store stays (see _write_outputs)
                writer = None
            if writer:
                writer.commit()
                stored = writer.digests
        except BaseException:
            if writer:
                writer.abandon()
            raise
        summaries = {k: cache.meetings(k) for k in keys if k}
        mapping = meeting_aliases(summaries.values())
        _write_outputs(out, files, keys, cache, (mapping, inferred_days(summaries), pipeline), stored, report,
                       allow_empty)
        cache.keep_only(k for k in keys if k)  # after the outputs: a refused build keeps the cache whole
        if writer:
            report.store_update = "rewritten"  # then patched only where resolution re-rendered an article
    if html:
        from .viz import render_html

        write_atomic(out / "graph.html", render_html(out))
        report.outputs.append("graph.html")
    report.outputs.append("build.json")
    write_atomic(out / "build.json", report.to_json())
    return report


def _plan(files, cache: Cache, pipeline) -> tuple[list[str | None], list[int]]:
    """Every file's cache key (None: unreadable) and the indexes of the files the cache lacks."""
    known = cache.keys()
    keys: list[str | None] = []
    todo: list[int] = []
    for index, (path, name) in enumerate(files):
        try:
            key = article_key(name, read_bytes(path, name), pipeline)
        except ArticleError:
            key = None  # unreadable: tried (and reported) every time, never cached
        keys.append(key)
        if key is None or key not in known:
            todo.append(index)
    return keys, todo


def _extract(files, keys: list[str | None], todo: list[int], cache: Cache, jobs: int | None, report: BuildReport,
             progress: Progress, writer: StoreWriter | None, pipeline, scheduler: str | None = None) -> None:
    """Extract the files of ``todo`` in workers and cache them; feed every article, in file order, to ``writer``."""
    report.cached, report.extracted = len(files) - len(todo), len(todo)
    jobs = max(1, jobs or os.cpu_count() or 1)
    items = [(files[i][0], files[i][1], pipeline) for i in todo]
    pool = None
    if scheduler:
        results = _on_cluster(scheduler, items)
    elif jobs == 1 or len(items) < 64:
        results = map(_extract_one, items)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_die_with_parent, initargs=(os.getpid(),))
        results = pool.map(_extract_one, items, chunksize=8)  # map keeps the files' order
    pending = set(todo)
    done = skipped = 0
    try:
        for index, (_path, name) in enumerate(files):
            if index in pending:
                key, meetings, payload = next(results)
                entry = pickle.loads(payload)
                if key is None or entry.failures:
                    # kept for this build's outputs only, under a key the next build will not look up:
                    # unreadable files are read again, and an extractor that failed runs again
                    key = f"retry:{key or name}"
                keys[index] = key
                cache.put_pickled(key, meetings, payload)
            elif writer:
                entry = cache.get(keys[index])
            else:
                entry = None
            done += 1
            if entry is not None:
                skipped += entry.error is not None
                if writer and entry.rendered:
                    writer.add(entry.rendered)
            if done % 64 == 0:
                cache.commit()
            progress(done, len(files), skipped)  # the bar redraws at most five times a second
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        if scheduler:
            results.close()  # the cluster is let go even when the build stops early
    cache.commit()


#: Seconds to reach a Dask scheduler before the build gives up with an error.
CONNECT_TIMEOUT = 20

#: Files a Dask cluster holds at once: enough to keep every worker busy, few enough that the files'
#: bytes never all sit in memory together.
_IN_FLIGHT = 256

#: Files per cluster task, as the local pool's chunks: the scheduler's work and the round trips per
#: file shrink by as much.
_PER_TASK = 8


def _on_cluster(scheduler: str, items: list[tuple[Path, str, tuple]]):
    """``_extract_one`` of every item as tasks of a Dask cluster, yielded in the items' order.

    The file is read here and its bytes sent with the task; an unreadable file never leaves this
    process (its error entry is made here, as a local build makes it)."""
    from collections import deque
    from itertools import islice

    from distributed import Client, LocalCluster

    if scheduler.startswith("local:"):
        workers = scheduler.removeprefix("local:")
        if not workers.isdigit() or int(workers) < 1:
            raise UsageError(f"--scheduler {scheduler}: local:N needs a number of workers N >= 1")
        # (its own cluster: the engine's log lines, a worker slow to stop at the end, are not the user's)
        cluster = LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster, direct_to_workers=True)
    else:
        cluster = None
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise KgError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        window: deque = deque()  # (each file's error entry or None, the task extracting the others)
        queue = iter(items)
        while True:
            while len(window) * _PER_TASK < _IN_FLIGHT and (batch := list(islice(queue, _PER_TASK))):
                plan, read = [], []
                for path, name, pipeline in batch:
                    try:
                        read.append((name, read_bytes(path, name), pipeline))
                        plan.append(None)
                    except ArticleError as exc:
                        plan.append(_pickled_error(name, exc.reason))
                window.append((plan, client.submit(_extract_batch, read, pure=False) if read else None))
            if not window:
                return
            plan, task = window.popleft()
            extracted = iter(task.result() if task else ())
            for entry in plan:
                yield entry if entry is not None else next(extracted)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _extract_batch(read: list[tuple[str, bytes, tuple]]) -> list[tuple[str | None, bytes, bytes]]:
    """:func:`_extract_read` of each file of a cluster task."""
    return [_extract_read(name, raw, pipeline) for name, raw, pipeline in read]


def _extract_one(item: tuple[Path, str, tuple]) -> tuple[str | None, bytes, bytes]:
    """Read, extract and render one file (in a worker): its key, its pickled meeting summary and
    its pickled :class:`Entry` (pickled here, so the main process only stores the bytes)."""
    path, name, pipeline = item
    try:
        raw = read_bytes(path, name)
    except ArticleError as exc:
        return _pickled_error(name, exc.reason)
    return _extract_read(name, raw, pipeline)


def _pickled_error(name: str, reason: str) -> tuple[None, bytes, bytes]:
    return None, *_pickled(Entry(name, error=reason))


def _extract_read(name: str, raw: bytes, pipeline: tuple) -> tuple[str | None, bytes, bytes]:
    """Extract and render one file already read (in a worker process or a cluster's worker)."""
    key = article_key(name, raw, pipeline)
    try:
        doc = run_pipeline(parse_article(raw, name), load_knowledge(), pipeline)
    except KgError as exc:
        return key, *_pickled(Entry(name, error=getattr(exc, "reason", None) or str(exc)))
    try:
        rendered = render(doc)
    except Exception as exc:  # one article's bad fact must not lose the corpus
        return key, *_pickled(Entry(name, error=f"its facts could not be written as RDF ({exc})"))
    meetings = meeting_summary(doc)
    kept = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL) if meetings else None
    return key, *_pickled(Entry(name, rendered=rendered, meetings=meetings, doc=kept, failures=tuple(doc.failures),
                                part=article_part(doc)))


def _die_with_parent(parent: int) -> None:
    """Make a worker exit when the build process dies (even by SIGKILL), instead of lingering.

    Linux's PR_SET_PDEATHSIG; elsewhere a killed build may leave idle workers until they notice.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)


def _pickled(entry: Entry) -> tuple[bytes, bytes]:
    return (pickle.dumps(entry.meetings, protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


def _write_outputs(out: Path, files, keys, cache: Cache, resolution, stored: dict[str, str], report: BuildReport,
                   allow_empty: bool) -> None:
    """Stream every article's final blocks, in file order, into graph.trig and graph.ttl; then bring
    the store to the same content by replacing the graphs whose rendering differs from ``stored``.

    ``resolution`` is corpus resolution's decision: (meeting aliases, days the corpus dates undated
    articles to, the pipeline that reads those articles again against their day).

    Raises:
        NothingBuiltError: every file was skipped (and not ``allow_empty``): nothing is replaced.
    """
    mapping, inferred, pipeline = resolution
    digests: dict[str, str] = {}
    changed = []
    entities: set[tuple[str, str]] = set()
    header = prefix_header()
    blocks = []  # (graph, start, end) of each article's block in graph.ttl, for kg push
    parts = []  # each article's share of the entity graph
    with atomic_writer(out / "graph.trig") as trig, atomic_writer(out / "graph.ttl") as turtle:
        trig.write(header)
        turtle.write(header)
        position = len(header)
        for (_path, name), key in zip(files, keys):
            entry = cache.get(key)
            if entry.error:
                report.skipped.append((name, entry.error))
                continue
            report.failures.extend((name, extractor, error) for extractor, error in entry.failures)
            rendered, part = entry.rendered, entry.part
            if entry.doc and (key in inferred or any(node in mapping for node, *_ in entry.meetings)):
                doc = pickle.loads(entry.doc)
                if key in inferred:  # undated, dated by the corpus: read again against that day
                    doc = read_again(doc, inferred[key], pipeline)
                rename(doc, mapping)
                rendered, part = render(doc), article_part(doc)
            parts.append(part)
            trig.write(rendered.trig)
            turtle.write(rendered.turtle)
            blocks.append((rendered.graph, position, position + len(rendered.turtle)))
            position += len(rendered.turtle)
            digests[rendered.graph] = digest(rendered)
            if stored.get(rendered.graph) != digests[rendered.graph]:
                changed.append(rendered)
            entities.update(rendered.entities)
            report.quads += rendered.quads
            report.articles += 1
        if not report.articles and not allow_empty:
            # raised inside the writers' blocks: their temporaries are dropped, the old files stay
            raise NothingBuiltError(f"every file was skipped; {out} is left as it was", report)
    write_atomic(out / "cache" / "blocks.json", json.dumps({"graph.ttl": position, "blocks": blocks}) + "\n")
    write_index(out / INDEX_FILE, parts)
    removed = sorted(set(stored) - set(digests))
    if changed or removed:
        update_store(out, changed, removed, digests)
    elif not store_is_current(out):
        mark_clean(out, digests)  # a new store swapped in: trusted now that the files say the same
    report.store_update = f"patched ({len(changed)} replaced, {len(removed)} dropped)"
    report.triples = _union_size(out, report.quads)
    report.entities = dict(sorted(Counter(kind for kind, _ in entities).items()))
    report.outputs = ["graph.trig", "graph.ttl", "store", INDEX_FILE]


def _union_size(out: Path, quads: int) -> int:
    """Distinct triples of the union: the store's size less the article graphs' quads."""
    from .store import open_store

    store = open_store(out)
    return len(store) - quads if store is not None else 0


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary files a killed build left behind (the outputs themselves were never touched)."""
    if out.is_dir():
        for leftover in out.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
