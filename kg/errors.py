"""The exceptions kg raises, and the one place that turns them into sentences.

Every error a user can cause (a broken file, a bad query, a graph that does not
conform) is a :class:`KgError`; the CLI prints ``Error: <message>`` and exits 1.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

__all__ = [
    "KgError",
    "ArticleError",
    "QueryError",
    "ValidationError",
    "GraphNotFoundError",
    "NothingBuiltError",
]


class KgError(Exception):
    """Base class: a problem the user can fix, described in one sentence."""


class ArticleError(KgError):
    """An input file cannot be read as an article.

    The message names the file, so a build can report it and skip it.
    """

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class QueryError(KgError):
    """A SPARQL query cannot be parsed or run."""


class ValidationError(KgError):
    """The graph does not conform to the SHACL shapes."""


class GraphNotFoundError(KgError):
    """The folder given with --graph holds no built graph."""


class UsageError(KgError):
    """An option's value is not one the command understands."""


class NothingBuiltError(KgError):
    """A build found no article it could read, and left the output folder as it was.

    ``report`` is the :class:`~kg.build.BuildReport` of what was tried (files skipped and why).
    """

    def __init__(self, message: str, report):
        super().__init__(message)
        self.report = report
