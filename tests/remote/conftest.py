"""The service over a real Oxigraph server: the remote store's tests, and the embedded store's tests run again.

The server is the one LEXGRAPH_TEST_REMOTE names (its SPARQL query endpoint, e.g. http://127.0.0.1:7878/query,
as .ci/start-oxigraph sets it), or else an `oxigraph serve` this session starts on a free loopback port in a
temporary folder and stops at the end. Either way the shipped data is loaded into it through
`lexgraph.remote.load_into`, the path `lexgraph load --store` takes.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

try:
    import lexgraph_api  # noqa: F401  (installed: the wheel ships it)
except ImportError:  # a checkout whose packaging does not list api/ yet
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "api"))

from lexgraph.remote import LoadSummary, RemoteStore, load_into
from lexgraph.settings import Settings
from lexgraph.store import OxigraphStore

TESTS = Path(__file__).resolve().parents[1]
REMOTE_ENV = "LEXGRAPH_TEST_REMOTE"
SERVER_TIMEOUT_S = 10  # the server stops a query itself after this; the service's budget in tests is 2 s


def _embedded_conftest():
    """tests/api/conftest.py as a plain module, for its settings and slow query (one source of truth)."""
    spec = importlib.util.spec_from_file_location("lexgraph_tests_api_conftest", TESTS / "api" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


API = _embedded_conftest()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the `oxigraph` command is missing: install the test extra (pip install -e '.[test]')")
    return found


@dataclass
class OxigraphServer:
    """An `oxigraph serve` process this test session started (and may stop and start again)."""

    location: Path
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self, wait: float = 30.0) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [oxigraph_binary(), "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
                 "--timeout-s", str(SERVER_TIMEOUT_S)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            )
        wait_until_answering(self.url, wait, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


def wait_until_answering(url: str, wait: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + wait
    while True:
        if process is not None and process.poll() is not None:
            pytest.fail(f"oxigraph serve exited with {process.returncode} before answering")
        try:
            answer = httpx.post(url, data={"query": "ASK {}"}, timeout=2,
                                headers={"Accept": "application/sparql-results+json"})
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"the SPARQL store at {url} did not answer within {wait:g} s")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def remote_url(tmp_path_factory) -> Iterator[str]:
    """The SPARQL query endpoint of a running Oxigraph server (LEXGRAPH_TEST_REMOTE, or one started here)."""
    given = os.environ.get(REMOTE_ENV)
    if given:
        wait_until_answering(given, 30)
        yield given
        return
    folder = tmp_path_factory.mktemp("oxigraph")
    server = OxigraphServer(folder / "store", free_port(), folder / "oxigraph.log")
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def remote_load(remote_url) -> LoadSummary:
    """The shipped ontology and data, PUT into the server graph by graph."""
    return load_into(remote_url)


@pytest.fixture(scope="session")
def embedded_store() -> OxigraphStore:
    """The same files in the embedded store: the answers the remote store must give."""
    return OxigraphStore.load()


@pytest.fixture(scope="session")
def slow_query() -> str:
    return API.SLOW_QUERY


@pytest.fixture(scope="session")
def service_settings(remote_url, remote_load) -> Settings:
    """The embedded tests' settings, with the store set to the server (what `lexgraph serve --store` sets)."""
    return Settings(**API.TEST_SETTINGS, store=remote_url)


# The embedded tests' app and client fixtures, built here on this module's remote `service_settings`.
app = API.app
client = API.client


@pytest.fixture(scope="session")
def shipped_store(client) -> RemoteStore:
    """The store the session's service opened: a RemoteStore on the server."""
    store = client.app.state.store
    assert isinstance(store, RemoteStore)
    return store


@pytest.fixture
def oxigraph_server(tmp_path) -> Iterator[OxigraphServer]:
    """A server of this test's own, on disk, that the test may stop and start again."""
    server = OxigraphServer(tmp_path / "store", free_port(), tmp_path / "oxigraph.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()
