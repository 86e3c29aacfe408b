"""Stored SPARQL queries (`queries/*.rq`) and running them with bound values, never pasted text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from .errors import QueryRefusedError, QuerySyntaxError, UnknownQueryError
from .namespaces import PREFIXES
from .resources import QUERIES_DIR


def available() -> list[str]:
    """Names of the stored queries (file names without .rq)."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))


@cache
def query_text(name: str) -> str:
    path = QUERIES_DIR / f"{name}.rq"
    if not name.replace("-", "").replace("_", "").isalnum() or not path.is_file():
        raise UnknownQueryError(f"no stored query named {name!r}; known: {', '.join(available())}")
    return path.read_text(encoding="utf-8")


def documented_bindings(name: str) -> dict[str, str]:
    """The values a stored query's `# example: --bind var=value ...` line documents (the cookbook's recipes),
    as `lexgraph query --bind` takes them: text, bound as an IRI or a literal by `as_term`."""
    match = re.search(r"^# example: (.*)$", query_text(name), re.MULTILINE)
    if match is None:
        raise ValueError(f"the stored query {name!r} documents no '# example: --bind var=value' line")
    return dict(pair.split("=", 1) for pair in re.findall(r"--bind (\S+)", match.group(1)))


def prepare(text: str) -> Query:
    """Parse a SELECT/ASK/CONSTRUCT/DESCRIBE query; refuse updates and SERVICE with a clear message."""
    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except ParseException as error:
        if _is_update(text):
            raise QueryRefusedError("SPARQL updates are not allowed: LexGraph is read-only") from error
        raise QuerySyntaxError(f"malformed SPARQL at line {error.lineno}, column {error.col}: {error.msg}") from error
    except Exception as error:  # rdflib raises plain exceptions for unknown prefixes and the like
        raise QuerySyntaxError(f"malformed SPARQL: {error}") from error
    if _uses_service(prepared.algebra):
        raise QueryRefusedError("SERVICE is not allowed: LexGraph never queries other endpoints")
    return prepared


@cache
def prepared_named(name: str) -> Query:
    return prepare(query_text(name))


def run(graph: Graph, query: str | Query, bindings: Mapping[str, Any] | None = None) -> Result:
    """Run a query over a graph or dataset with values bound to variables (VALUES-style, not pasted)."""
    prepared = prepare(query) if isinstance(query, str) else query
    return graph.query(prepared, initBindings={k: as_term(v) for k, v in (bindings or {}).items()})


def run_named(graph: Graph, name: str, **bindings: Any) -> Result:
    return run(graph, prepared_named(name), bindings)


def rows(result: Result) -> list[dict[str, Node]]:
    """SELECT results as dicts of variable name to RDF term, unbound variables left out."""
    names = [str(v) for v in result.vars or []]
    return [{n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in result]


def as_term(value: Any) -> Node:
    if isinstance(value, Node):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    return Literal(value)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _uses_service(node: Any) -> bool:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_uses_service(v) for v in node)
    return False
