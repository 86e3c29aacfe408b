"""A remote store that does not answer when the service starts, or stops answering while it serves: the service
comes up (or stays up), answers 503 saying why, and serves the store once it answers, without a restart. A URL
that can never work stops the start at once instead, naming what to fix (docs/deploy.md)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import lexgraph_api.app as app_module
from lexgraph.errors import EXIT_ENVIRONMENT
from lexgraph.remote import RETRY_LATER_STATUSES, RemoteStore, StoreEndpointError, load_into
from lexgraph.settings import Settings
from lexgraph.store import StoreUnavailableError
from lexgraph_api import create_app

ASK_EU = {"query": "ASK { lgid:eu a lg:Jurisdiction }"}
EU_5_1_C = "eu/reg-2024-1689/art_5__para_1__point_c"
# Every kind of route: SPARQL, the REST API, a resource IRI; then the streamed ones, an export and the Graph Store
# Protocol.
ANSWERED = ["/sparql?query=ASK%20%7B%7D", "/jurisdictions", f"/equivalents?provision={EU_5_1_C}&jurisdiction=kz",
            "/id/eu"]
STREAMED = ["/export", "/rdf-graph-store?default"]
ROUTES = ANSWERED + STREAMED
WRONG_ENDPOINT = [301, 400, 401, 403, 404, 405, 406, 415]  # the URL stays wrong until the configuration changes
LATER = sorted({500, 502, 503, 504} | RETRY_LATER_STATUSES)  # the store may answer later


# ------------------------------------------------------------------ a fake endpoint answering what a test sets


class FakeEndpoint(ThreadingHTTPServer):
    """A loopback HTTP server that answers every POST with `status`, `content_type` and `body`, after `delay`."""

    daemon_threads = True
    status = 200
    content_type = "text/html"
    body = b"<html>not a SPARQL endpoint</html>"
    delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/query"


class _AnswerAsSet(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server: FakeEndpoint = self.server
        time.sleep(server.delay)
        self.send_response(server.status)
        self.send_header("Content-Type", server.content_type)
        if 300 <= server.status < 400:
            self.send_header("Location", "https://elsewhere.example/query")
        self.send_header("Content-Length", str(len(server.body)))
        self.end_headers()
        self.wfile.write(server.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake_endpoint() -> Iterator[FakeEndpoint]:
    server = FakeEndpoint(("127.0.0.1", 0), _AnswerAsSet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def quick_retry(monkeypatch):
    monkeypatch.setattr(app_module, "STORE_RETRY_FIRST", 0.1)
    monkeypatch.setattr(app_module, "STORE_RETRY_MAX", 0.2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ which failures are worth retrying


@pytest.mark.parametrize("url", [
    "ftp://127.0.0.1:7878/query", "127.0.0.1:7878/query", "http:///query", "https://:7878/query",
    "http://127.0.0.1:notaport/query", "http://127.0.0.1:99999/query", "http://127.0.0.1:0/query",
    "http://exa mple/query", "http://[::1/query", "http://host<x>/query",
])
def test_a_url_that_cannot_work_is_refused_before_any_request(url):
    with pytest.raises(StoreEndpointError) as caught:
        RemoteStore(url)
    assert repr(url) in str(caught.value)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:7878/query", "http://[::1]:7878/query", "https://sparql.example.org/ds/sparql",
    "http://lexgraph_oxigraph_1:7878/query", "http://bücher.example/sparql", "http://h/q?default-graph-uri=x",
])
def test_a_well_formed_url_is_accepted_without_a_request(url):
    assert RemoteStore(url).url == url


@pytest.mark.parametrize("status", WRONG_ENDPOINT)
def test_an_answer_that_shows_a_wrong_endpoint_is_not_worth_retrying(fake_endpoint, status):
    fake_endpoint.status, fake_endpoint.content_type, fake_endpoint.body = status, "text/plain", b"no such endpoint"
    with pytest.raises(StoreEndpointError) as caught:
        RemoteStore(fake_endpoint.url).check()
    message = str(caught.value)
    assert fake_endpoint.url in message and f"HTTP {status}" in message and "query endpoint" in message
    if status == 301:
        assert "redirects to https://elsewhere.example/query" in message


def test_a_web_page_where_the_endpoint_should_be_is_not_worth_retrying(fake_endpoint):
    with pytest.raises(StoreEndpointError, match="text/html, not SPARQL results"):
        RemoteStore(fake_endpoint.url).check()


@pytest.mark.parametrize("status", LATER)
def test_a_failing_or_busy_store_is_worth_retrying(fake_endpoint, status):
    fake_endpoint.status, fake_endpoint.content_type, fake_endpoint.body = status, "text/plain", b"try later"
    with pytest.raises(StoreUnavailableError) as caught:
        RemoteStore(fake_endpoint.url).check()
    assert fake_endpoint.url in str(caught.value) and f"HTTP {status}" in str(caught.value)
    assert caught.value.exit_code == EXIT_ENVIRONMENT


def test_a_store_that_does_not_answer_in_time_is_worth_retrying(fake_endpoint):
    fake_endpoint.delay = 2.0
    store = RemoteStore(fake_endpoint.url, timeout=0.3)
    with pytest.raises(StoreUnavailableError, match=r"did not answer within 0\.3 s"):
        store.check()
    assert not store.reachable


def test_a_store_nobody_listens_for_is_worth_retrying():
    url = f"http://127.0.0.1:{free_port()}/query"  # free a moment ago: nothing listens there
    with pytest.raises(StoreUnavailableError, match="not answering") as caught:
        RemoteStore(url).check()
    assert url in str(caught.value)


# ------------------------------------------------------------------ the service at start


def test_the_service_refuses_to_start_on_a_wrong_endpoint_at_once(fake_endpoint, quick_retry):
    fake_endpoint.status = 404
    started = time.monotonic()
    with pytest.raises(StoreEndpointError, match="HTTP 404"), TestClient(create_app(Settings(store=fake_endpoint.url))):
        pass
    assert time.monotonic() - started < 5  # no retries


def test_a_url_with_another_scheme_is_refused_not_made_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings(store="ftp://127.0.0.1:7878/query")
    with pytest.raises(StoreEndpointError, match="http:// or https://"), TestClient(create_app(settings)):
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_failing_store_at_start_is_a_503_naming_it_while_the_service_retries(fake_endpoint, quick_retry):
    fake_endpoint.status, fake_endpoint.content_type, fake_endpoint.body = 503, "text/plain", b"warming up"
    with TestClient(create_app(Settings(store=fake_endpoint.url, query_workers=1))) as client:
        time.sleep(0.5)  # a few retries, still failing
        assert_unavailable(client, [fake_endpoint.url, "HTTP 503", "warming up"])


def test_serve_on_a_wrong_endpoint_exits_at_once_saying_what_to_fix(fake_endpoint, tmp_path):
    """The command as deployed: one line naming the URL and the status, the process gone, nothing listening."""
    fake_endpoint.status = 404
    command = [sys.executable, "-c", "from lexgraph.cli import app; app()", "serve", "--store", fake_endpoint.url,
               "--port", str(free_port())]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env={**os.environ, "LEXGRAPH_QUERY_WORKERS": "1"})
    assert done.returncode == 3  # uvicorn's start failure, as docs/deploy.md says
    assert f"refusing to start: store={fake_endpoint.url!r} is not a SPARQL query endpoint" in done.stderr
    assert "HTTP 404" in done.stderr


def assert_unavailable(client: TestClient, says: list[str]) -> None:
    """/health degraded and every kind of route a 503 StoreUnavailableError, each saying all of `says`."""
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["status"] == "degraded"
    reason = health.json().get("storeError") or ""
    assert all(part in reason for part in says), health.json()
    for route in ROUTES:
        answer = client.get(route)
        assert answer.status_code == 503, (route, answer.text)
        assert answer.json()["error"] == "StoreUnavailableError", (route, answer.text)
        assert all(part in answer.json()["message"] for part in says), (route, answer.json())
        assert answer.headers["retry-after"]


# ------------------------------------------------------------------ a real server, down and up again


def oxigraph_program() -> str:
    """The `oxigraph` command (the venv's, or on PATH). Without it these tests skip saying what to install,
    except under CI (`CI` set), where they fail: as tests/system_programs.py does for system programs."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("oxigraph", path=search)
    if found:
        return found
    reason = "`oxigraph` is not installed (PyPI package 'oxigraph', in the test extra; .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def own_server(request):
    """An Oxigraph server of this test's own (tests/remote/conftest.py), on a free port, loaded with the shipped
    data; the test stops and starts it."""
    oxigraph_program()
    server = request.getfixturevalue("oxigraph_server")
    load_into(server.url)
    return server


def wait_for_service(client: TestClient, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while client.get("/health").status_code != 200:
        assert time.monotonic() < deadline, f"not served again: {client.get('/health').json()}"
        time.sleep(0.1)


def assert_serving(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["triples"] > 1000 and "storeError" not in health
    assert client.get("/sparql", params=ASK_EU).json()["boolean"] is True
    equivalents = client.get("/equivalents", params={"provision": EU_5_1_C, "jurisdiction": "kz"})
    assert equivalents.status_code == 200 and "kz/law-230-viii/art_17__para_3__point_3" in equivalents.text
    assert client.get("/id/eu", headers={"Accept": "text/turtle"}).status_code == 200


def test_a_store_down_at_start_is_served_once_it_answers_and_again_after_going_down(own_server, quick_retry):
    """Down at start: the service comes up degraded, naming the URL and the refused connection; it serves the
    server once it answers. Down while serving: 503 naming the URL, the service stays up; back: served again."""
    own_server.stop()
    settings = Settings(store=own_server.url, query_timeout=2.0, query_workers=2)
    with TestClient(create_app(settings)) as client:
        assert_unavailable(client, [own_server.url, "not answering"])
        time.sleep(0.5)  # a few retries, still down
        assert_unavailable(client, [own_server.url, "not answering"])
        own_server.start()
        wait_for_service(client)
        assert_serving(client)

        own_server.stop()
        for route in ANSWERED:
            answer = client.get(route)
            assert answer.status_code == 503, (route, answer.text)
            assert answer.json()["error"] == "StoreUnavailableError" and own_server.url in answer.json()["message"]
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["status"] == "degraded"
        own_server.start()
        wait_for_service(client)
        assert_serving(client)


@pytest.mark.parametrize("route", STREAMED)
def test_a_download_asked_while_the_store_is_down_is_a_503_not_a_broken_file(own_server, route):
    with TestClient(create_app(Settings(store=own_server.url, query_workers=1))) as client:
        assert client.get(route).status_code == 200
        own_server.stop()
        answer = client.get(route)
        assert answer.status_code == 503 and own_server.url in answer.json()["message"]
