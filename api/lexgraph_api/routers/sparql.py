"""`/sparql`: the SPARQL 1.1 Protocol, query operation only. All the checking lives in `lexgraph.sparql`."""

from __future__ import annotations

import functools
from typing import Annotated
from urllib.parse import parse_qsl

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from lexgraph.errors import QueryError
from lexgraph.sparql import (
    GRAPH_SYNTAXES,
    PLAN_IN_THREAD_LENGTH,
    NotAcceptableError,
    ServiceBusyError,
    UnsupportedMediaTypeError,
    UpdateRefusedError,
    negotiate,
    plan_query,
    prefers_html,
    serialize_graph,
    service_description,
)
from lexgraph.store import OX_PREFIXES

from ..deps import SparqlService, get_sparql_service, store_missing
from ..errors import error_response
from ..url_parameters import SCOPE_KEY

router = APIRouter(tags=["SPARQL"])
Service = Annotated[SparqlService, Depends(get_sparql_service)]

EXAMPLE_QUERY = (
    "SELECT ?provision ?label WHERE { ?provision a lg:Article ; rdfs:label ?label . "
    'FILTER(lang(?label) = "en") } LIMIT 10'
)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

_GRAPH_PARAMETERS = [
    {
        "name": "default-graph-uri",
        "in": "query",
        "required": False,
        "description": "A graph the store holds, to use as (part of) the default graph; repeatable. Overrides FROM. "
        "Naming a graph the store does not hold is a 400: nothing is ever fetched.",
        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "style": "form",
        "explode": True,
        "example": ["https://w3id.org/lexgraph/graph/data/eu/reg-2024-1689"],
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "required": False,
        "description": "A graph the store holds, made available to GRAPH patterns; repeatable. Overrides FROM NAMED.",
        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "style": "form",
        "explode": True,
    },
]
_RESULT_CONTENT = {
    "application/sparql-results+json": {
        "example": {"head": {"vars": ["label"]}, "results": {"bindings": [
            {"label": {"type": "literal", "value": "Prohibited AI practices", "xml:lang": "en"}}]}},
    },
    "application/sparql-results+xml": {"example": "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">...</sparql>"},
    "text/csv": {"example": "label\r\nProhibited AI practices\r\n"},
    "text/tab-separated-values": {"example": "?label\n\"Prohibited AI practices\"@en\n"},
    "text/turtle": {"example": "<https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5> a lg:Article ."},
    "application/n-triples": {
        "example": "<https://w3id.org/lexgraph/id/eu> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/lexgraph/ontology#Jurisdiction> ."
    },
    "application/rdf+xml": {"example": "<rdf:RDF ...>...</rdf:RDF>"},
    "application/ld+json": {"example": [{"@id": "https://w3id.org/lexgraph/id/eu"}]},
}
_RESPONSES = {
    200: {
        "description": "Query results: SPARQL JSON, XML, CSV or TSV for SELECT (JSON or XML for ASK); Turtle, "
        "N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE, by the Accept header. Without a query, the "
        "SPARQL Service Description (Turtle by default). `X-Result-Truncated: true` marks an answer cut at "
        "the row cap given in `X-Result-Row-Cap`.",
        "content": _RESULT_CONTENT,
    },
    **error_response(400, "Malformed query (the parser's message), SERVICE, or a graph the store does not hold",
                     "QuerySyntaxError", "malformed SPARQL: error at 1:6: expected ..."),
    **error_response(403, "An update: the endpoint is read-only", "UpdateRefusedError",
                     "SPARQL updates (INSERT) are not allowed: this endpoint is read-only"),
    **error_response(406, "No acceptable result syntax for this kind of query", "NotAcceptableError",
                     "cannot answer a SELECT as 'text/turtle'; acceptable: application/sparql-results+json, ..."),
    **error_response(413, "Request body or query string too large", "RequestTooLargeError",
                     "the request body is larger than the 1000000 bytes this service accepts"),
    **error_response(415, "POST body in another media type or charset", "UnsupportedMediaTypeError",
                     "POST /sparql takes application/x-www-form-urlencoded or application/sparql-query"),
    **error_response(503, "The query ran past its time budget and was stopped, or every worker was busy",
                     "QueryTimeoutError", "the query ran longer than the 5 s budget and was stopped; ..."),
}


@router.get(
    "/sparql",
    summary="SPARQL query by GET (or the service description)",
    description="Runs `query` (SPARQL 1.1 Query; the prefixes `lg:`, `lgid:`, `rdfs:`, `skos:` ... are predeclared) "
    "over the union of all graphs, or the dataset that `default-graph-uri`/`named-graph-uri` or FROM name. "
    "Without `query`, answers the SPARQL Service Description; a browser (Accept ranking HTML first) is sent to "
    "the SPARQL workbench instead (303 to `/workbench`). `update` is refused (403).",
    responses={**_RESPONSES, 303: {"description": "Without `query`, to a browser: the SPARQL workbench"}},
    openapi_extra={
        "parameters": [
            {
                "name": "query",
                "in": "query",
                "required": False,
                "description": "The SPARQL query; exactly one.",
                "schema": {"type": "string"},
                "examples": {
                    "articles": {"summary": "Ten articles and their English labels", "value": EXAMPLE_QUERY},
                    "ask": {"summary": "Is there a prohibition?", "value": "ASK { ?norm a lg:Prohibition }"},
                    "construct": {
                        "summary": "A jurisdiction as RDF",
                        "value": "CONSTRUCT WHERE { lgid:eu ?p ?o }",
                    },
                },
            },
            *_GRAPH_PARAMETERS,
        ]
    },
)
async def sparql_get(request: Request, service: Service) -> Response:
    params = _url_parameters(request)
    if any(key == "update" for key, _ in params):
        raise UpdateRefusedError("SPARQL updates are not allowed: this endpoint is read-only")
    queries = _values(params, "query")
    if not queries:
        if prefers_html(request.headers.get("accept")):  # a browser: the workbench, not the RDF description
            return RedirectResponse(request.url_for("workbench"), status_code=303, headers={"Vary": "Accept"})
        return _service_description(request, service)
    return await _answer(
        request, service, queries, _values(params, "default-graph-uri"), _values(params, "named-graph-uri")
    )


@router.post(
    "/sparql",
    summary="SPARQL query by POST (form or direct)",
    description="The body is either a form (`application/x-www-form-urlencoded`: `query`, `default-graph-uri`, "
    "`named-graph-uri`) or the query itself (`application/sparql-query`, UTF-8; graphs in the URL). "
    "`application/sparql-update` and a form `update` are refused (403); other media types get 415.",
    responses=_RESPONSES,
    openapi_extra={
        "parameters": _GRAPH_PARAMETERS,
        "requestBody": {
            "required": True,
            "content": {
                FORM: {
                    "schema": {
                        "type": "object",
                        "required": ["query"],
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                    "example": {"query": EXAMPLE_QUERY},
                },
                DIRECT: {"schema": {"type": "string"}, "example": EXAMPLE_QUERY},
            },
        },
    },
)
async def sparql_post(request: Request, service: Service) -> Response:
    media_type, charset = _content_type(request.headers.get("content-type"))
    if media_type not in (FORM, DIRECT, UPDATE):
        raise UnsupportedMediaTypeError(
            f"POST /sparql takes {FORM} or {DIRECT}, not {media_type or 'a body without Content-Type'}"
        )
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"charset={charset}: the SPARQL Protocol requires UTF-8")
    if media_type == UPDATE:
        raise UpdateRefusedError("SPARQL updates are not allowed: this endpoint is read-only")
    try:
        body = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnsupportedMediaTypeError(f"the body is not UTF-8 (byte {error.start})") from None
    params = _url_parameters(request)
    if any(key == "update" for key, _ in params):
        raise UpdateRefusedError("SPARQL updates are not allowed: this endpoint is read-only")
    # A query in the URL as well as in the body is two queries: refused, rather than one silently ignored.
    queries = _values(params, "query")
    default_graphs, named_graphs = _values(params, "default-graph-uri"), _values(params, "named-graph-uri")
    if media_type == DIRECT:
        return await _answer(request, service, [body, *queries], default_graphs, named_graphs)
    form = _decode_form(body, "the form body")
    if any(key == "update" for key, _ in form):
        raise UpdateRefusedError("SPARQL updates are not allowed: this endpoint is read-only")
    queries += _values(form, "query")
    default_graphs += _values(form, "default-graph-uri")
    named_graphs += _values(form, "named-graph-uri")
    return await _answer(request, service, queries, default_graphs, named_graphs)


def _url_parameters(request: Request) -> list[tuple[str, str]]:
    """The URL's parameters, decoded strictly: a value that is not UTF-8 is a 400 naming it, not a query
    quietly altered by replacement characters.

    FastAPI has already decoded them once (`request.query_params`, leniently); decoding a long query again
    costs more than the rest of the request. Those pairs are the strict ones when the URL is ASCII (as
    percent-encoding makes it) and no value came out with a replacement character; otherwise decode here.
    For GET /sparql, `SparqlUrlParameters` has usually decoded them already, faster and as strictly.
    """
    decoded = request.scope.get(SCOPE_KEY)
    if decoded is not None:
        return decoded
    raw = request.scope.get("query_string", b"")
    if raw.isascii():
        pairs = request.query_params.multi_items()
        if not any("\ufffd" in key or "\ufffd" in value for key, value in pairs):
            return pairs
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"the URL's query string is not UTF-8 (byte {error.start})") from None
    return _decode_form(text, "the URL's query string")


def _decode_form(text: str, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise QueryError(f"a parameter of {where} is not UTF-8 once percent-decoded; encode it as UTF-8") from None
    except ValueError as error:  # too many fields, malformed pairs
        raise QueryError(f"{where} cannot be read as a form: {error}") from None


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in pairs if key == name]


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media, *params = (p.strip() for p in header.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


async def _answer(
    request: Request, service: SparqlService, queries: list[str], default_graphs: list[str], named_graphs: list[str]
) -> Response:
    if len(queries) != 1:
        raise QueryError(f"exactly one 'query' parameter is expected, got {len(queries)}")
    if service.pool is None:
        if getattr(request.app.state, "store_error", None):
            raise store_missing(request)
        raise ServiceBusyError("the SPARQL workers are not running")
    check = functools.partial(
        plan_query,
        queries[0],
        known_graphs=service.state.graphs,
        accept=request.headers.get("accept"),
        base_iri=_endpoint(request),
        default_graph_uris=default_graphs,
        named_graph_uris=named_graphs,
        prefixes=OX_PREFIXES,
    )
    plan = check() if len(queries[0]) <= PLAN_IN_THREAD_LENGTH else await anyio.to_thread.run_sync(check)
    output = await service.pool.run(plan)
    headers = {"Vary": "Accept"}
    if output.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Row-Cap"] = str(service.settings.max_rows)
    return Response(output.body, headers=headers, media_type=output.content_type)


def _endpoint(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _service_description(request: Request, service: SparqlService) -> Response:
    if getattr(request.app.state, "store", None) is None:
        raise store_missing(request)
    syntax = negotiate(request.headers.get("accept"), GRAPH_SYNTAXES)
    if syntax is None:
        raise NotAcceptableError(
            "the service description is RDF: ask for one of " + ", ".join(s.media_type for s in GRAPH_SYNTAXES)
        )
    triples = service_description(
        _endpoint(request),
        service.state.graph_sizes,
        timeout=service.settings.query_timeout,
        max_rows=service.settings.max_rows,
    )
    prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", "void": "http://rdfs.org/ns/void#",
                "formats": "http://www.w3.org/ns/formats/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    body = serialize_graph(triples, syntax, prefixes)
    return Response(body, media_type=syntax.content_type, headers={"Vary": "Accept"})
