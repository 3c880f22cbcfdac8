"""The kg command line: a thin layer over the library (only this module imports click)."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from .errors import KgError

__all__ = ["main", "EXIT_ERROR", "EXIT_NOTHING_BUILT", "EXIT_SOME_SKIPPED"]

EXIT_ERROR = 1  # a usage or input error, printed as one line
EXIT_NOTHING_BUILT = 2  # kg build read no article
EXIT_SOME_SKIPPED = 3  # kg build wrote the graph but skipped some files or lost an extractor's facts on some


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="kg")
@click.pass_context
def main(ctx, debug):
    """kg: build a knowledge graph of people, agencies, meetings and policy conditions from news articles."""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Output folder.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None, help="Worker processes (default: one per core).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--allow-empty", is_flag=True,
              help="Write an empty graph when no article can be read (by default OUT is then left as it was).")
@click.option("--no-model", is_flag=True,
              help="Leave out the trained Chinese labeller (LAC): patterns alone, faster, fewer names found.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Extract on a Dask cluster: tcp://HOST:8786 (its workers need kg installed), or local:N for "
                   "a local cluster of N workers. The outputs are those of a local build.")
def build(source, out, no_html, jobs, quiet, allow_empty, no_model, scheduler):
    """Build the graph of SOURCE (a file or a folder of articles) into OUT.

    Files the cache in OUT already read (same bytes, same kg) are not read again,
    so a rebuild after a few changes takes seconds. Exit code 0: every file built;
    3: built, but some files were skipped or an extractor failed on some (named in
    the summary); 2: no article could be read, and OUT was left as it was; 1: an error.

    Example: kg build seeds -o out
    """
    from .build import build as run_build
    from .errors import NothingBuiltError

    bar = _Progress("files", quiet)
    try:
        report = run_build(source, out, html=not no_html, jobs=jobs, progress=bar.update,
                           allow_empty=allow_empty, model=not no_model, scheduler=scheduler)
    except NothingBuiltError as exc:
        bar.close()
        _echo_skipped(exc.report)
        click.echo(f"Nothing built: {exc}.", err=True)
        sys.exit(EXIT_NOTHING_BUILT)
    bar.close()
    _echo_skipped(report)
    for name, extractor, error in report.failures:
        click.echo(f"  {name}: extractor {extractor} failed ({error}); its other facts are in the graph")
    click.echo(f"{report.extracted} files extracted, {report.cached} taken from the cache; store {report.store_update}.")
    click.echo(f"{report.triples} triples ({report.quads} quads in {report.articles} article graphs).")
    for cls, count in report.entities.items():
        click.echo(f"  {cls:<24}{count}")
    click.echo(f"Wrote {', '.join(str(out / o) for o in report.outputs)}")
    if report.articles == 0:
        sys.exit(EXIT_NOTHING_BUILT)
    if report.skipped or report.failures:
        sys.exit(EXIT_SOME_SKIPPED)


def _echo_skipped(report) -> None:
    click.echo(f"Read {report.articles} articles, skipped {len(report.skipped)}.")
    for name, reason in report.skipped:
        click.echo(f"  skipped {name}: {reason}")


class _Progress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, unit: str, quiet: bool = False):
        import time

        self.unit, self.clock = unit, time.monotonic
        self.enabled = not quiet and sys.stderr.isatty()
        self.start, self.shown = self.clock(), 0.0

    def update(self, done: int, total: int, skipped: int = 0) -> None:
        now = self.clock()
        if not self.enabled or (now - self.shown < 0.2 and done < total):
            return
        self.shown = now
        rate = done / max(now - self.start, 1e-6)
        width = 30
        filled = int(width * done / total) if total else width
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {self.unit}  {rate:,.0f}/s"
        if skipped:
            line += f"  {skipped} skipped"
        click.echo(line, err=True, nl=False)

    def close(self) -> None:
        if self.enabled:
            click.echo("", err=True)


@main.command()
@click.argument("graph_dir", type=click.Path(path_type=Path), default=Path("out"))
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store Protocol URL (Oxigraph: http://HOST:PORT/store; Virtuoso: "
                   "http://HOST:8890/sparql-graph-crud).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds to wait for each request.")
@click.option("--connections", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Graphs sent at once.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def push(graph_dir, endpoint, timeout, connections, quiet):
    """Send the article graphs built in GRAPH_DIR to a SPARQL server, one named graph each.

    Each graph replaces the server's graph of the same name (HTTP PUT), so pushing
    again is safe; graphs an earlier push from GRAPH_DIR sent and the build no
    longer has are deleted. A build spread over machines (kg build --scheduler)
    is one GRAPH_DIR like any other: push it once.

    Example: kg push out --endpoint http://127.0.0.1:7878/store
    """
    from .remote import push as run_push

    bar = _Progress("graphs", quiet)
    report = run_push(graph_dir, endpoint, timeout=timeout, connections=connections, progress=bar.update)
    bar.close()
    click.echo(f"Pushed {report.graphs} graphs to {endpoint}"
               + (f"; deleted {report.deleted} graphs no longer built." if report.deleted else "."))


@main.command()
@click.argument("query_file", required=False)
@click.option("-e", "--expr", help="SPARQL text instead of a file.")
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder of a built graph.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "jsonl", "turtle", "ntriples"]),
              default=None, help="Output format: table, csv, tsv, json or jsonl for SELECT (default: table on a "
                                 "terminal, tsv when piped); turtle (default) or ntriples for CONSTRUCT and DESCRIBE.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (an <iri>, prefix:name, text@lang, \"text\" or text), replacing the "
                   "query's default; repeatable.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Query this SPARQL server (e.g. http://127.0.0.1:7878/query) instead of --graph.")
def query(query_file, expr, graph_dir, fmt, params, endpoint):
    """Run a SPARQL query (a .rq file, a saved query's name, or -e TEXT).

    SELECT prints rows, ASK true or false, CONSTRUCT and DESCRIBE triples.

    Example: kg query queries/positions.rq --graph out
    """
    from .query import format_rows, open_graph, output_format, run_sparql, saved_query, stream_query
    from .sparql_text import query_form

    if not query_file and not expr:
        raise click.UsageError("give a query file or -e 'SELECT ...'")
    bindings = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param takes NAME=VALUE, not {param!r}")
        name = name.lstrip("?$")
        if not name.isidentifier():
            raise click.UsageError(f"--param NAME must be a SPARQL variable name, not {name!r}")
        bindings[name] = value
    text = expr if expr else saved_query(query_file)
    form = query_form(text)
    fmt = output_format(form, fmt, sys.stdout.isatty())
    if endpoint:
        from .remote import query_endpoint

        click.echo(query_endpoint(endpoint, text, bindings).format(fmt), nl=False)
        return
    store = open_graph(graph_dir)
    if form == "SELECT" and fmt in ("csv", "tsv", "jsonl"):  # streamed row by row: millions of rows need no memory
        rows = stream_query(store, text, bindings)
        columns = next(rows)
        for line in format_rows(columns, rows, fmt):
            click.echo(line, nl=False)
        return
    click.echo(run_sparql(store, text, bindings).format(fmt), nl=False)


@main.command(name="queries")
def list_queries():
    """List the saved queries with the question each answers, and their parameters' defaults.

    Example: kg queries
    """
    from .query import describe_saved_queries

    saved = describe_saved_queries()
    width = max(len(q.name) for q in saved)
    for q in saved:
        click.echo(f"{q.name:<{width}}  {q.question}")
        if q.params:
            click.echo(f"{'':<{width}}  params: " + " ".join(f"{name}={value}" for name, value in q.params.items()))


@main.command()
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-f", "--format", "fmt",
              type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf"]),
              default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
def export(graph_dir, fmt, output):
    """Export the built graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD, or its entity graph
    as GraphML or GEXF for graph tools (Gephi, Cytoscape).

    Example: kg export --graph out --format jsonld -o out/graph.jsonld
    """
    from .export import export as run_export

    data = run_export(graph_dir, fmt)
    if output:
        from .io import write_atomic

        write_atomic(output, data)
        click.echo(f"Wrote {output}")
    else:
        click.echo(data.decode("utf-8"), nl=False)


@main.command()
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="HTML file (default: GRAPH/graph.html).")
@click.option("--lang", type=click.Choice(["zh-Hans", "zh-Hant", "en"]), default="zh-Hans", show_default=True,
              help="Language of node and edge labels.")
@click.option("--focus", help="Draw this entity (any name) in the middle of its surroundings.")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(1, 5), help="With --focus: how far.")
@click.option("--max-nodes", type=click.IntRange(10), default=300, show_default=True,
              help="Nodes drawn at first: the most central (PageRank) or, with --focus, the nearest; "
                   "the page's search brings in any other.")
def viz(graph_dir, output, lang, focus, hops, max_nodes):
    """Write the interactive HTML graph of a built graph (opens from disk, offline).

    The page draws the most central nodes (or one entity's surroundings), finds any entity by
    any of its names, shows each one's posts, meetings, claims and evidence, links people to
    people, and draws the timeline of meetings, predictions and conditions.

    Example: kg viz --graph out --focus 李家超 --hops 2 -o out/lee.html
    """
    from .io import write_atomic
    from .viz import render_html

    output = output or graph_dir / "graph.html"
    write_atomic(output, render_html(graph_dir, lang=lang, focus=focus, hops=hops, max_nodes=max_nodes))
    click.echo(f"Wrote {output}")


@main.command()
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Print the full SHACL report.")
def validate(graph_dir, verbose):
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl; exit 1 if it does not conform.

    Example: kg validate --graph out
    """
    from .validate import validate as run_validate

    report = run_validate(graph_dir)
    if verbose or not report.conforms:
        click.echo(report.text)
    click.echo("Conforms." if report.conforms else f"Does not conform: {report.violations} violations.")
    if not report.conforms:
        sys.exit(1)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--summary", is_flag=True, help="Only the scores, not the misses and false alarms per article.")
def evaluate(gold_dir, graph_dir, summary):
    """Score a built graph against hand-annotated gold files (precision, recall, F1 per category).

    Exits 1 without scores when the graph holds none of the annotated articles (built
    from other files?); annotated articles missing from the graph are named in a
    warning on stderr and count as misses.

    Example: kg eval tests/gold/dev --graph /tmp/dev
    """
    from .evaluate import evaluate as run_evaluate

    report = run_evaluate(gold_dir, graph_dir)
    if report.missing:
        shown = ", ".join(report.missing[:3]) + (", ..." if len(report.missing) > 3 else "")
        click.echo(f"Warning: {len(report.missing)} of {report.articles} annotated articles are not in {graph_dir} "
                   f"({shown}); they count as misses.", err=True)
    click.echo(report.format(details=not summary), nl=False)


@main.command()
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "svg", "png"]), default="table",
              show_default=True, help="A table of rows, or the timeline drawn as an image (svg, png).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file instead of standard output (needed for png).")
def timeline(graph_dir, fmt, output):
    """Meetings, reopening predictions and policy conditions in date order, with who and which articles.

    --format svg or png draws it: time across, one lane per kind of event; events
    without a date that has a year are left out, and the picture says how many.

    Example: kg timeline --graph out --format png -o timeline.png
    """
    from .errors import UsageError
    from .io import write_atomic

    if fmt in ("svg", "png"):
        if fmt == "png" and output is None:
            raise UsageError("--format png writes binary data: give a file with -o, e.g. -o timeline.png")
        from .timeline_image import draw_timeline

        image = draw_timeline(graph_dir, fmt)
        for warning in image.warnings:
            click.echo(f"Warning: {warning}", err=True)
        if output is None:
            click.echo(image.data.decode("utf-8"), nl=False)
            return
        write_atomic(output, image.data)
        left_out = f", {image.left_out} without a date that has a year left out" if image.left_out else ""
        click.echo(f"Wrote {output} ({image.drawn} events drawn{left_out})")
        return
    from .timeline import timeline as run_timeline

    text = run_timeline(graph_dir).format(fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"Wrote {output}")


def _explore(graph_dir):
    from .explore import load_entity_graph

    return load_entity_graph(graph_dir)


def _show_evidence(evidence, indent="      ") -> None:
    for ev in evidence[:2]:
        click.echo(f"{indent}“{ev.sentence}” ({ev.file}{', ' + ev.title if ev.title else ''})")


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--limit", default=3, show_default=True, help="How many shortest paths to show.")
def path(a, b, graph_dir, limit):
    """Shortest paths between two entities, by any of their names, each hop with its evidence.

    Example: kg path 林郑月娥 "Ho Iat-seng" --graph out
    """
    graph = _explore(graph_dir)
    paths = graph.paths(a, b, limit=limit)
    if not paths:
        click.echo(f"No path between {graph.name(graph.find(a))} and {graph.name(graph.find(b))}.")
        sys.exit(1)
    for number, nodes in enumerate(paths, 1):
        click.echo(f"Path {number}: " + " — ".join(graph.name(n) for n in nodes))
        for u, v in zip(nodes, nodes[1:]):
            for hop in graph.hops(u, v, evidence=2)[:1]:
                click.echo(f"  {graph.name(hop.source)} —[{hop.relation}]→ {graph.name(hop.target)}")
                _show_evidence(hop.evidence)


@main.command()
@click.argument("name")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1, 4))
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
def neighbors(name, hops, graph_dir):
    """Entities within N hops of NAME, nearest first, with how they connect.

    Example: kg neighbors 谭耀宗 --hops 1 --graph out
    """
    graph = _explore(graph_dir)
    source = graph.find(name)
    for distance, node in graph.neighbors(name, hops):
        click.echo(f"{distance}  {graph.name(node)}  ({graph.cls(node)})")
        if distance == 1:
            for hop in graph.hops(source, node, evidence=2)[:1]:
                arrow = f"[{hop.relation}] →" if hop.source == source else f"← [{hop.relation}]"
                click.echo(f"     {arrow}")
                _show_evidence(hop.evidence, indent="     ")


@main.command()
@click.option("--type", "cls", default=None, help="Only this class: Person, Organization, Meeting, ...")
@click.option("--top", default=15, show_default=True)
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
def central(cls, top, graph_dir, fmt):
    """Key players: degree, betweenness and PageRank, highest PageRank first (computed by the build).

    Example: kg central --type Person --graph out
    """
    from .query import QueryResult

    rows = _explore(graph_dir).centrality(cls)[:top]
    columns = ["name", "class", "degree", "betweenness", "pagerank"]
    click.echo(QueryResult(columns, [[str(r[c]) for c in columns] for r in rows]).format(fmt), nl=False)


@main.command()
@click.option("--min-size", default=2, show_default=True)
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
def communities(min_size, graph_dir):
    """Who clusters with whom: groups of people and organizations (Louvain, fixed seed; computed by the build).

    Example: kg communities --graph out
    """
    for number, members in enumerate(_explore(graph_dir).communities(min_size), 1):
        click.echo(f"{number}. " + ", ".join(members))


@main.command()
@click.argument("name")
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--evidence", default=1, show_default=True, type=click.IntRange(0, 50),
              help="Evidence sentences shown per relation.")
def show(name, graph_dir, fmt, evidence):
    """Everything about one entity: names, posts over time, meetings, claims, conditions, evidence.

    Example: kg show 谭耀宗 --graph out
    """
    about = _explore(graph_dir).show(name, evidence=evidence)
    if fmt == "json":
        click.echo(json.dumps(about, ensure_ascii=False, indent=2))
        return
    click.echo(f"{about['name']} ({about['class']})" + (f" — {about['english']}" if about["english"] else ""))
    others = [n for n in about["names"] if n != about["name"]]
    if others:
        click.echo("Names: " + ", ".join(others))
    current = None
    for rel in about["relations"]:
        heading = rel["relation"] if rel["direction"] == "out" else f"{rel['relation']} (by)"
        if heading != current:
            click.echo(f"{heading}:")
            current = heading
        click.echo(f"  {rel['date'] or '(undated)'}  {rel['other']}  ({rel['class']})")
        for ev in rel["evidence"]:
            click.echo(f"      “{ev['sentence']}” ({ev['file']})")
    if about["claims"]:
        click.echo("Claims:")
        for claim in about["claims"]:
            expects = f" — expects {claim['expects']}" if claim["expects"] else ""
            click.echo(f"  {claim['date'] or '(undated)'}  {claim['claim']}{expects} ({claim['file']})")
    if about["facts"]:
        click.echo("Facts:")
        for fact in about["facts"]:
            click.echo(f"  {fact['property']}: {fact['value']} ({fact['file']})")


@main.command()
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=7879, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (not 7878, where an Oxigraph server for kg push usually listens).")
@click.option("--timeout", default=10.0, show_default=True, type=float,
              help="Seconds a query may run before it is stopped (503).")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Queries run at once, each in its own process (default: one per core).")
@click.option("--queue", "waiting", type=click.IntRange(0, 10000), default=32, show_default=True,
              help="Requests that may wait for a free worker; more are answered 503 at once.")
def serve(graph_dir, host, port, timeout, workers, waiting):
    """Serve the built graph as a read-only SPARQL 1.1 endpoint (GET/POST /sparql).

    Example: kg serve --graph out --port 7879
    """
    from .serve import make_server

    server = make_server(graph_dir, host, port, timeout, workers=workers, queue=waiting)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}, not only on this machine.", err=True)
    click.echo(f"SPARQL endpoint on http://{host}:{server.server_address[1]}/sparql (read-only; Ctrl-C stops)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped by a service manager: close the workers too
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
