"""Stored queries and the query runner: values are bound, updates and SERVICE refused, errors clear."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from lexgraph.errors import QueryRefusedError, QuerySyntaxError, UnknownQueryError
from lexgraph.namespaces import EURISK
from lexgraph.queries import available, prepare, query_text, rows, run, run_named

LABEL_OF = "SELECT ?concept ?label WHERE { ?concept skos:prefLabel ?label FILTER(lang(?label) = 'en') }"


def test_every_stored_query_parses():
    names = available()
    assert "info-instruments" in names
    for name in names:
        prepare(query_text(name))


def test_values_are_bound_not_pasted(union):
    found = rows(run(union, LABEL_OF, {"concept": EURISK.high}))
    assert [r["label"] for r in found] == [Literal("high risk", lang="en")]


def test_hostile_text_bound_as_a_value_is_only_a_value(union):
    hostile = "x' } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o"
    assert rows(run(union, LABEL_OF, {"label": hostile})) == []


def test_strings_that_look_like_iris_are_bound_as_iris(union):
    found = rows(run(union, LABEL_OF, {"concept": str(EURISK.minimal)}))
    assert found and found[0]["concept"] == URIRef(EURISK.minimal)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/x>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "CREATE GRAPH <urn:g>",
        "ADD <urn:a> TO <urn:b>",
        "MOVE <urn:a> TO <urn:b>",
        "COPY <urn:a> TO <urn:b>",
    ],
)
def test_updates_are_refused(update):
    with pytest.raises(QueryRefusedError, match="read-only"):
        prepare(update)


@pytest.mark.parametrize("target", ["http://127.0.0.1:8080/sparql", "http://10.0.0.1/sparql", "file:///etc/passwd"])
def test_service_is_refused(target):
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        prepare(f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")


def test_nested_service_is_refused():
    with pytest.raises(QueryRefusedError):
        prepare("SELECT * WHERE { ?s ?p ?o OPTIONAL { { SERVICE SILENT <http://x/> { ?s ?q ?r } } } }")


def test_syntax_errors_carry_the_position():
    with pytest.raises(QuerySyntaxError, match=r"line 2, column"):
        prepare("SELECT * WHERE {\n  ?s ?p }")


def test_unknown_prefix_is_a_syntax_error():
    with pytest.raises(QuerySyntaxError, match="nope"):
        prepare("SELECT * WHERE { ?s nope:p ?o }")


@pytest.mark.parametrize("name", ["no-such-query", "../etc/passwd", "info instruments"])
def test_unknown_stored_query(name):
    with pytest.raises(UnknownQueryError):
        query_text(name)


def test_run_named_counts_the_shipped_instruments(loaded):
    found = rows(run_named(loaded.dataset, "info-instruments"))
    assert all(int(r["provisions"]) >= 0 for r in found)
