"""The entity graph kept with the build: who and what is linked to whom, with evidence pointers.

Relationship commands (``kg path``, ``neighbors``, ``central``, ``communities``, ``show``,
``viz``) need the graph of entities, not the 3.5 M triples of a month of news. The build
therefore writes it once, next to the store, as ``OUT/entities.sqlite``:

* each article's share (:class:`Part`) is computed from its facts in the worker that
  extracted it and cached with it, so a rebuild after one changed article re-reads
  only that article's part (and re-derives the parts of the few articles whose meetings
  corpus resolution renames);
* :func:`write_index` joins the parts in file order, names every node (meetings by kind,
  ordinal, date and place; articles by title; anonymous sources with their article),
  links people who met, and computes PageRank, betweenness and communities once, so the
  commands read them instead of recomputing them per call;
* evidence sentences are stored apart (``sentences``) and fetched only for the edges a
  command shows.

Edges read in the direction the graph states (``李家超 —[leads]→ meeting``):

* ``speaks in``: a speaker and the article where they are quoted;
* ``said about``: a speaker and a person or body their claim names;
* ``takes part in`` / ``leads``: a person or body and a meeting; ``held in``: a meeting and its place;
* ``met with``: two people taking part in the same meeting (its evidence);
* ``holds``: who states or demands a policy condition, and the condition;
* ``holds post`` / ``member of``: a person and a post, a person and the post's organization;
* ``cites``: an article and an outlet it cites.

The file is rewritten whole by every build (from cached parts: seconds), in a fixed order,
so the same corpus always gives the same bytes.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Literal

from .io import atomic_path
from .explore import CLASSES, INDEX_FILE, VERSION
from .knowledge import load_knowledge
from .model import Doc, Node
from .rdf import article_iri, node_iri
from .text import fold
from .vocab import ID, KG, ORG, RDF, RDFS, SKOS

__all__ = ["Part", "article_part", "write_index", "INDEX_FILE", "CLASSES", "BETWEENNESS_SAMPLES"]

#: Classes that say less than another class of the same node (an Organization that is a GovernmentBody)
_GENERAL = {"Organization": "OtherOrganization"}

#: Up to this many nodes betweenness is exact; beyond, it is estimated from BETWEENNESS_SAMPLES sampled
#: sources (fixed seed). Exact betweenness costs nodes x edges: hours for a month of news, where each
#: source costs about 0.3 s in networkx; 32 sources rank the hubs, not the small values.
BETWEENNESS_EXACT = 2000
BETWEENNESS_SAMPLES = 32

_KG = str(KG)
_EDGE = {  # predicate -> (relation, reversed: the edge reads object -> subject)
    str(KG.participant): ("takes part in", True),
    str(KG.ledBy): ("leads", True),
    str(KG.place): ("held in", False),
    str(KG.heldBy): ("holds", True),
}
_LITERALS = {str(KG.meetingKind), str(KG.date), str(KG.ordinal), str(KG.status), str(KG.detail), str(KG.value),
             str(KG.unit), str(KG.period), str(KG.phase), str(KG.minValue), str(KG.maxValue), str(KG.datePrecision)}


@dataclass(frozen=True, slots=True)
class Part:
    """One article's share of the entity graph (IRIs and strings only: cached and pickled).

    ``sentence`` fields index ``sentences``, the article's evidence sentences.
    """

    article: tuple[str, str, str, str, str]  # (IRI, file, title, issued date, url)
    types: tuple[tuple[str, str], ...]  # (node IRI, class local name)
    names: tuple[tuple[str, str, str], ...]  # (node IRI, label, "pref" | language | "")
    attributes: tuple[tuple[str, str, str, int], ...]  # (node IRI, property local name, value, sentence)
    edges: tuple[tuple[str, str, str, int], ...]  # (from IRI, relation, to IRI, sentence)
    claims: tuple[tuple[str, str, str, int], ...]  # (speaker IRI, claim text, expected reopening, sentence)
    sentences: tuple[str, ...]


def article_part(doc: Doc) -> Part:
    """The entity-graph share of one extracted (and, if need be, renamed) article."""
    article = doc.article
    art = article_iri(article)
    sentences: dict[int, int] = {}  # sentence start -> index
    texts: list[str] = []

    def sentence_of(fact) -> int:
        span = article.sentence_at(fact.mentions[0].start)
        if span.start not in sentences:
            sentences[span.start] = len(texts)
            texts.append(article.span_text(span))
        return sentences[span.start]

    types, names, attributes, edges = set(), set(), set(), set()
    claims: dict[str, dict] = defaultdict(lambda: defaultdict(set))
    for fact in doc.facts:
        subject = node_iri(fact.subject)
        predicate, obj = str(fact.predicate), fact.object
        target = node_iri(obj) if isinstance(obj, Node) else None
        kind = fact.subject.kind
        if kind in ("claim", "position"):
            claims[subject][predicate].add((target or str(obj), sentence_of(fact)))
        elif predicate == str(RDF.type):
            cls = str(obj)
            if cls.startswith(_KG) or cls == str(ORG.Organization):
                types.add((subject, cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]))
        elif predicate in (str(RDFS.label), str(SKOS.prefLabel)) and isinstance(obj, Literal):
            names.add((subject, str(obj), "pref" if predicate == str(SKOS.prefLabel) else (obj.language or "")))
        elif predicate in _EDGE and target:
            relation, backwards = _EDGE[predicate]
            edges.add((target, relation, subject, sentence_of(fact)) if backwards
                      else (subject, relation, target, sentence_of(fact)))
        elif predicate in _LITERALS and not target:
            attributes.add((subject, predicate[len(_KG):], str(obj), sentence_of(fact)))
    said = []
    for claim in claims.values():
        speakers = claim.get(str(KG.speaker), set())
        for speaker, sentence in speakers:
            edges.add((speaker, "speaks in", art, sentence))
            for about, about_sentence in claim.get(str(KG.about), ()):
                if about != speaker:
                    edges.add((speaker, "said about", about, about_sentence))
            text = min((t for t, _ in claim.get(str(RDFS.label), ())), default="")
            expected = min((t for t, _ in claim.get(str(KG.expectedReopening), ())), default="")
            said.append((speaker, text, expected, sentence))
        for outlet, sentence in claim.get(str(KG.citedOutlet), ()):
            edges.add((art, "cites", outlet, sentence))
        for person, sentence in claim.get(str(ORG.member), ()):
            for role, _ in claim.get(str(ORG.role), ()):
                edges.add((person, "holds post", role, sentence))
            for organization, _ in claim.get(str(ORG.organization), ()):
                edges.add((person, "member of", organization, sentence))
    issued = article.published.date().isoformat() if article.published else ""
    return Part((art, article.file, article.title or "", issued, article.url or ""), tuple(sorted(types)),
                tuple(sorted(names)), tuple(sorted(attributes)), tuple(sorted(edges)), tuple(sorted(said)),
                tuple(texts))


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, cls TEXT NOT NULL, kind TEXT NOT NULL,
                    label TEXT NOT NULL, english TEXT NOT NULL, date TEXT NOT NULL, degree INTEGER NOT NULL,
                    pagerank REAL NOT NULL, betweenness REAL NOT NULL, community INTEGER NOT NULL);
CREATE TABLE names (name TEXT NOT NULL, node INTEGER NOT NULL, label TEXT NOT NULL, lang TEXT NOT NULL);
CREATE TABLE articles (node INTEGER PRIMARY KEY, file TEXT NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL,
                       url TEXT NOT NULL);
CREATE TABLE sentences (id INTEGER PRIMARY KEY, article INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE edges (id INTEGER PRIMARY KEY, source INTEGER NOT NULL, relation TEXT NOT NULL, target INTEGER NOT NULL,
                    date TEXT NOT NULL);
CREATE TABLE evidence (edge INTEGER NOT NULL, sentence INTEGER NOT NULL);
CREATE TABLE attributes (node INTEGER NOT NULL, property TEXT NOT NULL, value TEXT NOT NULL, sentence INTEGER NOT NULL);
CREATE TABLE claims (speaker INTEGER NOT NULL, text TEXT NOT NULL, expected TEXT NOT NULL, sentence INTEGER NOT NULL);
"""
_INDEXES = """
CREATE INDEX names_by_name ON names (name);
CREATE INDEX names_by_node ON names (node);
CREATE INDEX edges_by_source ON edges (source);
CREATE INDEX edges_by_target ON edges (target);
CREATE INDEX evidence_by_edge ON evidence (edge);
CREATE INDEX attributes_by_node ON attributes (node);
CREATE INDEX claims_by_speaker ON claims (speaker);
CREATE INDEX articles_by_file ON articles (file);
"""


def write_index(path: Path, parts: Iterable[Part]) -> None:
    """Join the articles' parts (in file order) into the entity graph and write it to ``path`` atomically."""
    knowledge = load_knowledge()
    types: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    attributes: dict[str, set[tuple[str, str, int]]] = defaultdict(set)
    evidence: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    dates: dict[tuple[str, str, str], str] = {}
    claims: list[tuple[str, str, str, int]] = []
    articles: dict[str, tuple[str, str, str, str]] = {}
    sentences: list[tuple[str, str]] = []  # (article IRI, text)
    for part in parts:
        art, file, title, issued, url = part.article
        articles[art] = (file, title, issued, url)
        types[art].add("Article")
        base = len(sentences)
        sentences.extend((art, text) for text in part.sentences)
        for iri, cls in part.types:
            types[iri].add(cls)
        for iri, label, lang in part.names:
            names[iri].add((label, lang))
        for iri, prop, value, sentence in part.attributes:
            attributes[iri].add((prop, value, base + sentence))
        for source, relation, target, sentence in part.edges:
            evidence[(source, relation, target)].add(base + sentence)
            if issued:  # the earliest dated article stating it
                dates[(source, relation, target)] = min(dates.get((source, relation, target)) or issued, issued)
        claims.extend((speaker, text, expected, base + sentence) for speaker, text, expected, sentence in part.claims)

    cls_of = {iri: _class(found) for iri, found in types.items()}
    cls_of = {iri: cls for iri, cls in cls_of.items() if cls}
    place_of = {}
    for source, relation, target in sorted(evidence):
        if relation == "held in" and source not in place_of:
            place_of[source] = min((label for label, lang in names.get(target, ()) if lang == "pref"),
                                   default=target.rsplit("/", 1)[-1])
    _link_people_who_met(cls_of, evidence, dates)
    edges = sorted(key for key in evidence if key[0] in cls_of and key[2] in cls_of and key[0] != key[2])
    ids = {iri: number for number, iri in enumerate(sorted(cls_of), 1)}

    graph = nx.Graph()
    graph.add_nodes_from(ids.values())
    graph.add_edges_from((ids[s], ids[t]) for s, _, t in edges)
    pagerank = nx.pagerank(graph) if graph.number_of_nodes() else {}
    linked = nx.Graph(graph.subgraph([n for n in graph if graph.degree(n)]))  # isolates change neither measure
    sample = None if linked.number_of_nodes() <= BETWEENNESS_EXACT else BETWEENNESS_SAMPLES
    betweenness = nx.betweenness_centrality(linked, k=sample, seed=7) if linked.number_of_edges() else {}
    if linked.number_of_nodes() < graph.number_of_nodes() and linked.number_of_nodes() > 2:
        # normalised as over the whole graph, as kg central always reported it
        n, m = graph.number_of_nodes(), linked.number_of_nodes()
        betweenness = {k: v * (m - 1) * (m - 2) / ((n - 1) * (n - 2)) for k, v in betweenness.items()}
    communities = nx.community.louvain_communities(linked, seed=7) if linked.number_of_edges() else []
    community = {node: number for number, members in enumerate(
        sorted(communities, key=lambda c: (-len(c), min(c))), 1) for node in members}

    with atomic_path(path) as temporary:
        db = sqlite3.connect(temporary)
        db.execute("PRAGMA journal_mode=OFF")  # a temporary file: nothing to roll back to
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
        db.execute("INSERT INTO meta VALUES ('betweenness', ?)",
                   ("exact" if sample is None else f"estimated from {sample} sampled sources",))
        rows, name_rows = [], []
        for iri, number in ids.items():
            cls = cls_of[iri]
            label, english, all_names = _names(iri, cls, names.get(iri, set()), attributes.get(iri, set()),
                                               articles, knowledge, place_of.get(iri, ""))
            kind = "" if cls != "PolicyCondition" else \
                next((c for c in sorted(types[iri]) if c not in CLASSES and c not in _GENERAL), "")
            date = articles[iri][2] if iri in articles else min(
                (v for p, v, _ in attributes.get(iri, ()) if p == "date"), default="")
            rows.append((number, iri, cls, kind, label, english, date, graph.degree(number),
                         round(pagerank.get(number, 0.0), 6), round(betweenness.get(number, 0.0), 6),
                         community.get(number, 0)))
            name_rows.extend((fold(name), number, name, lang) for name, lang in sorted(all_names))
        db.executemany("INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
        db.executemany("INSERT INTO articles VALUES (?,?,?,?,?)",
                       ((ids[art], *fields) for art, fields in articles.items() if art in ids))
        db.executemany("INSERT INTO sentences VALUES (?,?,?)",
                       ((number, ids[art], text) for number, (art, text) in enumerate(sentences)))
        db.executemany("INSERT INTO edges VALUES (?,?,?,?,?)",
                       ((number, ids[s], relation, ids[t], dates.get((s, relation, t), ""))
                        for number, (s, relation, t) in enumerate(edges)))
        db.executemany("INSERT INTO evidence VALUES (?,?)",
                       ((number, sentence) for number, key in enumerate(edges) for sentence in sorted(evidence[key])))
        db.executemany("INSERT INTO attributes VALUES (?,?,?,?)",
                       ((ids[iri], prop, value, sentence) for iri in sorted(attributes) if iri in ids
                        for prop, value, sentence in sorted(attributes[iri])))
        db.executemany("INSERT INTO claims VALUES (?,?,?,?)",
                       ((ids[s], text, expected, sentence) for s, text, expected, sentence in sorted(claims) if s in ids))
        db.executescript(_INDEXES)
        db.commit()
        db.close()


def _class(found: set[str]) -> str:
    """The one class a node is shown as: the most specific of ``CLASSES`` it has."""
    if "PolicyCondition" in found:
        return "PolicyCondition"
    specific = [c for c in CLASSES if c in found]
    if specific:
        return specific[0]
    return next((_GENERAL[c] for c in sorted(found) if c in _GENERAL), "")


def _link_people_who_met(cls_of: dict[str, str], evidence: dict, dates: dict) -> None:
    """People who take part in (or lead) the same meeting are linked by ``met with``, with its evidence."""
    present: dict[str, set[str]] = defaultdict(set)
    sentences: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (source, relation, target), found in list(evidence.items()):
        if relation in ("takes part in", "leads") and cls_of.get(source) == "Person":
            present[target].add(source)
            sentences[(source, target)] |= found
    for meeting, people in present.items():
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                key = (a, "met with", b)
                evidence[key] |= sentences[(a, meeting)] | sentences[(b, meeting)]
                met = [dates.get((p, r, meeting), "") for p in (a, b) for r in ("takes part in", "leads")]
                dates[key] = min((d for d in met if d), default="")


def _names(iri, cls, names, attributes, articles, knowledge, place):
    """(display label, English name, every name) of a node."""
    preferred = sorted(label for label, lang in names if lang == "pref")
    labels = sorted(label for label, _ in names)
    english = sorted(label for label, lang in names if lang == "en")
    all_names = {(label, lang if lang != "pref" else "") for label, lang in names}
    if cls == "Article":
        file, title, issued, _ = articles[iri]
        all_names |= {(file, ""), (title, "")} - {("", "")}
        return title or file, "", all_names
    kind, key = iri.rsplit("/", 2)[-2:]
    entry = knowledge.get(kind, key) if kind in ("person", "org", "place", "role") else None
    if entry:
        english = [label for label, lang in entry.labels if lang == "en"] + english  # the reference's first
        all_names |= {(label, lang) for label, lang in entry.labels}
    if cls == "Meeting":
        label = _meeting_label(key, attributes, place)
        art = f"{ID}article/{key.split('_', 1)[0]}"
        if not any(c.isdigit() for c in label) and not place and art in articles:
            label = f"{label} ({articles[art][0]})"  # an undated meeting of one article: say which one
        all_names |= {(label, ""), (key, "")}
        return label, "", all_names
    label = (preferred or labels or [key])[0]
    if cls == "AnonymousSource":  # 消息人士 of one article is not 消息人士 of another
        art = f"{ID}article/{key.split('_', 1)[0]}"  # its key is scoped by the article's id
        if art in articles:
            label = f"{label} ({articles[art][0]})"
            all_names.add((label, ""))
    return label, (english or [""])[0], all_names


def _meeting_label(key: str, attributes, place: str) -> str:
    """A meeting's readable name: kind, ordinal, date and place as the articles give them."""
    found = defaultdict(set)
    for prop, value, _ in attributes:
        found[prop].add(value)
    kinds = sorted(found.get("meetingKind", set()) - {"meeting"}) or ["meeting"]
    label = "/".join(kinds) + ("" if kinds == ["meeting"] or kinds == ["visit"] else " meeting")
    if found.get("ordinal"):
        label += f" #{min(found['ordinal'])}"
    if found.get("date"):
        label += f" {min(found['date'])}"
    if place:
        label += f" in {place}"
    return label
