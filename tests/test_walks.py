"""lexgraph.walks: the embedded store reads rest-provision, rest-subtree and rest-compare off its indexes, and
must return exactly the rows the SPARQL of those queries returns (as multisets).

Differential tests on the shipped data, on a synthetic corpus and on a snippet built to hold the corner
cases (a triple in two graphs, cycles, literals where nodes are expected, a part without eId, two parts
setting one norm, no-counterpart records with and without a rationale); the walks' property lists checked
against the FILTER IN lists of the .rq files; and the REST answers the same with the walks switched off.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from lexgraph import catalog, comparison, walks
from lexgraph.catalog import run, run_sparql
from lexgraph.ids import short_id
from lexgraph.namespaces import LG, PREFIXES
from lexgraph.queries import query_text
from lexgraph.store import OxigraphStore, to_rdflib

QUERIES = ("rest-provision", "rest-subtree", "rest-compare")


def as_multiset(rows: list[dict]) -> Counter:
    return Counter(tuple(sorted((key, value.n3()) for key, value in row.items())) for row in rows)


def iris(store: OxigraphStore, query: str) -> list[URIRef]:
    return sorted({row["x"] for row in store.select(query) if isinstance(row["x"], URIRef)})


def cases(store: OxigraphStore, name: str, limit: int) -> Iterator[dict]:
    """Bindings for query `name` taken from the store itself: its provisions, jurisdictions and the ends of
    its correspondences with their ancestors (at most `limit` of each kind)."""
    provisions = iris(store, "SELECT ?x WHERE { ?x lg:eId ?eId }")[:limit]
    if name == "rest-provision":
        yield from ({"provision": p} for p in provisions)
        yield {"provision": provisions[:3] + provisions[:1]}  # several at once, one of them twice
        yield {"provision": URIRef("https://w3id.org/lexgraph/id/eu/nothing/art_1")}
    elif name == "rest-subtree":
        targets = [None, *iris(store, "SELECT ?x WHERE { ?x a lg:Jurisdiction }")]
        roots = provisions + iris(store, "SELECT ?x WHERE { ?r lg:fromProvision ?x ; lg:targetJurisdiction ?t }")
        yield from ({"root": root, "target": target} for root in roots for target in targets)
    else:
        pairs = store.select("""SELECT ?left ?right WHERE {
            ?s lg:fromProvision ?from ; lg:toProvision ?to .
            ?from lg:partOf* ?left . ?to lg:partOf* ?right . }""")
        for row in islice(dict.fromkeys((r["left"], r["right"]) for r in pairs), limit):
            yield {"left": row[0], "right": row[1]}
            yield {"left": row[1], "right": row[0]}


def differences(store: OxigraphStore, name: str, limit: int = 10_000) -> list[str]:
    found = []
    for bindings in cases(store, name, limit):
        walked, queried = as_multiset(run(store, name, **bindings)), as_multiset(run_sparql(store, name, **bindings))
        if walked != queried:
            found.append(f"{name} {bindings}: walk-only {walked - queried}, query-only {queried - walked}")
    return found


@pytest.fixture(scope="module")
def shipped(loaded) -> OxigraphStore:
    return OxigraphStore.from_files(loaded.files)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> OxigraphStore:
    from lexgraph.synthetic import generate

    corpus = tmp_path_factory.mktemp("walks") / "corpus"
    generate(20_000, 11, corpus)
    return OxigraphStore.load([corpus])


CORNERS = """
@prefix lg: <https://w3id.org/lexgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix x: <https://w3id.org/lexgraph/id/xx/t/> .
@prefix j: <https://w3id.org/lexgraph/id/> .

<urn:g:one> {
  x:top lg:eId "top" ; lg:dateInForce "2020-01-01"^^xsd:date ; lg:status x:draft ; lg:officialText <urn:text> .
  x:a lg:eId "a" ; lg:partOf x:top ; lg:order 1 ; rdfs:label "A"@en , "А"@ru ; lg:establishes x:a-norm , x:shared .
  x:a-norm a lg:Prohibition ; rdfs:label "no"@en ; lg:hasCondition x:cond ; lg:hasException x:exc .
  x:cond rdfs:label "if"@en ; lg:refersTo x:b .
  x:exc lg:summary "unless"@en ; lg:refersTo x:a , x:b .
  x:b lg:eId "b" ; lg:partOf x:a ; lg:order 1 ; lg:establishes x:shared .
  x:noeid lg:partOf x:a ; lg:order 2 ; lg:appliesFrom "2021-01-01"^^xsd:date .
  x:c1 lg:eId "c1" ; lg:partOf x:c2 . x:c2 lg:eId "c2" ; lg:partOf x:c1 .
  x:lit lg:eId "lit" ; lg:partOf "not a node" ; lg:establishes "nor this" .
  x:other lg:eId "other" ; lg:partOf x:otop . x:other-1 lg:eId "other-1" ; lg:partOf x:other .
  x:st1 lg:fromProvision x:a-norm ; lg:toProvision x:other-1 ; lg:relation x:close ; lg:hasDifference x:d ;
        lg:citesSource <urn:src> ; lg:rationale "why"@en , "зачем"@ru ; lg:curatedBy x:team .
  x:close skos:notation "close" ; lg:inverseRelation x:close .
  x:broader skos:notation "broader" ; lg:inverseRelation x:narrower . x:narrower skos:notation "narrower" .
  x:d lg:summary "narrower scope"@en ; lg:aspect x:scope . x:scope skos:notation "scope" .
  x:team rdfs:label "Team" .
  x:st2 lg:fromProvision x:other ; lg:toProvision x:shared ; lg:relation x:broader .
  x:st3 lg:fromProvision x:top ; lg:toProvision "a literal end" .
  x:nc1 lg:fromProvision x:b ; lg:targetJurisdiction j:yy ; lg:rationale "none there"@en .
  x:nc2 lg:fromProvision x:shared ; lg:targetJurisdiction j:yy .
  x:nc3 lg:fromProvision x:a ; lg:targetJurisdiction j:zz .
  x:top x:onlyPredicate x:a .
}
<urn:g:two> {
  x:a lg:eId "a" ; lg:order 1 .
  x:st1 lg:toProvision x:other-1 .
  x:b lg:partOf x:a .
  x:nc1 lg:rationale "none there"@en .
}
x:inDefault lg:partOf x:a ; lg:eId "inDefault" .
"""


@pytest.fixture(scope="module")
def corners() -> OxigraphStore:
    store = OxigraphStore()
    store.oxigraph.load(CORNERS.encode(), ox.RdfFormat.TRIG)
    return store


def corner_cases(store: OxigraphStore, name: str) -> Iterator[dict]:
    nodes = sorted({to_rdflib(term) for q in store.oxigraph.quads_for_pattern(None, None, None)
                    for term in (q.subject, q.object, q.predicate) if isinstance(term, ox.NamedNode)})
    if name == "rest-provision":
        yield from ({"provision": node} for node in nodes)
        yield {"provision": nodes}
    elif name == "rest-subtree":
        yield from ({"root": node, "target": target} for node in nodes for target in (None, *nodes))
    else:
        yield from ({"left": left, "right": right} for left in nodes for right in nodes)


@pytest.mark.parametrize("name", QUERIES)
def test_walks_return_the_rows_of_their_queries_on_the_shipped_data(shipped, name):
    assert differences(shipped, name) == []


@pytest.mark.parametrize("name", QUERIES)
def test_walks_return_the_rows_of_their_queries_on_a_synthetic_corpus(synthetic, name):
    assert differences(synthetic, name, limit=400) == []


@pytest.mark.parametrize("name", QUERIES)
def test_walks_return_the_rows_of_their_queries_in_the_corner_cases(corners, name):
    found = []
    for bindings in corner_cases(corners, name):
        walked = as_multiset(run(corners, name, **bindings))
        queried = as_multiset(run_sparql(corners, name, **bindings))
        if walked != queried:
            found.append(f"{bindings}: walk-only {walked - queried}, query-only {queried - walked}")
    assert found == []


def test_the_corner_cases_reach_the_cases_they_are_for(corners):
    """The snippet exercises what it claims: duplicated triples count twice, records toward a target only."""
    x = "https://w3id.org/lexgraph/id/xx/t/"
    own = [r for r in run(corners, "rest-provision", provision=URIRef(x + "a")) if "property" in r]
    assert len(own) == 2 * 5  # two lg:eId triples times (order twice, partOf, two labels)
    records = run(corners, "rest-subtree", root=URIRef(x + "a"), target=URIRef("https://w3id.org/lexgraph/id/yy"))
    assert Counter(str(r["noCounterpart"]) for r in records if "noCounterpart" in r) == {x + "nc1": 2, x + "nc2": 2}
    rows = run(corners, "rest-compare", left=URIRef(x + "top"), right=URIRef(x + "other"))
    assert {(str(r["statement"]), r["leftSide"]) for r in rows} == {(x + "st1", LG.fromProvision),
                                                                   (x + "st2", LG.toProvision)}


FILTER_IN = re.compile(r"FILTER\s*\(\s*\?(\w+)\s+IN\s*\(([^)]*)\)\s*\)")
WALK_LISTS = {
    "rest-provision": {"property": walks.PROVISION_OWN, "childProperty": walks.PROVISION_CHILD,
                       "ancestorProperty": walks.PROVISION_ANCESTOR, "normProperty": walks.PROVISION_NORM,
                       "qualifierKind": walks.QUALIFIER_KINDS, "qualifierProperty": walks.QUALIFIER_PROPERTIES},
    "rest-subtree": {"property": walks.SUBTREE_PROPERTIES},
}


@pytest.mark.parametrize("name", sorted(WALK_LISTS))
def test_walk_property_lists_are_the_filter_lists_of_their_queries(name):
    """A property added to a query's FILTER IN list and not to its walk (or the reverse) fails here, whatever
    the data."""
    lists = {}
    for variable, names in FILTER_IN.findall(query_text(name)):
        prefix, local = zip(*(item.strip().split(":") for item in names.split(",")), strict=True)
        lists[variable] = {ox.NamedNode(str(PREFIXES[p]) + n) for p, n in zip(prefix, local, strict=True)}
    assert lists == {variable: set(found) for variable, found in WALK_LISTS[name].items()}


def test_every_walk_is_checked_against_its_stored_query():
    """A walk added without its name in QUERIES would escape the differential tests above."""
    assert set(walks.WALKS) == set(QUERIES)
    for name in QUERIES:
        assert query_text(name)


def test_rest_answers_are_the_same_with_the_walks_switched_off(shipped, monkeypatch):
    """What users see: provision views and comparisons, dated and not, equal with and without the walks."""
    provisions = [short_id(p) for p in iris(shipped, "SELECT ?x WHERE { ?x lg:eId ?eId }")]
    pairs = [(short_id(r["from"]), short_id(r["to"])) for r in shipped.select(
        "SELECT ?from ?to WHERE { ?s lg:fromProvision ?from ; lg:toProvision ?to . "
        "FILTER(!CONTAINS(STR(?from), '#') && !CONTAINS(STR(?to), '#')) }")]
    assert len(provisions) > 100 and len(pairs) > 10

    def answers() -> list:
        found = [catalog.provision(shipped, p) for p in provisions]
        for left, right in pairs:
            found += [comparison.compare(shipped, left, right), comparison.compare(shipped, right, left, "2026-02-01")]
        return found

    walked = answers()
    monkeypatch.setattr(catalog, "WALKS", {})
    assert answers() == walked
