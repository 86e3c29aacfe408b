"""The dataset as RDF: `/export` files, the Graph Store Protocol read side, and resource IRIs under `/id/`."""

from __future__ import annotations

import difflib
from typing import Annotated

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from rdflib import Literal, URIRef

from lexgraph.errors import IdentifierError, UnknownResourceError
from lexgraph.export import MAX_GRAPH_LENGTH, ExportRequest, plan_export, resolve_graph, stream
from lexgraph.namespaces import ID_BASE
from lexgraph.queries import query_text
from lexgraph.sparql import (
    GRAPH_SYNTAXES,
    NotAcceptableError,
    QueryRefusedError,
    negotiate,
    prefers_html,
    serialize_graph,
)
from lexgraph.store import OX_PREFIXES, Store, to_oxigraph

from ..deps import get_store
from ..errors import error_response
from . import web

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
    return StreamingResponse(stream(store, request), media_type=request.syntax.content_type, headers=headers)


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


@router.api_route(
    "/rdf-graph-store",
    methods=["GET", "HEAD"],
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


@router.api_route(
    "/id/{path:path}",
    methods=["GET", "HEAD"],
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
    accept = request.headers.get("accept")
    if prefers_html(accept):  # a browser: the resource's page (RDF wins ties, so */* is Turtle)
        return await web.resource_page(request, path, store, _resource_iri, _nearest_resources)
    syntax = negotiate(accept, GRAPH_SYNTAXES)
    if syntax is None:
        raise NotAcceptableError(
            "no acceptable syntax; ask for " + ", ".join(s.media_type for s in GRAPH_SYNTAXES) + " or text/html"
        )
    iri = _resource_iri(path)
    triples = await anyio.to_thread.run_sync(lambda: store.construct(query_text("service-describe"), {"resource": iri}))
    if not triples:
        suggestions = await anyio.to_thread.run_sync(_nearest_resources, store, iri)
        raise UnknownResourceError(path, suggestions, kind="resource")
    headers = {"Vary": "Accept"}
    if request.method == "HEAD":
        return Response(b"", media_type=syntax.content_type, headers=headers)
    body = serialize_graph((_oxigraph_triple(t) for t in triples), syntax, OX_PREFIXES)
    return Response(body, media_type=syntax.content_type, headers=headers)


def _resource_iri(path: str) -> URIRef:
    if len(path) > MAX_GRAPH_LENGTH:  # no IRI of this dataset is that long: refused before any search
        raise IdentifierError(path[:40] + "...", f"longer than {MAX_GRAPH_LENGTH} characters", "path")
    try:
        ox.NamedNode(ID_BASE + path)
    except ValueError as error:
        raise IdentifierError(path, f"not a resource path below /id/ ({error})", "path") from None
    if not path:
        raise IdentifierError(path, "not a resource path below /id/", "path")
    return URIRef(ID_BASE + path)


def _nearest_resources(store: Store, iri: URIRef) -> list[str]:
    """Close resource ids, searched among those sharing the first path segment (or all, if none do)."""
    text = str(iri)
    first = text[len(ID_BASE):].split("/")[0]
    candidates: list[str] = []
    for prefix in (f"{ID_BASE}{first}/", ID_BASE):
        rows = store.select(query_text("service-resources-under"), {"prefix": Literal(prefix)})
        candidates = [str(r["resource"]) for r in rows if "#" not in str(r["resource"])]
        if candidates:
            break
    nearest = difflib.get_close_matches(text, candidates, n=5, cutoff=0.6)
    return [c[len(ID_BASE):] for c in nearest]


def _oxigraph_triple(triple) -> ox.Triple:
    subject, predicate, obj = triple
    return ox.Triple(to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj))
