"""tests/api/test_live_server.py against `lexgraph_api.serve()` in its own process with LEXGRAPH_STORE set to
the Oxigraph server (what `lexgraph serve --store URL` runs): SPARQLWrapper, rdflib's SPARQLStore, a runaway
query, a streamed export."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from remote_reuse import reuse

import lexgraph_api

globals().update(reuse("api/test_live_server.py"))
LIVE = reuse("api/test_live_server.py", only=set())


@pytest.fixture(scope="module")
def server(remote_url, remote_load):
    """The service process, its store the Oxigraph server."""
    port = LIVE["free_port"]()
    api_dir = str(Path(lexgraph_api.__file__).resolve().parents[1])
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([api_dir, *filter(None, [os.environ.get("PYTHONPATH")])]),
        "LEXGRAPH_HOST": "127.0.0.1",
        "LEXGRAPH_PORT": str(port),
        "LEXGRAPH_STORE": remote_url,
        "LEXGRAPH_QUERY_TIMEOUT": str(LIVE["TIMEOUT"]),
        "LEXGRAPH_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "import lexgraph_api; lexgraph_api.serve()"], env=environment, stdin=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode} before answering")
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer /health within 60 s")
            time.sleep(0.2)
        assert httpx.get(base + "/health").json()["triples"] > 1000
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
