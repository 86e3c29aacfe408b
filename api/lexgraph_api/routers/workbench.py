"""The SPARQL workbench (`/workbench`, and `/sparql` opened in a browser) and the API documentation pages
(`/docs`, `/redoc`). Every script and style they load is served from static/vendor (see its README): no CDN,
no request off the machine."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import groupby
from typing import Any

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

from lexgraph.namespaces import ID_BASE
from lexgraph.workbench import EXAMPLES, PREFIXES, declare_prefixes

from ..pages.views import id_href
from ..templating import STATIC_PATH, templates
from .sparql import EXAMPLE_QUERY

router = APIRouter(include_in_schema=False)

VENDOR = f"{STATIC_PATH}/vendor"
SWAGGER_UI_JS = f"{VENDOR}/swagger-ui/swagger-ui-bundle.js"
SWAGGER_UI_CSS = f"{VENDOR}/swagger-ui/swagger-ui.css"
REDOC_JS = f"{VENDOR}/redoc/redoc.standalone.js"
FAVICON = f"{VENDOR}/swagger-ui/favicon-32x32.png"
# Swagger UI would send the schema to its public validator to draw a badge: off.
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}


def workbench_config(root_path: str) -> dict[str, Any]:
    """What workbench.js needs: the endpoint, the predeclared prefixes, the starting query, the examples, and
    where this service serves the pages of IRIs (IRI base -> path), for result links to stay on the machine."""
    return {
        "endpoint": f"{root_path}/sparql",
        "localPages": {ID_BASE: root_path + id_href(ID_BASE)},  # /id/, the one IRI base routers/web.py serves
        "prefixes": dict(PREFIXES),
        "defaultQuery": declare_prefixes(EXAMPLE_QUERY),
        "examples": [
            {"slug": e.slug, "title": e.title, "group": e.group, "description": e.description, "query": e.text}
            for e in EXAMPLES
        ],
    }


@router.get("/workbench", response_class=HTMLResponse)
async def workbench(request: Request) -> HTMLResponse:
    root_path = request.scope.get("root_path", "")
    config = workbench_config(root_path)
    groups = [(group, list(items)) for group, items in groupby(EXAMPLES, key=lambda e: e.group)]
    return templates.TemplateResponse(
        request,
        "workbench.html",
        {"nav": "workbench", "config": config, "groups": groups, "endpoint": config["endpoint"],
         "prefixes": PREFIXES},
    )


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    return api_docs_page(
        request, get_swagger_ui_html,
        {"swagger_js_url": SWAGGER_UI_JS, "swagger_css_url": SWAGGER_UI_CSS, "swagger_favicon_url": FAVICON},
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
    )


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(request: Request) -> HTMLResponse:
    return api_docs_page(request, get_redoc_html, {"redoc_js_url": REDOC_JS, "redoc_favicon_url": FAVICON},
                         with_google_fonts=False)


def api_docs_page(
    request: Request, page: Callable[..., HTMLResponse], assets: Mapping[str, str], **options: Any
) -> HTMLResponse:
    """FastAPI's /docs or /redoc page for this app's schema, each asset (`assets`: argument -> path under
    static/vendor) served by the app itself, under its root path."""
    root_path = request.scope.get("root_path", "")
    return page(openapi_url=root_path + request.app.openapi_url, title=f"{request.app.title} API",
                **{name: root_path + url for name, url in assets.items()}, **options)
