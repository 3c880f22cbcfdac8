"""Relationship questions over a built graph: paths, neighbourhoods, key players, clusters.

The graph is networkx's view of the RDF: entities (people, organizations, places, posts,
meetings, conditions, claims' speakers) and articles are nodes; each edge is a relation
the graph holds, with the sentences and articles that support it:

* ``speaks in``: a speaker and the article where they are quoted;
* ``said about``: a speaker and a person or body their claim names;
* ``takes part in`` / ``leads`` / ``held in``: meetings, their participants, leader and place;
* ``holds``: a condition and who states or demands it;
* ``holds post`` / ``post in``: a person, the post and its organization;
* ``cites``: an article and an outlet it cites.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .errors import KgError
from .knowledge import fold, load_knowledge
from .model import Node
from .rdf import node_iri
from .query import open_graph, run_query

__all__ = ["Evidence", "EntityGraph", "load_entity_graph", "AmbiguousName"]

_EDGES = """
SELECT ?s ?p ?o ?sentence ?file ?title WHERE {
  GRAPH ?g {
    ?fact rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidence/kg:sentence ?sentence .
    ?article kg:fileName ?file . OPTIONAL { ?article dcterms:title ?title }
    VALUES ?p { kg:speaker kg:about kg:participant kg:ledBy kg:place kg:heldBy org:member org:role
                org:organization kg:citedOutlet }
  }
}
"""
_NODES = """
SELECT ?node ?class (SAMPLE(?name_) AS ?name) WHERE {
  ?node a ?class .
  VALUES ?class { kg:Person kg:GovernmentBody kg:MediaOutlet kg:OtherOrganization kg:AnonymousSource kg:Place
                  kg:Role kg:Meeting kg:PolicyCondition kg:Article }
  OPTIONAL { ?node skos:prefLabel ?pref } OPTIONAL { ?node kg:fileName ?file }
  OPTIONAL { { SELECT ?node (MIN(STR(?l)) AS ?label) WHERE { ?node rdfs:label ?l } GROUP BY ?node } }
  BIND (IF(CONTAINS(STR(?node), "/meeting/"), REPLACE(STR(?node), "^.*/", ""), ?unset) AS ?meeting)
  BIND (COALESCE(?pref, ?file, ?meeting, ?label, STR(?node)) AS ?name_)
}
GROUP BY ?node ?class
"""
_LABELS = "SELECT ?node ?label WHERE { { ?node rdfs:label ?label } UNION { ?node skos:prefLabel ?label } }"


@dataclass(frozen=True, order=True)
class Evidence:
    file: str
    sentence: str
    title: str = ""


class AmbiguousName(KgError):
    """A name matches several entities; the message lists them for the user to choose."""

    def __init__(self, name: str, candidates: list[tuple[str, str, str]]):
        self.candidates = candidates
        listed = "; ".join(f"{label} ({cls}, {iri})" for iri, cls, label in candidates)
        super().__init__(f"'{name}' names {len(candidates)} entities: {listed}. Give the IRI or a fuller name.")


@dataclass
class EntityGraph:
    """An undirected multigraph of entities and articles with evidence on every edge."""

    graph: nx.MultiGraph
    labels: dict[str, set[str]] = field(default_factory=dict)  # folded label -> node IRIs

    def find(self, name: str) -> str:
        """The node a name (any label, any script) or IRI stands for.

        Raises:
            KgError: no entity has that name.
            AmbiguousName: several do.
        """
        if name in self.graph:
            return name
        nodes = sorted(self.labels.get(fold(name), set()))
        if not nodes:  # a name the articles do not use, but the reference knowledge knows (Ho Iat-seng)
            entry = load_knowledge().lookup(name)
            iri = node_iri(Node(entry.kind, entry.key)) if entry else None
            nodes = [iri] if iri in self.graph else []
        if not nodes:
            raise KgError(f"no entity is called '{name}'")
        if len(nodes) > 1:
            raise AmbiguousName(name, [(n, self.graph.nodes[n]["cls"], self.graph.nodes[n]["label"]) for n in nodes])
        return nodes[0]

    def name(self, node: str) -> str:
        return self.graph.nodes[node]["label"]

    def paths(self, a: str, b: str, limit: int = 5) -> list[list[str]]:
        """Shortest paths between two entities (node lists), at most ``limit``; articles count as hops."""
        source, target = self.find(a), self.find(b)
        simple = nx.Graph(self.graph)
        try:
            paths = nx.all_shortest_paths(simple, source, target)
            return [p for _, p in zip(range(limit), sorted(paths))]
        except nx.NetworkXNoPath:
            return []

    def hop(self, u: str, v: str) -> list[tuple[str, list[Evidence]]]:
        """The relations joining two adjacent nodes, each with its evidence."""
        data = self.graph.get_edge_data(u, v) or {}
        return sorted((relation, sorted(attrs["evidence"])) for relation, attrs in data.items())

    def hop_direction(self, u: str, v: str, relation: str) -> tuple[str, str]:
        """(subject, object) of a relation between two adjacent nodes, as the graph states it."""
        source = (self.graph.get_edge_data(u, v) or {}).get(relation, {}).get("source", u)
        return (u, v) if source == u else (v, u)

    def neighbors(self, name: str, hops: int = 1) -> list[tuple[int, str]]:
        """Nodes within ``hops`` of an entity, with their distance, nearest first."""
        source = self.find(name)
        lengths = nx.single_source_shortest_path_length(nx.Graph(self.graph), source, cutoff=hops)
        return sorted(((d, n) for n, d in lengths.items() if n != source), key=lambda x: (x[0], self.name(x[1])))

    def centrality(self, cls: str | None = None) -> list[dict]:
        """Degree, betweenness and PageRank of every entity (of class ``cls``), by PageRank."""
        simple = nx.Graph(self.graph)
        pagerank = nx.pagerank(simple) if simple.number_of_nodes() else {}
        betweenness = nx.betweenness_centrality(simple, seed=7) if simple.number_of_nodes() else {}
        rows = []
        for node, data in simple.nodes(data=True):
            if data["cls"] == "Article" or (cls and data["cls"] != cls and data.get("group") != cls):
                continue
            rows.append({"name": data["label"], "class": data["cls"], "degree": simple.degree(node),
                         "betweenness": round(betweenness.get(node, 0.0), 4),
                         "pagerank": round(pagerank.get(node, 0.0), 4), "node": node})
        return sorted(rows, key=lambda r: (-r["pagerank"], -r["degree"], r["name"]))

    def communities(self, min_size: int = 2) -> list[list[str]]:
        """Groups of people and organizations that cluster together (Louvain, fixed seed)."""
        people_orgs = [n for n, d in self.graph.nodes(data=True) if d.get("group") in ("Person", "Organization")]
        simple = nx.Graph(self.graph)
        if simple.number_of_edges() == 0:
            return []
        clusters = nx.community.louvain_communities(simple, seed=7)
        wanted = set(people_orgs)
        out = [sorted((self.name(n) for n in c if n in wanted)) for c in clusters]
        return sorted((c for c in out if len(c) >= min_size), key=lambda c: (-len(c), c))


_RELATIONS = {
    "speaker": "said", "about": "said about", "participant": "takes part in", "ledBy": "leads",
    "place": "held in", "heldBy": "holds", "member": "holds post", "role": "post", "organization": "post in",
    "citedOutlet": "cites",
}
_GROUPS = {"GovernmentBody": "Organization", "MediaOutlet": "Organization", "OtherOrganization": "Organization",
           "PolicyCondition": "Condition"}


def load_entity_graph(graph_dir: Path) -> EntityGraph:
    """Build the entity graph of a built graph (see the module docstring for its edges)."""
    store = open_graph(graph_dir)
    graph = nx.MultiGraph()
    for node, cls, name in run_query(store, _NODES).rows:
        local = cls.rsplit("#", 1)[1]
        if node not in graph or local not in ("PolicyCondition",):
            graph.add_node(node, cls=local, group=_GROUPS.get(local, local), label=name)
    labels: dict[str, set[str]] = defaultdict(set)
    for node, label in run_query(store, _LABELS).rows:
        if node in graph and graph.nodes[node]["cls"] != "Article":
            labels[fold(label)].add(node)
    article_of: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if data["cls"] == "Article":
            article_of[data["label"]] = node
    claims: dict[str, dict] = defaultdict(lambda: {"speaker": set(), "about": set(), "outlet": set()})
    evidence: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for s, p, o, sentence, file, title in run_query(store, _EDGES).rows:
        relation = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        ev = Evidence(file, sentence, title or "")
        if "/claim/" in s:  # claims are not nodes: they join speaker, article, named entities and outlets
            key = {"speaker": "speaker", "about": "about", "citedOutlet": "outlet"}.get(relation)
            if key:
                claims[s][key].add((o, ev))
            continue
        if "/position/" in s:  # positions join the person to the post and its organization
            claims[s].setdefault("position", set()).add((relation, o, ev))
            continue
        if s in graph and o in graph:
            evidence[(s, _RELATIONS.get(relation, relation), o)].add(ev)
    for claim in claims.values():
        for speaker, ev in claim["speaker"]:
            if speaker in graph and ev.file in article_of:
                evidence[(speaker, "speaks in", article_of[ev.file])].add(ev)
            for about, about_ev in claim["about"]:
                if speaker in graph and about in graph and speaker != about:
                    evidence[(speaker, "said about", about)].add(about_ev)
        for outlet, ev in claim["outlet"]:
            if outlet in graph and ev.file in article_of:
                evidence[(article_of[ev.file], "cites", outlet)].add(ev)
        parts = defaultdict(list)
        for relation, target, ev in claim.get("position", ()):
            parts[relation].append((target, ev))
        for person, ev in parts.get("member", []):
            for role, _ in parts.get("role", []):
                if person in graph and role in graph:
                    evidence[(person, "holds post", role)].add(ev)
            for organization, _ in parts.get("organization", []):
                if person in graph and organization in graph:
                    evidence[(person, "member of", organization)].add(ev)
    for (s, relation, o), evs in sorted(evidence.items()):
        graph.add_edge(s, o, key=relation, evidence=evs, source=s)
    return EntityGraph(graph, dict(labels))
