"""The quick read of a query (lexgraph.sparql._quick_scan) never says less than the tokeniser: whenever it
answers, its form, SERVICE, FROM and determinism are the full scan's, and its depth is at least the real one;
whatever could hide a keyword from it (comments, strings, IRIs, odd line breaks, look-alike letters) sends the
query to the tokeniser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexgraph.sparql import MAX_QUERY_DEPTH, QueryShape, _quick_scan, _scan_tokens, plan_query

PROLOGUE = "PREFIX lg: <https://w3id.org/lexgraph/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def agrees(text: str) -> QueryShape | None:
    quick = _quick_scan(text)
    full = _scan_tokens(text)
    if quick is not None:
        assert (quick.form, quick.uses_service, quick.from_graphs, quick.from_named_graphs, quick.deterministic) == (
            full.form, full.uses_service, full.from_graphs, full.from_named_graphs, full.deterministic), text
        assert quick.depth >= full.depth
    return quick


@pytest.mark.parametrize("text", [
    PROLOGUE + "SELECT ?p WHERE { ?p lg:partOf ?a }",
    PROLOGUE + "# a header that says SELECT ... FROM ... WITH\nSELECT ?p WHERE { ?p lg:fromProvision ?a }",
    "ASK { ?from lg:code ?select }",
    'SELECT ?x WHERE { ?x rdfs:label "plain" }',
    "CONSTRUCT WHERE { <urn:a> ?p ?o }",
    "# SELECT, in a comment line\nASK {}",
])
def test_plain_queries_are_read_quickly(text):
    assert agrees(text) is not None


@pytest.mark.parametrize("text", [
    "SELECT * FROM <urn:g> WHERE { ?s ?p ?o }",  # FROM
    "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",  # SERVICE
    "SELECT (NOW() AS ?t) {}",  # not deterministic
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",  # an update
    "SELECT * WHERE { { SELECT ?s { ?s ?p ?o } } }",  # two form words
    'SELECT ?x WHERE { ?x rdfs:label "with" }',  # a scanned word in a string: the tokeniser decides
    'SELECT """FROM""" {}',  # long strings always go to the tokeniser
    "PREFIX ex: <http://a.example/\u0085#> SELECT * { SERVICE <http://evil.example/> {} }",  # U+0085 in an IRI
    "PREFIX ex: <http://a.example/\u2028#> ASK { SERVICE <http://evil.example/> {} }",  # U+2028 in an IRI
    "ASK { \u212aSERVICE <http://evil.example/> {} }",  # Kelvin sign: lower-cases to k
    "SELECT * WHERE { ?s ?p ?o } #\rFROM <urn:g>",  # a comment ends at CR too
    "SELECT * WHERE " + "{" * (MAX_QUERY_DEPTH + 1) + "}" * (MAX_QUERY_DEPTH + 1),  # too deep to count
])
def test_what_could_hide_a_keyword_goes_to_the_tokeniser(text):
    assert agrees(text) is None


def test_a_refusal_is_the_same_either_way():
    with pytest.raises(Exception, match="SERVICE is not allowed"):
        plan_query("PREFIX ex: <http://a.example/\u0085#> SELECT * { SERVICE <http://evil.example/> {} }",
                   known_graphs=frozenset())


WORDS = ["SELECT", "select", "ASK", "FROM", "from", "SERVICE", "service", "NOW", "WITH", "INSERT", "lg:from",
         "?from", "$select", "@en", "_:from", "<http://x/select>", '"FROM"', "'service'", "#", "\n", "\r", " ",
         "\u0085", "\u2028", "{", "}", "(", ")", "[", "]", "1", "x", "\u212a", "\u0130", "<", ">", ":", "?"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_the_quick_read_agrees_with_the_tokeniser_on_any_mix(parts):
    agrees("".join(parts))
    agrees(" ".join(parts))
