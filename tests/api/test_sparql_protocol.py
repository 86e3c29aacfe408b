"""/sparql: the SPARQL 1.1 Protocol on the shipped data, with each refusal and bound of the read-only service."""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import json
import os
import signal
import threading
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from lexgraph.namespaces import GRAPH_BASE, ID_BASE, SD
from lexgraph.sparql import (
    GRAPH_SYNTAXES,
    JSON,
    XML,
    NotAcceptableError,
    QueryPool,
    negotiate,
    plan_query,
    scan,
)
from lexgraph.store import OX_PREFIXES

JURISDICTIONS = GRAPH_BASE + "data/jurisdictions"
CURATORS = GRAPH_BASE + "data/curators"
LABELS = 'SELECT ?j ?label WHERE { ?j a lg:Jurisdiction ; rdfs:label ?label FILTER(lang(?label) = "en") } ORDER BY ?j'
ASK_EU = "ASK { lgid:eu a lg:Jurisdiction }"
CONSTRUCT_EU = "CONSTRUCT WHERE { lgid:eu ?p ?o }"
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def fresh(query: str) -> str:
    """The query made unique by a comment, so the service's result cache cannot answer it."""
    return f"{query}\n# {next(_FRESH)}"


_FRESH = itertools.count()


def media(response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def values(response, name: str) -> list[str]:
    return [row[name]["value"] for row in bindings(response) if name in row]


def error(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "message"} and body["message"]
    return body["message"]


# ------------------------------------------------------------------ the three ways to send a query


def test_get_post_form_and_post_direct_give_the_same_answer(client):
    by_get = client.get("/sparql", params={"query": LABELS})
    by_form = client.post("/sparql", data={"query": LABELS})
    by_body = client.post("/sparql", content=LABELS, headers={"Content-Type": "application/sparql-query"})
    assert media(by_get) == "application/sparql-results+json"
    labels = values(by_get, "label")
    assert "European Union" in labels and "Kazakhstan" in labels
    assert values(by_form, "label") == values(by_body, "label") == labels


def test_predeclared_prefixes_and_the_endpoint_as_base(client):
    found = client.get("/sparql", params={"query": "SELECT (<relative> AS ?iri) (lg:Law AS ?law) {}"})
    row = bindings(found)[0]
    assert row["iri"]["value"] == "http://testserver/relative"
    assert row["law"]["value"] == "https://w3id.org/lexgraph/ontology#Law"


# ------------------------------------------------------------------ content negotiation


@pytest.mark.parametrize("accept", sorted(RESULT_TYPES))
def test_select_in_each_result_syntax(client, accept):
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200 and media(response) == accept
    if accept == "text/csv":  # lossy, so pyoxigraph does not parse it: the csv module does
        assert response.content.startswith(b"j,label\r\n")
        labels = [row["label"] for row in csv.DictReader(io.StringIO(response.text, newline=""))]
    else:
        parsed = ox.parse_query_results(response.content, RESULT_TYPES[accept])
        labels = [solution["label"].value for solution in parsed]
    assert "European Union" in labels
    assert labels == values(client.get("/sparql", params={"query": LABELS}), "label")


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_in_json_and_xml(client, accept):
    yes = client.get("/sparql", params={"query": ASK_EU}, headers={"Accept": accept})
    no = client.get("/sparql", params={"query": "ASK { lgid:eu a lg:Law }"}, headers={"Accept": accept})
    assert media(yes) == accept
    assert bool(ox.parse_query_results(yes.content, RESULT_TYPES[accept])) is True
    assert bool(ox.parse_query_results(no.content, RESULT_TYPES[accept])) is False


@pytest.mark.parametrize("accept", sorted(RDF_TYPES))
def test_construct_and_describe_in_each_rdf_syntax(client, accept):
    for query in (CONSTRUCT_EU, "DESCRIBE lgid:eu"):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200 and media(response) == accept, response.text
        triples = list(ox.parse(response.content, RDF_TYPES[accept]))
        subjects = {t.subject for t in triples}
        assert ox.NamedNode(ID_BASE + "eu") in subjects
        assert len(triples) >= 4


def test_defaults_when_the_client_accepts_anything(client):
    assert media(client.get("/sparql", params={"query": LABELS})) == "application/sparql-results+json"
    assert media(client.get("/sparql", params={"query": CONSTRUCT_EU}, headers={"Accept": "*/*"})) == "text/turtle"


def test_quality_values_and_wildcards_are_honoured(client):
    accept = "text/csv;q=0.4, application/sparql-results+xml;q=0.9, */*;q=0.1"
    assert media(client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})) == (
        "application/sparql-results+xml"
    )
    accept = "application/*;q=0.5, application/ld+json"
    assert media(client.get("/sparql", params={"query": CONSTRUCT_EU}, headers={"Accept": accept})) == (
        "application/ld+json"
    )
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert media(client.get("/sparql", params={"query": LABELS}, headers={"Accept": browser})) == (
        "application/sparql-results+xml"
    )


@pytest.mark.parametrize(
    ("query", "accept"),
    [(LABELS, "text/turtle"), (ASK_EU, "text/csv"), (CONSTRUCT_EU, "application/sparql-results+json"),
     (LABELS, "text/html")],
)
def test_406_for_what_cannot_be_served(client, query, accept):
    message = error(client.get("/sparql", params={"query": query}, headers={"Accept": accept}), 406)
    assert "acceptable" in message


# ------------------------------------------------------------------ the dataset


def count(client, query: str, **params) -> int:
    return int(values(client.get("/sparql", params={"query": query, **params}), "n")[0])


def test_default_graph_uri_restricts_the_default_graph(client):
    everything = count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    one = count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **{"default-graph-uri": JURISDICTIONS})
    same = count(client, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{JURISDICTIONS}> {{ ?s ?p ?o }} }}")
    two = client.get(
        "/sparql",
        params=[("query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"), ("default-graph-uri", JURISDICTIONS),
                ("default-graph-uri", CURATORS)],
    )
    assert 0 < one == same < everything
    assert int(values(two, "n")[0]) > one


def test_named_graph_uri_limits_graph_patterns(client):
    graphs = values(
        client.get("/sparql", params={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }",
                                      "named-graph-uri": CURATORS}),
        "g",
    )
    assert graphs == [CURATORS]


def test_from_and_from_named_name_graphs_of_the_store(client):
    from_one = count(client, f"SELECT (COUNT(*) AS ?n) FROM <{JURISDICTIONS}> {{ ?s ?p ?o }}")
    assert from_one == count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **{"default-graph-uri": JURISDICTIONS})
    named = values(
        client.get("/sparql", params={
            "query": f"SELECT DISTINCT ?g FROM NAMED <{CURATORS}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        }),
        "g",
    )
    assert named == [CURATORS]
    prefixed = count(client, "PREFIX g: <https://w3id.org/lexgraph/graph/data/> "
                             "SELECT (COUNT(*) AS ?n) FROM g:jurisdictions { ?s ?p ?o }")
    assert prefixed == from_one


def test_protocol_graphs_override_from(client):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{JURISDICTIONS}> {{ ?s ?p ?o }}"
    overridden = count(client, query, **{"default-graph-uri": CURATORS})
    assert overridden == count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **{"default-graph-uri": CURATORS})
    assert overridden != count(client, query)


@pytest.mark.parametrize(
    ("query", "params", "named"),
    [
        ("ASK {}", {"default-graph-uri": "http://example.org/elsewhere"}, "http://example.org/elsewhere"),
        ("ASK {}", {"named-graph-uri": "http://example.org/elsewhere"}, "http://example.org/elsewhere"),
        ("ASK FROM <http://example.org/remote.ttl> {}", {}, "http://example.org/remote.ttl"),
        ("ASK FROM NAMED <http://example.org/remote.ttl> {}", {}, "http://example.org/remote.ttl"),
        ("PREFIX ex: <http://example.org/> ASK FROM ex:data {}", {}, "http://example.org/data"),
    ],
)
def test_graphs_the_store_does_not_hold_are_refused_by_name(client, query, params, named):
    message = error(client.get("/sparql", params={"query": query, **params}), 400)
    assert named in message and "no such graph" in message


# ------------------------------------------------------------------ the service description


def test_get_without_query_describes_the_service(client):
    response = client.get("/sparql")
    assert response.status_code == 200 and media(response) == "text/turtle"
    description = Graph().parse(data=response.text, format="turtle")
    service = next(description.subjects(RDF.type, SD.Service))
    assert description.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    names = {str(n) for n in description.objects(None, SD.name)}
    assert JURISDICTIONS in names and CURATORS in names
    as_jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert media(as_jsonld) == "application/ld+json"
    assert len(Graph().parse(data=as_jsonld.text, format="json-ld")) == len(description)


# ------------------------------------------------------------------ read-only: every route to an update is refused


UNCHANGED = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/lexgraph/graph/data/jurisdictions>",
        "LOAD <http://example.org/data.ttl>",
        "PREFIX ex: <http://example.org/> WITH ex:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "# a comment first\ncreate graph <urn:x>",
    ],
)
def test_updates_are_refused_by_every_route(client, update):
    before = count(client, fresh(UNCHANGED))
    answers = [
        client.get("/sparql", params={"query": update}),
        client.get("/sparql", params={"update": update}),
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
    ]
    for answer in answers:
        assert "read-only" in error(answer, 403)
    assert count(client, fresh(UNCHANGED)) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { ?a ?b ?c . optional { service silent <http://example.org/sparql> { ?a ?x ?y } } }",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://example.org/sparql> } }",
        "SELECT * WHERE { ?a ?b ?c FILTER(?a<?b) SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(client, query):
    assert "SERVICE" in error(client.get("/sparql", params={"query": query}), 400)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ("SERVICE is a word" AS ?text) {}',
        "# SERVICE <http://example.org/sparql>\nASK {}",
        "SELECT (<http://example.org/service> AS ?iri) {}",
        "PREFIX service: <http://example.org/> SELECT (service:x AS ?iri) {}",
    ],
)
def test_the_word_service_elsewhere_is_not_refused(client, query):
    assert client.get("/sparql", params={"query": query}).status_code == 200


# ------------------------------------------------------------------ bounds: time, rows, size; malformed input


def test_a_runaway_query_is_stopped_with_503_while_others_are_served(client, service_settings, slow_query):
    answers: dict[str, object] = {}

    def slow() -> None:
        started = time.perf_counter()
        answers["slow"] = client.get("/sparql", params={"query": slow_query})
        answers["slow_seconds"] = time.perf_counter() - started
        answers["slow_done"] = time.perf_counter()

    runner = threading.Thread(target=slow)
    runner.start()
    time.sleep(0.3)
    quick = [client.get("/sparql", params={"query": fresh(ASK_EU)}) for _ in range(5)]  # each runs in a worker
    quick_done = time.perf_counter()
    runner.join(30)
    assert all(q.status_code == 200 and q.json()["boolean"] is True for q in quick)
    assert quick_done < answers["slow_done"]  # served while the runaway query was still running
    assert "budget" in error(answers["slow"], 503)
    assert answers["slow"].headers["Retry-After"] == "1"
    assert service_settings.query_timeout <= answers["slow_seconds"] < service_settings.query_timeout + 5
    deadline = time.time() + 30  # the killed worker is replaced
    while client.get("/health").json()["sparqlWorkers"] < service_settings.query_workers and time.time() < deadline:
        time.sleep(0.2)
    assert client.get("/health").json()["sparqlWorkers"] == service_settings.query_workers
    assert client.get("/sparql", params={"query": fresh(ASK_EU)}).status_code == 200


def test_results_are_capped_at_max_rows(client, service_settings):
    cap = service_settings.max_rows
    everything = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert len(bindings(everything)) == cap
    assert everything.headers["X-Result-Truncated"] == "true"
    assert everything.headers["X-Result-Row-Cap"] == str(cap)
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/n-triples"})
    assert len(list(ox.parse(graph.content, ox.RdfFormat.N_TRIPLES))) == cap
    small = client.get("/sparql", params={"query": LABELS})
    assert "X-Result-Truncated" not in small.headers


def test_oversize_requests_get_413(client, service_settings):
    padding = "#" + "x" * service_settings.max_request_bytes + "\nASK {}"
    assert "request body" in error(
        client.post("/sparql", content=padding, headers={"Content-Type": "application/sparql-query"}), 413
    )
    assert "query string" in error(client.get("/sparql", params={"query": padding}), 413)

    def chunks():  # no Content-Length: the body is counted as it arrives
        for _ in range(service_settings.max_request_bytes // 10_000 + 2):
            yield b"#" + b"x" * 9_999

    assert "request body" in error(
        client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}), 413
    )


def test_malformed_queries_get_400_with_the_parsers_message(client):
    message = error(client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y"}), 400)
    assert "error at 1:" in message


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ({"params": {"query": ""}}, 400),
    ],
)
def test_protocol_misuse_by_get(client, kwargs, status):
    error(client.get("/sparql", **kwargs), status)


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"ASK {}", None, 415),
        (b"ASK {}", "text/plain", 415),
        ("ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16", 415),
        (b"ASK { \xff }", "application/sparql-query", 415),
        (b"default-graph-uri=x", "application/x-www-form-urlencoded", 400),
    ],
)
def test_protocol_misuse_by_post(client, content, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    error(client.post("/sparql", content=content, headers=headers), status)


def test_other_methods_get_405(client):
    assert "read-only" in error(client.put("/sparql", content=b"ASK {}"), 405)
    assert "read-only" in error(client.delete("/sparql"), 405)


# ------------------------------------------------------------------ the library side, without HTTP


def test_scan_reads_form_and_dataset_without_a_parser():
    shape = scan(
        'BASE <http://example.org/base/> PREFIX g: <http://example.org/g/>\n'
        '# FROM <http://example.org/in-a-comment>\n'
        'SELECT ("FROM <http://example.org/in-a-string>" AS ?x) FROM <rel> FROM NAMED g:one { ?s ?p ?o }'
    )
    assert shape.form == "SELECT" and not shape.is_update and not shape.uses_service
    assert shape.from_graphs == ("http://example.org/base/rel",)
    assert shape.from_named_graphs == ("http://example.org/g/one",)
    assert scan("  prefix x: <urn:x:> insert data { <urn:a> <urn:b> <urn:c> }").is_update


def test_plan_refuses_before_any_worker_runs():
    known = frozenset({JURISDICTIONS})
    plan = plan_query(LABELS, known_graphs=known, accept="text/csv")
    assert plan.select_syntax == "csv" and plan.default_graphs is None and plan.named_graphs is None
    plan = plan_query("ASK {}", known_graphs=known, named_graph_uris=[JURISDICTIONS])
    assert plan.default_graphs == () and plan.named_graphs == (JURISDICTIONS,)
    with pytest.raises(NotAcceptableError):
        plan_query(CONSTRUCT_EU, known_graphs=known, accept="text/csv")


def test_negotiate_breaks_ties_in_server_order():
    assert negotiate("*/*", (JSON, XML)) is JSON
    assert negotiate("application/xml", (JSON, XML)) is XML
    assert negotiate("image/png", GRAPH_SYNTAXES) is None
    assert negotiate("text/turtle;q=0, */*", GRAPH_SYNTAXES).name == "nt"


def test_xml_results_are_well_formed(client):
    response = client.get("/sparql", params={"query": 'SELECT ("a < b & \\"c\\"" AS ?x) (lgid:eu AS ?y) {}'},
                          headers={"Accept": "application/sparql-results+xml"})
    root = ET.fromstring(response.content)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert root.find(".//r:binding[@name='x']/r:literal", ns).text == 'a < b & "c"'


def test_json_results_keep_language_and_datatype(client):
    row = bindings(client.get("/sparql", params={"query": 'SELECT ("x"@ru AS ?l) (1 AS ?i) ("s" AS ?s) {}'}))[0]
    assert row["l"] == {"type": "literal", "value": "x", "xml:lang": "ru"}
    assert row["i"] == {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert row["s"] == {"type": "literal", "value": "s"}


def test_a_worker_killed_from_outside_is_replaced(shipped_store, tmp_path):
    plan = plan_query(ASK_EU, known_graphs=frozenset(), prefixes=OX_PREFIXES)
    other = plan_query(fresh(ASK_EU), known_graphs=frozenset(), prefixes=OX_PREFIXES)
    changing = plan_query("SELECT (NOW() AS ?now) {}", known_graphs=frozenset(), prefixes=OX_PREFIXES)
    assert plan.cacheable and not changing.cacheable

    async def scenario() -> tuple[bool, bool, bool]:
        pool = QueryPool(shipped_store.snapshot(tmp_path), workers=1, timeout=10, prefixes=OX_PREFIXES)
        await pool.start()
        try:
            first = await pool.run(plan)
            await pool.run(changing)
            (worker,) = pool._all
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.wait(5)
            cached = await pool.run(plan)  # answered from the result cache: no worker needed
            # Never cached: it waits for the replacement (the dead worker had no request, so none fails).
            await pool.run(changing)
            again = await pool.run(other)
            assert worker not in pool._all and pool.alive == 1
            return (json.loads(first.body)["boolean"], json.loads(cached.body)["boolean"],
                    json.loads(again.body)["boolean"])
        finally:
            await pool.close()

    assert asyncio.run(scenario()) == (True, True, True)
