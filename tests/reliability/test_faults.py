"""Faults and data safety: broken data never replaces good data, exports are atomic, and a store that cannot
be opened (locked by another process, read-only, not there yet) gives a clear 503 until it returns, after which
the service recovers by itself."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from harness import SERVICE_SETTINGS, start_server, stop_server, wait_until_healthy

import lexgraph_api.app as app_module
from lexgraph.errors import DataFileError, DataValidationError
from lexgraph.export import ExportRequest, stream, write
from lexgraph.resources import data_dir
from lexgraph.settings import Settings
from lexgraph.sparql import TURTLE
from lexgraph.store import OxigraphStore
from lexgraph_api import create_app

BROKEN_TURTLE = "<urn:x:a> <urn:x:b> <urn:x:c> .\n<urn:x:a> <urn:x:b> .\n"  # line 2: no object
# Valid Turtle that breaks the shapes: a jurisdiction code must be 2-12 lower-case letters. Relative to @base, as
# the data files write their subjects.
SHAPE_VIOLATION = textwrap.dedent("""\
    @base <https://w3id.org/lexgraph/id/> .
    @prefix lg: <https://w3id.org/lexgraph/ontology#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

    # A jurisdiction whose code is not one.
    <zz> a lg:Jurisdiction ;
        lg:code "ZZ!" ;
        rdfs:label "Nowhere"@en .
""")
TINY = "<urn:lexgraph:test:s> <urn:lexgraph:test:p> \"tiny\" .\n"


def data_copy(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    """The shipped data, copied, with extra files."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ broken data refuses the start


def test_a_turtle_error_stops_the_start_naming_file_and_line(tmp_path):
    data = data_copy(tmp_path, {"broken.ttl": BROKEN_TURTLE})
    with pytest.raises(DataFileError) as caught, TestClient(create_app(Settings(data=[data], query_workers=1))):
        pass
    assert caught.value.path.endswith("broken.ttl") and caught.value.line == 2
    assert "broken.ttl:2" in str(caught.value)


def test_a_shape_violation_stops_the_start_naming_file_and_line(tmp_path):
    data = data_copy(tmp_path, {"nowhere.ttl": SHAPE_VIOLATION})
    with pytest.raises(DataValidationError) as caught, TestClient(create_app(Settings(data=[data], query_workers=1))):
        pass
    error = caught.value
    assert error.path.endswith("nowhere.ttl") and error.line == 6  # the line of the subject <zz>
    assert "nowhere.ttl:6" in str(error) and "lg:code" in str(error) and "zz" in str(error)
    assert error.exit_code == 1  # findings, as `lexgraph validate` exits


def test_the_shipped_data_passes_the_start_check():
    app_module.check_data(Settings())  # no exception: the shipped data parses and conforms


def test_serve_with_broken_data_exits_without_listening_and_says_where(tmp_path):
    data = data_copy(tmp_path, {"broken.ttl": BROKEN_TURTLE})
    server = start_server(tmp_path, {**SERVICE_SETTINGS, "data": data}, wait=False)
    try:
        server.process.wait(120)
    finally:
        stop_server(server)
    output = server.output.read_text()
    assert server.process.returncode != 0
    assert "broken.ttl:2" in output and "malformed Turtle" in output
    with pytest.raises(httpx.TransportError):
        httpx.get(server.base + "/health", timeout=2)


def test_the_running_service_keeps_serving_while_a_restart_with_bad_data_fails(live, tmp_path):
    """No reload exists: new data means a new process. One started on broken data exits, naming the file, and
    the one already running answers as before throughout."""
    with httpx.Client(base_url=live.base, timeout=30) as client:
        before = client.get("/health").json()["triples"]
        data = data_copy(tmp_path, {"nowhere.ttl": SHAPE_VIOLATION})
        attempt = start_server(tmp_path, {**SERVICE_SETTINGS, "data": data}, wait=False)
        try:
            while attempt.process.poll() is None:
                assert client.get("/health").json() == client.get("/health").json()
                assert client.get("/sparql", params={"query": "ASK { lgid:eu a lg:Jurisdiction }"}).status_code == 200
                time.sleep(0.1)
        finally:
            stop_server(attempt)
        assert attempt.process.returncode != 0 and "nowhere.ttl:6" in attempt.output.read_text()
        assert client.get("/health").json()["triples"] == before


def test_data_files_changed_under_a_running_service_do_not_change_what_it_serves(tmp_path):
    """The data is read once, at start: editing, breaking or deleting the files leaves the service as it was."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny.ttl").write_text(TINY, encoding="utf-8")
    settings = Settings(data=[data], include_ontology=False, query_workers=1)
    with TestClient(create_app(settings)) as client:
        query = {"query": "SELECT ?o WHERE { ?s ?p ?o }"}
        assert client.get("/sparql", params=query).json()["results"]["bindings"][0]["o"]["value"] == "tiny"
        (data / "tiny.ttl").write_text(BROKEN_TURTLE, encoding="utf-8")
        (data / "more.ttl").write_text("<urn:x:a> <urn:x:b> \"more\" .\n", encoding="utf-8")
        query = {"query": "SELECT ?o WHERE { ?s ?p ?o } # again"}
        assert [row["o"]["value"] for row in client.get("/sparql", params=query).json()["results"]["bindings"]] == [
            "tiny"]
        assert client.get("/health").json()["status"] == "ok"


# ------------------------------------------------------------------ atomic exports


class FailingStore:
    """A store whose dump writes part of the export, then fails (a full disk, a lost store)."""

    def __init__(self, store: OxigraphStore, after_bytes: int = 1000):
        self.store, self.after_bytes = store, after_bytes

    def __getattr__(self, name):
        return getattr(self.store, name)

    def dump(self, output, format, graph=None):
        output.write(b"@prefix lg: <https://w3id.org/lexgraph/ontology#> .\n" + b"# part\n" * self.after_bytes)
        raise OSError(28, "No space left on device")


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory) -> OxigraphStore:
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "tiny.ttl").write_text(TINY, encoding="utf-8")
    return OxigraphStore.load([folder], include_ontology=False)


def test_a_failed_export_leaves_no_file_under_its_name(tmp_path, tiny_store):
    target = tmp_path / "out" / "lexgraph.ttl"
    with pytest.raises(OSError, match="No space"):
        write(FailingStore(tiny_store), target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # nor a temporary file left behind


def test_a_failed_export_keeps_the_previous_file_whole(tmp_path, tiny_store):
    target = tmp_path / "lexgraph.ttl"
    write(tiny_store, target)
    previous = target.read_bytes()
    with pytest.raises(OSError):
        write(FailingStore(tiny_store), target)
    assert target.read_bytes() == previous and b"tiny" in previous
    assert [p.name for p in tmp_path.iterdir()] == ["lexgraph.ttl"]


def test_an_export_killed_mid_write_never_shows_a_partial_file(tmp_path):
    """SIGKILL while the export is being written: the final name holds the old file (or nothing); only a hidden
    temporary file is left."""
    target = tmp_path / "lexgraph.ttl"
    target.write_text("old export\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys, time
        from lexgraph.export import write
        from lexgraph.store import OxigraphStore

        class Slow(OxigraphStore):
            def dump(self, output, format, graph=None):
                for _ in range(10_000):
                    output.write(b"<urn:x:s> <urn:x:p> <urn:x:o> .\\n" * 100)
                    output.flush()
                    time.sleep(0.01)

        store = Slow()
        write(store, {str(target)!r})
    """)
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not [p for p in tmp_path.iterdir() if p.name.startswith(".lexgraph.ttl.") and p.stat().st_size > 0]:
            assert process.poll() is None and time.monotonic() < deadline, "the export did not start writing"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    assert target.read_text(encoding="utf-8") == "old export\n"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "lexgraph.ttl"]
    assert leftovers and all(name.startswith(".lexgraph.ttl.") and name.endswith(".tmp") for name in leftovers)


def test_a_streamed_export_that_fails_does_not_end_as_if_complete(tiny_store):
    """Over HTTP the status is sent before the data, so a store failing mid-stream must break the stream (the
    client sees an incomplete body), never end it cleanly."""
    chunks = stream(FailingStore(tiny_store, after_bytes=100_000), ExportRequest(TURTLE, None))
    with pytest.raises(OSError, match="No space"):
        for _ in chunks:
            pass


# ------------------------------------------------------------------ the store unavailable, then back


@pytest.fixture
def quick_retry(monkeypatch):
    monkeypatch.setattr(app_module, "STORE_RETRY_FIRST", 0.1)
    monkeypatch.setattr(app_module, "STORE_RETRY_MAX", 0.2)


def tiny_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "tiny.ttl").write_text(TINY, encoding="utf-8")
    return folder


def assert_unavailable(client, says: str) -> None:
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["status"] == "degraded"
    assert says in health.json()["storeError"].lower()
    for answer in (client.get("/sparql", params={"query": "ASK {}"}), client.get("/sparql"),
                   client.get("/export"), client.get("/id/eu"), client.get("/rdf-graph-store?default")):
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"] == "StoreUnavailableError" and says in answer.json()["message"].lower()
        assert answer.headers["retry-after"]


def wait_for_recovery(client, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while client.get("/health").status_code != 200:
        assert time.monotonic() < deadline, "the service did not recover when the store returned"
        time.sleep(0.1)
    answer = client.get("/sparql", params={"query": "SELECT ?o WHERE { ?s ?p ?o }"})
    assert [row["o"]["value"] for row in answer.json()["results"]["bindings"]] == ["tiny"]
    assert client.get("/export").status_code == 200
    assert "storeError" not in client.get("/health").json()


def test_a_locked_disk_store_is_a_503_until_the_lock_is_released(tmp_path, quick_retry):
    store_path = tmp_path / "store"
    holder = ox.Store(str(store_path))  # another user of the store holds its lock
    settings = Settings(store=str(store_path), data=[tiny_data(tmp_path)], include_ontology=False, query_workers=1)
    with TestClient(create_app(settings)) as client:
        assert_unavailable(client, "lock")
        time.sleep(0.5)  # a few retries, still locked
        assert_unavailable(client, "lock")
        del holder
        gc.collect()
        wait_for_recovery(client)


def test_a_read_only_disk_store_is_a_503_until_it_is_writable(tmp_path, quick_retry):
    store_path = tmp_path / "store"
    OxigraphStore.load([tiny_data(tmp_path)], include_ontology=False, path=store_path)  # a store from before
    gc.collect()
    made_read_only = _make_read_only(store_path)
    if made_read_only is None:
        pytest.skip("cannot make a folder read-only here (root without chattr): the lock test covers the path")
    settings = Settings(store=str(store_path), data=[tiny_data(tmp_path)], include_ontology=False, query_workers=1)
    try:
        with TestClient(create_app(settings)) as client:
            assert_unavailable(client, "unavailable")
            made_read_only()  # writable again
            wait_for_recovery(client)
    finally:
        _writable(store_path)


def test_a_store_folder_not_there_yet_is_a_503_until_it_appears(tmp_path, quick_retry):
    """The store's volume not mounted yet: its path runs through a file. When the folder appears, it serves."""
    blocker = tmp_path / "volume"
    blocker.write_text("not a folder", encoding="utf-8")
    settings = Settings(store=str(blocker / "store"), data=[tiny_data(tmp_path)], include_ontology=False,
                        query_workers=1)
    with TestClient(create_app(settings)) as client:
        assert_unavailable(client, "unavailable")
        blocker.unlink()
        blocker.mkdir()
        wait_for_recovery(client)


def test_a_second_service_on_a_locked_store_waits_then_takes_over(live, tmp_path):
    """A rolling restart on one on-disk store: the new process starts degraded (503, the lock named) while the
    old one holds the store, and serves as soon as the old one stops. Across processes, as deployed."""
    store_path, data = tmp_path / "store", tiny_data(tmp_path)
    settings = {**SERVICE_SETTINGS, "store": store_path, "data": data, "include_ontology": False, "query_workers": 1}
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = start_server(tmp_path / "old", settings)
    new = None
    try:
        new = start_server(tmp_path / "new", settings, wait=False)
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(new.base + "/health", timeout=2)
                break
            except httpx.TransportError:
                assert new.process.poll() is None and time.monotonic() < deadline, new.output.read_text()[-2000:]
                time.sleep(0.1)
        assert health.status_code == 503 and "lock" in health.json()["storeError"].lower()
        assert httpx.get(old.base + "/health", timeout=5).status_code == 200
        stop_server(old)
        wait_until_healthy(new, limit=60)
        answer = httpx.get(new.base + "/sparql", params={"query": "SELECT ?o WHERE { ?s ?p ?o }"}, timeout=10)
        assert answer.json()["results"]["bindings"][0]["o"]["value"] == "tiny"
    finally:
        stop_server(old)
        if new is not None:
            stop_server(new)


def _make_read_only(folder: Path):
    """Make a folder and its files read-only; return the function that undoes it, or None if impossible."""
    if os.geteuid() != 0:
        for path in [folder, *folder.iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return lambda: _writable(folder)
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        return lambda: _writable(folder)
    return None


def _writable(folder: Path) -> None:
    if shutil.which("chattr") and os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    for path in [folder, *folder.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
