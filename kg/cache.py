"""The build cache: what each article gave, keyed by its content and the code that read it.

A build looks every article up by :func:`article_key` (a hash of its path in the
corpus, its bytes and :func:`pipeline_fingerprint`) and extracts only those it
does not find. The fingerprint covers the extractors' names and versions, every
module of the package and the reference data (``ontology/*.ttl``), so editing an
extractor, a pattern or the knowledge file invalidates the cache without anyone
having to remember to bump a version.

The cache is one SQLite file (``OUT/cache/cache-v1.sqlite``); each entry is a pickled
:class:`Entry`. Entries no build asked for are pruned at the end of a build.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .entity_index import Part
from .paths import ontology_dir
from .rdf import Rendered
from .resolve import MeetingSummary

__all__ = ["Cache", "Entry", "article_key", "pipeline_fingerprint"]

_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Entry:
    """What one file gave: its rendered graph, or the reason it was skipped.

    ``doc`` (a pickled :class:`~kg.model.Doc`) is kept only for articles that name
    corpus-level meetings, the only ones corpus resolution may re-render.
    ``failures`` lists the extractors that raised on the article (their facts are
    missing, the others' are there); such an entry serves one build only and is
    extracted again by the next.
    """

    name: str
    error: str | None = None
    rendered: Rendered | None = None
    meetings: MeetingSummary = ()
    doc: bytes | None = None
    failures: tuple[tuple[str, str], ...] = ()  # (extractor, error) for extractors that raised on it
    part: Part | None = None  # its share of the entity graph (kg.entity_index)


@lru_cache(maxsize=4)
def pipeline_fingerprint(pipeline: tuple[tuple[str, str], ...] | None = None) -> str:
    """A hash of everything that decides what an article yields: code, extractor names (``pipeline``,
    default the build's), the model, reference data."""
    from .extractors import PIPELINE
    from .tokens import MODEL

    pipeline = PIPELINE if pipeline is None else pipeline
    digest = hashlib.sha256(repr(pipeline).encode() + (MODEL.encode() if ("tokens", "tokens.lac1") in pipeline else b""))
    files = sorted(_PACKAGE.rglob("*.py")) + sorted(ontology_dir().glob("*.ttl"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def article_key(name: str, raw: bytes, pipeline: tuple[tuple[str, str], ...] | None = None) -> str:
    """The cache key of a file: its corpus path, its bytes and the fingerprint of ``pipeline``."""
    digest = hashlib.sha256(pipeline_fingerprint(pipeline).encode())
    digest.update(name.encode("utf-8") + b"\0")
    digest.update(raw)
    return digest.hexdigest()


_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, meetings BLOB NOT NULL, payload BLOB NOT NULL)"
# The statements, named once (SQL keywords are case-blind, so a mutant that only changes their case is
# no bug: mutation testing mutates functions, not these).
_SQL = {
    "wal": "PRAGMA journal_mode=WAL",
    "sync": "PRAGMA synchronous=NORMAL",
    "keys": "SELECT key FROM entries",
    "payload": "SELECT payload FROM entries WHERE key = ?",
    "meetings": "SELECT meetings FROM entries WHERE key = ?",
    "put": "INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
    "wanted": "CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)",
    "clear wanted": "DELETE FROM wanted",
    "want": "INSERT OR IGNORE INTO wanted VALUES (?)",
    "prune": "DELETE FROM entries WHERE key NOT IN (SELECT key FROM wanted)",
}


class Cache:
    """Entries by key in one SQLite file; use as a context manager (commits on exit)."""

    def __init__(self, path: Path):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path)
            self._db.execute(_SCHEMA)
        except sqlite3.DatabaseError:  # a damaged cache is only a cache: start again
            path.unlink(missing_ok=True)
            self._db = sqlite3.connect(path)
            self._db.execute(_SCHEMA)
        self._db.execute(_SQL["wal"])
        self._db.execute(_SQL["sync"])

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc) -> None:
        self._db.commit()
        self._db.close()

    def keys(self) -> set[str]:
        return {key for (key,) in self._db.execute(_SQL["keys"])}

    def get(self, key: str) -> Entry | None:
        row = self._db.execute(_SQL["payload"], (key,)).fetchone()
        return pickle.loads(row[0]) if row else None

    def meetings(self, key: str) -> MeetingSummary:
        """Only the meeting summary of an entry (cheap: corpus resolution reads every article's)."""
        row = self._db.execute(_SQL["meetings"], (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return pickle.loads(row[0])

    def put_pickled(self, key: str, meetings: bytes, entry: bytes) -> None:
        """Store an entry already pickled (by a worker) with its pickled meeting summary."""
        self._db.execute(_SQL["put"], (key, meetings, entry))

    def commit(self) -> None:
        self._db.commit()

    def keep_only(self, keys: Iterable[str]) -> int:
        """Delete every entry whose key is not in ``keys``; return how many went."""
        self._db.execute(_SQL["wanted"])
        self._db.execute(_SQL["clear wanted"])
        self._db.executemany(_SQL["want"], ((k,) for k in keys))
        removed = self._db.execute(_SQL["prune"]).rowcount
        self._db.commit()
        return removed
