"""Export a built graph in other RDF formats."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from .errors import GraphNotFoundError, KgError
from .vocab import PREFIXES

__all__ = ["export", "union_triples"]

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
            "ntriples": ox.RdfFormat.N_TRIPLES}


def union_triples(graph_dir: Path) -> list[ox.Triple]:
    """Every distinct triple of the built graph (its union graph), in file order."""
    path = Path(graph_dir) / "graph.ttl"
    if not path.is_file():
        raise GraphNotFoundError(f"{graph_dir}: no built graph here (run 'kg build ... -o {graph_dir}' first)")
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def export(graph_dir: Path, fmt: str) -> bytes:
    """The built graph in ``fmt`` (turtle, trig, nquads, ntriples, jsonld) as bytes.

    Turtle, N-Triples and JSON-LD hold the union graph; TriG and N-Quads keep one named graph per article.
    """
    if fmt not in _FORMATS and fmt != "jsonld":
        raise KgError(f"unknown export format {fmt!r} (choose from turtle, trig, nquads, ntriples, jsonld)")
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
