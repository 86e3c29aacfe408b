"""The dataset as RDF: `/export` files, the Graph Store Protocol read side, and resource IRIs under `/id/`."""

from __future__ import annotations

import itertools
from typing import Annotated

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from lexgraph.errors import UnknownResourceError
from lexgraph.export import ExportRequest, plan_export, resolve_graph, stream
from lexgraph.lookup import nearest_resources, resource_iri
from lexgraph.queries import query_text
from lexgraph.sparql import GRAPH_SYNTAXES, NotAcceptableError, QueryRefusedError, negotiate, serialize_graph
from lexgraph.store import OX_PREFIXES, Store, to_oxigraph

from ..deps import get_store
from ..errors import error_response

router = APIRouter(tags=["export"])

StoreDep = Annotated[Store, Depends(get_store)]
GRAPH_EXAMPLE = "https://w3id.org/lexgraph/graph/data/eu/reg-2024-1689"
_RDF_CONTENT = {
    "text/turtle": {"example": "@prefix lg: <https://w3id.org/lexgraph/ontology#> .\n"
                    "<https://w3id.org/lexgraph/id/eu> a lg:Jurisdiction ."},
    "application/n-triples": {"example": "<https://w3id.org/lexgraph/id/eu> "
                              "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                              "<https://w3id.org/lexgraph/ontology#Jurisdiction> ."},
    "application/rdf+xml": {"example": "<rdf:RDF ...>...</rdf:RDF>"},
    "application/ld+json": {"example": [{"@id": "https://w3id.org/lexgraph/id/eu"}]},
}
_GRAPH_DESCRIPTION = (
    "A named graph the store holds: its IRI or its short form below https://w3id.org/lexgraph/graph/ "
    "(one graph per source file, e.g. `data/eu/reg-2024-1689`)."
)


def _streamed(store: Store, request: ExportRequest, *, attachment: bool, head: bool = False) -> Response:
    headers = {"Vary": "Accept"}
    if attachment:
        headers["Content-Disposition"] = f'attachment; filename="{request.filename}"'
    if head:
        return Response(b"", media_type=request.syntax.content_type, headers=headers)
    chunks = stream(store, request)
    # The first chunk before the status line: a store that fails at once (a remote store gone) gets its 503,
    # not a 200 broken off. (The routes are plain `def`: this waits in the thread pool, not on the loop.)
    first = next(chunks, b"")
    return StreamingResponse(itertools.chain([first], chunks), media_type=request.syntax.content_type,
                             headers=headers)


@router.get(
    "/export",
    summary="Download the dataset or one graph",
    description="The whole dataset (TriG, N-Quads and JSON-LD keep the named graphs, one per source file; "
    "Turtle and N-Triples give the union of all graphs) or one graph, streamed as a file download.",
    responses={
        200: {
            "description": "The export, with `Content-Disposition: attachment; filename=...`.",
            "content": {
                **_RDF_CONTENT,
                "application/trig": {"example": "<https://w3id.org/lexgraph/graph/data/jurisdictions> { ... }"},
                "application/n-quads": {"example": "<s> <p> <o> <https://w3id.org/lexgraph/graph/data/curators> ."},
            },
        },
        **error_response(400, "Unknown format", "UnsupportedFormatError",
                         "format='xml': expected one of turtle, trig, nt, nquads, jsonld"),
        **error_response(404, "Unknown graph", "UnknownResourceError",
                         "unknown graph (graph=) 'data/eu/nope'; did you mean: ..."),
    },
)
def export_dataset(
    store: StoreDep,
    format: Annotated[
        str,
        Query(description="turtle, trig, nt, nquads or jsonld (a media type works too).",
              examples=["turtle", "trig", "nt", "nquads", "jsonld"]),
    ] = "turtle",
    graph: Annotated[str | None, Query(description=_GRAPH_DESCRIPTION, examples=[GRAPH_EXAMPLE])] = None,
) -> Response:
    return _streamed(store, plan_export(store, format, graph), attachment=True)


def get_and_head(path: str, **documented):
    """Register a handler for GET and for HEAD (the same answer without its body) as two operations, so that
    each has its own operation id in the OpenAPI document (one route with both methods gives both one id)."""

    def register(handler):
        router.get(path, **documented)(handler)
        return router.head(path, **documented)(handler)

    return register


@get_and_head(
    "/rdf-graph-store",
    summary="Graph Store Protocol (read side)",
    description="`?default` answers the default graph, which here (as at `/sparql`) is the union of all graphs; "
    "`?graph=IRI` answers one named graph. RDF syntax by the Accept header (Turtle by default). "
    "PUT, POST and DELETE are refused: the store is read-only.",
    responses={
        200: {"description": "The graph.", "content": _RDF_CONTENT},
        **error_response(400, "Neither or both of `default` and `graph`", "QueryRefusedError",
                         "name exactly one graph: ?default or ?graph=IRI"),
        **error_response(404, "Unknown graph", "UnknownResourceError", "unknown graph (graph=) 'urn:x'"),
        **error_response(406, "No acceptable RDF syntax", "NotAcceptableError", "acceptable: text/turtle, ..."),
    },
)
def graph_store(
    request: Request,
    store: StoreDep,
    default: Annotated[str | None, Query(description="Present (no value): the default graph.",
                                         examples=[""])] = None,
    graph: Annotated[str | None, Query(description=_GRAPH_DESCRIPTION, examples=[GRAPH_EXAMPLE])] = None,
) -> Response:
    if (default is None) == (graph is None):
        raise QueryRefusedError("name exactly one graph: ?default or ?graph=IRI")
    syntax = negotiate(request.headers.get("accept"), GRAPH_SYNTAXES)
    if syntax is None:
        raise NotAcceptableError("acceptable: " + ", ".join(s.media_type for s in GRAPH_SYNTAXES))
    name = None if graph is None else resolve_graph(store, graph)
    return _streamed(store, ExportRequest(syntax, name), attachment=False, head=request.method == "HEAD")


@get_and_head(
    "/id/{path:path}",
    summary="A resource IRI, answered as RDF",
    description="`https://w3id.org/lexgraph/id/{path}` described in the RDF syntax the Accept header asks for "
    "(Turtle by default): the resource's statements and those of its `#` parts (a provision's norm, its "
    "conditions and exceptions; a correspondence's differences). A client that prefers HTML to every RDF syntax "
    "(a browser) gets the resource's web page instead: a provision, instrument, jurisdiction or correspondence.",
    responses={
        200: {"description": "The resource's description.", "content": _RDF_CONTENT},
        **error_response(400, "Not a resource path (characters an IRI cannot hold, or too long)", "IdentifierError",
                         "path='eu/\\x00': not a resource path below /id/ (Invalid IRI code point '\\x00')"),
        **error_response(404, "Nothing has that IRI", "UnknownResourceError",
                         "unknown resource 'eu/reg-2024-1689/art_99'; did you mean: ..."),
        **error_response(406, "Neither an RDF syntax nor HTML accepted", "NotAcceptableError",
                         "no acceptable syntax; ask for text/turtle, ... or text/html"),
    },
)
async def resource(request: Request, path: str, store: StoreDep) -> Response:
    # A browser (HTML ranked above every RDF syntax; RDF wins ties, so */* is Turtle) never gets here: the
    # HTML route on the same path (routers/web.py, included first) answers it with the resource's page.
    syntax = negotiate(request.headers.get("accept"), GRAPH_SYNTAXES)
    if syntax is None:
        raise NotAcceptableError(
            "no acceptable syntax; ask for " + ", ".join(s.media_type for s in GRAPH_SYNTAXES) + " or text/html"
        )
    iri = resource_iri(path)
    triples = await anyio.to_thread.run_sync(lambda: store.construct(query_text("service-describe"), {"resource": iri}))
    if not triples:
        suggestions = await anyio.to_thread.run_sync(nearest_resources, store, iri)
        raise UnknownResourceError(path, suggestions, kind="resource")
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        return Response(b"", media_type=syntax.content_type, headers=headers)
    body = serialize_graph((_oxigraph_triple(t) for t in triples), syntax, OX_PREFIXES)
    return Response(body, media_type=syntax.content_type, headers=headers)


def _oxigraph_triple(triple) -> ox.Triple:
    subject, predicate, obj = triple
    return ox.Triple(to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj))
