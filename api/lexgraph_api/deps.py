"""What routes get through `Depends`: swap any of them in tests with `app.dependency_overrides`.

They are `async def` on purpose: FastAPI runs plain `def` dependencies in a thread pool, a hop that would
cost more than the work they do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from fastapi import Request

from lexgraph.settings import Settings
from lexgraph.sparql import QueryPool, ServiceBusyError
from lexgraph.store import Store, StoreUnavailableError


@dataclass
class ServiceState:
    """What the service learnt about its store at startup (the store is read-only, so it stays true)."""

    graph_sizes: dict[str, int] = field(default_factory=dict)
    triples: int = 0

    @cached_property
    def graphs(self) -> frozenset[str]:
        return frozenset(self.graph_sizes)


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_store(request: Request) -> Store:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise store_missing(request)
    return store


def store_missing(request: Request) -> ServiceBusyError | StoreUnavailableError:
    """The 503 to answer while no store is served: why (the lifespan retries it), or that it is loading."""
    reason = getattr(request.app.state, "store_error", None)
    if reason:
        return StoreUnavailableError(f"{reason}; the service retries and answers again once it opens")
    return ServiceBusyError("the store is not loaded yet")


async def get_query_pool(request: Request) -> QueryPool | None:
    """The SPARQL worker pool; None before startup or when the store is not an Oxigraph store."""
    return getattr(request.app.state, "query_pool", None)


async def get_service_state(request: Request) -> ServiceState:
    return getattr(request.app.state, "service", None) or ServiceState()


@dataclass(frozen=True)
class SparqlService:
    """What /sparql needs, gathered in one dependency."""

    settings: Settings
    state: ServiceState
    pool: QueryPool | None


async def get_sparql_service(request: Request) -> SparqlService:
    """Read from the application state in one step: /sparql answers thousands of requests a second, and each
    dependency FastAPI resolves costs more than reading the three values (override this one in tests)."""
    state = request.app.state
    return SparqlService(state.settings, getattr(state, "service", None) or ServiceState(),
                         getattr(state, "query_pool", None))
