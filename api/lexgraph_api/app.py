"""The application factory: settings, store, SPARQL workers, middleware, error handlers and routes."""

from __future__ import annotations

import importlib
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.util import find_spec
from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lexgraph import __version__
from lexgraph.queries import query_text
from lexgraph.settings import Settings
from lexgraph.sparql import QueryPool, RequestTooLargeError
from lexgraph.store import OX_PREFIXES, OxigraphStore, Store, open_store

from . import errors
from .deps import ServiceState
from .routers import export, health, sparql

# TEMPORARY, until routers/rest.py (built beside this file) lands: then import it with the others.
# Only its absence is tolerated; an error inside it still fails loudly.
rest = importlib.import_module(".routers.rest", __package__) if find_spec(".routers.rest", __package__) else None

log = logging.getLogger("lexgraph.api")

DESCRIPTION = """\
LexGraph: a comparative knowledge graph of AI law (EU AI Act, Kazakhstan's Law on Artificial
Intelligence and more), served read-only.

* **SPARQL 1.1 Protocol** at `/sparql` for researchers: GET or POST, results by content negotiation,
  bounded in time, rows and request size; updates and `SERVICE` are refused.
* **REST** for drafters: jurisdictions, instruments, provisions, cross-jurisdiction equivalents,
  side-by-side comparison, gaps and search (JSON).
* **Export** of the dataset (`/export`), the read side of the SPARQL 1.1 Graph Store Protocol
  (`/rdf-graph-store`), and resource IRIs (`/id/...`) answered as RDF.

Errors are JSON objects `{"error": ..., "message": ...}` with a 4xx status for bad input.
"""

TAGS = [
    {"name": "SPARQL", "description": "The SPARQL 1.1 Protocol endpoint (query only)."},
    {"name": "drafters", "description": "JSON routes for comparing provisions across jurisdictions."},
    {"name": "export", "description": "The dataset as files, graphs and resources, in RDF syntaxes."},
    {"name": "service", "description": "Health and status."},
]


class RequestSizeLimit:
    """Refuses request bodies and query strings over the byte limit with 413, before a route reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_bytes:
            await self._refuse(scope, receive, send, "query string")
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await self._refuse(scope, receive, send, "request body")
                    return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestTooLargeError(self._message("request body"))
            return message

        await self.app(scope, counting_receive, send)

    def _message(self, what: str) -> str:
        return f"the {what} is larger than the {self.max_bytes} bytes this service accepts"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, what: str) -> None:
        body = {"error": "RequestTooLargeError", "message": self._message(what)}
        await JSONResponse(body, status_code=413, headers={"Connection": "close"})(scope, receive, send)


def _graph_sizes(store: Store) -> dict[str, int]:
    sizes = {str(g): 0 for g in store.graph_names()}
    for row in store.select(query_text("service-graph-sizes")):
        sizes[str(row["graph"])] = int(row["triples"])
    return sizes


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The LexGraph service. Without a store, the lifespan loads the configured (default: shipped) data.

    SPARQL queries run in worker processes over a read-only snapshot of the store taken at startup, so a
    store given here must be an `OxigraphStore` for `/sparql` to answer (other routes use it directly).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loaded = store if store is not None else await anyio.to_thread.run_sync(open_store, settings)
        app.state.store = loaded
        sizes = await anyio.to_thread.run_sync(_graph_sizes, loaded)
        app.state.service = ServiceState(sizes, triples=sum(sizes.values()))
        workdir = Path(tempfile.mkdtemp(prefix="lexgraph-service-"))
        pool = None
        try:
            if isinstance(loaded, OxigraphStore):
                snapshot = await anyio.to_thread.run_sync(loaded.snapshot, workdir)
                pool = QueryPool(
                    snapshot,
                    workers=settings.query_workers,
                    timeout=settings.query_timeout,
                    max_rows=settings.max_rows,
                    prefixes=OX_PREFIXES,
                    in_memory=settings.query_worker_memory,
                    cache_bytes=settings.result_cache_bytes,
                )
                await pool.start()
                app.state.query_pool = pool
            else:
                log.warning("the store is not an OxigraphStore: /sparql will answer 503")
            yield
        finally:
            app.state.query_pool = None
            if pool is not None:
                await pool.close()
            shutil.rmtree(workdir, ignore_errors=True)

    app = FastAPI(
        title="LexGraph",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = None
    app.state.query_pool = None
    app.state.service = None
    errors.install(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["Content-Disposition", "X-Result-Truncated", "X-Result-Row-Cap"],
        )
    app.include_router(sparql.router)
    if rest is not None:
        app.include_router(rest.router)
    app.include_router(export.router)
    app.include_router(health.router)
    return app
