"""kg: build a provenance-tracked knowledge graph from news articles.

The public API mirrors the command line::

    from kg import build, open_graph, run_query, saved_query
    report = build("seeds", "out")
    rows = run_query(open_graph("out"), saved_query("people")).as_dicts()
"""

from importlib import import_module

#: public name -> the module that defines it; imported on first use, so a command that needs only a
#: little of kg (kg path) does not pay for all of it (the extractors, the model, the store)
_EXPORTS = {
    "Article": "article", "BuildReport": "build", "build": "build", "ArticleError": "errors",
    "GraphNotFoundError": "errors", "KgError": "errors", "QueryError": "errors", "ValidationError": "errors",
    "EntityGraph": "explore", "load_entity_graph": "explore", "export": "export", "PIPELINE": "extractors",
    "run_pipeline": "extractors", "QueryResult": "query", "list_saved_queries": "query", "open_graph": "query",
    "run_query": "query", "saved_query": "query", "read_article": "reader", "EndpointError": "remote",
    "push": "remote", "query_endpoint": "remote", "timeline": "timeline", "TimelineImage": "timeline_image",
    "draw_timeline": "timeline_image", "validate": "validate",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_EXPORTS))


__all__ = [
    "Article", "BuildReport", "build", "export", "open_graph", "run_query", "saved_query", "list_saved_queries",
    "QueryResult", "read_article", "run_pipeline", "PIPELINE", "validate", "EntityGraph", "load_entity_graph",
    "KgError", "ArticleError", "GraphNotFoundError", "QueryError", "ValidationError",
    "push", "query_endpoint", "EndpointError", "timeline", "draw_timeline", "TimelineImage",
]
