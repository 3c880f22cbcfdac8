"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import GraphNotFoundError
from .paths import ontology_dir

__all__ = ["validate", "ValidationReport"]


@dataclass
class ValidationReport:
    conforms: bool
    text: str
    violations: int


def validate(graph_dir: Path, shapes: Path | None = None) -> ValidationReport:
    """Validate ``graph.ttl`` in ``graph_dir``; the report text is pySHACL's."""
    from pyshacl import validate as shacl

    path = Path(graph_dir) / "graph.ttl"
    if not path.is_file():
        raise GraphNotFoundError(f"{graph_dir}: no built graph here (run 'kg build ... -o {graph_dir}' first)")
    data = Graph().parse(path, format="turtle")
    shapes_graph = Graph().parse(shapes or ontology_dir() / "shapes.ttl", format="turtle")
    ontology = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    conforms, results, text = shacl(data, shacl_graph=shapes_graph, ont_graph=ontology, inference="rdfs",
                                    advanced=True)
    violations = text.count("Constraint Violation")
    return ValidationReport(bool(conforms), text, violations)
