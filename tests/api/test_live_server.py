"""A real uvicorn process on 127.0.0.1, started as `lexgraph serve` starts it, queried by real SPARQL clients."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

import lexgraph_api
from lexgraph.namespaces import ID_BASE, LG, RDFS

TIMEOUT = 1.5
ASK_EU = "ASK { <https://w3id.org/lexgraph/id/eu> a <https://w3id.org/lexgraph/ontology#Jurisdiction> }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_service(settings: dict[str, str], startup_seconds: float = 90) -> Iterator[str]:
    """`lexgraph_api.serve(Settings())` in its own process, configured by LEXGRAPH_* variables; yields its URL."""
    port = free_port()
    api_dir = str(Path(lexgraph_api.__file__).resolve().parents[1])
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([api_dir, *filter(None, [os.environ.get("PYTHONPATH")])]),
        "LEXGRAPH_HOST": "127.0.0.1",
        "LEXGRAPH_PORT": str(port),
        "LEXGRAPH_LOG_LEVEL": "warning",
        **settings,
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "import lexgraph_api; lexgraph_api.serve()"],
        env=environment,
        stdin=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_seconds
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
                pytest.fail(f"the server did not answer /health within {startup_seconds} s")
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="module")
def server():
    """The service on the shipped data, as `lexgraph serve` runs it."""
    with running_service({"LEXGRAPH_QUERY_TIMEOUT": str(TIMEOUT)}) as base:
        yield base


def wrapper(server: str, query: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query)
    return client


def test_sparqlwrapper_select_ask_construct(server):
    select = wrapper(server, 'SELECT ?label WHERE { lgid:kz rdfs:label ?label FILTER(lang(?label) = "en") }')
    select.setReturnFormat(JSON)
    rows = select.query().convert()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == ["Kazakhstan"]

    ask = wrapper(server, ASK_EU)
    ask.setReturnFormat(JSON)
    assert ask.query().convert()["boolean"] is True

    construct = wrapper(server, "CONSTRUCT WHERE { lgid:eu ?p ?o }")
    construct.setReturnFormat(TURTLE)
    graph = Graph().parse(data=construct.query().convert(), format="turtle")
    assert (URIRef(ID_BASE + "eu"), LG.code, Literal("eu")) in graph

    posted = wrapper(server, ASK_EU)
    posted.setMethod(POST)
    posted.setReturnFormat(JSON)
    assert posted.query().convert()["boolean"] is True


def test_sparqlwrapper_update_is_refused(server):
    update = wrapper(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    update.setMethod(POST)
    with pytest.raises(HTTPError) as caught:  # SPARQLWrapper hands a 403 on as urllib's error
        update.query()
    assert caught.value.code == 403
    assert b"read-only" in caught.value.read()
    check = wrapper(server, "ASK { <urn:a> <urn:b> <urn:c> }")
    check.setReturnFormat(JSON)
    assert check.query().convert()["boolean"] is False


def test_rdflib_sparqlstore(server):
    graph = Graph(store=SPARQLStore(server + "/sparql", returnFormat="xml"))
    rows = list(graph.query('SELECT ?code WHERE { ?j a lg:Jurisdiction ; lg:code ?code } ORDER BY ?code'))
    codes = [str(r.code) for r in rows]
    assert "eu" in codes and "kz" in codes and codes == sorted(codes)
    labels = set(graph.objects(URIRef(ID_BASE + "eu"), RDFS.label))
    assert Literal("European Union", lang="en") in labels
    with pytest.raises(TypeError):  # the store is read-only on the client side too
        graph.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))


def test_a_runaway_query_is_stopped_while_others_are_served(server, slow_query):
    result: dict[str, object] = {}

    def slow() -> None:
        started = time.perf_counter()
        result["response"] = httpx.get(server + "/sparql", params={"query": slow_query}, timeout=30)
        result["seconds"] = time.perf_counter() - started

    runner = threading.Thread(target=slow)
    runner.start()
    time.sleep(0.3)
    with httpx.Client(base_url=server, timeout=10) as client:
        # a comment makes each query new, so a worker answers it rather than the result cache
        quick = [client.get("/sparql", params={"query": f"{ASK_EU}\n# {i}"}) for i in range(20)]
    runner.join(30)
    assert all(q.status_code == 200 for q in quick)
    response = result["response"]
    assert response.status_code == 503 and "budget" in response.json()["message"]
    assert TIMEOUT <= result["seconds"] < TIMEOUT + 5


def test_export_streams_from_the_live_server(server):
    with httpx.stream("GET", server + "/export", params={"format": "nquads"}, timeout=30) as response:
        assert response.status_code == 200
        assert response.headers.get("transfer-encoding") == "chunked"
        size = sum(len(chunk) for chunk in response.iter_bytes())
    assert size > 100_000
