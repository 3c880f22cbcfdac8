"""Open a built graph and run SPARQL over it; format the results.

The store's default graph holds the union of all article graphs (each triple
once), so queries need no GRAPH clause and COUNT counts each fact once; ``GRAPH ?g`` still reaches each article's own graph. The
project's prefixes (kg:, prov:, org:, schema:, ...) are predeclared for ad-hoc queries; the saved
queries declare their own, so they run unchanged in any SPARQL 1.1 client.

A saved query's parameters are its one-variable ``VALUES ?name { default }`` blocks: the query runs
with the defaults anywhere, and ``params`` replace them (``UNDEF``, "any value", is a default too).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import sparql_text
from .errors import GraphNotFoundError, QueryError, UsageError
from .paths import queries_dir
from .vocab import PREFIXES

__all__ = ["open_graph", "run_query", "run_sparql", "stream_query", "bind_params", "format_rows", "QueryResult",
           "BooleanResult", "GraphResult", "SavedQuery", "saved_query", "list_saved_queries", "describe_saved_queries",
           "check_syntax", "output_format", "FORMATS", "ROW_FORMATS", "GRAPH_FORMATS"]

ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl")  # SELECT results
GRAPH_FORMATS = ("turtle", "ntriples")  # CONSTRUCT and DESCRIBE results
FORMATS = ROW_FORMATS


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
            writer.writerows(self.rows)  # csv writes None as an empty cell
            return buffer.getvalue()
        return _table(self.columns, self.rows)


@dataclass
class BooleanResult:
    """An ASK query's answer."""

    value: bool

    def format(self, fmt: str = "table") -> str:
        return ("true" if self.value else "false") + "\n"


@dataclass
class GraphResult:
    """A CONSTRUCT or DESCRIBE query's triples."""

    triples: list[ox.Triple]

    def format(self, fmt: str = "turtle") -> str:
        if fmt == "ntriples":
            return ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        used = {_prefix_of(term.value) for triple in self.triples
                for term in (triple.subject, triple.predicate, triple.object) if isinstance(term, ox.NamedNode)}
        prefixes = {p: ns for p, ns in PREFIXES.items() if p in used}
        return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")


def output_format(form: str | None, fmt: str | None, terminal: bool) -> str:
    """The output format for a query of ``form`` (SELECT, ASK, ...): ``fmt``, or the default when None.

    Raises:
        UsageError: ``fmt`` does not fit the form (rows as Turtle, triples as a table).
    """
    if form in ("CONSTRUCT", "DESCRIBE"):
        if fmt is not None and fmt not in GRAPH_FORMATS:
            raise UsageError(f"a {form} query gives triples, not rows: use --format turtle or ntriples")
        return fmt or "turtle"
    if fmt in GRAPH_FORMATS:
        raise UsageError(f"{'an ASK query gives true or false' if form == 'ASK' else 'a SELECT query gives rows'}, "
                         f"not triples: use --format {', '.join(ROW_FORMATS[:-1])} or {ROW_FORMATS[-1]}")
    return fmt or ("table" if terminal else "tsv")


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
    by pasting text into the query (see :func:`bind_params`).

    Raises:
        QueryError: a syntax error (with its line, column and token in ``sparql``), a bad
            parameter, a query that is not a SELECT, or a failure while running.
    """
    rows = stream_query(store, sparql, params)
    columns = next(rows)
    return QueryResult(columns, list(rows))


def run_sparql(store: ox.Store, sparql: str, params: dict[str, str] | None = None
               ) -> QueryResult | BooleanResult | GraphResult:
    """Run a query of any form: SELECT gives rows, ASK true or false, CONSTRUCT and DESCRIBE triples."""
    solutions = _execute(store, sparql, params)
    try:
        if isinstance(solutions, ox.QueryBoolean):
            return BooleanResult(bool(solutions))
        if isinstance(solutions, ox.QueryTriples):
            return GraphResult(list(solutions))
        columns = [v.value for v in solutions.variables]
        return QueryResult(columns, [[None if s[c] is None else s[c].value for c in columns] for s in solutions])
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def stream_query(store: ox.Store, sparql: str, params: dict[str, str] | None = None):
    """Like :func:`run_query`, but yields the column names and then one row at a time (constant memory)."""
    solutions = _execute(store, sparql, params)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"this is an {sparql_text.query_form(sparql)} query, not a SELECT: run it with run_sparql")
    columns = [v.value for v in solutions.variables]
    yield columns
    for solution in solutions:
        yield [None if solution[c] is None else solution[c].value for c in columns]


def _execute(store: ox.Store, sparql: str, params: dict[str, str] | None):
    """Oxigraph's results for ``sparql`` with ``params`` bound; errors point into ``sparql`` as written."""
    bound = bind_params(sparql, params) if params else sparql
    try:
        return store.query(bound, prefixes=PREFIXES)
    except SyntaxError as exc:
        error = str(exc)
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if bound is not sparql:
        check_syntax(sparql)  # the error is the user's: say where it is in their text
        raise QueryError(f"the query with its parameters bound does not parse: {' '.join(error.split())[:200]}")
    raise QueryError(sparql_text.syntax_message(sparql, error, PREFIXES))


def check_syntax(sparql: str, prefixes: dict[str, str] | None = None) -> None:
    """Raise :class:`QueryError` saying where ``sparql`` is wrong, if it does not parse.

    ``prefixes`` are predeclared (default: the project's). The query is parsed, never run.
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    try:
        ox.Store().query(sparql, prefixes=prefixes)  # an empty store; the lazy results are never read
    except SyntaxError as exc:
        raise QueryError(sparql_text.syntax_message(sparql, str(exc), prefixes)) from None
    except (RuntimeError, OSError, ValueError):
        pass


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
        writer.writerow(row)
        yield buffer.getvalue()


def bind_params(sparql: str, params: dict[str, str]) -> str:
    """``sparql`` with ``params`` bound as RDF terms, for any SPARQL engine.

    A value is ``<iri>``, ``prefix:local`` (the project's prefixes or the query's own), ``text@lang``
    (a tagged literal), ``"text"`` (a plain literal, as written) or any other text (a plain literal).
    Terms are serialised by Oxigraph (quoted and escaped), so a value is always one RDF term and can
    never become query syntax. A variable with a one-variable ``VALUES ?name { default }`` block gets
    its value there, replacing the default; any other is bound by a VALUES block put at the start of
    the query's WHERE group (so FILTERs see it).

    Raises:
        QueryError: the query has no such variable, or a value is not a valid IRI or uses an
            unknown prefix.
    """
    tokens = sparql_text.tokenize(sparql)
    names = sparql_text.variables(sparql)
    for name in params:
        if name not in names:
            defaults = sparql_text.values_defaults(sparql)
            listed = ", ".join(f"?{n}" for n in (defaults or names))
            kind = "parameters" if defaults else "variables"
            raise QueryError(f"the query has no ?{name}" + (f" (its {kind}: {listed})" if names else ""))
    prefixes = {**PREFIXES, **sparql_text.declared_prefixes(tokens)}
    edits: list[tuple[int, int, str]] = []
    inserted = []
    for name, value in params.items():
        term = _term(name, value, prefixes)
        block = sparql_text.values_block(tokens, name)
        if block:
            edits.append((block[0], block[1], f"{{ {term} }}"))
        else:
            inserted.append(f"VALUES ?{name} {{ {term} }}")
    if inserted:
        start = sparql_text.outer_group_start(tokens)
        if start is None:
            raise QueryError("the query has no { ... } group to bind parameters in")
        edits.append((start, start, " " + " ".join(inserted) + " "))
    for start, end, replacement in sorted(edits, reverse=True):
        sparql = sparql[:start] + replacement + sparql[end:]
    return sparql


_PREFIXED_NAME = re.compile(r"([^\W\d_][\w.-]*)?:(\S*)")


def _term(name: str, value: str, prefixes: dict[str, str]) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter's value stands for (see :func:`bind_params`)."""
    if value.startswith("<"):
        if not value.endswith(">"):
            raise QueryError(f"parameter ?{name}: {value} is not an IRI (write <http://...>)")
        return _iri(name, value, value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return ox.Literal(value[1:-1])
    prefixed = _PREFIXED_NAME.fullmatch(value)
    if prefixed:
        prefix = prefixed[1] or ""
        if prefix not in prefixes:
            raise QueryError(f'parameter ?{name}: unknown prefix {prefix}: in {value} '
                             f'(write <IRI> for an IRI, or "{value}" for text)')
        return _iri(name, value, prefixes[prefix] + prefixed[2])
    text, at, language = value.rpartition("@")
    if at and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        return ox.Literal(text, language=language)  # 谭耀宗@zh-Hans
    return ox.Literal(value)


def _iri(name: str, value: str, iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"parameter ?{name}: {value} is not a valid IRI ({str(exc)[:1].lower()}{str(exc)[1:]})") from None


@dataclass
class SavedQuery:
    name: str
    question: str  # the first comment line
    params: dict[str, str]  # parameter -> its default as shown to users ("(any)" for UNDEF)


def describe_saved_queries() -> list[SavedQuery]:
    """Every saved query: its name, the question it answers (its first comment line) and its parameters."""
    out = []
    for name in list_saved_queries():
        text = saved_query(name)
        params = {var: " ".join(_shown(term) for term in terms)
                  for var, terms in sparql_text.values_defaults(text).items()}
        out.append(SavedQuery(name, text.splitlines()[0].lstrip("# ").strip(), params))
    return out


def _shown(term: str) -> str:
    """A default as a user would pass it with -p: text without quotes, UNDEF as "(any)"."""
    if term.upper() == "UNDEF":
        return "(any)"
    if len(term) >= 2 and term[0] == term[-1] == '"':
        return term[1:-1]
    return term


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


def _prefix_of(iri: str) -> str | None:
    """The project's prefix with the longest namespace ``iri`` is in: person:, not id:."""
    spaces = [(len(ns), prefix) for prefix, ns in PREFIXES.items() if iri.startswith(ns)]
    return max(spaces)[1] if spaces else None


def _short(value: str | None) -> str:
    """A table cell: an IRI by its prefixed name, a long text cut to 60 characters."""
    if value is None:
        return ""
    prefix = _prefix_of(value)
    if prefix is not None:
        return f"{prefix}:{value[len(PREFIXES[prefix]):]}"
    return value if len(value) <= 60 else value[:57] + "..."


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)  # wide and fullwidth


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
