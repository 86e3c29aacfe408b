"""tests/api/test_live_server.py against `lexgraph_api.serve()` in its own process with LEXGRAPH_STORE set to
the Oxigraph server (what `lexgraph serve --store URL` runs): SPARQLWrapper, rdflib's SPARQLStore, a runaway
query, a streamed export."""


import httpx
import pytest
from remote_reuse import reuse

globals().update(reuse("api/test_live_server.py"))
LIVE = reuse("api/test_live_server.py", only=set())


@pytest.fixture(scope="module")
def server(remote_url, remote_load):
    """The service process, its store the Oxigraph server."""
    settings = {"LEXGRAPH_STORE": remote_url, "LEXGRAPH_QUERY_TIMEOUT": str(LIVE["TIMEOUT"])}
    with LIVE["running_service"](settings, startup_seconds=60) as base:
        assert httpx.get(base + "/health").json()["triples"] > 1000
        yield base
