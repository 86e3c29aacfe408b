"""The web page for drafters: find a provision, compare two side by side, list the gaps between two
jurisdictions, and the HTML face of every resource IRI (`/id/...`, asked for by a browser).

Server-rendered HTML: the routes here read the parameters, call the builder of the page's content in
`lexgraph_api.pages` (which calls `lexgraph.catalog`, `lexgraph.comparison` and `lexgraph.lookup`, every value
bound into a stored query, never pasted) and render its template. A small script (`static/js/combobox.js`)
adds type-ahead to the inputs; without it every form still works as a plain GET.

`/compare`, `/gaps` and `/id/...` are also API routes: the HTML routes here match only a request that prefers
HTML to what the API route serves (JSON, or RDF for `/id/`), so API clients keep their answer. Errors are HTML
pages with the status the API routes would give (400 naming the parameter, 404 with suggestions, 503 while the
store is not served), never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.routing import Match
from starlette.types import Scope

from lexgraph import catalog
from lexgraph.errors import LexGraphError, UnknownResourceError
from lexgraph.sparql import GRAPH_SYNTAXES, Syntax, prefers_html
from lexgraph.store import Store

from ..deps import store_missing
from ..errors import status_of
from ..pages import compare, gaps, resource, search
from ..pages.views import id_href, relation_view, text_of
from ..templating import templates

log = logging.getLogger("lexgraph.api")

JSON = Syntax("json", ("application/json",), "json")
HTML_TYPE = "text/html; charset=utf-8"
ERROR_TITLES = {400: "Bad request", 404: "Not found", 406: "Not acceptable", 413: "Request too large",
                500: "Something went wrong", 503: "Service busy"}


# --------------------------------------------------------------------------- routing by preference


class HtmlOnlyRoute(APIRoute):
    """A route that matches only a request preferring HTML to JSON, so the JSON route on the same path (the REST
    `/compare` and `/gaps`, included after this router) answers everyone else."""

    offers: tuple[Syntax, ...] = (JSON,)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is not Match.NONE and not prefers_html(Headers(scope=scope).get("accept"), self.offers):
            return Match.NONE, {}
        return match, child_scope


class HtmlOverRdfRoute(HtmlOnlyRoute):
    """The same against the RDF syntaxes: `/id/...` in a browser, its RDF (routers/export.py) for the rest."""

    offers = GRAPH_SYNTAXES


router = APIRouter(include_in_schema=False)
over_json = APIRouter(include_in_schema=False, route_class=HtmlOnlyRoute)
over_rdf = APIRouter(include_in_schema=False, route_class=HtmlOverRdfRoute)


def current_store(request: Request) -> Store:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise store_missing(request)
    return store


# --------------------------------------------------------------------------- pages


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    q: Annotated[str | None, Query(description="An id, a number such as Art 5(1)(c), or words.")] = None,
    lang: Annotated[str | None, Query(description="Only texts in this language.")] = None,
) -> Response:
    """The search page; with `q`, its results (an id that names something goes straight to its page)."""

    def build() -> tuple[str, dict] | Response:
        store = current_store(request)
        named = search.named_page(store, q) if q and not lang else None
        if named:
            return RedirectResponse(named, status_code=303)
        return "home.html", search.home_context(store, q, lang)

    return render(request, build, nav="search", form="search", values={"q": q or "", "lang": lang or ""})


@router.get("/suggest")
def suggest(
    request: Request,
    q: Annotated[str, Query(description="What the drafter typed so far.")] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = search.SUGGESTIONS_LIMIT,
) -> Response:
    """Type-ahead for the page's provision inputs (JSON): the same finder as the results page."""
    return JSONResponse(search.suggestions(current_store(request), q, limit))


@over_json.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request) -> Response:
    """Two provisions side by side (HTML); without both, the form to choose them."""
    return form_page(request, "compare.html", compare.compare_context, ("left", "right", "asOf"), nav="compare")


@over_json.get("/gaps", response_class=HTMLResponse)
def gaps_page(request: Request) -> Response:
    """The gap view for a pair of jurisdictions (HTML); without them, the form."""
    return form_page(request, "gaps.html", gaps.gaps_context, ("from", "to", "asOf"), nav="gaps")


@over_rdf.api_route("/id/{path:path}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def resource_page(request: Request, path: str) -> Response:
    """The HTML face of a resource IRI, for a client that prefers HTML to every RDF syntax."""
    headers = {"Vary": "Accept"}

    def build() -> Response:
        template, context = resource.resource_context(current_store(request), path)
        if request.method == "HEAD":
            return Response(b"", media_type=HTML_TYPE, headers=headers)
        return templates.TemplateResponse(request, template, context, headers=headers)

    response = render(request, build, nav=None, form="search", values={"q": path})
    response.headers.setdefault("Vary", "Accept")
    return response


# --------------------------------------------------------------------------- rendering and errors


def form_page(
    request: Request, template: str, context: Callable[..., dict], names: tuple[str, ...], *, nav: str
) -> Response:
    """A page with a form (compare, gaps): `context` gets the store and the parameters `names`, in order."""
    values = [request.query_params.get(name) for name in names]
    return render(
        request, lambda: (template, context(current_store(request), *values)), nav=nav, form=nav,
        values={name: value or "" for name, value in zip(names, values, strict=True)},
    )


def render(
    request: Request, build: Callable[[], tuple[str, dict] | Response], *, nav: str | None, form: str | None,
    values: Mapping[str, str],
) -> Response:
    """A page, or the error page (with the form to try again) when building it raised a LexGraph error."""
    try:
        built = build()
        if isinstance(built, Response):
            return built
        template, context = built
        return templates.TemplateResponse(request, template, context)
    except LexGraphError as error:
        return error_page(request, error, nav=nav, form=form, values=values)
    except Exception as error:  # a bug: logged, and a page that says so, never a traceback
        log.exception("unexpected error on %s", request.url.path, exc_info=error)
        return error_page(request, None, nav=nav, form=form, values=values)


def error_page(
    request: Request, error: LexGraphError | None, *, nav: str | None, form: str | None, values: Mapping[str, str]
) -> Response:
    status = status_of(error) if error is not None else 500
    message = str(error) if error is not None else "an unexpected error occurred; it has been logged"
    suggestions = []
    if isinstance(error, UnknownResourceError):
        suggestions = [{"id": s, "href": id_href(s)} for s in error.suggestions]
    context = {
        "nav": nav, "status": status, "title": ERROR_TITLES.get(status, "Error"), "message": message,
        "parameter": getattr(error, "parameter", None), "suggestions": suggestions, "form": form,
        "values": values, "languages": search.SEARCH_LANGUAGES, "jurisdictions": [],
    }
    store = getattr(request.app.state, "store", None)
    if form == "gaps" and store is not None:
        with contextlib.suppress(LexGraphError):  # the store fails too: the form falls back to text inputs
            context["jurisdictions"] = [{"code": j["code"], "label": text_of(j["labels"])[0] or j["code"]}
                                        for j in catalog.jurisdictions(store)]
    headers = {"Retry-After": "1"} if status == 503 else None
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


templates.env.globals.update(id_href=id_href, relation_none=relation_view("none"))
router.include_router(over_json)
router.include_router(over_rdf)
