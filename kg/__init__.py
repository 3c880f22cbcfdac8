"""kg: build a provenance-tracked knowledge graph from news articles.

The public API mirrors the command line::

    from kg import build, open_graph, run_query, saved_query
    report = build("seeds", "out")
    rows = run_query(open_graph("out"), saved_query("people")).as_dicts()
"""

from .article import Article
from .build import BuildReport, build
from .errors import ArticleError, GraphNotFoundError, KgError, QueryError, ValidationError
from .explore import EntityGraph, load_entity_graph
from .export import export
from .extractors import PIPELINE, run_pipeline
from .query import QueryResult, list_saved_queries, open_graph, run_query, saved_query
from .reader import read_article
from .remote import EndpointError, push, query_endpoint
from .timeline import timeline
from .timeline_image import TimelineImage, draw_timeline
from .validate import validate

__all__ = [
    "Article", "BuildReport", "build", "export", "open_graph", "run_query", "saved_query", "list_saved_queries",
    "QueryResult", "read_article", "run_pipeline", "PIPELINE", "validate", "EntityGraph", "load_entity_graph",
    "KgError", "ArticleError", "GraphNotFoundError", "QueryError", "ValidationError",
    "push", "query_endpoint", "EndpointError", "timeline", "draw_timeline", "TimelineImage",
]
