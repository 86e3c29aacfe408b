"""`gaps` on a synthetic corpus, for every ordered pair of its jurisdictions: every call completes (a plan
that explodes on some pair, as rest-gaps.rq once did at 100k triples, would hang here) and gives the gaps
that a plain walk over the rdflib graph finds. Timing belongs to the benchmark (benchmarks/run.py times
gaps for every pair at 100k and 1M), not to a test."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import URIRef

from lexgraph.catalog import known_jurisdictions, natural_key
from lexgraph.comparison import MAX_GAPS_LIMIT, gaps
from lexgraph.ids import short_id
from lexgraph.loader import load
from lexgraph.namespaces import ID_BASE, LG
from lexgraph.store import OxigraphStore
from lexgraph.synthetic import generate

TRIPLES = 20_000
JURISDICTIONS = 8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate(TRIPLES, 1, tmp_path_factory.mktemp("gaps") / "corpus", jurisdictions=JURISDICTIONS).output


@pytest.fixture(scope="module")
def store(corpus) -> OxigraphStore:
    return OxigraphStore.load([corpus])


@pytest.fixture(scope="module")
def graph(corpus):
    return load(data=[corpus]).union()


def expected_gaps(graph, source: str, target: str) -> tuple[list[str], set[str]]:
    """The gaps by the definition in lexgraph.comparison, walked in Python over the rdflib graph, and the
    candidates (the provisions of `source` that set a norm or have a record toward `target`)."""
    owner = {norm: provision for provision, norm in graph.subject_objects(LG.establishes)}

    def provision_of(end: URIRef) -> URIRef:
        return owner.get(end, end)

    def under(iri: URIRef, code: str) -> bool:
        return str(iri).startswith(f"{ID_BASE}{code}/")

    counterparts: dict[URIRef, set[URIRef]] = defaultdict(set)
    for statement, start in graph.subject_objects(LG.fromProvision):
        for end in graph.objects(statement, LG.toProvision):
            a, b = provision_of(start), provision_of(end)
            counterparts[a].add(b)
            counterparts[b].add(a)
    candidates = {p for p in owner.values() if under(p, source)}
    for record, start in graph.subject_objects(LG.fromProvision):
        if (record, LG.targetJurisdiction, URIRef(ID_BASE + target)) in graph and under(provision_of(start), source):
            candidates.add(provision_of(start))
    found = [p for p in candidates if not any(under(other, target) for other in counterparts[p])]
    return sorted((short_id(p) for p in found), key=natural_key), {short_id(p) for p in candidates}


def test_the_corpus_has_the_pairs_it_should(store):
    assert len(known_jurisdictions(store)) == JURISDICTIONS


def test_gaps_complete_and_agree_for_every_pair(store, graph):
    codes = known_jurisdictions(store)
    differing, empty = [], 0
    for source in codes:
        for target in codes:
            if source == target:
                continue
            page = gaps(store, source, target, limit=MAX_GAPS_LIMIT)
            found = [item["provision"] for item in page["items"]]
            expected, _ = expected_gaps(graph, source, target)
            assert page["total"] == len(found) <= MAX_GAPS_LIMIT
            empty += not found
            if found != expected:
                differing.append((source, target, len(found), len(expected)))
    assert differing == []
    assert empty < JURISDICTIONS * (JURISDICTIONS - 1)  # the pairs do have gaps to find


def test_gaps_on_a_date_complete_for_every_pair(store, graph):
    """The dated path reads other queries (the dates of a whole tree, the counterparts' lineages): for every
    pair it completes, and lists only candidates that applied on the day, in order."""
    codes = known_jurisdictions(store)
    day = "2026-02-01"
    for source in codes:
        for target in codes:
            if source != target:
                page = gaps(store, source, target, day, limit=MAX_GAPS_LIMIT)
                _, candidates = expected_gaps(graph, source, target)
                found = [item["provision"] for item in page["items"]]
                assert set(found) <= candidates and found == sorted(found, key=natural_key)
                assert all(item["appliesFrom"] is None or item["appliesFrom"] <= day for item in page["items"])
