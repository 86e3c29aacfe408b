"""The service under attack: in process (fast, for the hostile catalogue) and as a real uvicorn process on
loopback (network watch, runaway queries, load), both on the shipped data with production limits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from harness import SERVICE_SETTINGS, lexgraph_api, start_server, stop_server

from lexgraph.settings import Settings


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "slow: long reliability runs (2000 schemathesis cases, the 60 s load test, the benchmark smoke run); "
        "run with -m slow",
    )


@pytest.fixture(scope="session")
def service_settings() -> Settings:
    return Settings(**SERVICE_SETTINGS)


@pytest.fixture(scope="session")
def client(service_settings):
    """The service in process, its lifespan (data checked, store loaded, SPARQL workers started) run once."""
    with TestClient(lexgraph_api.create_app(service_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """One live service for the session (network watch, runaway queries, load)."""
    server = start_server(tmp_path_factory.mktemp("live"), SERVICE_SETTINGS)
    try:
        yield server
    finally:
        stop_server(server)


def pytest_collection_modifyitems(config, items):
    """`slow` tests run only when asked for (`-m slow`); deselected, not skipped, so no gap hides as a skip."""
    if config.option.markexpr:
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
