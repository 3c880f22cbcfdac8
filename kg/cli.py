"""The kg command line: a thin layer over the library (only this module imports click)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KgError

__all__ = ["main"]


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


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
def build(source, out, no_html):
    """Build the graph of SOURCE (a file or a folder of articles) into OUT.

    Example: kg build seeds -o out
    """
    from .build import build as run_build

    report = run_build(source, out, html=not no_html)
    click.echo(f"Read {report.articles} articles, skipped {len(report.skipped)}.")
    for name, reason in report.skipped:
        click.echo(f"  skipped {name}: {reason}")
    click.echo(f"{report.triples} triples ({report.quads} quads in {report.articles} article graphs).")
    for cls, count in report.entities.items():
        click.echo(f"  {cls:<24}{count}")
    click.echo(f"Wrote {', '.join(str(out / o) for o in report.outputs)}")
    if report.articles == 0:
        sys.exit(2)


@main.command()
@click.argument("query_file", required=False)
@click.option("-e", "--expr", help="SPARQL text instead of a file.")
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder of a built graph.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
def query(query_file, expr, graph_dir, fmt):
    """Run a SPARQL SELECT query (a .rq file, a saved query's name, or -e TEXT).

    Example: kg query queries/positions.rq --graph out
    """
    from .query import open_graph, run_query, saved_query

    if not query_file and not expr:
        raise click.UsageError("give a query file or -e 'SELECT ...'")
    text = expr if expr else saved_query(query_file)
    result = run_query(open_graph(graph_dir), text)
    click.echo(result.format(fmt), nl=False)


@main.command()
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
def export(graph_dir, fmt, output):
    """Export the built graph as Turtle, TriG, N-Quads, N-Triples or JSON-LD.

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
def viz(graph_dir, output):
    """Write the interactive HTML graph of a built graph (opens from disk, offline).

    Example: kg viz --graph out -o out/graph.html
    """
    from .export import union_triples
    from .io import write_atomic
    from .viz import render_html

    output = output or graph_dir / "graph.html"
    write_atomic(output, render_html(union_triples(graph_dir)))
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

    Example: kg eval tests/gold/dev --graph /tmp/dev
    """
    from .evaluate import evaluate as run_evaluate

    click.echo(run_evaluate(gold_dir, graph_dir).format(details=not summary), nl=False)


@main.command()
@click.option("-g", "--graph", "graph_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
def timeline(graph_dir, fmt):
    """Meetings and reopening predictions in date order, with who and which articles.

    Example: kg timeline --graph out
    """
    from .timeline import timeline as run_timeline

    click.echo(run_timeline(graph_dir).format(fmt), nl=False)
