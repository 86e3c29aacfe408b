"""EU-KZ (and OECD) correspondences and the seed's source discrepancies, checked against the shipped data.

The lists of prohibited practices are read from the data and also counted against the official texts (eight
points in Art 5(1) of the AI Act, seven in Art 17(3) of the KZ AI Law), so a provision missing from the data fails
here rather than silently shrinking what "covered" means.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from lexgraph.namespaces import (
    ASPECT,
    ASPECT_NAMES,
    EURISK,
    GRAPH_BASE,
    ID_BASE,
    KZRISK,
    LG,
    RELATION,
    RELATION_NAMES,
    SEED_SOURCE,
)
from lexgraph.queries import rows, run_named

EU = ID_BASE + "eu/reg-2024-1689/"
KZ = ID_BASE + "kz/law-230-viii/"
CORR = ID_BASE + "correspondence/"
DISC = ID_BASE + "discrepancy/nurmagambetov-2025/"
JURISDICTION = {code: URIRef(ID_BASE + code) for code in ("eu", "kz", "oecd")}
OFFICIAL_TEXT = {
    "eu": URIRef("https://eur-lex.europa.eu/eli/reg/2024/1689/oj"),
    "kz": URIRef("https://adilet.zan.kz/rus/docs/Z2500000230"),
    "oecd": URIRef("https://legalinstruments.oecd.org/en/instruments/OECD-LEGAL-0449"),
}
TEAM = URIRef(ID_BASE + "curator/lexgraph-team")
PROHIBITION_LISTS = {
    # list, the jurisdiction a point must be matched in, how many points the official text has
    "eu-art-5-1": (URIRef(EU + "art_5__para_1"), JURISDICTION["kz"], 8),
    "kz-art-17-3": (URIRef(KZ + "art_17__para_3"), JURISDICTION["eu"], 7),
}
CORRESPONDENCE_GRAPHS = GRAPH_BASE + "data/correspondences/"


def code_of(jurisdiction: URIRef) -> str:
    return str(jurisdiction)[len(ID_BASE):]


@pytest.fixture(scope="module")
def statements(loaded) -> list[dict]:
    """Every correspondence and no-counterpart record, ends resolved to jurisdictions (corr-statements.rq)."""
    return rows(run_named(loaded.dataset, "corr-statements"))


@pytest.fixture(scope="module")
def correspondences(statements) -> list[dict]:
    return [s for s in statements if s["kind"] == LG.Correspondence]


@pytest.fixture(scope="module")
def provision_classes(union) -> set[URIRef]:
    """lg:Provision and its subclasses, from the ontology loaded with the data."""
    return set(union.transitive_subjects(RDFS.subClassOf, LG.Provision))


def coverage(union, key: str) -> dict[URIRef, list[URIRef]]:
    parent, other, _ = PROHIBITION_LISTS[key]
    covered: dict[URIRef, list[URIRef]] = defaultdict(list)
    for row in rows(run_named(union, "corr-coverage", list=parent, other=other)):
        covered[row["point"]]  # a point without any statement still shows up, with an empty list
        if "statement" in row:
            covered[row["point"]].append(row["statement"])
    return covered


# (a) coverage of the two lists of prohibitions


@pytest.mark.parametrize("key", sorted(PROHIBITION_LISTS))
def test_prohibition_list_has_the_official_number_of_points(union, key):
    expected = PROHIBITION_LISTS[key][2]
    assert len(coverage(union, key)) == expected, f"{key}: the data should hold all {expected} points"


@pytest.mark.parametrize("key", sorted(PROHIBITION_LISTS))
def test_every_prohibition_point_is_covered(union, key):
    gaps = sorted(str(point) for point, found in coverage(union, key).items() if not found)
    assert not gaps, f"points with neither a correspondence nor a no-counterpart record: {gaps}"


def test_no_point_is_both_matched_and_without_counterpart(statements):
    matched = {(s["from"], s["toJurisdiction"]) for s in statements if s["kind"] == LG.Correspondence}
    matched |= {(s["to"], s["fromJurisdiction"]) for s in statements if s["kind"] == LG.Correspondence}
    lonely = {(s["from"], s["toJurisdiction"]) for s in statements if s["kind"] == LG.NoCounterpart}
    assert not matched & lonely


def test_no_counterpart_records_named_in_the_design_exist(statements):
    lonely = {s["from"] for s in statements if s["kind"] == LG.NoCounterpart}
    assert URIRef(EU + "art_5__para_1__point_h") in lonely
    assert URIRef(KZ + "art_17__para_3__point_7") in lonely


# (b) the ends of every statement


def test_statements_exist(statements, correspondences):
    assert len(correspondences) >= 20
    assert any(s["kind"] == LG.NoCounterpart for s in statements)


def test_correspondence_ends_are_typed_provisions(union, correspondences, provision_classes):
    untyped = [
        (str(s["statement"]), str(end))
        for s in correspondences
        for end in (s["from"], s["to"])
        if not set(union.objects(end, RDF.type)) & provision_classes
    ]
    assert not untyped, f"ends that are not described as provisions: {untyped}"


def test_correspondence_ends_belong_to_different_jurisdictions(correspondences):
    for s in correspondences:
        assert "fromJurisdiction" in s and "toJurisdiction" in s, f"{s['statement']}: an end has no instrument"
        assert s["fromJurisdiction"] != s["toJurisdiction"], s["statement"]


def test_no_counterpart_records_look_in_another_jurisdiction(statements):
    for s in statements:
        if s["kind"] == LG.NoCounterpart:
            assert s["fromJurisdiction"] != s["toJurisdiction"], s["statement"]


def test_statements_follow_their_file_name(statements):
    """data/correspondences/<a>-<b>.ttl: the from side is in a, the other side in b, the IRI says a-b."""
    checked = 0
    for s in statements:
        graph = str(s.get("graph", ""))
        if not graph.startswith(CORRESPONDENCE_GRAPHS):
            continue
        pair = graph[len(CORRESPONDENCE_GRAPHS):]
        source, target = pair.split("-")
        assert code_of(s["fromJurisdiction"]) == source, s["statement"]
        assert code_of(s["toJurisdiction"]) == target, s["statement"]
        assert f"/{pair}/" in str(s["statement"]), s["statement"]
        checked += 1
    assert checked == len(statements)


# (c) the pairs the seed analyses in section 3.2


def aspects_of(union, correspondence: URIRef) -> set[URIRef]:
    return {union.value(d, LG.aspect) for d in union.objects(correspondence, LG.hasDifference)}


def test_social_scoring_eu_ban_is_narrower_with_condition_and_exception(union):
    c = URIRef(CORR + "eu-kz/social-scoring")
    assert union.value(c, LG.fromProvision) == URIRef(EU + "art_5__para_1__point_c")
    assert union.value(c, LG.toProvision) == URIRef(KZ + "art_17__para_3__point_3")
    assert union.value(c, LG.relation) == RELATION.narrower
    assert {ASPECT.condition, ASPECT.exception} <= aspects_of(union, c)
    assert SEED_SOURCE in set(union.objects(c, LG.citesSource))


def test_biometric_categorisation_differs_by_condition(union):
    c = URIRef(CORR + "eu-kz/biometric-categorisation")
    assert union.value(c, LG.fromProvision) == URIRef(EU + "art_5__para_1__point_g")
    assert union.value(c, LG.toProvision) == URIRef(KZ + "art_17__para_3__point_5")
    assert {ASPECT.condition, ASPECT.scope, ASPECT.exception} <= aspects_of(union, c)
    assert SEED_SOURCE in set(union.objects(c, LG.citesSource))


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("emotion-recognition", {ASPECT.scope, ASPECT.condition, ASPECT.exception}),
        ("manipulation", {ASPECT.condition}),
        ("exploitation-of-vulnerabilities", {ASPECT.scope, ASPECT.condition}),
        ("prohibited-practices", {ASPECT.modality, ASPECT.addressee, ASPECT.sanction}),
        ("penalties", {ASPECT.sanction}),
        ("risk-management", {ASPECT.scope, ASPECT.addressee, ASPECT.condition}),
    ],
)
def test_expected_aspects_are_recorded(union, slug, expected):
    assert expected <= aspects_of(union, URIRef(CORR + "eu-kz/" + slug))


def test_every_prohibition_pair_states_modality_addressee_and_sanction(union):
    for letter in "abcdefg":
        found = [
            c
            for c in union.subjects(LG.fromProvision, URIRef(EU + f"art_5__para_1__point_{letter}"))
            if (c, RDF.type, LG.Correspondence) in union
        ]
        assert found, letter
        for c in found:
            assert {ASPECT.modality, ASPECT.addressee, ASPECT.sanction} <= aspects_of(union, c), c


def test_risk_classes_are_mapped_with_skos(union):
    assert (EURISK.high, SKOS.relatedMatch, KZRISK.high) in union
    assert (EURISK.minimal, SKOS.relatedMatch, KZRISK.minimal) in union


# (d) relations, differences, sources, curators


def test_relations_come_from_the_closed_list(union, correspondences):
    allowed = {RELATION[name] for name in RELATION_NAMES}
    for s in correspondences:
        assert list(union.objects(s["statement"], LG.relation)) == [s["relation"]], s["statement"]
        assert s["relation"] in allowed, s["statement"]


def test_every_non_exact_correspondence_has_a_difference(union, correspondences):
    for s in correspondences:
        if s["relation"] != RELATION.exact:
            assert list(union.objects(s["statement"], LG.hasDifference)), s["statement"]


def test_every_difference_has_one_aspect_and_an_english_summary(union):
    allowed = {ASPECT[name] for name in ASPECT_NAMES}
    differences = list(union.subjects(RDF.type, LG.Difference))
    assert differences
    for d in differences:
        assert len(list(union.objects(d, LG.aspect))) == 1, d
        assert union.value(d, LG.aspect) in allowed, d
        assert any(s.language == "en" and len(s) > 40 for s in union.objects(d, LG.summary)), d


def test_statements_are_sourced_curated_and_dated(union, statements):
    for s in statements:
        node = s["statement"]
        assert any(r.language == "en" for r in union.objects(node, LG.rationale)), node
        assert list(union.objects(node, LG.curatedBy)) == [TEAM], node
        assert list(union.objects(node, DCTERMS.created)) == [Literal("2026-11-29", datatype=XSD.date)], node
        assert any(label.language == "en" for label in union.objects(node, RDFS.label)), node


def test_statements_cite_the_official_text_of_each_side(union, statements):
    for s in statements:
        cited = set(union.objects(s["statement"], LG.citesSource))
        for side in (s["fromJurisdiction"], s["toJurisdiction"]):
            assert OFFICIAL_TEXT[code_of(side)] in cited, (s["statement"], side)


def test_cited_sources_are_declared(union):
    cited = set(union.objects(None, LG.citesSource))
    for source in cited & (set(OFFICIAL_TEXT.values()) | {SEED_SOURCE}):
        kinds = set(union.objects(source, RDF.type))
        assert kinds & {LG.OfficialSource, LG.SecondarySource}, source
        assert union.value(source, DCTERMS.title) is not None, source
    assert (SEED_SOURCE, RDF.type, LG.SecondarySource) in union


# (e) source discrepancies


def discrepancies(union) -> list[dict]:
    return rows(run_named(union, "corr-discrepancies", source=SEED_SOURCE))


def test_article_18_numbering_discrepancy_points_at_article_17_3_5(union):
    found = [
        d
        for d in discrepancies(union)
        if d["provision"] == URIRef(KZ + "art_17__para_3__point_5") and "Article 18" in d["secondaryReading"]
    ]
    assert len(found) == 1
    assert "17(3)(5)" in found[0]["officialReading"]


def test_paragraph_2_numbering_discrepancy_points_at_article_17_3(union):
    found = [d for d in discrepancies(union) if d["provision"] == URIRef(KZ + "art_17__para_3")]
    assert any("paragraph 2" in d["secondaryReading"] for d in found)


@pytest.mark.parametrize(
    "slug",
    [
        "eu-ai-definition",
        "eu-lowest-risk-tier-name",
        "kz-ai-system-definition",
        "adopted-by-ministry",
        "social-scoring-eu-condition",
        "biometric-eu-exceptions",
    ],
)
def test_discrepancies_required_by_the_design_exist(union, slug):
    assert (URIRef(DISC + slug), RDF.type, LG.SourceDiscrepancy) in union


def test_the_seeds_oecd_quotation_is_recorded(union):
    oecd_definition = URIRef(ID_BASE + "oecd/legal-0449/sec_1__point_1")
    assert [d for d in discrepancies(union) if d["provision"] == oecd_definition]


def test_every_discrepancy_is_complete(union, provision_classes):
    records = list(union.subjects(RDF.type, LG.SourceDiscrepancy))
    assert len(records) >= 10
    for d in records:
        provisions = list(union.objects(d, LG.concernsProvision))
        assert len(provisions) == 1, d
        assert set(union.objects(provisions[0], RDF.type)) & provision_classes, (d, provisions[0])
        for prop in (LG.secondaryReading, LG.officialReading, LG.summary, RDFS.label):
            values = list(union.objects(d, prop))
            assert len(values) == 1 and values[0].language == "en", (d, prop)
        sources = set(union.objects(d, LG.citesSource))
        assert SEED_SOURCE in sources, d
        assert any((s, RDF.type, LG.OfficialSource) in union for s in sources), d
        assert list(union.objects(d, LG.curatedBy)) == [TEAM], d


# Extra layer: the numbering the records rely on, checked against the official texts in ../shared/reference.


def test_kz_numbering_matches_the_official_text(reference):
    segments = json.loads((reference / "kz-ai-law-230-VIII" / "kz-ai-law-art17-18-ru.json").read_text("utf-8"))
    text = {p["eId"]: p["text"] for p in segments["provisions"]}
    prohibited = sorted(e for e in text if e.startswith("art_17__para_3__point_"))
    assert len(prohibited) == 7
    assert "запрещаются" in text["art_17__para_3__intro"]
    assert "биометрических" in text["art_17__para_3__point_5"]
    assert "социального поведения" in text["art_17__para_3__point_3"]
    assert all("автономности" in text[f"art_17__para_2__point_{n}"] for n in (1, 2, 3))
    assert not any(e.startswith("art_18__para_3") for e in text), "Art 18 has no paragraph 3"
    assert segments["article_headings_ru"]["18"].startswith("Управление рисками")


def test_kz_definitions_are_the_points_linked(reference):
    law = (reference / "kz-ai-law-230-VIII" / "z2500000230-rus-2025-11-17.txt").read_text("utf-8")
    assert "3) искусственный интеллект – функциональная способность" in law
    assert "5) система искусственного интеллекта – объект информатизации" in law


def test_eu_article_5_1_has_eight_points(reference):
    eu = json.loads((reference / "eu-ai-act-text" / "aiact-art3-1_art5_art6_headings.json").read_text("utf-8"))
    points = {p["eId"] for p in eu["provisions"] if p["eId"].startswith("art_5__para_1__point_")}
    letters = {e.split("__")[2] for e in points}
    assert letters == {f"point_{x}" for x in "abcdefgh"}
    assert "‘AI system’ means" in next(p["text"] for p in eu["provisions"] if p["eId"] == "art_3__point_1")
