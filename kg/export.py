"""Export a built graph in other RDF formats, or its entity graph for graph tools (GraphML, GEXF)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pyoxigraph as ox

from .errors import GraphNotFoundError, KgError
from .vocab import PREFIXES

__all__ = ["export", "union_triples", "entity_graph_export"]

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
            "ntriples": ox.RdfFormat.N_TRIPLES}


def union_triples(graph_dir: Path) -> list[ox.Triple]:
    """Every distinct triple of the built graph (its union graph), in file order."""
    path = Path(graph_dir) / "graph.ttl"
    if not path.is_file():
        raise GraphNotFoundError(f"{graph_dir}: no built graph here (run 'kg build ... -o {graph_dir}' first)")
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def export(graph_dir: Path, fmt: str) -> bytes:
    """The built graph in ``fmt`` (turtle, trig, nquads, ntriples, jsonld, graphml, gexf) as bytes.

    Turtle, N-Triples and JSON-LD hold the union graph; TriG and N-Quads keep one named graph per article.
    GraphML and GEXF hold the entity graph (:mod:`kg.entity_index`), see :func:`entity_graph_export`.
    """
    if fmt in ("graphml", "gexf"):
        return entity_graph_export(graph_dir, fmt)
    if fmt not in _FORMATS and fmt != "jsonld":
        raise KgError(f"unknown export format {fmt!r} (choose from turtle, trig, nquads, ntriples, jsonld, "
                      "graphml, gexf)")
    graph_dir = Path(graph_dir)
    union_triples(graph_dir)  # fails with a clear message when nothing was built
    if fmt == "jsonld":
        from rdflib import Graph

        graph = Graph()
        graph.parse(graph_dir / "graph.ttl", format="turtle")
        text = graph.serialize(format="json-ld", context=dict(PREFIXES), sort_keys=True, indent=1)
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    if fmt in ("turtle", "ntriples"):
        items = union_triples(graph_dir)
    else:
        items = list(ox.parse(path=str(graph_dir / "graph.trig"), format=ox.RdfFormat.TRIG))
    prefixes = PREFIXES if fmt in ("turtle", "trig") else None
    return ox.serialize(items, format=_FORMATS[fmt], prefixes=prefixes)



def entity_graph_export(graph_dir: Path, fmt: str) -> bytes:
    """The entity graph as GraphML or GEXF (written by networkx), for Gephi, Cytoscape and the like.

    A directed multigraph: nodes carry label, class, English name, date, degree, PageRank,
    betweenness and community; edges carry the relation, the earliest article date and how
    many evidence sentences support them. The same build gives the same bytes (GEXF's
    modification date, which networkx sets to today, is left out).
    """
    import networkx as nx

    from .explore import load_entity_graph

    entity_graph = load_entity_graph(graph_dir)
    graph = nx.MultiDiGraph()
    for node in entity_graph.nodes():
        graph.add_node(node["node"], label=node["label"], cls=node["cls"], kind=node["kind"], iri=node["iri"],
                       english=node["english"], date=node["date"], degree=node["degree"],
                       pagerank=node["pagerank"], betweenness=node["betweenness"], community=node["community"])
    for _edge, source, relation, target, date, evidence in entity_graph.edges():
        graph.add_edge(source, target, key=relation, relation=relation, label=relation, date=date, evidence=evidence)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
        return buffer.getvalue()
    nx.write_gexf(graph, buffer)
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)
