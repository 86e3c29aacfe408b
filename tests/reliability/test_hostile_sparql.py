"""/sparql under hostile input: every entry of the catalogue gets its 4xx and a clear JSON message, and the
service answers a normal query right after it. Runaway-shaped queries that are legal SPARQL (cartesian
products, path explosions, long operator chains) are answered within the budget, never by a dead worker."""

from __future__ import annotations

import time

import pytest
from harness import SERVICE_SETTINGS, check_refusal, fresh, still_serving
from hostile import DIRECT, sparql_catalogue

from lexgraph.sparql import MAX_QUERY_DEPTH, MAX_QUERY_TOKENS, plan_query

CATALOGUE = sparql_catalogue(port=9, max_bytes=SERVICE_SETTINGS["max_request_bytes"])
BUDGET = SERVICE_SETTINGS["query_timeout"]


@pytest.mark.parametrize("case", CATALOGUE, ids=[case.name for case in CATALOGUE])
def test_hostile_request_is_refused_and_the_service_keeps_serving(client, case):
    check_refusal(case, case.send(client))
    still_serving(client)


def test_the_catalogue_covers_every_update_form_by_every_route():
    names = {case.name for case in CATALOGUE}
    routes = ("GET query=", "POST form query=", "POST form update=", "POST sparql-query", "POST sparql-update",
              "GET update=")
    for form in ("INSERT DATA", "DELETE WHERE", "DELETE/INSERT WHERE", "LOAD remote", "CLEAR", "DROP", "CREATE",
                 "ADD", "MOVE", "COPY"):
        for route in routes:
            assert f"update {form} by {route}" in names


def test_updates_change_nothing(client):
    """After the whole update set, the data is what it was (the snapshot is read-only besides)."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def triples() -> int:
        answer = client.get("/sparql", params={"query": fresh(count)})
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    before = triples()
    for case in CATALOGUE:
        if case.name.startswith("update "):
            assert case.send(client).status_code == 403
    assert triples() == before == client.get("/health").json()["triples"]


def test_depth_and_token_limits_sit_where_documented():
    known = frozenset()
    plan_query("SELECT * WHERE " + "{" * MAX_QUERY_DEPTH + "}" * MAX_QUERY_DEPTH, known_graphs=known)
    plan_query("SELECT * WHERE { VALUES ?x { " + "1 " * (MAX_QUERY_TOKENS - 20) + "} }", known_graphs=known)


# ------------------------------------------------------------------ heavy but legal: budget, rows, no crash


LEGAL_BUT_HEAVY = {
    # Each of these killed a worker (stack overflow) before queries ran on a deep stack.
    "40,000 chained additions": "SELECT * WHERE { FILTER(" + "+".join(["1"] * 20_000) + " > 0) }",
    "20,000 UNION branches": "SELECT * WHERE { " + " UNION ".join(["{}"] * 20_000) + " }",
    "30,000 chained negations": "ASK { FILTER(" + "!" * 30_000 + "true) }",
    "20,000 chained ||": "ASK { FILTER(" + "||".join(["false"] * 20_000) + ") }",
    "a 2,000-step path": "ASK { <urn:s> " + "/".join(["<urn:p>"] * 2000) + " <urn:o> }",
    "10,000 FILTERs in a row": "ASK { " + "FILTER(true) " * 10_000 + "}",
    "128 nested groups": "SELECT * WHERE " + "{" * 128 + "}" * 128,
    "860 KB: VALUES of 15,000 IRIs": "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { "
    + " ".join(f"<https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_{i}>" for i in range(15_000)) + " } ?x ?p ?o }",
}


@pytest.mark.parametrize("text", LEGAL_BUT_HEAVY.values(), ids=LEGAL_BUT_HEAVY.keys())
def test_long_operator_chains_are_answered_not_crashed(client, text):
    """Legal queries with deep syntax trees: an answer (or the budget's 503), never a lost worker."""
    answer = client.post("/sparql", content=fresh(text), headers={"Content-Type": DIRECT})
    assert answer.status_code in (200, 503), answer.text[:300]
    if answer.status_code == 503:
        assert answer.json()["error"] == "QueryTimeoutError", answer.text
    still_serving(client)


RUNAWAY = {
    "cartesian product counted": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "(p|q)* path explosion, twice": "SELECT (COUNT(*) AS ?n) WHERE { ?a (rdfs:label|!rdf:type)* ?b . "
                                    "?c (rdfs:label|!rdf:type)* ?d }",
    "nested star paths": "SELECT (COUNT(*) AS ?n) WHERE { ?a ((<urn:p>|!<urn:q>)*/(<urn:p>|!<urn:q>)*)* ?b . "
                         "?c ?d ?e }",
    "ten VALUES blocks": "SELECT (COUNT(*) AS ?n) WHERE { "
                         + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(10)) + " }",
}


@pytest.mark.parametrize("text", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_shapes_are_stopped_at_the_budget(client, text):
    """Legal SPARQL that would run for minutes: 503 with the budget in the message, near the budget."""
    started = time.perf_counter()
    answer = client.get("/sparql", params={"query": fresh(text)})
    took = time.perf_counter() - started
    assert answer.status_code == 503, answer.text[:300]
    assert answer.json()["error"] == "QueryTimeoutError"
    assert f"{BUDGET:g} s budget" in answer.json()["message"]
    assert answer.headers["retry-after"]
    assert BUDGET * 0.9 <= took <= BUDGET + 3.0
    still_serving(client)


def test_a_cartesian_product_without_count_is_cut_at_the_row_cap(client):
    answer = client.get("/sparql", params={"query": fresh("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")})
    assert answer.status_code == 200
    assert answer.headers["x-result-truncated"] == "true"
    assert len(answer.json()["results"]["bindings"]) == SERVICE_SETTINGS["max_rows"]
