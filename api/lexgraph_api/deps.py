"""What routes get through `Depends`: swap any of them in tests with `app.dependency_overrides`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from fastapi import Request

from lexgraph.settings import Settings
from lexgraph.sparql import QueryPool, ServiceBusyError
from lexgraph.store import Store


@dataclass
class ServiceState:
    """What the service learnt about its store at startup (the store is read-only, so it stays true)."""

    graph_sizes: dict[str, int] = field(default_factory=dict)
    triples: int = 0

    @cached_property
    def graphs(self) -> frozenset[str]:
        return frozenset(self.graph_sizes)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise ServiceBusyError("the store is not loaded yet")
    return store


def get_query_pool(request: Request) -> QueryPool:
    pool = getattr(request.app.state, "query_pool", None)
    if pool is None:
        raise ServiceBusyError("the SPARQL workers are not running")
    return pool


def get_service_state(request: Request) -> ServiceState:
    return getattr(request.app.state, "service", None) or ServiceState()
