"""The library side of the SPARQL 1.1 Protocol: check a query, run it within a budget, serialise its answer.

A query is first checked in the service process, from its tokens (cached per text, so a repeated query
costs a dictionary look-up): updates, SERVICE, and FROM / FROM NAMED or protocol graphs the store does not
hold are refused before anything runs. It then runs in a worker process holding a read-only Oxigraph
snapshot, because pyoxigraph cannot interrupt a running query: a worker that overruns its budget is killed
and replaced, and the other workers keep answering. Workers return serialised bytes, so the service process
only copies them to the client.

This module is imported by every worker process, so it imports nothing heavy at module level (no rdflib).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import functools
import io
import itertools
import json
import logging
import os
import pickle
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .errors import LexGraphError, QueryError, QueryRefusedError, QuerySyntaxError, UnsupportedFormatError

log = logging.getLogger("lexgraph.sparql")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


# ---------------------------------------------------------------- errors the protocol adds to lexgraph.errors


class UpdateRefusedError(QueryRefusedError):
    """A SPARQL update, by any route: the service is read-only."""


class QueryTimeoutError(QueryError):
    """The query ran past its time budget and was stopped."""


class ServiceBusyError(QueryError):
    """Every query worker stayed busy for a whole time budget."""


class WorkerLostError(QueryError):
    """A worker process died while answering (killed from outside, out of memory): a service fault (503)."""


class RequestTooLargeError(LexGraphError):
    """The request body or query string is larger than the service accepts."""


class NotAcceptableError(UnsupportedFormatError):
    """No result syntax the client accepts can carry this kind of answer (HTTP 406)."""


class UnsupportedMediaTypeError(LexGraphError):
    """A POST body in a media type or charset the protocol does not allow (HTTP 415)."""


class QueryTooComplexError(QueryRefusedError):
    """A query nested deeper, or made of more tokens, than the engine can take without exhausting its stack."""


# ---------------------------------------------------------------- result syntaxes and content negotiation


@dataclass(frozen=True)
class Syntax:
    """One serialisation: its short name, the media types that select it (first is the one answered)."""

    name: str
    media_types: tuple[str, ...]
    extension: str

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.name in ("nt", "nquads", "trig")
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


JSON = Syntax("json", ("application/sparql-results+json", "application/json"), "srj")
XML = Syntax("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), "srx")
CSV = Syntax("csv", ("text/csv",), "csv")
TSV = Syntax("tsv", ("text/tab-separated-values",), "tsv")
TURTLE = Syntax("turtle", ("text/turtle", "application/x-turtle"), "ttl")
NTRIPLES = Syntax("nt", ("application/n-triples",), "nt")
RDFXML = Syntax("rdfxml", ("application/rdf+xml",), "rdf")
JSONLD = Syntax("jsonld", ("application/ld+json",), "jsonld")
TRIG = Syntax("trig", ("application/trig",), "trig")
NQUADS = Syntax("nquads", ("application/n-quads",), "nq")

SELECT_SYNTAXES = (JSON, XML, CSV, TSV)
ASK_SYNTAXES = (JSON, XML)
GRAPH_SYNTAXES = (TURTLE, NTRIPLES, RDFXML, JSONLD)
SYNTAXES = {s.name: s for s in (*SELECT_SYNTAXES, *GRAPH_SYNTAXES, TRIG, NQUADS)}

OX_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


@lru_cache(maxsize=256)
def parse_accept(header: str | None) -> tuple[tuple[str, float], ...]:
    """Media ranges of an Accept header with their quality, most preferred first; none: accept anything."""
    if not header or not header.strip():
        return (("*/*", 1.0),)
    ranges = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if "/" not in media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return tuple((media, quality) for media, quality, _ in ranges) or (("*/*", 1.0),)


def _match(media_type: str, ranges: Sequence[tuple[str, float]]) -> tuple[int, float]:
    """(specificity, quality) of the most specific range matching a media type (RFC 9110 section 12.5.1);
    specificity -1 when none matches."""
    kind = media_type.split("/")[0]
    best = (-1, 0.0)
    for media, quality in ranges:
        rank = 2 if media == media_type else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
        if rank > best[0]:
            best = (rank, quality)
    return best


@lru_cache(maxsize=512)
def negotiate(accept: str | None, offers: tuple[Syntax, ...]) -> Syntax | None:
    """The offered syntax the client prefers (server order breaks ties), or None when none is acceptable.

    A syntax's quality comes from its most specifically matched media type, so `text/turtle;q=0, */*`
    refuses Turtle even though its alias `application/x-turtle` matches `*/*`.
    """
    ranges = parse_accept(accept)
    best: Syntax | None = None
    best_quality = 0.0
    for syntax in offers:
        quality = max(_match(media, ranges) for media in syntax.media_types)[1]
        if quality > best_quality:
            best, best_quality = syntax, quality
    return best


HTML_PAGE = Syntax("html", ("text/html", "application/xhtml+xml"), "html")


def prefers_html(accept: str | None, offers: tuple[Syntax, ...] = GRAPH_SYNTAXES) -> bool:
    """A browser: its Accept header ranks HTML strictly above every other offer (by default the RDF syntaxes).
    A tie (`*/*`, or HTML beside Turtle) goes to the other offers, as API and SPARQL clients expect. Compared
    with ==: `negotiate` is cached on its offers and may hand back an equal Syntax made elsewhere."""
    return negotiate(accept, (*offers, HTML_PAGE)) == HTML_PAGE


# ---------------------------------------------------------------- checking a query from its tokens

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<bnode>_:[A-Za-z0-9_\-.\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][A-Za-z0-9_\-.\u00B7\u00C0-\uFFFF]*)?
              :(?:[A-Za-z0-9_\-.:%\u00B7\u00C0-\uFFFF]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
NONDETERMINISTIC = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
# Oxigraph parses and evaluates recursively: about 800 nested FILTER EXISTS, 2,000 nested groups or 7,000
# chained `+` exhaust an 8 MB stack and kill the process (docs/reliability.md). Workers run queries on a
# WORKER_STACK_BYTES stack (32 times that); these bounds keep every query far below it, and bound the scan.
MAX_QUERY_DEPTH = 128  # brackets ( { [ open at once
MAX_QUERY_TOKENS = 100_000  # tokens besides whitespace and comments


@dataclass(frozen=True)
class QueryShape:
    """What the tokens of a query text say about it, before any parser runs."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, an update keyword, or None when unclear
    uses_service: bool
    from_graphs: tuple[str, ...]
    from_named_graphs: tuple[str, ...]
    unresolved: tuple[str, ...]  # FROM targets whose IRI the scan could not work out
    deterministic: bool = True  # False when NOW(), RAND(), UUID(), STRUUID() or BNODE() may change the answer
    depth: int = 0  # the most brackets open at once (at most: the quick read counts every opening bracket)

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_FORMS


CACHED_QUERY_LENGTH = 8192  # longer texts are checked every time, so the caches stay small
PLAN_IN_THREAD_LENGTH = 8192  # longer texts are checked off the event loop (see plan_query)


def scan(text: str, base_iri: str | None = None, prefixes: tuple[tuple[str, str], ...] = ()) -> QueryShape:
    """Tokenise a query (strings, IRIs and comments kept whole) and read its form and dataset clauses."""
    if len(text) <= CACHED_QUERY_LENGTH:
        return _scan_cached(text, base_iri, prefixes)
    return _scan(text, base_iri, prefixes)


@lru_cache(maxsize=2048)
def _scan_cached(text: str, base_iri: str | None, prefixes: tuple[tuple[str, str], ...]) -> QueryShape:
    return _scan(text, base_iri, prefixes)


# The words the full scan reacts to, lower-cased. Around a place where one appears, a character either settles
# that it is not a keyword token (before it: a letter, `_`, `?`, `$`, `:` or `@`, which make it the tail of a
# word, variable, prefixed name, blank node label or language tag; after it: a letter, digit or `_`), or allows
# that it is one (a separator, or the text's end), or leaves it open (a digit, `-`, `.`, `:`, `<`, a quote,
# anything else), and then only the tokeniser can tell.
_SCAN_WORDS = tuple(sorted(w.lower() for w in QUERY_FORMS | UPDATE_FORMS | NONDETERMINISTIC | {"SERVICE", "FROM"}))
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ABSORBING = frozenset(_LETTERS + "_?$:@")
_WORD_CHARACTERS = frozenset(_LETTERS + "0123456789_")
_SEPARATORS = frozenset(" \t\r\n{}()[],;*/+=!&|^")
QUICK_SCAN_LENGTH = 65_536  # fewer characters than MAX_QUERY_TOKENS, so the token bound holds too


def _quick_scan(text: str) -> QueryShape | None:
    """The shape of a plain query without tokenising it, or None when only the full scan can tell.

    A plain query names its form once and nothing else the scan looks for (no update keyword, SERVICE,
    FROM or nondeterministic function, even inside a string); that one form word is a token when nothing
    before it on its line opens a comment, a string or an IRI (none of them spans lines, long strings
    aside). Substring searches find the words: ten times cheaper than `_tokens`, which a new query pays.
    """
    if len(text) > QUICK_SCAN_LENGTH or '"""' in text or "'''" in text:
        return None
    return _quick_form(text)


def _quick_form(text: str) -> QueryShape | None:
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lower case is longer: positions would not match
        return None
    found: list[tuple[int, str]] = []
    size = len(text)
    for word in _SCAN_WORDS:
        if word not in lower:
            continue
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            before = text[at - 1] if at else " "
            after = text[end] if end < size else " "
            if before not in _ABSORBING and after not in _WORD_CHARACTERS:
                line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
                if text[line_start:at].lstrip(" \t").startswith("#"):
                    # In a whole-line comment (a stored query's header), a word hides nothing. Lines end at CR
                    # or LF only, as in SPARQL: neither can sit inside an IRI or a short string, so a line that
                    # starts with # (after spaces and tabs) is a comment to its end. (str.splitlines would also
                    # split at U+0085 or U+2028, which an IRI may hold, and so hide what follows them.)
                    at = lower.find(word, end)
                    continue
                if before not in _SEPARATORS or after not in _SEPARATORS or not text[at:end].isascii():
                    return None  # a keyword or not: the tokeniser decides
                found.append((at, word))
                if len(found) > 1:
                    return None
            at = lower.find(word, end)
    if not found or (form := found[0][1].upper()) not in QUERY_FORMS:
        return None
    start = found[0][0]
    line = text[max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1 : start]
    if "#" in line or '"' in line or "'" in line or line.count("<") != line.count(">"):
        return None
    opened = text.count("(") + text.count("{") + text.count("[")
    if opened > MAX_QUERY_DEPTH:
        return None
    return QueryShape(form, False, (), (), (), True, opened)


def _scan(text: str, base_iri: str | None, prefixes: tuple[tuple[str, str], ...]) -> QueryShape:
    return _quick_scan(text) or _scan_tokens(text, base_iri, prefixes)


def _scan_tokens(text: str, base_iri: str | None = None, prefixes: tuple[tuple[str, str], ...] = ()) -> QueryShape:
    """The full scan: tokenise the query and read its form, dataset clauses, functions and depth."""
    tokens = _tokens(text)
    known = dict(prefixes)
    base = base_iri
    form: str | None = None
    uses_service = False
    deterministic = True
    from_graphs: list[str] = []
    named_graphs: list[str] = []
    unresolved: list[str] = []
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        word = value.upper() if kind == "word" else None
        if form is None and word == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            base = urljoin(base or "", tokens[i + 1][1][1:-1])
            i += 2
            continue
        if form is None and word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname":
            declared, target = tokens[i + 1][1], tokens[i + 2]
            if declared.endswith(":") and target[0] == "iri":
                known[declared[:-1]] = urljoin(base or "", target[1][1:-1])
                i += 3
                continue
        if form is None and word in QUERY_FORMS | UPDATE_FORMS:
            form = word
        elif word == "SERVICE":
            uses_service = True
        elif word in NONDETERMINISTIC:
            deterministic = False
        elif word == "FROM" and i + 1 < len(tokens):
            named = tokens[i + 1][0] == "word" and tokens[i + 1][1].upper() == "NAMED"
            target_kind, target = tokens[i + 2] if named and i + 2 < len(tokens) else tokens[i + 1]
            iri = _resolve(target_kind, target, base, known)
            if iri is None:
                unresolved.append(target)
            else:
                (named_graphs if named else from_graphs).append(iri)
            i += 3 if named else 2
            continue
        i += 1
    return QueryShape(
        form, uses_service, tuple(from_graphs), tuple(named_graphs), tuple(unresolved), deterministic,
        _depth(tokens),
    )


def _tokens(text: str) -> list[tuple[str, str]]:
    """The tokens of a query, whitespace and comments left out; QueryTooComplexError past MAX_QUERY_TOKENS
    (raised as soon as the count is passed, so a huge text costs no more to refuse than a large one)."""
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup in ("ws", "comment"):
            continue
        tokens.append((match.lastgroup, match.group()))
        if len(tokens) > MAX_QUERY_TOKENS:
            raise QueryTooComplexError(
                f"the query has more than {MAX_QUERY_TOKENS} tokens; this endpoint takes smaller queries"
            )
    return tokens


def _depth(tokens: Sequence[tuple[str, str]]) -> int:
    depth = deepest = 0
    for kind, value in tokens:
        if kind != "other":
            continue
        if value in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif value in ")}]":
            depth -= 1
    return deepest


def _resolve(kind: str, value: str, base: str | None, prefixes: Mapping[str, str]) -> str | None:
    if kind == "iri":
        return urljoin(base or "", value[1:-1])
    if kind == "pname" and "\\" not in value:
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


@dataclass(frozen=True)
class QueryPlan:
    """A checked query, ready for a worker: picklable plain data."""

    query: str
    base_iri: str | None
    default_graphs: tuple[str, ...] | None  # None with named_graphs None: the union of all graphs
    named_graphs: tuple[str, ...] | None
    form: str | None
    select_syntax: str | None  # for SELECT answers
    ask_syntax: str | None  # for ASK answers
    graph_syntax: str | None  # for CONSTRUCT and DESCRIBE answers
    cacheable: bool = False  # the same plan always gets the same answer (the store is read-only)


def plan_query(
    query: str,
    *,
    known_graphs: frozenset[str] | set[str],
    accept: str | None = None,
    base_iri: str | None = None,
    default_graph_uris: Sequence[str] = (),
    named_graph_uris: Sequence[str] = (),
    prefixes: Mapping[str, str] | None = None,
) -> QueryPlan:
    """Check a query against the read-only rules and pick its answer syntax; raise the error to answer with.

    Costs microseconds for a query seen before; a long new text (over PLAN_IN_THREAD_LENGTH characters) may
    take milliseconds, so an async caller runs it in a thread.

    The dataset follows the protocol: `default-graph-uri`/`named-graph-uri` override FROM/FROM NAMED, and
    a query naming neither sees the union of all graphs as its default graph and every graph by name.
    """
    shape = scan(query, base_iri, tuple(sorted((prefixes or {}).items())))
    if shape.is_update:
        raise UpdateRefusedError(f"SPARQL updates ({shape.form}) are not allowed: this endpoint is read-only")
    if shape.uses_service:
        raise QueryRefusedError("SERVICE is not allowed: this endpoint never queries other endpoints")
    if shape.depth > MAX_QUERY_DEPTH:
        raise QueryTooComplexError(
            f"the query nests {shape.depth} brackets deep; this endpoint takes at most {MAX_QUERY_DEPTH}"
        )
    if shape.unresolved:
        raise QueryRefusedError(f"cannot tell which graph FROM {shown(shape.unresolved[0])} names; write its full IRI")
    protocol = bool(default_graph_uris or named_graph_uris)
    for parameter, names in (("default-graph-uri", default_graph_uris), ("named-graph-uri", named_graph_uris)):
        for name in names:
            if name not in known_graphs:
                raise QueryRefusedError(
                    f"{parameter}={shown(name)!r}: no such graph in this store "
                    "(graphs are never fetched from elsewhere)"
                )
    for clause, names in (("FROM", shape.from_graphs), ("FROM NAMED", shape.from_named_graphs)):
        for name in names:
            if name not in known_graphs:
                raise QueryRefusedError(
                    f"{clause} <{shown(name)}>: no such graph in this store (graphs are never fetched from elsewhere)"
                )
    if protocol:
        default, named = tuple(default_graph_uris), tuple(named_graph_uris)
    elif shape.from_graphs or shape.from_named_graphs:
        default, named = shape.from_graphs, shape.from_named_graphs
    else:
        default = named = None

    select = negotiate(accept, SELECT_SYNTAXES)
    ask = negotiate(accept, ASK_SYNTAXES)
    graph = negotiate(accept, GRAPH_SYNTAXES)
    wanted = {"SELECT": select, "ASK": ask, "CONSTRUCT": graph, "DESCRIBE": graph}.get(shape.form or "", True)
    if wanted is None:
        raise not_acceptable(shape.form, accept)
    return QueryPlan(
        query, base_iri, default, named, shape.form,
        select.name if select else None, ask.name if ask else None, graph.name if graph else None,
        cacheable=shape.deterministic,
    )


def shown(value: str, limit: int = 200) -> str:
    """A value as an error message quotes it: cut short, so that an error never echoes a large request back."""
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value)} characters)"


def not_acceptable(form: str | None, accept: str | None) -> NotAcceptableError:
    offers = {"ASK": ASK_SYNTAXES, "SELECT": SELECT_SYNTAXES}.get(form or "", GRAPH_SYNTAXES)
    return NotAcceptableError(
        f"cannot serve {form or 'query'} results as {shown(accept or '')!r}; "
        f"acceptable: {', '.join(s.media_type for s in offers)}"
    )


# ---------------------------------------------------------------- running a plan and serialising its answer


@dataclass(frozen=True)
class QueryOutput:
    """A serialised answer: its media type, bytes, and whether the row cap cut it short."""

    content_type: str
    body: bytes
    kind: str  # "bindings", "boolean" or "graph"
    rows: int
    truncated: bool = False


def execute(store: ox.Store, plan: QueryPlan, max_rows: int, prefixes: Mapping[str, str] | None = None) -> QueryOutput:
    """Run a checked plan on an Oxigraph store and serialise the answer, at most `max_rows` rows or triples."""
    options: dict = {"base_iri": plan.base_iri}
    if plan.default_graphs is None and plan.named_graphs is None:
        options["use_default_graph_as_union"] = True
    else:
        options["default_graph"] = [ox.NamedNode(g) for g in plan.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in plan.named_graphs or ()]
    try:
        try:
            # Most queries declare their prefixes: handing pyoxigraph the predeclared ones costs a conversion of
            # the whole dictionary per query. A query that needs them fails to parse and is parsed again with
            # them (its meaning cannot differ: without them it does not parse at all).
            results = store.query(plan.query, **options)
        except SyntaxError:
            if not prefixes:
                raise
            results = store.query(plan.query, prefixes=dict(prefixes), **options)
        if isinstance(results, ox.QueryBoolean):
            return _boolean_output(bool(results), plan)
        if isinstance(results, ox.QuerySolutions):
            return _bindings_output(results, plan, max_rows)
        return _graph_output(results, plan, max_rows, prefixes)
    except SyntaxError as error:
        raise QuerySyntaxError(f"malformed SPARQL: {error}") from error
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"the query failed: {error}") from error


def _boolean_output(value: bool, plan: QueryPlan) -> QueryOutput:
    syntax = SYNTAXES.get(plan.ask_syntax or "")
    if syntax is None:
        raise not_acceptable("ASK", None)
    if syntax is JSON:
        body = json.dumps({"head": {}, "boolean": value}).encode()
    else:
        body = (
            f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n  <head/>\n'
            f"  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        ).encode()
    return QueryOutput(syntax.content_type, body, "boolean", 1)


def _bindings_output(results: ox.QuerySolutions, plan: QueryPlan, max_rows: int) -> QueryOutput:
    syntax = SYNTAXES.get(plan.select_syntax or "")
    if syntax is None:
        raise not_acceptable("SELECT", None)
    variables = [v.value for v in results.variables]
    rows = [list(solution) for solution in itertools.islice(results, max_rows + 1)]
    truncated = len(rows) > max_rows
    del rows[max_rows:]
    writer = {"json": bindings_json, "xml": bindings_xml, "csv": bindings_csv, "tsv": bindings_tsv}[syntax.name]
    return QueryOutput(syntax.content_type, writer(variables, rows), "bindings", len(rows), truncated)


def _graph_output(triples: Iterable, plan: QueryPlan, max_rows: int, prefixes) -> QueryOutput:
    syntax = SYNTAXES.get(plan.graph_syntax or "")
    if syntax is None:
        raise not_acceptable(plan.form if plan.form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", None)
    kept = list(itertools.islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    del kept[max_rows:]
    body = serialize_graph(kept, syntax, prefixes)
    return QueryOutput(syntax.content_type, body, "graph", len(kept), truncated)


def serialize_graph(triples: Iterable, syntax: Syntax, prefixes: Mapping[str, str] | None = None) -> bytes:
    """pyoxigraph triples (or quads for TriG/N-Quads) in one of SYNTAXES' RDF syntaxes."""
    format = OX_RDF_FORMATS[syntax.name]
    triples = list(triples)
    return ox.serialize(triples, format=format, prefixes=used_prefixes(triples, prefixes or {})) or b""


def used_prefixes(statements: Iterable, prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of the statements is in (so Turtle does not list them all)."""
    if not prefixes:
        return {}
    namespaces = set()
    for statement in statements:
        for term in statement:
            if isinstance(term, ox.NamedNode):
                iri = term.value
                cut = max(iri.rfind("#"), iri.rfind("/"))
                namespaces.add(iri[: cut + 1])
            elif isinstance(term, ox.Literal) and term.datatype.value != XSD_STRING:
                namespaces.add("http://www.w3.org/2001/XMLSchema#")
    return {name: ns for name, ns in prefixes.items() if ns in namespaces}


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            found["datatype"] = term.datatype.value
        return found
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def bindings_json(variables: list[str], rows: list[list]) -> bytes:
    bindings = [
        {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term is not None} for row in rows
    ]
    return json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False, separators=(",", ":")
    ).encode()


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def bindings_xml(variables: list[str], rows: list[list]) -> bytes:
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS_NS}">\n  <head>']
    out += [f"    <variable name={quoteattr(v)}/>" for v in variables]
    out.append("  </head>\n  <results>")
    for row in rows:
        out.append("    <result>")
        out += [
            f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(variables, row, strict=True)
            if term is not None
        ]
        out.append("    </result>")
    out.append("  </results>\n</sparql>\n")
    return "\n".join(out).encode()


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def bindings_csv(variables: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_term(term) for term in row] for row in rows)
    return buffer.getvalue().encode()


def bindings_tsv(variables: list[str], rows: list[list]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


# ---------------------------------------------------------------- the worker protocol
#
# One socket pair per worker, framed both ways: an 8-byte prefix (two big-endian lengths), a pickled header,
# a raw body. The service sends a header only: the worker's settings, a QueryPlan, or None (stop). The worker
# answers ("ok", content type, kind, rows, truncated) with the serialised answer as the body, ("error", class
# name, message), ("ready", pid) or ("failed", reason). The answer is never pickled: its bytes are copied once
# into the service, which hands them to the client as they are.

_FRAME = struct.Struct("!II")
SMALL_REPLY = 65_536  # answers up to this size go out in one write, so the service wakes once


def _frame_head(header, body_size: int = 0) -> bytes:
    head = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
    return _FRAME.pack(len(head), body_size) + head


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    """`size` bytes from a blocking socket; EOFError when the other side closes first."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = sock.recv_into(view[got:])
        if count == 0:
            raise EOFError("the service closed the worker's socket")
        got += count
    return bytes(buffer)


def _receive_header(sock: socket.socket):
    """The next message the service sent a worker (headers only travel this way)."""
    header_size, _ = _FRAME.unpack(_receive_exactly(sock, _FRAME.size))
    return pickle.loads(_receive_exactly(sock, header_size))


def _send_reply(sock: socket.socket, header, body: bytes = b"") -> None:
    head = _frame_head(header, len(body))
    if len(body) <= SMALL_REPLY:
        sock.sendall(head + body)
    else:
        sock.sendall(head)
        sock.sendall(body)


# ---------------------------------------------------------------- worker processes


WORKER_STACK_BYTES = 256 * 1024 * 1024  # address space, touched only as deep as a query goes


def worker_main(sock: socket.socket) -> None:
    """One worker process: no network (see deny_network), then `_serve_plans` on a thread with a stack deep
    enough for any query that passes MAX_QUERY_DEPTH and MAX_QUERY_TOKENS (the main thread's 8 MB is not)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the service, which stops its workers
    deny_network()
    try:
        threading.stack_size(WORKER_STACK_BYTES)
        thread = threading.Thread(target=_serve_plans, args=(sock,), name="lexgraph-query", daemon=True)
        thread.start()
    except (ValueError, RuntimeError, MemoryError):  # no such stack here: the main thread's will do
        _serve_plans(sock)
        return
    thread.join()


def deny_network() -> bool:
    """Forbid this process, for good, to open any socket but a Unix one (a seccomp filter; Linux x86-64 and
    arm64). Oxigraph would call a SERVICE endpoint itself, below Python where no audit hook sees it: the
    query check refuses SERVICE, and this makes a worker unable to reach the network even if one got past.
    True when the filter is in place; False where the platform has no seccomp (the check still applies)."""
    import ctypes
    import errno
    import platform

    # (AUDIT_ARCH, socket syscall numbers, io_uring_setup): io_uring could open sockets without socket(2).
    arches = {"x86_64": (0xC000003E, (41, 0x40000000 | 41), 425), "aarch64": (0xC00000B7, (198,), 425)}
    if sys.platform != "linux" or platform.machine() not in arches:
        return False
    audit_arch, socket_calls, io_uring_setup = arches[platform.machine()]
    load, jump_if_equal, give = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EACCES  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    af_unix = 1
    # seccomp_data: nr at 0, arch at 4, args[0] at 16 (its low half on these little-endian machines).
    program = [(load, 0, 0, 4), (jump_if_equal, 1, 0, audit_arch), (give, 0, 0, deny), (load, 0, 0, 0)]
    checks = [io_uring_setup, *socket_calls]
    for position, number in enumerate(checks):
        remaining = len(checks) - position - 1
        if number == io_uring_setup:  # to the final deny
            program.append((jump_if_equal, remaining + 4, 0, number))
        else:  # to the domain check
            program.append((jump_if_equal, remaining + 1, 0, number))
    program += [(give, 0, 0, allow), (load, 0, 0, 16), (jump_if_equal, 0, 1, af_unix), (give, 0, 0, allow),
                (give, 0, 0, deny)]

    class Instruction(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Instruction))]

    instructions = (Instruction * len(program))(*program)
    fprog = Program(len(program), instructions)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
        zero = ctypes.c_ulong(0)
        if libc.prctl(pr_set_no_new_privs, ctypes.c_ulong(1), zero, zero, zero) != 0:
            return False
        return libc.prctl(pr_set_seccomp, ctypes.c_ulong(seccomp_mode_filter), ctypes.byref(fprog), zero, zero) == 0
    except (OSError, AttributeError):
        return False


def _serve_plans(sock: socket.socket) -> None:
    """Receive the worker's settings, open the snapshot read-only, answer plans until told to stop (None) or
    until the service process goes away."""
    try:
        _, store_path, max_rows, prefixes, in_memory = _receive_header(sock)
        store = ox.Store.read_only(store_path)
        if in_memory:  # about twice as fast to query as the on-disk snapshot, for memory per worker
            snapshot, store = store, ox.Store()
            store.bulk_extend(snapshot.quads_for_pattern(None, None, None, None))
            for name in snapshot.named_graphs():
                store.add_graph(name)
            del snapshot
    except Exception as error:
        with contextlib.suppress(OSError):
            _send_reply(sock, ("failed", f"{type(error).__name__}: {error}"))
        return
    _send_reply(sock, ("ready", os.getpid()))
    while True:
        try:
            plan = _receive_header(sock)
        except (EOFError, OSError):
            return
        if plan is None:
            return
        try:
            output = execute(store, plan, max_rows, prefixes)
            header, body = ("ok", output.content_type, output.kind, output.rows, output.truncated), output.body
        except LexGraphError as error:
            header, body = ("error", type(error).__name__, str(error)), b""
        except Exception as error:  # an answer, never a dead worker
            header, body = ("error", "QueryError", f"the query failed: {error}"), b""
        try:
            _send_reply(sock, header, body)
        except OSError:
            return


def _worker_process() -> None:
    """Entry point of `python -c` worker processes: the inherited socket is argv[1]."""
    worker_main(socket.socket(fileno=int(sys.argv[1])))


_WORKER_ERRORS: dict[str, type[LexGraphError]] = {
    cls.__name__: cls for cls in (QueryError, QuerySyntaxError, QueryRefusedError, NotAcceptableError)
}


class _Channel(asyncio.Protocol):
    """The service's end of one worker's socket, read by the event loop as bytes arrive: each complete reply
    goes to `on_reply`; the end of the socket (the worker died) to `on_lost`."""

    def __init__(self, on_reply: Callable[[tuple, bytes], None], on_lost: Callable[[Exception | None], None]):
        self.on_reply = on_reply
        self.on_lost = on_lost
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.closed = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        while len(buffer) >= _FRAME.size:
            header_size, body_size = _FRAME.unpack_from(buffer)
            end = _FRAME.size + header_size + body_size
            if len(buffer) < end:
                return
            header = pickle.loads(buffer[_FRAME.size : _FRAME.size + header_size])
            body = bytes(buffer[_FRAME.size + header_size : end])
            del buffer[:end]
            self.on_reply(header, body)

    def connection_lost(self, error: Exception | None) -> None:
        self.closed = True
        self.on_lost(error)

    def send(self, header) -> None:
        if self.closed or self.transport is None or self.transport.is_closing():
            raise WorkerLostError("a query worker had stopped; try again")
        self.transport.write(_frame_head(header))

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


@dataclass(eq=False)
class _Worker:
    """One worker process and the request it is answering, if any."""

    process: subprocess.Popen
    channel: _Channel | None = None
    answer: asyncio.Future | None = None  # the pending request's, resolved by the reply
    deadline: asyncio.TimerHandle | None = None  # kills the worker if the reply comes too late
    ready: bool = False  # it has opened its snapshot: from now on, losing it means replacing it

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        if self.channel is not None:
            with contextlib.suppress(Exception):
                self.channel.close()

    def is_alive(self) -> bool:
        return self.process.poll() is None and not (self.channel is not None and self.channel.closed)


@dataclass
class QueryPool:
    """Worker processes, each with a read-only Oxigraph snapshot (copied into its memory unless `in_memory`
    is false); one query at a time per worker.

    `run` waits at most `timeout` for a free worker (else ServiceBusyError), then at most `timeout` for the
    answer: past it, the worker is killed (the only way to stop an Oxigraph query), a new one takes its
    place in the background, and QueryTimeoutError is raised. A caller that goes away (its request
    cancelled) leaves the worker to finish, within the same deadline, and return to the pool.

    Answers to deterministic plans are kept in a least-recently-used cache of `cache_bytes` (the store is
    read-only, so they stay right): a repeated query costs a dictionary look-up, not a worker round trip.

    The round trip costs what the event loop and two system calls cost: the plan goes out as one write, the
    answer comes back through the loop's own reader into the awaiting request, with no thread, lock or
    queue between them.
    """

    store_path: Path
    workers: int = 2
    timeout: float = 5.0
    max_rows: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)
    in_memory: bool = True
    cache_bytes: int = 64 * 1024 * 1024
    start_timeout: float = 120.0
    _idle: deque = field(default_factory=deque)
    _waiting: deque = field(default_factory=deque)  # futures of callers waiting for a free worker
    _cache: OrderedDict = field(default_factory=OrderedDict)
    _cached_bytes: int = 0
    _all: set = field(default_factory=set)
    _tasks: set = field(default_factory=set)
    _started: bool = False
    _closed: bool = False

    async def start(self) -> None:
        started = await asyncio.gather(*(self._spawn() for _ in range(self.workers)))
        self._started = True
        for worker in started:
            self._release(worker)

    @property
    def alive(self) -> int:
        return sum(1 for w in self._all if w.is_alive())

    async def _spawn(self) -> _Worker:
        # A fresh interpreter (not fork: the service has threads and an open store; not multiprocessing's
        # spawn: it re-imports the caller's __main__), importing only pyoxigraph and this module.
        parent, child = socket.socketpair()
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", "from lexgraph.sparql import _worker_process; _worker_process()",
                 str(child.fileno())],
                pass_fds=[child.fileno()],
                stdin=subprocess.DEVNULL,
                env=environment,
            )
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        worker = _Worker(process)
        self._all.add(worker)
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        worker.answer = ready
        try:
            _, worker.channel = await loop.create_unix_connection(
                lambda: _Channel(functools.partial(self._on_reply, worker), functools.partial(self._on_lost, worker)),
                sock=parent,
            )
            worker.channel.send(("config", str(self.store_path), self.max_rows, dict(self.prefixes), self.in_memory))
            header, _ = await asyncio.wait_for(ready, self.start_timeout)
        except BaseException:
            self._discard(worker)
            raise
        if header[0] != "ready":
            self._discard(worker)
            raise WorkerLostError(f"a query worker failed to start: {header!r}")
        return worker

    def _on_reply(self, worker: _Worker, header: tuple, body: bytes) -> None:
        """A worker answered: resolve its request (if its caller still waits) and free it for the next."""
        if worker.deadline is not None:
            worker.deadline.cancel()
            worker.deadline = None
        answer, worker.answer = worker.answer, None
        if answer is not None and not answer.done():
            answer.set_result((header, body))
        if header[0] == "ready":
            worker.ready = True
        elif header[0] in ("ok", "error") and worker in self._all:
            self._release(worker)

    def _on_lost(self, worker: _Worker, error: Exception | None) -> None:
        """A worker's socket closed: it died (killed from outside, out of memory) or was stopped."""
        answer, worker.answer = worker.answer, None
        if answer is not None and not answer.done():
            answer.set_exception(WorkerLostError(f"the query worker stopped: {error or 'no answer'}"))
        if worker in self._all and worker.ready:  # one that never started is discarded by _spawn
            self._replace(worker)

    def _on_deadline(self, worker: _Worker) -> None:
        worker.deadline = None
        answer, worker.answer = worker.answer, None
        if answer is not None and not answer.done():
            answer.set_exception(QueryTimeoutError(
                f"the query ran longer than the {self.timeout:g} s budget and was stopped; "
                "narrow it (LIMIT, more specific patterns) and try again"
            ))
        self._replace(worker)

    def _release(self, worker: _Worker) -> None:
        """Hand a free worker to the longest waiting caller, else put it back among the idle ones."""
        if self._closed:
            return
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    async def _acquire(self) -> _Worker:
        while self._idle:
            worker = self._idle.popleft()
            if worker.is_alive():
                return worker
            self._replace(worker)  # died while idle: nothing was lost, take the next or wait for its successor
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        self._waiting.append(waiter)
        timer = loop.call_later(self.timeout, _expire, waiter)
        try:
            worker = await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())  # handed over just as the caller went away
            raise
        finally:
            timer.cancel()
        if not worker.is_alive():  # died between its release and now
            self._replace(worker)
            return await self._acquire()
        return worker

    def _discard(self, worker: _Worker) -> None:
        if worker.deadline is not None:
            worker.deadline.cancel()
            worker.deadline = None
        worker.kill()
        self._all.discard(worker)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        task = asyncio.ensure_future(asyncio.to_thread(_reap, worker.process))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        if self._closed:
            return

        async def respawn() -> None:
            delay = 0.5
            while not self._closed:
                try:
                    fresh = await self._spawn()
                except Exception as error:  # keep trying: the pool must not shrink for good
                    log.error("a query worker failed to start (%s); retrying in %.1f s", error, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                if self._closed:
                    self._discard(fresh)
                else:
                    self._release(fresh)
                return

        task = asyncio.ensure_future(respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, plan: QueryPlan) -> QueryOutput:
        if plan.cacheable and plan in self._cache:
            self._cache.move_to_end(plan)
            return self._cache[plan]
        output = await self._run(plan)
        if plan.cacheable and len(output.body) <= self.cache_bytes // 16:
            self._cache[plan] = output
            self._cached_bytes += len(output.body)
            while self._cached_bytes > self.cache_bytes:
                _, dropped = self._cache.popitem(last=False)
                self._cached_bytes -= len(dropped.body)
        return output

    async def _run(self, plan: QueryPlan) -> QueryOutput:
        if not self._started or self._closed:
            raise ServiceBusyError("the SPARQL workers are not running")
        try:
            worker = await self._acquire()
        except TimeoutError:
            raise ServiceBusyError(
                f"every query worker stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        loop = asyncio.get_running_loop()
        answer = loop.create_future()
        worker.answer = answer
        try:
            worker.channel.send(plan)
        except WorkerLostError:
            worker.answer = None
            self._replace(worker)
            raise
        worker.deadline = loop.call_later(self.timeout, self._on_deadline, worker)
        # Cancelling this await cancels `answer` only: the worker finishes (or meets its deadline) and returns.
        header, body = await answer
        if header[0] == "ok":
            _, content_type, kind, rows, truncated = header
            return QueryOutput(content_type, body, kind, rows, truncated)
        _, name, message = header
        raise _WORKER_ERRORS.get(name, QueryError)(message)

    async def close(self) -> None:
        self._closed = True
        for waiter in self._waiting:
            if not waiter.done():
                waiter.set_exception(ServiceBusyError("the SPARQL workers are stopping"))
        self._waiting.clear()
        self._idle.clear()
        for worker in list(self._all):
            with contextlib.suppress(Exception):
                worker.channel.send(None)
        for worker in list(self._all):
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(worker.process.wait, 2)
            self._discard(worker)
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _expire(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


@dataclass
class RemoteQueryPool:
    """The /sparql path over a remote store (`lexgraph.remote.RemoteStore`): the same checked plans, forwarded.

    At most `workers` queries are at the store at once (a caller waits `timeout` for a turn, else
    ServiceBusyError); each runs in a thread that stops reading at the budget (QueryTimeoutError: 503) and
    closes the connection; the store should carry the same timeout to stop its own work. Answers are not
    cached: what a remote store holds can change under the service. While the store is unreachable,
    `alive` is 0 (so /health says degraded) and a probe every `probe_interval` seconds notices its return.
    """

    store: object  # a lexgraph.remote.RemoteStore: typed loosely, as workers never import it
    workers: int = 2
    timeout: float = 5.0
    max_rows: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)
    probe_interval: float = 1.0
    _slots: asyncio.Semaphore | None = None
    _probe: asyncio.Task | None = None
    _closed: bool = False

    async def start(self) -> None:
        self._slots = asyncio.Semaphore(self.workers)
        self._probe = asyncio.ensure_future(self._watch())

    @property
    def alive(self) -> int:
        return self.workers if self.store.reachable and not self._closed else 0

    async def run(self, plan: QueryPlan) -> QueryOutput:
        if self._slots is None or self._closed:
            raise ServiceBusyError("the SPARQL service is not running")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            await asyncio.wait_for(self._slots.acquire(), self.timeout)
        except TimeoutError:
            raise ServiceBusyError(
                f"every remote query slot stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        try:
            # The thread keeps its own deadline (time.monotonic, the event loop's clock) and stops there.
            left = max(deadline - loop.time(), 0.001)
            return await asyncio.to_thread(self.store.execute, plan, self.max_rows, self.prefixes,
                                           time.monotonic() + left)
        except QueryTimeoutError:  # worded with the whole budget, as the embedded path words it
            raise QueryTimeoutError(
                f"the query ran longer than the {self.timeout:g} s budget and was stopped; "
                "narrow it (LIMIT, more specific patterns) and try again"
            ) from None
        finally:
            self._slots.release()

    async def _watch(self) -> None:
        while not self._closed:
            await asyncio.sleep(self.probe_interval)
            if not self.store.reachable:
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(self.store.check)

    async def close(self) -> None:
        self._closed = True
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe


def _reap(process: subprocess.Popen) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)


# ---------------------------------------------------------------- the service description


def service_description(
    endpoint: str, graph_sizes: Mapping[str, int], *, timeout: float, max_rows: int
) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint (sd: vocabulary), as pyoxigraph triples."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    void_triples = ox.NamedNode("http://rdfs.org/ns/void#triples")
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    service, dataset, default_graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, rdf_type, n(sd + "Service")),
        ox.Triple(service, n(sd + "endpoint"), n(endpoint)),
        ox.Triple(service, n(sd + "supportedLanguage"), n(sd + "SPARQL11Query")),
        ox.Triple(service, n(sd + "feature"), n(sd + "UnionDefaultGraph")),
        ox.Triple(service, n(sd + "defaultDataset"), dataset),
        ox.Triple(
            service,
            comment,
            ox.Literal(
                f"Read-only LexGraph endpoint: updates and SERVICE are refused; each query may run {timeout:g} s "
                f"and return {max_rows} rows; FROM and default-graph-uri name only the graphs listed here.",
                language="en",
            ),
        ),
        ox.Triple(dataset, rdf_type, n(sd + "Dataset")),
        ox.Triple(dataset, n(sd + "defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, n(sd + "Graph")),
        ox.Triple(default_graph, void_triples, ox.Literal(str(sum(graph_sizes.values())), datatype=n(
            "http://www.w3.org/2001/XMLSchema#integer"))),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        triples.append(ox.Triple(service, n(sd + "resultFormat"), n(formats + name)))
    for position, (graph, size) in enumerate(sorted(graph_sizes.items())):
        named, description = ox.BlankNode(f"named{position}"), ox.BlankNode(f"graph{position}")
        triples += [
            ox.Triple(dataset, n(sd + "namedGraph"), named),
            ox.Triple(named, rdf_type, n(sd + "NamedGraph")),
            ox.Triple(named, n(sd + "name"), n(graph)),
            ox.Triple(named, n(sd + "graph"), description),
            ox.Triple(description, rdf_type, n(sd + "Graph")),
            ox.Triple(description, void_triples, ox.Literal(str(size), datatype=n(
                "http://www.w3.org/2001/XMLSchema#integer"))),
        ]
    return triples
