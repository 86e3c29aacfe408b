"""A remote SPARQL 1.1 store behind the `Store` interface: Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso.

Queries go to the store's SPARQL Protocol endpoint (POST, form-encoded) and answers come back in formats
pyoxigraph parses (SPARQL JSON results, N-Triples), so the library sees the same rdflib terms as from the
embedded store. Loading goes through the store's Graph Store Protocol: one PUT per file into the named graph
the embedded loader gives it (`lexgraph.loader.plan_files`).

Bound values are never pasted as text: each is written by pyoxigraph's term serialiser (which refuses an
IRI that is not one) and put where the variable stood (SPARQL SEP-0007 substitution, as the embedded store
does), or, where a query's shape does not allow that, as a VALUES block opening its WHERE group.

Whatever the query, the store is asked for the union of its graphs as the default graph, the way the
embedded store runs: a store whose default graph already is that union (GraphDB, Virtuoso, Fuseki with
`unionDefaultGraph`) gets the query as it is, Oxigraph server gets its `union-default-graph` parameter, and
any other gets every graph named in `default-graph-uri` and `named-graph-uri`.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import itertools
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.term import Node

from . import __version__
from .errors import DataFileError, LexGraphError, QueryError, QuerySyntaxError, UnsupportedFormatError
from .loader import plan_files, read_turtle
from .namespaces import GRAPH_BASE
from .sparql import (
    _TOKEN,
    QueryOutput,
    QueryPlan,
    QueryTimeoutError,
    _bindings_output,
    _boolean_output,
    _graph_output,
)
from .store import DUMP_FORMATS, OX_PREFIXES, StoreUnavailableError, Triple, to_oxigraph, to_rdflib

RESULTS_JSON = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
CONNECT_TIMEOUT = 3.0
ERROR_TEXT = 600  # characters of a store's error answer quoted back
OVERRUN = (
    "the query ran longer than the {budget:g} s budget and was stopped; "
    "narrow it (LIMIT, more specific patterns) and try again"
)

# What the start probe's failure (`RemoteStore.check`) means. Worth retrying, as the store may answer later: no
# connection (refused, host name not resolved yet, connect timeout, TLS failure), no answer in time, a 5xx, a
# 2xx broken off, and the statuses that ask to come back later. Not worth it, as the URL is wrong and stays
# wrong until the configuration changes (StoreEndpointError): a URL that is not http(s) or does not parse, a
# redirect, any other 4xx (404: no endpoint there; 400: not a SPARQL endpoint; 401/403: it wants credentials
# LexGraph does not send; 405/415: another protocol), a 2xx that is not SPARQL results.
RETRY_LATER_STATUSES = frozenset({408, 425, 429})
_HOST_NAME = re.compile(r"[A-Za-z0-9_.-]+")  # after IDNA encoding; `_` as container names have it


class StoreEndpointError(LexGraphError):
    """A remote store URL that can never work as given (malformed, not http(s), or no SPARQL endpoint there):
    retrying cannot help, so the service refuses to start and says what to fix."""


def check_endpoint_url(url: str) -> None:
    """Raise StoreEndpointError if `url` cannot be a SPARQL endpoint LexGraph reaches, whatever the server does."""
    problem = _endpoint_problem(url)
    if problem:
        raise StoreEndpointError(f"store={url!r}: {problem}")


def _endpoint_problem(url: str) -> str | None:
    if not url.startswith(("http://", "https://")):
        return "a remote store is an http:// or https:// URL"
    try:
        parsed = httpx.URL(url)
        port = parsed.port
    except httpx.InvalidURL as error:
        return f"not a valid URL ({error})"
    host = parsed.raw_host.decode("ascii", "replace")
    if not host:
        return "the URL names no host"
    if port is not None and not 0 < port < 65536:
        return f"port {port} is out of range (1-65535)"
    if ":" in host:
        with contextlib.suppress(ValueError):
            ipaddress.IPv6Address(host)
            return None
    elif _HOST_NAME.fullmatch(host):
        return None
    return f"{parsed.host!r} is not a host name or address"


# ---------------------------------------------------------------- bound values, written into the query


_VARNAME = re.compile(r"[A-Za-z0-9_\u00B7\u00C0-\uFFFF]+")
_PROJECTION_END = frozenset({"WHERE", "FROM"})
_MODIFIER_END = frozenset({"HAVING", "ORDER", "GROUP", "LIMIT", "OFFSET", "VALUES"})


class _NeedsValues(Exception):
    """The query's shape does not allow substitution; bind through a VALUES block instead."""


def bind(query: str, bindings: Mapping[str, Node | Sequence[Node]] | None) -> str:
    """The query with each bound variable replaced by its value, serialised by pyoxigraph (SEP-0007).

    A projected variable keeps its name (`SELECT ?x` becomes `SELECT (<value> AS ?x)`). A query that
    assigns a bound variable (`AS ?x`, a VALUES header) or projects `*` gets a VALUES block at the start of
    its WHERE group instead, which gives the same answers to the queries LexGraph ships. A variable given a
    sequence of values gets them as a VALUES block of its own (`VALUES ?x { <a> <b> }`), one answer each.
    """
    if not bindings:
        return query
    terms: dict[str, str] = {}
    choices: dict[str, list[str]] = {}
    for name, value in bindings.items():
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        if isinstance(value, list | tuple):
            choices[name] = [_term(name, one) for one in value]
        else:
            terms[name] = _term(name, value)
    if terms:
        try:
            query = _substitute(query, terms)
        except _NeedsValues:
            query = _values_block(query, terms)
    for name, values in choices.items():
        query = _values_block(query, {name: " ".join(values)}, single=True)
    return query


def _term(name: str, value: Node) -> str:
    if isinstance(value, BNode):
        raise QueryError(f"?{name}: a blank node cannot be sent to a remote store")
    try:
        return str(to_oxigraph(value))
    except (ValueError, TypeError) as error:
        raise QueryError(f"?{name}: {value!r} is not an RDF term that can be bound ({error})") from None


def _tokens(query: str) -> list[tuple[str, str, int, int]]:
    return [(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(query)]


def _substitute(query: str, terms: Mapping[str, str]) -> str:
    out: list[str] = []
    last = 0
    depth = 0  # parentheses
    braces = 0
    state = None  # "projection" after SELECT, "conditions" after GROUP BY / ORDER BY
    state_depth = 0
    subquery = False  # the SELECT being read is nested in a group
    previous: tuple[str, str] | None = None
    significant = [t for t in _tokens(query) if t[0] not in ("ws", "comment")]
    for index, (kind, text, start, end) in enumerate(significant):
        word = text.upper() if kind == "word" else None
        if word == "SELECT":
            state, state_depth, subquery = "projection", depth, braces > 0
        elif state == "projection" and depth == state_depth and (text == "{" or word in _PROJECTION_END):
            state = None
        elif state == "projection" and text == "*" and depth == state_depth and terms:
            raise _NeedsValues
        elif word == "BY" and previous and previous[1].upper() in ("GROUP", "ORDER"):
            state, state_depth = "conditions", depth
        elif state == "conditions" and depth == state_depth and (text in "{}" or word in _MODIFIER_END):
            state = None
        elif word == "VALUES":
            following = significant[index + 1 : index + 2]
            header = itertools.takewhile(lambda t: t[1] != "{", significant[index + 1 :])
            if following and any(t[0] == "var" and t[1][1:] in terms for t in header):
                raise _NeedsValues
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "{":
            braces += 1
        elif text == "}":
            braces -= 1
        if kind == "var" and text[1:] in terms:
            if previous and previous[0] == "word" and previous[1].upper() == "AS":
                raise _NeedsValues
            if state == "projection" and subquery:  # it would clash with the value given in the outer query
                raise _NeedsValues
            term = terms[text[1:]]
            if state == "projection" and depth == state_depth:
                replacement = f"({term} AS ?{text[1:]})"
            elif state == "conditions" and depth == state_depth:
                replacement = f"({term})"
            else:
                replacement = term
            out += [query[last:start], replacement]
            last = end
        previous = (kind, text)
    out.append(query[last:])
    return "".join(out)


def _values_block(query: str, terms: Mapping[str, str], single: bool = False) -> str:
    """A VALUES block of one row opening the query's WHERE group (after a CONSTRUCT template); `single`: of
    one variable, its text the values of as many rows (`VALUES ?x { <a> <b> }`)."""
    names = list(terms)
    if single:
        (name,) = names
        block = f"VALUES ?{name} {{ {terms[name]} }}"
    else:
        block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms[n] for n in names)}) }}"
    significant = [t for t in _tokens(query) if t[0] not in ("ws", "comment")]
    first = 0
    for index, (kind, text, _start, _end) in enumerate(significant):
        if kind == "word" and text.upper() == "CONSTRUCT":
            following = significant[index + 1][1] if index + 1 < len(significant) else ""
            if following.upper() == "WHERE":  # CONSTRUCT WHERE {...}: the group is the template too
                return f"{query}\n{block}\n"
            if following == "{":  # skip the template to its closing brace
                braces = 0
                for later in range(index + 1, len(significant)):
                    braces += {"{": 1, "}": -1}.get(significant[later][1], 0)
                    if braces == 0:
                        first = later + 1
                        break
            break
    depth = 0
    for _kind, text, _start, end in significant[first:]:
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "{" and depth == 0:
            return f"{query[:end]} {block} {query[end:]}"
    raise QueryError("cannot find the WHERE clause to bind values in")


# ---------------------------------------------------------------- the remote store


def graph_store_for(query_url: str) -> str | None:
    """The Graph Store Protocol endpoint beside a query endpoint, for the servers whose layout is known."""
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path == "/query":  # Oxigraph server: /query, /update, /store
        new = "/store"
    elif re.fullmatch(r"/repositories/[^/]+", path):  # GraphDB, RDF4J
        new = path + "/rdf-graphs/service"
    elif path == "/sparql":  # Virtuoso
        new = "/sparql-graph-crud"
    elif re.fullmatch(r"(/.+)/(sparql|query)", path):  # Fuseki: /ds/sparql or /ds/query beside /ds/data
        new = path.rsplit("/", 1)[0] + "/data"
    elif re.fullmatch(r"/[^/]+", path):  # Fuseki: the dataset URL answers every protocol itself
        new = path
    else:
        return None
    return urlunsplit((parts.scheme, parts.netloc, new, "", ""))


class _Body(io.RawIOBase):
    """A streamed HTTP answer as a file pyoxigraph can parse, that stops at the deadline."""

    def __init__(self, response: httpx.Response, deadline: float | None, timeout: float):
        self.chunks = response.iter_bytes()
        self.deadline = deadline
        self.budget = max(deadline - time.monotonic(), 0) if deadline is not None else timeout
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.pending:
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise QueryTimeoutError(OVERRUN.format(budget=self.budget))
            try:
                self.pending = next(self.chunks, b"")
            except httpx.TimeoutException:
                raise QueryTimeoutError(OVERRUN.format(budget=self.budget)) from None
            except httpx.TransportError as error:  # the connection dropped part way through the answer
                raise StoreUnavailableError(f"the remote SPARQL store broke off its answer ({error})") from None
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


@contextlib.contextmanager
def _broken_off(url: str) -> Iterator[None]:
    """An answer that stops being valid part way (the store hit its own timeout, or failed, after it began
    answering) is the store's fault, not the query's: StoreUnavailableError (503)."""
    try:
        yield
    except SyntaxError as error:
        raise StoreUnavailableError(f"the remote SPARQL store at {url} broke off its answer: {error}") from None


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint as a LexGraph store (read side); `load_into` writes to it.

    `timeout` bounds each request to the store (seconds until the answer starts, and between its parts).
    """

    url: str
    graph_store: str | None = None
    timeout: float = 30.0
    client: httpx.Client | None = None
    unreachable_reason: str | None = None  # why it last failed to answer; None once it answers again (/health)
    _union: str | None = field(default=None, repr=False)  # "native", "oxigraph" or "explicit"
    _union_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def reachable(self) -> bool:
        """Whether the store answered the last request (a 5xx or no answer: not)."""
        return self.unreachable_reason is None

    def __post_init__(self) -> None:
        check_endpoint_url(self.url)
        if self.graph_store is None:
            self.graph_store = graph_store_for(self.url)
        if self.client is None:
            self.client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout)),
                headers={"User-Agent": f"lexgraph/{__version__}"},
                limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
            )

    # -- the Store interface

    @staticmethod
    def _text(query: str, bindings: Mapping[str, Node] | None, self_contained: bool) -> str:
        """What goes to the store: the predeclared prefixes the query does not declare, unless it declares
        all it uses, then the query with its values bound."""
        return ("" if self_contained else _prologue(None, OX_PREFIXES, query)) + bind(query, bindings)

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False
    ) -> list[dict[str, Node]]:
        with self._request(self._text(query, bindings, self_contained), RESULTS_JSON) as response:
            solutions = self._results(response, None)
            if not isinstance(solutions, ox.QuerySolutions):
                raise QueryError("the store answered a SELECT query with a boolean")
            names = [v.value for v in solutions.variables]
            with _broken_off(self.url):
                return [
                    {name: to_rdflib(term) for name, term in zip(names, row, strict=True) if term is not None}
                    for row in solutions
                ]

    def ask(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False
    ) -> bool:
        with self._request(self._text(query, bindings, self_contained), RESULTS_JSON) as response:
            answer = self._results(response, None)
            if not isinstance(answer, ox.QueryBoolean):
                raise QueryError("the store answered an ASK query with solutions")
            return bool(answer)

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False
    ) -> list[Triple]:
        with self._request(self._text(query, bindings, self_contained), GRAPH_ACCEPT) as response:
            return [
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                for q in self._triples(response, None)
            ]

    def graph_names(self) -> list[URIRef]:
        rows = self._select_plain("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(URIRef(row["g"].value) for row in rows if isinstance(row["g"], ox.NamedNode))

    def has_graph(self, graph: URIRef) -> bool:
        try:
            name = ox.NamedNode(str(graph))
        except ValueError:
            return False
        with self._request(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}", RESULTS_JSON, dataset=False) as response:
            return bool(self._results(response, None))

    def dump(self, output: BinaryIO, format: str, graph: URIRef | None = None) -> None:
        if format not in DUMP_FORMATS:
            raise UnsupportedFormatError(f"format={format!r}: expected one of {', '.join(DUMP_FORMATS)}")
        syntax = DUMP_FORMATS[format]
        graphs = [graph] if graph is not None else self.graph_names()
        if syntax.supports_datasets:
            ox.serialize(self._quads(graphs), output, syntax, prefixes=OX_PREFIXES)
        elif graph is not None:
            ox.serialize(self._graph_triples(graph), output, syntax, prefixes=OX_PREFIXES)
        else:  # the union of all graphs, as the embedded store gives it
            ox.serialize(self._union_triples(), output, syntax, prefixes=OX_PREFIXES)

    def __len__(self) -> int:
        rows = self._select_plain("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value) if rows else 0

    # -- the /sparql path

    def execute(
        self, plan: QueryPlan, max_rows: int, prefixes: Mapping[str, str] | None, deadline: float
    ) -> QueryOutput:
        """Run a checked plan on the store and serialise its answer as `lexgraph.sparql.execute` does."""
        text = _prologue(plan.base_iri, prefixes or {}, plan.query) + plan.query
        dataset = (plan.default_graphs, plan.named_graphs)
        accept = GRAPH_ACCEPT if plan.form in ("CONSTRUCT", "DESCRIBE") else f"{RESULTS_JSON}, {GRAPH_ACCEPT}"
        with self._request(text, accept, dataset=dataset, deadline=deadline) as response, _broken_off(self.url):
            if _media_type(response) in RDF_FORMATS:
                triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self._triples(response, deadline))
                return _graph_output(triples, plan, max_rows, prefixes)
            results = self._results(response, deadline)
            if isinstance(results, ox.QueryBoolean):
                return _boolean_output(bool(results), plan)
            return _bindings_output(results, plan, max_rows)

    def check(self) -> None:
        """Raise unless the store answers a trivial query now: StoreUnavailableError if it may answer later,
        StoreEndpointError if its answer shows the URL is wrong (RETRY_LATER_STATUSES says which is which)."""
        answer = _Answer(self, {"query": "ASK {}"}, RESULTS_JSON, None)
        try:
            with answer as response:
                self._results(response, None)
        except QueryTimeoutError:  # 408 / 504, or no answer within the timeout: busy or hung, not wrong
            within = f"(HTTP {answer.status})" if answer.status else f"within {self.timeout:g} s"
            self.unreachable_reason = f"the remote SPARQL store at {self.url} did not answer {within}"
            raise StoreUnavailableError(self.unreachable_reason) from None
        except (StoreUnavailableError, QueryError) as error:
            status = answer.status
            if isinstance(error, StoreUnavailableError) and (
                status is None or status < 300 or status >= 500 or status in RETRY_LATER_STATUSES
            ):
                raise
            said = str(error) if not status or f"HTTP {status}" in str(error) else f"HTTP {status}, {error}"
            moved = f" (it redirects to {answer.location})" if answer.location else ""
            raise StoreEndpointError(
                f"store={self.url!r} is not a SPARQL query endpoint LexGraph can use: {said}{moved}; give the "
                "store's query endpoint (docs/deploy.md)"
            ) from None

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    # -- HTTP

    def _request(
        self,
        query: str,
        accept: str,
        *,
        dataset: tuple[Sequence[str] | None, Sequence[str] | None] | bool = True,
        deadline: float | None = None,
    ) -> _Answer:
        """POST a query; `dataset` True asks for the union of all graphs, a pair names the graphs, False
        leaves the store's own default."""
        form: dict[str, str | list[str]] = {"query": query}
        if dataset is True:
            form.update(self._union_parameters())
        elif isinstance(dataset, tuple) and (dataset[0] is not None or dataset[1] is not None):
            form["default-graph-uri"] = list(dataset[0] or ())
            form["named-graph-uri"] = list(dataset[1] or ())
        elif isinstance(dataset, tuple):
            form.update(self._union_parameters())
        return _Answer(self, form, accept, deadline)

    def _union_parameters(self) -> dict[str, str | list[str]]:
        mode = self._union or self._detect_union()
        if mode == "oxigraph":
            return {"union-default-graph": ""}
        if mode == "explicit":
            names = [str(g) for g in self.graph_names()]
            return {"default-graph-uri": names, "named-graph-uri": names}
        return {}

    def _detect_union(self) -> str:
        """How to ask this store for the union of its graphs (see the module docstring)."""
        with self._union_lock:
            if self._union is not None:
                return self._union
            rows = self._select_plain(
                "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1"
            )
            if not rows:
                return "native"  # nothing in named graphs yet: any way answers the same; decide later
            probe = f"ASK {{ {rows[0]['s']} {rows[0]['p']} {rows[0]['o']} }}"
            for mode, extra in (("native", {}), ("oxigraph", {"union-default-graph": ""})):
                with _Answer(self, {"query": probe, **extra}, RESULTS_JSON, None, quiet=True) as response:
                    if response is not None and bool(self._results(response, None)):
                        self._union = mode
                        return mode
            self._union = "explicit"
            return self._union

    def _select_plain(self, query: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
        with self._request(query, RESULTS_JSON, dataset=False) as response:
            solutions = self._results(response, None)
            names = [v.value for v in solutions.variables]
            with _broken_off(self.url):
                return [{n: t for n, t in zip(names, row, strict=True) if t is not None} for row in solutions]

    def _results(self, response: httpx.Response, deadline: float | None):
        media = _media_type(response)
        syntax = RESULT_FORMATS.get(media)
        if syntax is None:
            raise QueryError(f"the store answered in {media or 'an unnamed media type'}, not SPARQL results")
        try:
            return ox.parse_query_results(io.BufferedReader(_Body(response, deadline, self.timeout)), syntax)
        except SyntaxError as error:
            raise QueryError(f"the store's answer is not valid SPARQL results: {error}") from error

    def _triples(self, response: httpx.Response, deadline: float | None) -> Iterator[ox.Quad]:
        media = _media_type(response)
        syntax = RDF_FORMATS.get(media)
        if syntax is None:
            raise QueryError(f"the store answered in {media or 'an unnamed media type'}, not RDF")
        with _broken_off(self.url):
            yield from ox.parse(io.BufferedReader(_Body(response, deadline, self.timeout)), syntax)

    def _graph_triples(self, graph: URIRef) -> Iterator[ox.Triple]:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(str(graph))} {{ ?s ?p ?o }} }}"
        with self._request(query, GRAPH_ACCEPT, dataset=False) as response:
            for quad in self._triples(response, None):
                yield ox.Triple(quad.subject, quad.predicate, quad.object)

    def _quads(self, graphs: Iterable[URIRef]) -> Iterator[ox.Quad]:
        for graph in graphs:
            name = ox.NamedNode(str(graph))
            for triple in self._graph_triples(graph):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

    def _union_triples(self) -> Iterator[ox.Triple]:
        with self._request("CONSTRUCT WHERE { ?s ?p ?o }", GRAPH_ACCEPT) as response:
            for quad in self._triples(response, None):
                yield ox.Triple(quad.subject, quad.predicate, quad.object)


class _Answer:
    """One streamed request to the store; maps transport failures and error statuses to LexGraph errors."""

    def __init__(self, store: RemoteStore, form: dict, accept: str, deadline: float | None, quiet: bool = False):
        self.store, self.form, self.accept, self.deadline, self.quiet = store, form, accept, deadline, quiet
        self.context = None
        self.status: int | None = None  # the store's HTTP status, once it answered
        self.location: str | None = None  # where a redirect points

    def __enter__(self) -> httpx.Response:
        timeout = self.store.client.timeout
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeoutError(OVERRUN.format(budget=0))
            timeout = httpx.Timeout(left, connect=min(CONNECT_TIMEOUT, left))
        headers = {"Accept": self.accept}
        try:
            self.context = self.store.client.stream(
                "POST", self.store.url, data=self.form, headers=headers, timeout=timeout
            )
            response = self.context.__enter__()
        except httpx.TimeoutException as error:
            if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout):
                raise self._unavailable(error) from None
            raise QueryTimeoutError(OVERRUN.format(budget=timeout.read)) from None
        except httpx.TransportError as error:
            raise self._unavailable(error) from None
        self.store.unreachable_reason = (  # a 5xx store (or its proxy) is not serving either
            f"the remote SPARQL store at {self.store.url} failed (HTTP {response.status_code})"
            if response.status_code >= 500 else None
        )
        self.status, self.location = response.status_code, response.headers.get("location")
        if response.status_code >= 300:
            text = response.read().decode("utf-8", "replace").strip()[:ERROR_TEXT]
            self.__exit__(None, None, None)
            if self.quiet:
                return None
            raise _status_error(response.status_code, text, self.store.url)
        return response

    def __exit__(self, *exc) -> None:
        if self.context is not None:
            context, self.context = self.context, None
            with contextlib.suppress(httpx.TransportError):  # the store dropped the connection as we closed it
                context.__exit__(*exc)

    def _unavailable(self, error: Exception) -> StoreUnavailableError:
        reason = str(error) or type(error).__name__
        message = f"the remote SPARQL store at {self.store.url} is not answering ({reason})"
        self.store.unreachable_reason = message
        return StoreUnavailableError(message)


def _status_error(status: int, text: str, url: str) -> LexGraphError:
    if status == 400:
        return QuerySyntaxError(f"the store rejected the query: {text}")
    if status in (408, 504):
        return QueryTimeoutError(f"the store stopped the query (HTTP {status}): {text}")
    if status in (502, 503) or status >= 500:
        return StoreUnavailableError(f"the SPARQL store at {url} failed (HTTP {status}): {text}")
    return StoreUnavailableError(f"the SPARQL store at {url} refused the request (HTTP {status}): {text}")


def _prologue(base_iri: str | None, prefixes: Mapping[str, str], query: str) -> str:
    """BASE and the predeclared prefixes the query does not declare itself, on the query's first line (so the
    store's line numbers in error messages stay those of the query)."""
    declared = _declared_prefixes(query)
    parts = [f"BASE {ox.NamedNode(base_iri)}"] if base_iri else []
    parts += [f"PREFIX {name}: {ox.NamedNode(iri)}" for name, iri in prefixes.items() if name not in declared]
    return " ".join(parts) + " " if parts else ""


@lru_cache(maxsize=1024)
def _declared_prefixes(query: str) -> set[str]:
    significant = [t for t in _tokens(query) if t[0] not in ("ws", "comment")]
    return {
        significant[i + 1][1][:-1]
        for i in range(len(significant) - 1)
        if significant[i][0] == "word" and significant[i][1].upper() == "PREFIX" and significant[i + 1][0] == "pname"
    }


# ---------------------------------------------------------------- loading


@dataclass
class LoadSummary:
    """What `load_into` did."""

    url: str
    graph_store: str
    files: int
    triples: int
    graphs: list[str]
    removed: list[str]
    seconds: float

    def to_dict(self) -> dict:
        return {
            "store": self.url, "graphStore": self.graph_store, "files": self.files, "triples": self.triples,
            "graphs": len(self.graphs), "removedGraphs": self.removed, "seconds": round(self.seconds, 3),
        }


def load_into(
    url: str,
    data: Sequence[Path | str] | None = None,
    *,
    ontology: Path | str | None = None,
    include_ontology: bool = True,
    graph_store: str | None = None,
    timeout: float = 300.0,
) -> LoadSummary:
    """Load the ontology and data files into a remote store: each file PUT into its named graph.

    `url` is the store's SPARQL query endpoint; `graph_store` its Graph Store Protocol endpoint, guessed for
    Oxigraph server, Fuseki, GraphDB and Virtuoso when not given. Every file is parsed before anything is
    sent, so a broken file (DataFileError with line and column) leaves the store untouched. Graphs below
    LexGraph's graph base that no file fills any more are deleted, so the store matches the files; other
    graphs are left alone.
    """
    started = time.perf_counter()
    planned = plan_files(data, ontology=ontology, include_ontology=include_ontology)
    counts = [_count_triples(path) for path, _iri, _kind in planned]
    store = RemoteStore(url, graph_store=graph_store, timeout=timeout)
    if store.graph_store is None:
        raise LexGraphError(
            f"store={url!r}: cannot tell its Graph Store Protocol endpoint; give it (--graph-store URL)"
        )
    try:
        before = {str(g) for g in store.graph_names()}
        for path, iri, _kind in planned:
            with path.open("rb") as body:
                _graph_request(store, "PUT", str(iri), content=body, headers={"Content-Type": "text/turtle"})
        loaded = [str(iri) for _path, iri, _kind in planned]
        stale = sorted(g for g in before - set(loaded) if g.startswith(GRAPH_BASE))
        for name in stale:
            _graph_request(store, "DELETE", name)
    finally:
        store.close()
    return LoadSummary(
        url, store.graph_store, len(planned), sum(counts), loaded, stale, time.perf_counter() - started
    )


def _count_triples(path: Path) -> int:
    try:
        return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError):
        read_turtle(path)  # raises DataFileError with the line and column
        raise DataFileError(path, "malformed Turtle") from None


def _graph_request(store: RemoteStore, method: str, graph: str, **kwargs) -> None:
    try:
        response = store.client.request(method, store.graph_store, params={"graph": graph}, **kwargs)
    except httpx.TransportError as error:
        raise StoreUnavailableError(
            f"the graph store at {store.graph_store} is not answering ({error or type(error).__name__}); "
            "the load stopped part way: run it again"
        ) from None
    if response.status_code >= 300 and not (method == "DELETE" and response.status_code == 404):
        text = response.text.strip()[:ERROR_TEXT]
        raise StoreUnavailableError(
            f"the graph store at {store.graph_store} answered {method} {graph} with HTTP {response.status_code}: "
            f"{text}; the load stopped part way: run it again"
        )
