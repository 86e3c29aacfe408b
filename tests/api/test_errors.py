"""Errors as HTTP answers, settings, the app factory's seams, health and the OpenAPI document."""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
import pytest
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lexgraph.errors import (
    DataFileError,
    IdentifierError,
    LexGraphError,
    QueryRefusedError,
    QuerySyntaxError,
    UnknownResourceError,
    UnsupportedFormatError,
)
from lexgraph.settings import Settings
from lexgraph.sparql import (
    NotAcceptableError,
    QueryTimeoutError,
    RequestTooLargeError,
    ServiceBusyError,
    UnsupportedMediaTypeError,
    UpdateRefusedError,
)
from lexgraph.store import OxigraphStore, open_store
from lexgraph_api import create_app, errors
from lexgraph_api.deps import get_store

RAISED = {
    "identifier": (IdentifierError("eu//x", "bad id", "provision"), 400),
    "unknown": (UnknownResourceError("eu/reg-2024-1689/art_999", ["eu/reg-2024-1689/art_99"]), 404),
    "syntax": (QuerySyntaxError("malformed SPARQL: error at 1:6"), 400),
    "refused": (QueryRefusedError("SERVICE is not allowed"), 400),
    "update": (UpdateRefusedError("SPARQL updates are not allowed"), 403),
    "format": (UnsupportedFormatError("format='x'"), 400),
    "accept": (NotAcceptableError("acceptable: text/turtle"), 406),
    "media": (UnsupportedMediaTypeError("text/plain"), 415),
    "timeout": (QueryTimeoutError("budget"), 503),
    "busy": (ServiceBusyError("busy"), 503),
    "oversize": (RequestTooLargeError("too large"), 413),
    "datafile": (DataFileError("data/x.ttl", "broken", 3, 4), 500),
    "base": (LexGraphError("something the user asked for"), 400),
}


@pytest.fixture(scope="module")
def bare():
    """A minimal app with the service's error handlers and routes that raise each error."""
    app = FastAPI()
    errors.install(app)

    @app.get("/raise/{name}")
    def raise_(name: str):
        raise RAISED[name][0]

    @app.get("/crash")
    def crash():
        raise RuntimeError("secret internal detail")

    @app.get("/typed")
    def typed(limit: int = Query(...)):
        return {"limit": limit}

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("name", sorted(RAISED))
def test_each_error_class_has_its_status_and_json_body(bare, name):
    raised, status = RAISED[name]
    response = bare.get(f"/raise/{name}")
    assert response.status_code == status
    body = response.json()
    assert body["error"] == type(raised).__name__ and body["message"] == str(raised)
    if status == 503:
        assert response.headers["Retry-After"] == "1"


def test_unknown_ids_carry_their_suggestions(bare):
    body = bare.get("/raise/unknown").json()
    assert body["id"] == "eu/reg-2024-1689/art_999" and body["suggestions"] == ["eu/reg-2024-1689/art_99"]


def test_unexpected_errors_are_500_without_details(bare):
    response = bare.get("/crash")
    assert response.status_code == 500
    assert response.json()["error"] == "InternalServerError" and "secret" not in response.text


def test_framework_errors_take_the_same_shape(bare):
    missing = bare.get("/typed")
    assert missing.status_code == 422 and "limit" in missing.json()["message"] and missing.json()["detail"]
    route = bare.get("/nowhere")
    assert route.status_code == 404 and route.json()["error"] == "NotFound"


# ------------------------------------------------------------------ settings


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("LEXGRAPH_PORT", "9123")
    monkeypatch.setenv("LEXGRAPH_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("LEXGRAPH_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("LEXGRAPH_DATA", "data/eu,data/kz")
    settings = Settings()
    assert settings.port == 9123 and settings.query_timeout == 2.5
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert [p.as_posix() for p in settings.data] == ["data/eu", "data/kz"]
    assert Settings(port=1).port == 1  # arguments (CLI flags) win over nothing


def test_settings_defaults_and_bounds(monkeypatch):
    for name in ("PORT", "QUERY_TIMEOUT", "CORS_ORIGINS", "DATA"):
        monkeypatch.delenv(f"LEXGRAPH_{name}", raising=False)
    settings = Settings()
    assert settings.query_timeout == 5.0 and settings.host == "127.0.0.1" and settings.store is None
    with pytest.raises(ValidationError):
        Settings(query_timeout=0)
    with pytest.raises(ValidationError):
        Settings(port=70000)


def test_a_remote_store_is_not_opened_yet():
    settings = Settings(store="http://localhost:7878/query")
    assert settings.remote_store and settings.store_path is None
    with pytest.raises(LexGraphError, match="remote"):
        open_store(settings)


def test_an_on_disk_store_is_reloaded_from_the_data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    settings = Settings(store=str(tmp_path / "db"), data=[data], include_ontology=False)
    store = open_store(settings)
    assert len(store) == 1 and store.path == tmp_path / "db"
    store.oxigraph.add(ox.Quad(ox.NamedNode("urn:stale"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
    del store
    assert len(open_store(settings)) == 1  # what the files say, not what was left behind


def test_a_broken_data_file_names_file_and_line(tmp_path):
    (tmp_path / "bad.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        OxigraphStore.load([tmp_path], include_ontology=False)
    assert caught.value.path.endswith("bad.ttl") and caught.value.line == 2


# ------------------------------------------------------------------ the app factory's seams


TINY = "<urn:lexgraph:test:s> <urn:lexgraph:test:p> \"injected\" .\n"


def test_an_injected_store_is_what_the_service_serves(tmp_path):
    (tmp_path / "tiny.ttl").write_text(TINY, encoding="utf-8")
    store = OxigraphStore.load([tmp_path], include_ontology=False)
    app = create_app(Settings(query_workers=1), store=store)
    with TestClient(app) as client:
        found = client.get("/sparql", params={"query": "SELECT ?o { ?s ?p ?o }"}).json()["results"]["bindings"]
        assert [row["o"]["value"] for row in found] == ["injected"]
        assert client.get("/health").json()["triples"] == 1


def test_dependency_overrides_swap_the_store_of_the_routes(app, client, tmp_path):
    (tmp_path / "tiny.ttl").write_text(TINY, encoding="utf-8")
    tiny = OxigraphStore.load([tmp_path], include_ontology=False)
    app.dependency_overrides[get_store] = lambda: tiny
    try:
        exported = client.get("/export", params={"format": "nt"})
    finally:
        app.dependency_overrides.clear()
    assert exported.text.strip() == TINY.strip()
    assert len(client.get("/export", params={"format": "nt"}).text.splitlines()) > 1000


def test_health(client, service_settings):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["triples"] > 1000 and body["graphs"] > 10
    assert body["queryTimeoutSeconds"] == service_settings.query_timeout


def test_cors_for_browsers(client):
    response = client.get("/health", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"


# ------------------------------------------------------------------ OpenAPI


def test_every_route_is_documented_with_examples(client):
    document = client.get("/openapi.json").json()
    mine = {"/sparql": {"get", "post"}, "/export": {"get"}, "/rdf-graph-store": {"get", "head"},
            "/id/{path}": {"get", "head"}, "/health": {"get"}}
    for path, methods in mine.items():
        assert path in document["paths"], path
        for method in methods:
            operation = document["paths"][path][method]
            assert operation.get("summary") and operation.get("description"), (path, method)
            text = repr(operation)
            assert "example" in text, (path, method)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (path, method)


# ------------------------------------------------------------------ never a 500 for what a client sends

QUERY_PIECES = st.sampled_from([
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "SERVICE", "FROM", "NAMED", "WHERE", "{", "}", "?s", "?p",
    "?o", "<urn:x>", "<a b>", "lg:Law", "nope:x", '"text"', "'", "#", ".", ";", "(", ")", "*", "FILTER", "GRAPH",
    "LIMIT 1", "\n", "\\", "%zz", "\u0000", "Ж",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(QUERY_PIECES, max_size=12), noise=st.text(max_size=20))
def test_no_query_text_gets_a_server_error(client, pieces, noise):
    response = client.get("/sparql", params={"query": " ".join(pieces) + noise})
    assert response.status_code in (200, 400, 403, 406), response.text
    if response.status_code != 200:
        assert response.json()["message"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=st.text(max_size=30), accept=st.text(alphabet="abcdefghijklmnopqrstuvwxyz/*+;=,.0123456789 ", max_size=30))
def test_no_graph_or_accept_value_gets_a_server_error(client, graph, accept):
    for response in (
        client.get("/export", params={"graph": graph}),
        client.get("/rdf-graph-store", params={"graph": graph}, headers={"Accept": accept}),
        client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": graph}, headers={"Accept": accept}),
        client.get("/id/" + quote(graph, safe="/"), headers={"Accept": accept}),
    ):
        assert response.status_code < 500, response.text
