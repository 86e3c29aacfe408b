"""The `lexgraph` command line: a thin shell over the library. Exit codes are documented in docs/cli.md."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, LexGraphError
from .ids import short_id
from .loader import LoadedDataset, load
from .queries import available, query_text, rows, run

app = typer.Typer(
    name="lexgraph",
    help="LexGraph: a comparative knowledge graph of AI law. Load, validate, reason over, query, export and serve it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DataArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Data files or folders to use instead of the shipped data/ (the ontology is always loaded)."),
]


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class ReasonFormat(StrEnum):
    text = "text"
    json = "json"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def fail(error: LexGraphError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
    return typer.Exit(error.exit_code)


def load_or_exit(data: list[Path] | None) -> LoadedDataset:
    try:
        with err.status("loading ontology and data"):
            return load(data=data)
    except LexGraphError as error:
        raise fail(error) from error


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"lexgraph {__version__}")
        raise typer.Exit(EXIT_OK)


@app.command()
def check(data: DataArg = None) -> None:
    """Load, validate and reason over the graph, then summarise it: the whole pipeline in one go."""
    from .reasoning import reason
    from .validation import validate

    loaded = load_or_exit(data)
    out.print(f"loaded {len(loaded.files)} files, {len(loaded)} triples")
    with err.status("validating with SHACL"):
        report = validate(loaded)
    out.print(report.to_text(), highlight=False)
    if not report.conforms:
        raise typer.Exit(EXIT_FINDINGS)
    try:
        with err.status("reasoning with HermiT"):
            reasoning = reason(loaded)
    except LexGraphError as error:
        raise fail(error) from error
    out.print(reasoning.to_text(), highlight=False)
    if not reasoning.consistent or reasoning.unsatisfiable:
        raise typer.Exit(EXIT_FINDINGS)
    print_info(loaded)


@app.command()
def validate(
    data: DataArg = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.text,
    shapes: Annotated[Path | None, typer.Option(help="A shapes file or folder instead of the shipped shapes/.")] = None,
) -> None:
    """Validate the data against the SHACL shapes. Exit 0 conforms, 1 violations, 2 error."""
    from .validation import validate as run_validation

    loaded = load_or_exit(data)
    try:
        with err.status("validating with SHACL"):
            report = run_validation(loaded, shapes=shapes)
    except LexGraphError as error:
        raise fail(error) from error
    if output_format is ReportFormat.json:
        out.print_json(json.dumps(report.to_json()))
    elif output_format is ReportFormat.turtle:
        sys.stdout.write(report.graph.serialize(format="turtle"))
    else:
        out.print(report.to_text(), highlight=False)
    raise typer.Exit(EXIT_OK if report.conforms else EXIT_FINDINGS)


@app.command()
def reason(
    data: DataArg = None,
    output_format: Annotated[ReasonFormat, typer.Option("--format", "-f")] = ReasonFormat.text,
) -> None:
    """Check ontology and data for contradictions with HermiT. Exit 0 consistent, 1 not, 2 error, 3 no Java."""
    from .reasoning import reason as run_reasoner

    loaded = load_or_exit(data)
    try:
        with err.status("reasoning with HermiT"):
            report = run_reasoner(loaded)
    except LexGraphError as error:
        raise fail(error) from error
    if output_format is ReasonFormat.json:
        out.print_json(json.dumps(report.to_json()))
    else:
        out.print(report.to_text(), highlight=False)
    raise typer.Exit(EXIT_OK if report.consistent and not report.unsatisfiable else EXIT_FINDINGS)


@app.command()
def query(
    file: Annotated[Path | None, typer.Argument(help="A .rq file to run.", exists=True, dir_okay=False)] = None,
    text: Annotated[str | None, typer.Option("--query", "-q", help="SPARQL query text.")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="A stored query (see --list).")] = None,
    bind: Annotated[
        list[str] | None, typer.Option("--bind", "-b", help="VAR=VALUE, bound as a value (IRIs by http(s) prefix).")
    ] = None,
    output_format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Data files or folders instead of data/.")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the stored queries and exit.")] = False,
) -> None:
    """Run a read-only SPARQL query over the whole dataset (the union of its graphs)."""
    if list_queries:
        for stored in available():
            out.print(stored)
        raise typer.Exit(EXIT_OK)
    given = [x for x in (file, text, name) if x is not None]
    if len(given) != 1:
        err.print("[bold red]error:[/] give exactly one of FILE, --query or --name")
        raise typer.Exit(EXIT_ERROR)
    try:
        sparql = file.read_text(encoding="utf-8") if file else text if text is not None else query_text(name)
        bindings = parse_bindings(bind or [])
        loaded = load_or_exit(data)
        result = run(loaded.dataset, sparql, bindings)
    except LexGraphError as error:
        raise fail(error) from error
    if result.type == "ASK":
        out.print(json.dumps(bool(result.askAnswer)) if output_format is TableFormat.json else str(result.askAnswer))
        return
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        sys.stdout.write(result.graph.serialize(format="turtle"))
        return
    print_rows([str(v) for v in result.vars or []], rows(result), output_format)


def parse_bindings(pairs: list[str]) -> dict[str, str]:
    bindings = {}
    for pair in pairs:
        variable, sep, value = pair.partition("=")
        if not sep or not variable.isidentifier():
            raise LexGraphError(f"--bind {pair!r}: expected VAR=VALUE")
        bindings[variable] = value
    return bindings


def print_rows(names: list[str], records: list[dict], output_format: TableFormat) -> None:
    if output_format is TableFormat.json:
        out.print_json(json.dumps([{k: str(v) for k, v in r.items()} for r in records]))
    elif output_format is TableFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[str(r.get(n, "")) for n in names] for r in records])
    else:
        table = Table(*names, show_lines=False)
        for record in records:
            table.add_row(*[short_id(record[n]) if n in record else "" for n in names])
        out.print(table)
        out.print(f"{len(records)} rows")


@app.command()
def generate(
    output: Annotated[Path, typer.Argument(help="Folder to write the corpus to (laid out like data/).")],
    triples: Annotated[int, typer.Option("--triples", "-t", help="Target size in triples.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same bytes.")] = 1,
    jurisdictions: Annotated[int | None, typer.Option(help="Synthetic jurisdictions (default: by size).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace a corpus this command wrote before.")] = False,
) -> None:
    """Write a synthetic corpus in LexGraph's model, for benchmarks and load tests."""
    from .synthetic import generate as run_generator

    try:
        with err.status(f"generating about {triples} triples"):
            summary = run_generator(triples, seed, output, jurisdictions=jurisdictions, overwrite=overwrite)
    except LexGraphError as error:
        raise fail(error) from error
    out.print_json(json.dumps(summary.to_dict(), default=str))


@app.command()
def export(
    output_format: Annotated[str, typer.Option("--format", "-f", help="turtle, trig, nt, nquads, jsonld.")] = "turtle",
    graph: Annotated[str | None, typer.Option(help="One named graph (IRI or data/eu/reg-2024-1689); else all.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file; else stdout.")] = None,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Data files or folders instead of data/.")] = None,
) -> None:
    """Export the dataset (or one graph) as RDF."""
    from .export import plan_export, write
    from .store import OxigraphStore

    try:
        store = OxigraphStore.load(data)
        if output is not None:
            write(store, output, output_format, graph)
            err.print(f"wrote {output}")
        else:
            request = plan_export(store, output_format, graph)
            store.dump(sys.stdout.buffer, request.syntax.name, request.graph)
    except LexGraphError as error:
        raise fail(error) from error


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port (default 8000).")] = None,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Data files or folders instead of data/.")] = None,
    store: Annotated[str | None, typer.Option(help="On-disk store folder, or remote SPARQL URL.")] = None,
    query_timeout: Annotated[float | None, typer.Option(help="Seconds one SPARQL query may run.")] = None,
    workers: Annotated[int | None, typer.Option(help="Service processes sharing the port (default 1).")] = None,
) -> None:
    """Serve the SPARQL endpoint, the REST API and exports over HTTP (settings also from LEXGRAPH_* variables)."""
    from lexgraph_api import serve as run_service

    from .settings import Settings

    given = {"host": host, "port": port, "data": data, "store": store, "query_timeout": query_timeout,
             "workers": workers}
    try:
        settings = Settings(**{k: v for k, v in given.items() if v is not None})
        run_service(settings)
    except LexGraphError as error:
        raise fail(error) from error


@app.command()
def docs(
    output: Annotated[Path | None, typer.Option(help="Folder to write into (default: the checkout's docs/).")] = None,
) -> None:
    """Regenerate the ontology reference (pyLODE) and the model picture (Graphviz) from the ontology."""
    from .docs import build_docs

    try:
        with err.status("building the ontology reference"):
            written = build_docs(output)
    except LexGraphError as error:
        raise fail(error) from error
    for path in written:
        out.print(str(path))


@app.command(name="load")
def load_remote(
    store: Annotated[str, typer.Option(help="SPARQL query endpoint of the remote store (http://...).")],
    data: DataArg = None,
    graph_store: Annotated[
        str | None, typer.Option(help="Its Graph Store Protocol endpoint, when it cannot be guessed.")
    ] = None,
) -> None:
    """Load the ontology and data into a remote SPARQL store, one named graph per file."""
    from .remote import load_into

    try:
        with err.status(f"loading into {store}"):
            summary = load_into(store, data, graph_store=graph_store)
    except LexGraphError as error:
        raise fail(error) from error
    out.print_json(json.dumps(summary.to_dict(), default=str))


@app.command()
def info(data: DataArg = None) -> None:
    """Counts by jurisdiction, instrument and named graph."""
    print_info(load_or_exit(data))


def print_info(loaded: LoadedDataset) -> None:
    from .queries import run_named

    instruments = Table("jurisdiction", "instrument", "title", "provisions", "norms", title="Instruments")
    for row in rows(run_named(loaded.dataset, "info-instruments")):
        instruments.add_row(
            str(row["code"]), str(row["slug"]), str(row.get("title", "")), str(row["provisions"]), str(row["norms"])
        )
    out.print(instruments)
    statements = Table("kind", "count", title="Curated statements")
    for row in rows(run_named(loaded.dataset, "info-statements")):
        statements.add_row(short_id(row["kind"]).rsplit("#", 1)[-1], str(row["count"]))
    out.print(statements)
    graphs = Table("graph", "kind", "triples", title="Named graphs")
    for source in loaded.files:
        graphs.add_row(str(source.graph), source.kind, str(source.triples))
    out.print(graphs)
    out.print(f"{len(loaded.files)} graphs, {len(loaded)} triples")
