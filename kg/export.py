"""Export a built graph in other RDF formats."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .query import open_graph
from .vocab import PREFIXES

__all__ = ["export", "union_triples"]

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
            "ntriples": ox.RdfFormat.N_TRIPLES}


def union_triples(graph_dir: Path) -> list[ox.Triple]:
    """Every distinct triple of the built graph, sorted."""
    store = open_graph(graph_dir)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def export(graph_dir: Path, fmt: str) -> bytes:
    """The built graph in ``fmt`` (turtle, trig, nquads, ntriples, jsonld) as bytes."""
    if fmt == "jsonld":
        from rdflib import Graph

        graph = Graph()
        graph.parse(Path(graph_dir) / "graph.ttl", format="turtle")
        context = {k: v for k, v in PREFIXES.items()}
        text = graph.serialize(format="json-ld", context=context, sort_keys=True, indent=1)
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    if fmt not in _FORMATS:
        raise KgError(f"unknown export format {fmt!r} (choose from turtle, trig, nquads, ntriples, jsonld)")
    store = open_graph(graph_dir)
    quads = sorted(store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    if fmt in ("turtle", "ntriples"):
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                         key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        return ox.serialize(triples, format=_FORMATS[fmt], prefixes=PREFIXES if fmt == "turtle" else None)
    return ox.serialize(quads, format=_FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
