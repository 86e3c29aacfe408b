"""One service on the shipped data for the whole session, reached through the ASGI test client."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

try:
    import lexgraph_api  # noqa: F401  (installed: the wheel ships it)
except ImportError:  # a checkout whose packaging does not list api/ yet
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "api"))

from lexgraph.settings import Settings
from lexgraph.store import OxigraphStore
from lexgraph_api import create_app

# Small limits, so the tests of each bound run fast; a budget wide enough for every legitimate test query.
TEST_SETTINGS = {"query_timeout": 2.0, "max_rows": 1000, "max_request_bytes": 50_000, "query_workers": 2}
# Ten VALUES blocks of ten values: 10^10 solutions to count, whatever the data. Oxigraph needs minutes.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(10)
) + " }"


@pytest.fixture(scope="session")
def slow_query() -> str:
    return SLOW_QUERY


@pytest.fixture(scope="session")
def service_settings() -> Settings:
    return Settings(**TEST_SETTINGS)


@pytest.fixture(scope="session")
def app(service_settings):
    """The service as `lexgraph serve` builds it: its lifespan loads the shipped ontology and data."""
    return create_app(service_settings)


@pytest.fixture(scope="session")
def client(app):
    """The service on the shipped data; the lifespan (SPARQL workers) runs once for the session."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def shipped_store(client) -> OxigraphStore:
    """The store the session's service loaded."""
    return client.app.state.store
