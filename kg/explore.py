"""Relationship questions over a built graph: paths, neighbourhoods, key players, clusters, one entity.

Everything here reads the entity graph the build keeps (``OUT/entities.sqlite``, see
:mod:`kg.entity_index`): opening it costs the same for five articles as for a month of
news, names are looked up in an index, centrality and communities were computed by the
build, and evidence sentences are read only for the edges an answer shows. Paths and
neighbourhoods walk the index level by level; :attr:`EntityGraph.graph` gives the whole
graph to networkx for other analyses.

Nodes are integers (the index's ids); :meth:`EntityGraph.find` turns any name, file name,
meeting label or IRI into one, and :meth:`EntityGraph.name` gives the label every command prints
(and accepts back).
"""

from __future__ import annotations

import difflib
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import KgError
from .text import fold

# Only what reading the index needs is imported here: a relationship command should start in a
# fraction of a second, without the extractors, the RDF libraries or (until a path is asked) networkx.

__all__ = ["Evidence", "Hop", "EntityGraph", "load_entity_graph", "AmbiguousName", "GROUPS", "CLASSES",
           "INDEX_FILE", "VERSION"]

#: The entity graph's file in a build folder, and the version of its layout (kg.entity_index writes it)
INDEX_FILE = "entities.sqlite"
VERSION = "1"
#: Node classes of the entity graph (the local names of their kg classes); a condition's subclass
#: (Quota, CircuitBreaker, ...) is kept as its ``kind``.
CLASSES = ("Person", "GovernmentBody", "MediaOutlet", "OtherOrganization", "AnonymousSource", "Place", "Role",
           "Meeting", "PolicyCondition", "Article")

#: At most this many shortest paths are collected before sorting (two hubs can have thousands)
_PATH_CAP = 1000
#: Names a ``--type`` may also give: groups of classes
GROUPS = {"Organization": ("GovernmentBody", "MediaOutlet", "OtherOrganization"), "Condition": ("PolicyCondition",)}


@dataclass(frozen=True, order=True)
class Evidence:
    file: str
    sentence: str
    title: str = ""
    date: str = ""
    url: str = ""


@dataclass(frozen=True)
class Hop:
    """One relation between two nodes, in the direction the graph states it, with its evidence."""

    source: int
    relation: str
    target: int
    evidence: tuple[Evidence, ...]


class AmbiguousName(KgError):
    """A name matches several entities; the message lists them for the user to choose."""

    def __init__(self, name: str, candidates: list[tuple[str, str, str]]):
        self.candidates = candidates
        listed = "; ".join(f"{label} ({cls}, {iri})" for iri, cls, label in candidates)
        super().__init__(f"'{name}' names {len(candidates)} entities: {listed}. Give the IRI or a fuller name.")


class EntityGraph:
    """The entity graph of a build, read from its index (use :func:`load_entity_graph`)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        version = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if not version or version[0] != VERSION:
            raise KgError(f"{self.path} was written by another version of kg; run kg build again")

    # -- nodes -------------------------------------------------------------------------------
    def find(self, name: str) -> int:
        """The node a name (any label, any script, English), file name, meeting label or IRI stands for.

        Raises:
            KgError: no entity has that name (with the closest names, if any).
            AmbiguousName: several do.
        """
        row = self.db.execute("SELECT id FROM nodes WHERE iri = ?", (name,)).fetchone()
        if row:
            return row[0]
        nodes = sorted({n for (n,) in self.db.execute("SELECT node FROM names WHERE name = ?", (fold(name),))})
        if not nodes:  # a name the articles do not use, but the reference knowledge knows (Ho Iat-seng)
            from .knowledge import load_knowledge
            from .model import Node
            from .rdf import node_iri

            entry = load_knowledge().lookup(name)
            if entry:
                row = self.db.execute("SELECT id FROM nodes WHERE iri = ?", (node_iri(Node(entry.kind, entry.key)),)).fetchone()
                nodes = [row[0]] if row else []
        if not nodes:
            close = self.similar(name)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KgError(f"no entity is called '{name}'{hint}")
        if len(nodes) > 1:
            raise AmbiguousName(name, [(self.iri(n), self.cls(n), self.name(n)) for n in nodes])
        return nodes[0]

    def similar(self, name: str, limit: int = 3) -> list[str]:
        """Labels close to ``name``: those containing it, else the closest spellings (difflib)."""
        folded = fold(name)
        rows = self.db.execute(
            "SELECT DISTINCT n.label FROM names JOIN nodes n ON n.id = names.node WHERE names.name LIKE ? "
            "ORDER BY n.pagerank DESC, n.label LIMIT ?", (f"%{folded}%", limit)).fetchall()
        if rows:
            return [label for (label,) in rows]
        known = [label for (label,) in self.db.execute("SELECT DISTINCT name FROM names WHERE node IN "
                                                     "(SELECT id FROM nodes WHERE cls != 'Article')")]
        found = difflib.get_close_matches(folded, known, n=limit, cutoff=0.6)
        labels = []
        for match in found:
            row = self.db.execute("SELECT n.label FROM names JOIN nodes n ON n.id = names.node WHERE names.name = ? "
                                  "ORDER BY n.pagerank DESC LIMIT 1", (match,)).fetchone()
            if row and row[0] not in labels:
                labels.append(row[0])
        return labels

    def name(self, node: int) -> str:
        return self._node(node)[0]

    def cls(self, node: int) -> str:
        return self._node(node)[1]

    def iri(self, node: int) -> str:
        return self._node(node)[2]

    def _node(self, node: int) -> tuple[str, str, str, str]:
        return self.db.execute("SELECT label, cls, iri, english FROM nodes WHERE id = ?", (node,)).fetchone()

    def nodes(self, classes: tuple[str, ...] | None = None) -> list[dict]:
        """Every node (of ``classes``) with its label, class, degree, PageRank and community."""
        rows = self.db.execute("SELECT id, iri, cls, kind, label, english, date, degree, pagerank, betweenness, "
                               "community FROM nodes ORDER BY id").fetchall()
        keys = ("node", "iri", "cls", "kind", "label", "english", "date", "degree", "pagerank", "betweenness",
                "community")
        return [dict(zip(keys, row)) for row in rows if not classes or row[2] in classes]

    def names_of(self, node: int) -> list[tuple[str, str]]:
        """Every (name, language) the graph or the reference knowledge gives a node."""
        return sorted(set(self.db.execute("SELECT label, lang FROM names WHERE node = ?", (node,))))

    # -- edges -------------------------------------------------------------------------------
    @cached_property
    def graph(self):
        """The whole graph as an undirected networkx graph of node ids (no attributes), for analyses of your own."""
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(n for (n,) in self.db.execute("SELECT id FROM nodes"))
        graph.add_edges_from(self.db.execute("SELECT source, target FROM edges"))
        return graph

    def edges(self) -> list[tuple[int, int, str, int, str, int]]:
        """Every edge: (id, source, relation, target, earliest article date, evidence count)."""
        return self.db.execute("SELECT e.id, e.source, e.relation, e.target, e.date, COUNT(ev.sentence) FROM edges e "
                               "JOIN evidence ev ON ev.edge = e.id GROUP BY e.id ORDER BY e.id").fetchall()

    def hops(self, u: int, v: int, evidence: int = 8) -> list[Hop]:
        """The relations joining two adjacent nodes, in either direction, each with up to ``evidence`` sentences."""
        rows = self.db.execute("SELECT id, source, relation, target FROM edges WHERE (source = ? AND target = ?) OR "
                               "(source = ? AND target = ?) ORDER BY relation, id", (u, v, v, u)).fetchall()
        return [Hop(source, relation, target, self.evidence(edge, evidence)) for edge, source, relation, target in rows]

    def evidence(self, edge: int, limit: int = 8) -> tuple[Evidence, ...]:
        rows = self.db.execute(
            "SELECT a.file, s.text, a.title, a.date, a.url FROM evidence ev JOIN sentences s ON s.id = ev.sentence "
            "JOIN articles a ON a.node = s.article WHERE ev.edge = ? ORDER BY a.file, s.id LIMIT ?", (edge, limit))
        return tuple(Evidence(*row) for row in rows)

    def paths(self, a: str, b: str, limit: int = 5) -> list[list[int]]:
        """Shortest paths between two entities (node lists), at most ``limit``, ordered by their labels;
        articles count as hops.

        A breadth-first search from both ends at once, each step reading one level's neighbours from
        the index, so a question about two nearby people reads a few hundred edges, not the graph.
        """
        source, target = self.find(a), self.find(b)
        if source == target:
            return [[source]]
        reached = ({source: 0}, {target: 0})  # node -> distance, from each end
        parents: tuple[dict[int, set[int]], dict[int, set[int]]] = ({}, {})
        frontiers = ([source], [target])
        meeting: set[int] = set()
        while frontiers[0] and frontiers[1] and not meeting:
            side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
            dist, parent = reached[side], parents[side]
            depth = dist[frontiers[side][0]] + 1
            new = []
            for node, others in sorted(self._adjacent(frontiers[side]).items()):
                for other in sorted(others):
                    if other not in dist:
                        dist[other] = depth
                        new.append(other)
                    if dist[other] == depth:
                        parent.setdefault(other, set()).add(node)
            frontiers = (new, frontiers[1]) if side == 0 else (frontiers[0], new)
            meeting = set(reached[0]) & set(reached[1])
        if not meeting:
            return []
        length = min(reached[0][m] + reached[1][m] for m in meeting)
        found: set[tuple[int, ...]] = set()
        for middle in sorted(m for m in meeting if reached[0][m] + reached[1][m] == length):
            for head in self._walk(middle, parents[0]):
                for tail in self._walk(middle, parents[1]):
                    found.add(tuple(reversed(head)) + tuple(tail[1:]))
                    if len(found) >= _PATH_CAP:
                        break
        return [list(p) for p in sorted(found, key=lambda p: ([self.name(n) for n in p], p))[:limit]]

    @staticmethod
    def _walk(node: int, parents: dict[int, set[int]]):
        """Every chain of parents from ``node`` back to the search's start (node first)."""
        if node not in parents:
            yield [node]
            return
        for parent in sorted(parents[node]):
            for rest in EntityGraph._walk(parent, parents):
                yield [node] + rest

    def _adjacent(self, nodes) -> dict[int, set[int]]:
        """The neighbours of each of ``nodes`` (either direction), read from the index."""
        out: dict[int, set[int]] = {}
        nodes = sorted(nodes)
        for start in range(0, len(nodes), 400):
            chunk = nodes[start:start + 400]
            marks = ",".join("?" * len(chunk))
            for node, other in self.db.execute(
                    f"SELECT source, target FROM edges WHERE source IN ({marks}) "
                    f"UNION ALL SELECT target, source FROM edges WHERE target IN ({marks})", chunk + chunk):
                out.setdefault(node, set()).add(other)
        return out

    def neighbors(self, name: str, hops: int = 1) -> list[tuple[int, int]]:
        """Nodes within ``hops`` of an entity, with their distance, nearest first."""
        source = self.find(name)
        lengths, frontier = {source: 0}, [source]
        for depth in range(1, hops + 1):
            new = []
            for others in self._adjacent(frontier).values():
                for other in others:
                    if other not in lengths:
                        lengths[other] = depth
                        new.append(other)
            frontier = new
        return sorted(((d, n) for n, d in lengths.items() if n != source), key=lambda x: (x[0], self.name(x[1]), x[1]))

    # -- the corpus' key players and groups (computed by the build) ---------------------------
    def centrality(self, cls: str | None = None) -> list[dict]:
        """Degree, betweenness and PageRank of every entity (of class or group ``cls``), by PageRank.

        Raises:
            KgError: ``cls`` is not a class or group of the entity graph.
        """
        classes = self.classes(cls)
        marks = ",".join("?" * len(classes))
        rows = self.db.execute(
            f"SELECT label, cls, degree, betweenness, pagerank, id FROM nodes WHERE cls IN ({marks}) "
            "ORDER BY pagerank DESC, degree DESC, label", classes)
        return [{"name": label, "class": c, "degree": degree, "betweenness": round(between, 4),
                 "pagerank": round(rank, 4), "node": node} for label, c, degree, between, rank, node in rows]

    @staticmethod
    def classes(cls: str | None) -> tuple[str, ...]:
        """The classes ``--type cls`` stands for (all but articles when None).

        Raises:
            KgError: an unknown class, with the valid ones.
        """
        if cls is None:
            return tuple(c for c in CLASSES if c != "Article")
        if cls in CLASSES:
            return (cls,)
        if cls in GROUPS:
            return GROUPS[cls]
        valid = ", ".join(sorted(set(CLASSES) | set(GROUPS)))
        raise KgError(f"unknown class '{cls}'; the graph's classes are {valid}")

    def communities(self, min_size: int = 2) -> list[list[str]]:
        """Groups of people and organizations that cluster together (Louvain on the whole graph, fixed seed)."""
        wanted = ("Person",) + GROUPS["Organization"]
        groups: dict[int, list[str]] = {}
        marks = ",".join("?" * len(wanted))
        for community, label in self.db.execute(
                f"SELECT community, label FROM nodes WHERE cls IN ({marks}) AND community > 0", wanted):
            groups.setdefault(community, []).append(label)
        out = [sorted(members) for members in groups.values()]
        return sorted((c for c in out if len(c) >= min_size), key=lambda c: (-len(c), c))

    # -- everything about one entity --------------------------------------------------------------
    def node_facts(self, node: int, evidence: int = 12) -> tuple[list[tuple[str, str]], list[Evidence]]:
        """A node's own facts (property, value) and the sentences that state them (then those of its edges)."""
        facts = sorted({(p, v) for p, v in self.db.execute(
            "SELECT property, value FROM attributes WHERE node = ?", (node,))})
        rows = self.db.execute(
            "SELECT DISTINCT a.file, s.text, a.title, a.date, a.url, s.id FROM sentences s "
            "JOIN articles a ON a.node = s.article WHERE s.id IN (SELECT sentence FROM attributes WHERE node = ?) "
            "OR s.id IN (SELECT ev.sentence FROM evidence ev JOIN edges e ON e.id = ev.edge "
            "WHERE e.source = ? OR e.target = ?) ORDER BY a.file, s.id LIMIT ?", (node, node, node, evidence))
        return facts, [Evidence(*row[:5]) for row in rows]

    def show(self, name: str, evidence: int = 3) -> dict:
        """Everything the graph says about one entity: names, posts over time, meetings, claims,
        conditions, other relations (each with dates and evidence), and its own facts."""
        node = self.find(name)
        label, cls, iri, english = self._node(node)
        out = {"name": label, "class": cls, "iri": iri, "english": english,
               "names": [n for n, _ in self.names_of(node)], "relations": [], "claims": [], "facts": []}
        rows = self.db.execute(
            "SELECT e.id, e.source, e.relation, e.target, e.date FROM edges e WHERE e.source = ? OR e.target = ? "
            "ORDER BY e.relation, e.date, e.id", (node, node)).fetchall()
        for edge, source, relation, target, date in rows:
            other = target if source == node else source
            out["relations"].append({
                "relation": relation, "direction": "out" if source == node else "in", "other": self.name(other),
                "class": self.cls(other), "date": date,
                "evidence": [ev.__dict__ for ev in self.evidence(edge, evidence)]})
        for text, expected, ev in self.claims_by([node], limit=-1).get(node, []):  # -1: SQLite's "no limit"
            out["claims"].append({"date": ev.date, "file": ev.file, "claim": text, "expects": expected,
                                  "sentence": ev.sentence})
        for prop, value, file, sentence in self.db.execute(
                "SELECT t.property, t.value, a.file, s.text FROM attributes t JOIN sentences s ON s.id = t.sentence "
                "JOIN articles a ON a.node = s.article WHERE t.node = ? ORDER BY t.property, t.value, a.file", (node,)):
            out["facts"].append({"property": prop, "value": value, "file": file, "sentence": sentence})
        return out

    # -- what the page embeds (read-only; kg.viz) ----------------------------------------------
    def edge_list(self) -> list[tuple[int, int, str, int, str]]:
        """Every edge as (id, source, relation, target, earliest article date), without counting evidence."""
        return self.db.execute("SELECT id, source, relation, target, date FROM edges ORDER BY id").fetchall()

    def all_names(self) -> list[tuple[int, str]]:
        """Every (node, name as written) the graph or the reference knowledge gives, in node order."""
        return self.db.execute("SELECT DISTINCT node, label FROM names ORDER BY node, label").fetchall()

    def claims_by(self, speakers: list[int], limit: int = 8) -> dict[int, list[tuple[str, str, Evidence]]]:
        """Up to ``limit`` claims of each speaker: (claim, expected reopening, evidence), by article date."""
        found: dict[int, list] = {}
        for speaker in speakers:
            rows = self.db.execute(
                "SELECT c.text, c.expected, a.file, s.text, a.title, a.date, a.url FROM claims c "
                "JOIN sentences s ON s.id = c.sentence JOIN articles a ON a.node = s.article "
                "WHERE c.speaker = ? ORDER BY a.date, a.file, s.id LIMIT ?", (speaker, limit)).fetchall()
            if rows:
                found[speaker] = [(row[0], row[1], Evidence(*row[2:])) for row in rows]
        return found

    def predictions(self) -> list[tuple[int, str, str, str, Evidence]]:
        """Claims that expect a reopening: (speaker, article date, claim, expected, evidence), by date."""
        rows = self.db.execute(
            "SELECT c.speaker, a.date, c.text, c.expected, a.file, s.text, a.title, a.date, a.url FROM claims c "
            "JOIN sentences s ON s.id = c.sentence JOIN articles a ON a.node = s.article "
            "WHERE c.expected != '' ORDER BY a.date, a.file, s.id, c.speaker").fetchall()
        return [(row[0], row[1], row[2], row[3], Evidence(*row[4:])) for row in rows]

    def first_stated(self, cls: str) -> dict[int, str]:
        """The earliest article date of each node of ``cls``, over the sentences of its facts and its edges."""
        rows = self.db.execute(
            "SELECT t.node, MIN(a.date) FROM attributes t JOIN nodes n ON n.id = t.node "
            "JOIN sentences s ON s.id = t.sentence JOIN articles a ON a.node = s.article "
            "WHERE n.cls = ? AND a.date != '' GROUP BY t.node "
            "UNION ALL SELECT e.target, MIN(e.date) FROM edges e JOIN nodes n ON n.id = e.target "
            "WHERE n.cls = ? AND e.date != '' GROUP BY e.target "
            "UNION ALL SELECT e.source, MIN(e.date) FROM edges e JOIN nodes n ON n.id = e.source "
            "WHERE n.cls = ? AND e.date != '' GROUP BY e.source", (cls, cls, cls)).fetchall()
        first: dict[int, str] = {}
        for node, date in rows:
            if date and (node not in first or date < first[node]):
                first[node] = date
        return first

    def article_files(self) -> list[tuple[int, str]]:
        """(node, file name) of every article."""
        return self.db.execute("SELECT node, file FROM articles ORDER BY node").fetchall()


def load_entity_graph(graph_dir: Path) -> EntityGraph:
    """Open the entity graph of the build in ``graph_dir``.

    Raises:
        KgError: the folder holds no build (or one made before kg kept its entity graph).
    """
    path = Path(graph_dir) / INDEX_FILE
    if not path.is_file():
        raise KgError(f"{graph_dir} has no entity graph ({INDEX_FILE}); build it first: kg build ARTICLES -o {graph_dir}")
    return EntityGraph(path)

