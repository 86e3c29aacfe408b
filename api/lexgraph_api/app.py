"""The application factory: settings, store, SPARQL workers, middleware, error handlers and routes."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.util import find_spec
from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from rdflib import URIRef
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lexgraph import __version__
from lexgraph.errors import DataFileError, DataValidationError, LexGraphError
from lexgraph.loader import load
from lexgraph.queries import query_text
from lexgraph.settings import Settings
from lexgraph.sparql import QueryPool, RemoteQueryPool, RequestTooLargeError
from lexgraph.store import OX_PREFIXES, OxigraphStore, Store, StoreUnavailableError, open_store
from lexgraph.validation import validate

from . import errors
from .deps import ServiceState
from .routers import export, health, sparql, web, workbench
from .templating import STATIC_PATH, static_files
from .url_parameters import SparqlUrlParameters

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


MAX_HEADERS = 100  # header fields in one request; a browser sends about 20
MAX_HEADER_BYTES = 32 * 1024  # their names and values together


class RequestSizeLimit:
    """Refuses request bodies and query strings over the byte limit with 413, and more or larger header fields
    than MAX_HEADERS / MAX_HEADER_BYTES with 431, before a route reads them. (Each header look-up down the
    stack scans the whole list: 100,000 fields held the event loop for 5 s before this limit.)"""

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
        fields = scope.get("headers", ())
        if len(fields) > MAX_HEADERS or sum(len(name) + len(value) for name, value in fields) > MAX_HEADER_BYTES:
            message = f"at most {MAX_HEADERS} header fields of {MAX_HEADER_BYTES} bytes in all are accepted"
            body = {"error": "RequestHeaderFieldsTooLarge", "message": message}
            await JSONResponse(body, status_code=431, headers={"Connection": "close"})(scope, receive, send)
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


# A store that cannot be opened now but may be later: on disk, locked by another process, read-only, its volume
# not mounted yet (OSError); remote, not reachable, timing out or failing with a 5xx (StoreUnavailableError). The
# service starts, answers 503 saying why, and retries. A store that can never open as configured (a remote URL
# that is malformed, or where no SPARQL endpoint answers: lexgraph.remote.StoreEndpointError) stops the start
# instead, in one line (docs/deploy.md).
STORE_UNAVAILABLE = (OSError, StoreUnavailableError)
STORE_RETRY_FIRST = 0.5  # seconds before the first retry; the pause doubles up to STORE_RETRY_MAX
STORE_RETRY_MAX = 10.0


def _unavailable(error: Exception) -> str:
    return f"the store is unavailable ({type(error).__name__}: {error})"


def check_data(settings: Settings) -> None:
    """Refuse data that does not parse (DataFileError) or violates the shapes (DataValidationError), naming
    the file and line: the service then does not start, and whatever served before keeps serving."""
    loaded = load(settings.data, ontology=settings.ontology)
    report = validate(loaded)
    violations = [result for result in report.results if result.severity == "Violation"]
    if violations:
        first = violations[0]
        where = f" [{first.path}]" if first.path else ""
        raise DataValidationError(
            first.file or "(no data file)",
            f"{len(violations)} SHACL violation(s); the first: {first.focus_id}{where}: {first.message}",
            _line_of(first.file, first.focus_node),
        )


def _line_of(path: Path | None, node) -> int | None:
    """The first line of a Turtle file that starts with `node` as a subject (full IRI, relative to its @base,
    or a prefixed name), else the first that mentions it; None if none does or it is a blank node."""
    if path is None or not isinstance(node, URIRef):
        return None
    iri = str(node)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    forms = {f"<{iri}>"}
    for line in lines:
        declared = _DECLARATION.match(line)
        if declared is None:
            continue
        prefix = declared.group("prefix") if declared.group("prefix") is not None else declared.group("p2")
        namespace = declared.group("iri")
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace):]
            forms.add(f"<{local}>" if prefix is None else f"{prefix}:{local}")
    for test in (str.startswith, str.__contains__):
        for number, line in enumerate(lines, start=1):
            text = line.strip()
            if any(test(text, form) and _ends(text, form, test) for form in forms):
                return number
    return None


def _ends(text: str, form: str, test) -> bool:
    """The form is a whole term there (`<art_5>` is not `<art_50>`; `lgid:eu` is not `lgid:eu-x`)."""
    if form.endswith(">"):
        return True
    at = text.find(form) if test is str.__contains__ else 0
    after = text[at + len(form): at + len(form) + 1]
    return not after or after in " \t;,.)]"


_DECLARATION = re.compile(
    r"\s*(?:@base|BASE|@prefix\s+(?P<prefix>[^\s:]*):|PREFIX\s+(?P<p2>[^\s:]*):)\s*<(?P<iri>[^>]*)>", re.IGNORECASE
)


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

    async def serve_store(app: FastAPI, loaded: Store, workdir: Path) -> QueryPool | RemoteQueryPool | None:
        """Start serving `loaded`: its graph sizes, then the SPARQL workers; routes see it only once ready."""
        sizes = await anyio.to_thread.run_sync(_graph_sizes, loaded)
        pool = None
        limits = {"workers": settings.query_workers, "timeout": settings.query_timeout,
                  "max_rows": settings.max_rows, "prefixes": OX_PREFIXES}
        if isinstance(loaded, OxigraphStore):
            snapshot = await anyio.to_thread.run_sync(loaded.snapshot, workdir)
            pool = QueryPool(snapshot, **limits, in_memory=settings.query_worker_memory,
                             cache_bytes=settings.result_cache_bytes)
        elif getattr(loaded, "execute", None) is not None:  # a remote store: /sparql forwards checked plans
            pool = RemoteQueryPool(loaded, **limits)
        else:
            log.warning("the store is not an OxigraphStore: /sparql will answer 503")
        if pool is not None:
            await pool.start()
        app.state.service = ServiceState(sizes, triples=sum(sizes.values()))
        app.state.query_pool = pool
        app.state.store = loaded
        app.state.store_error = None
        # What is alive now lives as long as the service (modules, routes, the store's Python side): frozen out
        # of the collector's sight, a full collection scans only what requests left, and stops a process for
        # about a millisecond instead of 20 ms or more (docs/performance.md).
        gc.freeze()
        return pool

    async def open_and_serve(app: FastAPI, workdir: Path) -> QueryPool | RemoteQueryPool | None:
        """Open the configured store and serve it. A store opened but not served goes with this frame once the
        error is handled, so an on-disk one does not keep its lock from the next try."""
        loaded = await anyio.to_thread.run_sync(open_store, settings)
        return await serve_store(app, loaded, workdir)

    async def reopen(app: FastAPI, workdir: Path, started: list) -> None:
        """Try the store again, with growing pauses, until it opens; then serve it (the service recovers)."""
        delay = STORE_RETRY_FIRST
        while True:
            await asyncio.sleep(delay)
            delay = min(delay * 2, STORE_RETRY_MAX)
            try:
                started.append(await open_and_serve(app, workdir))
            except Exception as error:  # still unavailable, or now failing otherwise: say so, keep trying
                app.state.store_error = _unavailable(error)
                log.error("%s; retrying in %.1f s", app.state.store_error, delay)
                continue
            log.warning("the store is available again: serving it")
            return

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        workdir = Path(tempfile.mkdtemp(prefix="lexgraph-service-"))
        started: list = []  # the pool, once one runs
        retry: asyncio.Task | None = None
        try:
            if store is not None:
                started.append(await serve_store(app, store, workdir))
            else:
                if settings.validate_data and not settings.remote_store:
                    # Broken data is refused before any store is touched, so it never replaces good data.
                    try:
                        await anyio.to_thread.run_sync(check_data, settings)
                    except DataFileError as error:  # one clear line, not the parsers' stack, says what to fix
                        log.error("refusing to start: %s", error)
                        raise error.with_traceback(None) from None
                try:
                    started.append(await open_and_serve(app, workdir))
                except STORE_UNAVAILABLE as error:  # passing (locked, read-only, down): retry, 503 meanwhile
                    app.state.store_error = _unavailable(error)
                    log.error("%s; /health and the routes answer 503 until it returns", app.state.store_error)
                    retry = asyncio.ensure_future(reopen(app, workdir, started))
                except LexGraphError as error:  # can never open as configured: one line that says what to fix
                    log.error("refusing to start: %s", error)
                    raise error.with_traceback(None) from None
            yield
        finally:
            if retry is not None:
                retry.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await retry
            app.state.query_pool = None
            for pool in started:
                if pool is not None:
                    await pool.close()
            shutil.rmtree(workdir, ignore_errors=True)

    app = FastAPI(
        title="LexGraph",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc come from routers/workbench.py, on vendored scripts instead of a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = None
    app.state.store_error = None  # why the store is not served yet, while the lifespan retries it
    app.state.query_pool = None
    app.state.service = None
    errors.install(app)
    app.add_middleware(SparqlUrlParameters)  # inside RequestSizeLimit, which measures the query string first
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
    app.include_router(web.router)  # before rest: its /compare and /gaps answer browsers, rest's answer JSON
    if rest is not None:
        app.include_router(rest.router)
    app.include_router(export.router)
    app.include_router(health.router)
    app.include_router(workbench.router)
    app.mount(STATIC_PATH, static_files(), name="static")
    return app
