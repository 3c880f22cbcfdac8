"""Reference knowledge loaded from ``ontology/``: names, aliases, posts, places.

``knowledge.ttl`` holds people, bodies, outlets and posts; ``places.ttl`` is the
place gazetteer (provinces, cities, regions, districts, crossings).

Extractors find names by pattern; this module only answers "which real entity
does this surface form belong to, and what is its canonical name?". Lookups are
on Simplified, case-folded forms, so Traditional and Simplified spellings meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import ORG, RDF, SKOS

from .paths import ontology_dir
from .text import fold, to_simplified
from .vocab import KG

__all__ = ["Entry", "Knowledge", "Titles", "load_knowledge", "load_events", "load_titles", "fold"]

_KINDS = {
    KG.Person: "person",
    KG.GovernmentBody: "org",
    KG.MediaOutlet: "org",
    KG.OtherOrganization: "org",
    KG.Place: "place",
    KG.Role: "role",
}


@dataclass(frozen=True)
class Entry:
    """One reference entity."""

    kind: str  # person | org | place | role
    key: str  # canonical Simplified name, also the IRI's local part
    cls: str  # local name of its kg class
    pref_label: str
    labels: tuple[tuple[str, str], ...]  # (label, language)
    post_in: str | None = None  # for roles: the key of the organization
    actor_labels: tuple[str, ...] = ()


@dataclass
class Knowledge:
    """Index of reference entities by folded label."""

    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    by_label: dict[str, list[Entry]] = field(default_factory=dict)
    by_actor_label: dict[str, Entry] = field(default_factory=dict)
    #: things computed from the entries once (compiled gazetteers); the entries never change after loading
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def add(self, entry: Entry) -> None:
        self.entries[(entry.kind, entry.key)] = entry
        for label, _lang in entry.labels:
            bucket = self.by_label.setdefault(fold(label), [])
            if entry not in bucket:
                bucket.append(entry)
        for label in entry.actor_labels:
            self.by_actor_label[fold(label)] = entry

    def lookup(self, label: str, kind: str | None = None) -> Entry | None:
        """The entry a surface form names, or None when unknown or ambiguous."""
        found = [e for e in self.by_label.get(fold(label), []) if kind is None or e.kind == kind]
        return found[0] if len(found) == 1 else None

    def get(self, kind: str, key: str) -> Entry | None:
        return self.entries.get((kind, key))

    def labels_of_kind(self, kind: str) -> list[str]:
        """Every folded label of entries of ``kind``, longest first (for gazetteer matching)."""
        labels = {fold(l) for e in self.entries.values() if e.kind == kind for l, _ in e.labels}
        return sorted(labels, key=lambda l: (-len(l), l))


#: the files of the default reference knowledge, under ``ontology/``
KNOWLEDGE_FILES = ("knowledge.ttl", "places.ttl")


@lru_cache(maxsize=4)
def load_knowledge(path: Path | None = None) -> Knowledge:
    """Load the reference knowledge (cached; the files are read once per process).

    ``path`` is one Turtle file to read instead of the default files in ``ontology/``.
    """
    paths = [Path(path)] if path else [ontology_dir() / name for name in KNOWLEDGE_FILES]
    graph = Graph()
    for source in paths:
        graph.parse(source, format="turtle")
    knowledge = Knowledge()
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        kind = _KINDS.get(cls)
        if kind is None:
            continue
        pref = graph.value(subject, SKOS.prefLabel)
        labels = [(str(pref), pref.language or "")]
        labels += sorted((str(l), l.language or "") for l in graph.objects(subject, SKOS.altLabel))
        post_in = graph.value(subject, ORG.postIn)
        knowledge.add(
            Entry(
                kind=kind,
                key=str(subject).rsplit("/", 1)[-1],
                cls=str(cls).rsplit("#", 1)[-1],
                pref_label=str(pref),
                labels=tuple(labels),
                post_in=str(post_in).rsplit("/", 1)[-1] if post_in else None,
                actor_labels=tuple(sorted(str(l) for l in graph.objects(subject, KG.actorLabel))),
            )
        )
    return knowledge


@dataclass(frozen=True)
class Titles:
    """The title lexicon (``ontology/titles.ttl``): Chinese (Simplified) and English titles, longest
    first, and the organization a title implies, by folded title."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    implies: dict[str, str]
    fields: dict[str, str]  # folded title -> its field (government, academia, sport, ...)


@lru_cache(maxsize=4)
def load_titles(path: Path | None = None) -> Titles:
    """Read the title lexicon (cached): every label of every kg:Title, by language."""
    path = Path(path) if path else ontology_dir() / "titles.ttl"
    graph = Graph()
    graph.parse(path, format="turtle")
    zh: set[str] = set()
    en: set[str] = set()
    implies: dict[str, str] = {}
    fields: dict[str, str] = {}
    for title in sorted(graph.subjects(RDF.type, KG.Title)):
        org = graph.value(title, ORG.postIn)
        field_name = str(graph.value(title, KG.field) or "")
        for label in list(graph.objects(title, SKOS.prefLabel)) + list(graph.objects(title, SKOS.altLabel)):
            text = str(label)
            (en if label.language == "en" else zh).add(text if label.language == "en" else to_simplified(text))
            fields[fold(text)] = field_name
            if org is not None:
                implies[fold(text)] = str(org).rsplit("/", 1)[-1]
    longest_first = lambda labels: tuple(sorted(labels, key=lambda l: (-len(l), l)))  # noqa: E731
    return Titles(zh=longest_first(zh), en=longest_first(en), implies=implies, fields=fields)


@lru_cache(maxsize=4)
def load_events(path: Path | None = None) -> dict[str, tuple]:
    """Names of dated public events (Simplified and English) -> their dates, from ``ontology/events.ttl``."""
    path = Path(path) if path else ontology_dir() / "events.ttl"
    graph = Graph()
    graph.parse(path, format="turtle")
    events: dict[str, set] = {}
    for event in graph.subjects(RDF.type, KG.NamedEvent):
        day = graph.value(event, KG.date).toPython()
        for label in list(graph.objects(event, SKOS.prefLabel)) + list(graph.objects(event, SKOS.altLabel)):
            events.setdefault(str(label), set()).add(day)
    return {name: tuple(sorted(days)) for name, days in sorted(events.items())}
