"""Open a built graph and run SPARQL over it; format the results.

The store's default graph holds the union of all article graphs (each triple
once), so queries need no GRAPH clause and COUNT counts each fact once; ``GRAPH ?g`` still reaches each article's own graph. The
project's prefixes (kg:, prov:, org:, schema:, ...) are predeclared.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import GraphNotFoundError, QueryError
from .paths import queries_dir
from .vocab import PREFIXES

__all__ = ["open_graph", "run_query", "stream_query", "bind_params", "format_rows", "QueryResult", "saved_query", "list_saved_queries",
           "describe_saved_queries",
           "FORMATS"]

FORMATS = ("table", "csv", "tsv", "json", "jsonl")


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[str | None]]

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def format(self, fmt: str = "table") -> str:
        if fmt == "json":
            return json.dumps(self.as_dicts(), ensure_ascii=False, indent=2) + "\n"
        if fmt == "jsonl":
            return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in self.as_dicts())
        if fmt in ("csv", "tsv"):
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            writer.writerow(self.columns)
            writer.writerows([["" if v is None else v for v in row] for row in self.rows])
            return buffer.getvalue()
        return _table(self.columns, self.rows)


def open_graph(graph_dir: Path) -> ox.Store:
    """The built graph's store: article graphs as named graphs, their union as the default graph.

    Opens the build's on-disk store read-only; a folder with only ``graph.trig`` and
    ``graph.ttl`` (copied, or from an older kg) is loaded into memory instead.
    """
    from .store import open_store

    store = open_store(Path(graph_dir))
    if store is not None:
        return store
    trig, turtle = Path(graph_dir) / "graph.trig", Path(graph_dir) / "graph.ttl"
    if not trig.is_file() or not turtle.is_file():
        raise GraphNotFoundError(f"{graph_dir}: no built graph here (run 'kg build ... -o {graph_dir}' first)")
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return store


def run_query(store: ox.Store, sparql: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a SELECT query; values come back as strings (IRIs, lexical forms).

    ``params`` binds variables (``{"name": "林郑月娥"}`` binds ``?name``) as RDF terms, never
    by pasting text into the query: ``<iri>`` or ``prefix:local`` is an IRI, ``text@lang`` a
    tagged literal, anything else a plain literal.
    """
    rows = stream_query(store, sparql, params)
    columns = next(rows)
    return QueryResult(columns, list(rows))


def stream_query(store: ox.Store, sparql: str, params: dict[str, str] | None = None):
    """Like :func:`run_query`, but yields the column names and then one row at a time (constant memory)."""
    if params:
        sparql = bind_params(sparql, params)
    try:
        solutions = store.query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(sparql, str(exc))) from None
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here")
    columns = [v.value for v in solutions.variables]
    yield columns
    for solution in solutions:
        yield [None if solution[c] is None else solution[c].value for c in columns]


def format_rows(columns: list[str], rows, fmt: str):
    """Lines of csv, tsv or jsonl for a stream of rows (the header first for csv/tsv)."""
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    for row in [columns]:
        writer.writerow(row)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if v is None else v for v in row])
        yield buffer.getvalue()


def bind_params(sparql: str, params: dict[str, str]) -> str:
    """``sparql`` with ``params`` bound as RDF terms (see :func:`run_query`), for any SPARQL engine."""
    return _bind(sparql, {name: _term(value) for name, value in params.items()})


def _bind(sparql: str, terms: dict) -> str:
    """Bind variables with a VALUES block at the start of the query's outer group.

    The terms are serialised by Oxigraph (quoted and escaped), so a value is always one RDF
    term and can never become query syntax. Binding at the start of the group (not with
    Oxigraph's substitutions, which need the variable in the SELECT list) lets FILTERs see it.
    """
    lines = sparql.split("\n")
    for index, line in enumerate(lines):
        code = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        brace = code.find("{")
        if brace >= 0:
            values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in terms.items())
            lines[index] = line[: brace + 1] + " " + values + " " + line[brace + 1 :]
            return "\n".join(lines)
    raise QueryError("the query has no { ... } group to bind parameters in")


def _term(value: str) -> ox.NamedNode | ox.Literal:
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and " " not in value:
        return ox.NamedNode(PREFIXES[prefix] + local)
    text, at, language = value.rpartition("@")
    if at and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        return ox.Literal(text, language=language)  # 谭耀宗@zh-Hans
    return ox.Literal(value)


def _syntax_message(sparql: str, error: str) -> str:
    """'SPARQL syntax error at line 3, column 9 near ")": expected ...' from Oxigraph's message."""
    match = re.match(r"error at (\d+):(\d+): (.*)", error, re.S)
    if not match:
        return f"SPARQL syntax error: {error}"
    line, column = int(match[1]), int(match[2])
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    token = text[column - 1:].split()[0] if text[column - 1:].split() else "end of line"
    expected = " ".join(match[3].split())
    expected = expected if len(expected) <= 80 else expected[:77] + "..."
    return f'SPARQL syntax error at line {line}, column {column} near "{token}": {expected}'


def describe_saved_queries() -> list[tuple[str, str]]:
    """(name, question) for every saved query: the question is its first comment line."""
    out = []
    for name in list_saved_queries():
        first = saved_query(name).splitlines()[0]
        out.append((name, first.lstrip("# ").strip()))
    return out


def saved_query(name: str) -> str:
    """The text of a saved query in ``queries/`` by name (``people`` or ``people.rq``) or path."""
    path = Path(name)
    if not path.is_file():
        path = queries_dir() / (name if name.endswith(".rq") else f"{name}.rq")
    if not path.is_file():
        raise QueryError(f"{name}: no such query file (saved queries: {', '.join(list_saved_queries())})")
    return path.read_text(encoding="utf-8")


def list_saved_queries() -> list[str]:
    return sorted(p.stem for p in queries_dir().glob("*.rq"))


def _table(columns: list[str], rows: list[list[str | None]]) -> str:
    cells = [[_short(v) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(v, w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _short(value: str | None) -> str:
    if value is None:
        return ""
    for prefix, ns in PREFIXES.items():
        if value.startswith(ns) and prefix not in ("id",) and len(ns) > len("https://w3id.org/kg-news/id/") - 1:
            return f"{prefix}:{value[len(ns):]}"
    return value if len(value) <= 60 else value[:57] + "..."


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
