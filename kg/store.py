"""The persistent store: an on-disk Oxigraph database in the output folder (``OUT/store``).

It holds every article's named graph and, as its default graph, their union
(each triple once), the same dataset as ``graph.trig`` + ``graph.ttl``, so
``kg query``, ``viz``, ``path`` and ``serve`` open it instead of parsing Turtle.

A build either writes a new store beside the old one from the articles' rendered
blocks, loading them in batches (memory bounded by the batch, not the corpus),
and swaps it in; or, when few articles changed, replaces just their named graphs
in place and takes out of the union only the triples no other article still
states. ``cache/store.json`` records which rendering of each article the store
holds; ``cache/store.dirty`` exists while the store is being changed, so a build
killed midway is followed by a full rewrite, never by a half-updated store.
"""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .io import write_atomic
from .rdf import Rendered, prefix_header

__all__ = ["StoreWriter", "open_store", "store_is_current", "stored_digests", "update_store", "mark_clean", "digest"]

STORE = "store"
_BATCH_BYTES = 8_000_000  # TriG+Turtle text per bulk load: bounds the loader's memory


def digest(rendered: Rendered) -> str:
    """Identifies one rendering of an article's graph (what the store holds for it)."""
    return hashlib.sha256(rendered.trig).hexdigest()[:32]


def _manifest(out: Path) -> Path:
    return Path(out) / "cache" / "store.json"


def _dirty(out: Path) -> Path:
    return Path(out) / "cache" / "store.dirty"


def store_is_current(out: Path) -> bool:
    """A store exists, no update of it was interrupted and its manifest says what it holds."""
    out = Path(out)
    return (out / STORE).is_dir() and _manifest(out).is_file() and not _dirty(out).exists()


def stored_digests(out: Path) -> dict[str, str]:
    """Graph IRI -> digest of the rendering the store holds (empty when it is not current)."""
    if not store_is_current(out):
        return {}
    return json.loads(_manifest(out).read_text(encoding="utf-8"))


def open_store(out: Path) -> ox.Store | None:
    """The built store of ``out``, read-only; None when there is none (or it is not current)."""
    if not store_is_current(out):
        return None
    return ox.Store.read_only(str(Path(out) / STORE))


def _mark_dirty(out: Path) -> None:
    _dirty(out).parent.mkdir(parents=True, exist_ok=True)
    _dirty(out).write_bytes(b"")


def mark_clean(out: Path, digests: dict[str, str]) -> None:
    """Record what the store holds and trust it again (after the files that go with it are written)."""
    write_atomic(_manifest(out), json.dumps(digests, sort_keys=True, indent=0) + "\n")
    _dirty(out).unlink(missing_ok=True)


class StoreWriter:
    """Writes a new store from rendered articles, in batches, then swaps it in for the old one."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self._new = self.out / ".store.new"
        shutil.rmtree(self._new, ignore_errors=True)
        self._store = ox.Store(str(self._new))
        self._header = prefix_header()
        self._trig: list[bytes] = []
        self._turtle: list[bytes] = []
        self._pending = 0
        self.digests: dict[str, str] = {}

    def add(self, rendered: Rendered) -> None:
        self._trig.append(rendered.trig)
        self._turtle.append(rendered.turtle)
        self._pending += len(rendered.trig) + len(rendered.turtle)
        self.digests[rendered.graph] = digest(rendered)
        if self._pending >= _BATCH_BYTES:
            self._load()

    def _load(self) -> None:
        if self._trig:
            self._store.bulk_load(input=self._header + b"".join(self._trig), format=ox.RdfFormat.TRIG)
            self._store.bulk_load(input=self._header + b"".join(self._turtle), format=ox.RdfFormat.TURTLE,
                                  to_graph=ox.DefaultGraph())
        self._trig, self._turtle, self._pending = [], [], 0

    def commit(self) -> None:
        """Load what is left, close the new store and put it in place of the old one (marked dirty
        until :func:`mark_clean`)."""
        self._load()
        self._store.flush()
        del self._store
        gc.collect()  # pyoxigraph closes the database when the object goes
        _mark_dirty(self.out)
        old = self.out / ".store.old"
        shutil.rmtree(old, ignore_errors=True)
        if (self.out / STORE).exists():
            (self.out / STORE).rename(old)
        self._new.rename(self.out / STORE)
        shutil.rmtree(old, ignore_errors=True)
        # Still marked dirty: the store is trusted only once graph.trig and graph.ttl say the same
        # (the build calls mark_clean after writing them). Killed in between, readers fall back to
        # the files, and the next build writes a new store.

    def abandon(self) -> None:
        del self._store
        gc.collect()
        shutil.rmtree(self._new, ignore_errors=True)


def update_store(out: Path, changed: Iterable[Rendered], removed: Iterable[str], digests: dict[str, str]) -> None:
    """Replace the named graphs of ``changed``, drop those of ``removed``, keep the union exact.

    ``digests`` is the manifest after the update (every article the store will hold).
    """
    out = Path(out)
    changed, removed = list(changed), list(removed)
    _mark_dirty(out)
    store = ox.Store(str(out / STORE))
    header = prefix_header()
    before: set[ox.Triple] = set()
    for graph in [r.graph for r in changed] + removed:
        name = ox.NamedNode(graph)
        before.update(ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name))
        if store.contains_named_graph(name):
            store.remove_graph(name)
    for rendered in changed:
        store.load(input=header + rendered.trig, format=ox.RdfFormat.TRIG)
        store.load(input=header + rendered.turtle, format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    default = ox.DefaultGraph()
    for triple in before:  # out of the union unless another article still states it
        if not any(q.graph_name != default for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, default))
    store.flush()
    del store
    gc.collect()
    mark_clean(out, digests)
