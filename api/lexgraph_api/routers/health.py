"""`/health`: is the service up, and what does it serve. Cheap: numbers computed at startup."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from lexgraph import __version__
from lexgraph.settings import Settings
from lexgraph.sparql import QueryPool

from ..deps import ServiceState, get_query_pool, get_service_state, get_settings

router = APIRouter(tags=["service"])


@router.get(
    "/health",
    summary="Service status",
    description="`ok` when the store is loaded and at least one SPARQL worker runs; `degraded` otherwise "
    "(status 503), for load balancers and orchestrators.",
    responses={
        200: {
            "description": "Up",
            "content": {"application/json": {"example": {
                "status": "ok", "version": "0.1.0", "triples": 12345, "graphs": 30,
                "sparqlWorkers": 2, "queryTimeoutSeconds": 5.0, "maxRows": 10000,
            }}},
        },
        503: {"description": "Store not loaded or no SPARQL worker alive; `storeError` says why the store is "
                            "unavailable (locked, read-only, unreachable) while the service retries it"},
    },
)
async def health(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    state: Annotated[ServiceState, Depends(get_service_state)],
    pool: Annotated[QueryPool | None, Depends(get_query_pool)],
) -> JSONResponse:
    workers = pool.alive if pool is not None else 0
    store = getattr(request.app.state, "store", None)
    up = store is not None and workers > 0
    # Why the store is not served (the lifespan retries it), or why a remote store stopped answering meanwhile.
    store_error = getattr(request.app.state, "store_error", None) or getattr(store, "unreachable_reason", None)
    body = {
        "status": "ok" if up else "degraded",
        "version": __version__,
        "triples": state.triples,
        "graphs": len(state.graph_sizes),
        "sparqlWorkers": workers,
        "queryTimeoutSeconds": settings.query_timeout,
        "maxRows": settings.max_rows,
    }
    if store_error:
        body["storeError"] = store_error
    return JSONResponse(body, status_code=200 if up else 503)
