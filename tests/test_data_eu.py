"""The curated EU AI Act (data/eu/reg-2024-1689.ttl) against the structure and dates of the official text.

The first layer needs nothing but the repository: it pins the official structure (eight points in
Art 5(1), eight paragraphs in Art 5, eight areas in Annex III ...), the norms, and the application
dates of Art 113. The `reference` layer checks the same facts against ../shared/reference.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from lexgraph.ids import EID_RE, parse_id
from lexgraph.namespaces import (
    ACTIVITY,
    EURISK,
    LG,
    LGGRAPH,
    OBLIGATION,
    PRACTICE,
    ROLE,
    SEED_DOI,
    SEED_SOURCE,
)
from lexgraph.queries import prepared_named, rows, run

ACT = URIRef("https://w3id.org/lexgraph/id/eu/reg-2024-1689")
P = Namespace(str(ACT) + "/")
EURLEX = URIRef("https://eur-lex.europa.eu/eli/reg/2024/1689/oj")
# Plain IRIs rather than rdflib's XSD namespace object, which warns when pytest inspects module globals.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
LETTERS = "abcdefgh"

# Art 5(1) point -> the practice its prohibition regulates.
ART_5_PRACTICES = {
    "a": PRACTICE["subliminal-manipulation"],
    "b": PRACTICE["exploitation-of-vulnerabilities"],
    "c": PRACTICE["social-scoring"],
    "d": PRACTICE["criminal-risk-profiling"],
    "e": PRACTICE["facial-image-scraping"],
    "f": PRACTICE["emotion-recognition"],
    "g": PRACTICE["biometric-categorisation"],
    "h": PRACTICE["real-time-remote-biometric-identification"],
}

# Article -> obligation type its norm must carry (requirements of Chapter III and friends).
ARTICLE_OBLIGATIONS = {
    "art_9": "risk-management",
    "art_10": "data-governance",
    "art_11": "technical-documentation",
    "art_12": "record-keeping",
    "art_13": "transparency",
    "art_14": "human-oversight",
    "art_15": "accuracy-robustness-cybersecurity",
    "art_16": "quality-management",
    "art_26": "human-oversight",
    "art_27": "fundamental-rights-impact-assessment",
    "art_49": "registration",
    "art_71": "registration",
    "art_72": "post-market-monitoring",
}

# Application dates of Art 113, as data on the provisions.
APPLICATION_DATES = {
    "art_3": "2025-02-02",
    "art_4": "2025-02-02",
    "art_5": "2025-02-02",
    "art_99": "2025-08-02",
    "art_6__para_1": "2027-08-02",
}


@pytest.fixture(scope="module")
def eu(loaded) -> Graph:
    """The named graph of the EU AI Act file alone."""
    graph = loaded.dataset.graph(LGGRAPH["data/eu/reg-2024-1689"])
    assert len(graph) > 0, "data/eu/reg-2024-1689.ttl was not loaded into its named graph"
    return graph


def provisions(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(LG.eId, None)}


def children(graph: Graph, parent: URIRef, kind: URIRef | None = None) -> list[URIRef]:
    """Direct children in lg:order."""
    found = [c for c in graph.subjects(LG.partOf, parent) if kind is None or (c, RDF.type, kind) in graph]
    return sorted(found, key=lambda c: int(graph.value(c, LG.order)))


def eid(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, LG.eId))


def norms_of(graph: Graph, provision: URIRef) -> list[URIRef]:
    return list(graph.objects(provision, LG.establishes))


def applicable_on(graph: Graph, day: date, instrument: URIRef | None = ACT) -> set[str]:
    bindings = {"date": day} | ({"instrument": instrument} if instrument else {})
    return {str(r["eId"]) for r in rows(run(graph, prepared_named("provisions-applicable-on"), bindings))}


# --- the instrument ---------------------------------------------------------------------------------


def test_instrument_identity_and_dates(eu):
    assert (ACT, RDF.type, LG.Regulation) in eu
    assert eu.value(ACT, LG.jurisdiction) == URIRef("https://w3id.org/lexgraph/id/eu")
    assert eu.value(ACT, LG.eli) == URIRef("http://data.europa.eu/eli/reg/2024/1689/oj")
    assert str(eu.value(ACT, LG.celex)) == "32024R1689"
    assert str(eu.value(ACT, LG.slug)) == "reg-2024-1689"
    assert eu.value(ACT, LG.dateAdopted) == Literal("2024-06-13", datatype=XSD_DATE)
    assert eu.value(ACT, LG.dateInForce) == Literal("2024-08-01", datatype=XSD_DATE)
    assert eu.value(ACT, LG.appliesFrom) == Literal("2026-08-02", datatype=XSD_DATE)
    assert eu.value(ACT, LG.officialText) == EURLEX


def test_sources_are_declared_and_cited(eu):
    assert (ACT, LG.citesSource, EURLEX) in eu
    assert (EURLEX, RDF.type, LG.OfficialSource) in eu
    assert (SEED_SOURCE, RDF.type, LG.SecondarySource) in eu
    assert str(eu.value(SEED_SOURCE, LG.doi)) == SEED_DOI
    # Every cited source is declared in this file with its kind.
    for source in set(eu.objects(None, LG.citesSource)):
        assert {LG.OfficialSource, LG.SecondarySource} & set(eu.objects(source, RDF.type)), source
    # The seed is cited where the file reports its reading.
    assert (P["art_5__para_1__point_c#norm"], LG.citesSource, SEED_SOURCE) in eu


# --- identifiers and tree ---------------------------------------------------------------------------


def test_every_eid_is_well_formed_and_is_the_iri(eu):
    found = provisions(eu)
    assert len(found) > 100
    for node in found:
        value = eid(eu, node)
        assert EID_RE.fullmatch(value), value
        assert node == P[value], f"{node} does not end in its eId {value}"
        assert parse_id(f"eu/reg-2024-1689/{value}").iri == node


def test_every_provision_has_one_parent_whose_eid_prefixes_its_own(eu):
    for node in provisions(eu):
        parents = list(eu.objects(node, LG.partOf))
        assert len(parents) == 1, node
        parent = parents[0]
        if parent == ACT:
            assert "__" not in eid(eu, node)
        else:
            assert parent in provisions(eu), f"{node} is part of {parent}, which is not in the file"
            assert eid(eu, node).startswith(eid(eu, parent) + "__"), node


def test_sibling_orders_are_unique_positive_integers(eu):
    by_parent: dict[URIRef, list[int]] = {}
    for node in provisions(eu):
        order = eu.value(node, LG.order)
        assert order is not None and order.datatype == XSD_INTEGER, node
        assert int(order) >= 1, node
        by_parent.setdefault(eu.value(node, LG.partOf), []).append(int(order))
    for parent, orders in by_parent.items():
        assert len(orders) == len(set(orders)), f"duplicate lg:order under {parent}"


def test_numbered_provisions_carry_their_number(eu):
    for node in provisions(eu):
        last = eid(eu, node).split("__")[-1]
        if last == "intro" or last.startswith("subpara_"):
            assert eu.value(node, LG.number) is None, node
        else:
            assert str(eu.value(node, LG.number)) == last.split("_", 1)[1], node


def test_kinds_follow_the_eid(eu):
    kinds = {"art": LG.Article, "para": LG.Paragraph, "point": LG.Point, "subpara": LG.Subparagraph,
             "intro": LG.ListIntroduction, "annex": LG.Annex}
    for node in provisions(eu):
        last = eid(eu, node).split("__")[-1]
        assert (node, RDF.type, kinds[last.split("_")[0]]) in eu, node


def test_articles_and_annexes_have_heading_label_summary_and_official_text(eu):
    tops = [n for n in provisions(eu) if eu.value(n, LG.partOf) == ACT]
    assert {eid(eu, n) for n in tops} >= {
        "art_3", "art_5", "art_6", *(f"art_{i}" for i in range(8, 17)),
        "art_26", "art_27", "art_49", "art_50", "art_71", "art_72", "art_99", "art_113", "annex_III",
    }
    for node in tops:
        heading = eu.value(node, LG.heading)
        assert heading is not None and heading.language == "en", node
        assert eu.value(node, LG.officialText) == EURLEX, node
        number = str(eu.value(node, LG.number))
        kind = "Article" if (node, RDF.type, LG.Article) in eu else "Annex"
        assert eu.value(node, RDFS.label) == Literal(f"{kind} {number}", lang="en")
        if kind == "Article":
            assert int(eu.value(node, LG.order)) == int(number)


def test_labels_follow_the_official_citation_style(eu):
    assert eu.value(P["art_5__para_1__point_c"], RDFS.label) == Literal("Article 5(1)(c)", lang="en")
    assert eu.value(P["art_5__para_1__point_h__point_iii"], RDFS.label) == Literal("Article 5(1)(h)(iii)", lang="en")
    assert eu.value(P["art_3__point_1"], RDFS.label) == Literal("Article 3(1)", lang="en")
    assert eu.value(P["annex_III__point_4"], RDFS.label) == Literal("Annex III, point 4", lang="en")


def test_text_is_short_own_words_with_language_tags(eu):
    """Summaries are a few sentences, key terms are short quotes: no pasted passages (design.md)."""
    for predicate, limit in ((LG.summary, 600), (LG.keyTerm, 80), (RDFS.label, 160), (LG.heading, 120)):
        for subject, value in eu.subject_objects(predicate):
            assert isinstance(value, Literal) and value.language == "en", (subject, predicate)
            assert len(value) <= limit, f"{subject} {predicate}: {len(value)} characters"
    for node in provisions(eu):
        assert eu.value(node, LG.summary) is not None, node
        assert eu.value(node, RDFS.label) is not None, node


# --- Article 3 --------------------------------------------------------------------------------------


def test_ai_system_definition(eu):
    point = P["art_3__point_1"]
    assert eu.value(point, LG.partOf) == P["art_3"]
    terms = {str(t) for t in eu.objects(point, LG.keyTerm)}
    assert {"machine-based system", "varying levels of autonomy", "adaptiveness", "infers"} <= terms


# --- Article 5 --------------------------------------------------------------------------------------


def test_article_5_has_eight_paragraphs(eu):
    paragraphs = children(eu, P["art_5"], LG.Paragraph)
    assert [eid(eu, p) for p in paragraphs] == [f"art_5__para_{n}" for n in range(1, 9)]
    assert [str(eu.value(p, LG.number)) for p in paragraphs] == [str(n) for n in range(1, 9)]


def test_article_5_1_has_points_a_to_h_after_its_lead_in(eu):
    para = P["art_5__para_1"]
    points = children(eu, para, LG.Point)
    assert [str(eu.value(p, LG.number)) for p in points] == list(LETTERS)
    assert [eid(eu, p) for p in points] == [f"art_5__para_1__point_{x}" for x in LETTERS]
    assert [eid(eu, c) for c in children(eu, para)] == (
        ["art_5__para_1__intro"] + [f"art_5__para_1__point_{x}" for x in LETTERS] + ["art_5__para_1__subpara_2"]
    )
    assert (P["art_5__para_1__intro"], RDF.type, LG.ListIntroduction) in eu


@pytest.mark.parametrize(("point", "subpoints"), [("c", ["i", "ii"]), ("h", ["i", "ii", "iii"])])
def test_sub_points_of_5_1_c_and_h(eu, point, subpoints):
    parent = P[f"art_5__para_1__point_{point}"]
    assert [str(eu.value(p, LG.number)) for p in children(eu, parent, LG.Point)] == subpoints
    intro = P[f"art_5__para_1__point_{point}__intro"]
    assert (intro, RDF.type, LG.ListIntroduction) in eu
    assert children(eu, parent)[0] == intro


def test_no_other_point_of_5_1_has_sub_points(eu):
    for letter in "abdefg":
        assert children(eu, P[f"art_5__para_1__point_{letter}"]) == []


@pytest.mark.parametrize("letter", list(LETTERS))
def test_each_point_of_5_1_establishes_exactly_one_prohibition_with_its_practice(eu, letter):
    point = P[f"art_5__para_1__point_{letter}"]
    norms = norms_of(eu, point)
    assert len(norms) == 1
    norm = norms[0]
    assert norm == URIRef(f"{point}#norm")
    assert set(eu.objects(norm, RDF.type)) == {LG.Prohibition}
    assert list(eu.objects(norm, LG.regulatesPractice)) == [ART_5_PRACTICES[letter]]
    assert list(eu.objects(norm, LG.appliesToRiskClass)) == [EURISK.prohibited]
    assert eu.value(norm, RDFS.label) is not None and eu.value(norm, LG.summary) is not None


@pytest.mark.parametrize("letter", list("abcdefg"))
def test_points_a_to_g_ban_marketing_service_and_use_by_providers_and_deployers(eu, letter):
    norm = P[f"art_5__para_1__point_{letter}#norm"]
    assert set(eu.objects(norm, LG.regulatesActivity)) == {
        ACTIVITY["placing-on-market"], ACTIVITY["putting-into-service"], ACTIVITY.use,
    }
    assert set(eu.objects(norm, LG.addressee)) == {ROLE.provider, ROLE.deployer}


def test_point_h_bans_only_the_use_for_law_enforcement(eu):
    norm = P["art_5__para_1__point_h#norm"]
    assert set(eu.objects(norm, LG.regulatesActivity)) == {ACTIVITY.use}
    assert ROLE["law-enforcement"] in set(eu.objects(norm, LG.addressee))
    assert ROLE.provider not in set(eu.objects(norm, LG.addressee))


def test_social_scoring_is_conditional_without_exception(eu):
    norm = P["art_5__para_1__point_c#norm"]
    conditions = list(eu.objects(norm, LG.hasCondition))
    assert len(conditions) == 1
    condition = conditions[0]
    assert (condition, RDF.type, LG.Condition) in eu
    assert set(eu.objects(condition, LG.refersTo)) == {
        P["art_5__para_1__point_c__point_i"], P["art_5__para_1__point_c__point_ii"],
    }
    assert list(eu.objects(norm, LG.hasException)) == []


# letter -> (conditions, exceptions) the text sets.
QUALIFIERS = {"a": (2, 0), "b": (2, 0), "c": (1, 0), "d": (1, 1), "e": (0, 0), "f": (1, 1), "g": (1, 1), "h": (1, 3)}


@pytest.mark.parametrize("letter", list(LETTERS))
def test_conditions_and_exceptions_of_5_1_are_typed_named_nodes(eu, letter):
    norm = P[f"art_5__para_1__point_{letter}#norm"]
    conditions = sorted(eu.objects(norm, LG.hasCondition))
    exceptions = sorted(eu.objects(norm, LG.hasException))
    assert (len(conditions), len(exceptions)) == QUALIFIERS[letter]
    for n, node in enumerate(conditions, start=1):
        assert node == URIRef(f"{norm}-condition-{n}")
        assert set(eu.objects(node, RDF.type)) == {LG.Condition}
    for n, node in enumerate(exceptions, start=1):
        assert node == URIRef(f"{norm}-exception-{n}")
        assert set(eu.objects(node, RDF.type)) == {LG.Exception}
    for node in conditions + exceptions:
        assert eu.value(node, RDFS.label) and eu.value(node, LG.summary)
        targets = list(eu.objects(node, LG.refersTo))
        assert targets and all(t in provisions(eu) for t in targets), node


def test_real_time_biometric_exceptions_are_the_three_objectives_under_paragraphs_2_to_5(eu):
    norm = P["art_5__para_1__point_h#norm"]
    objectives = set()
    for exception in eu.objects(norm, LG.hasException):
        targets = set(eu.objects(exception, LG.refersTo))
        assert {P[f"art_5__para_{n}"] for n in range(2, 6)} <= targets
        objectives |= {t for t in targets if "__point_h__point_" in str(t)}
    assert objectives == {P[f"art_5__para_1__point_h__point_{x}"] for x in ("i", "ii", "iii")}


def test_exceptions_of_emotion_recognition_and_biometric_categorisation(eu):
    f_exception = eu.value(P["art_5__para_1__point_f#norm"], LG.hasException)
    assert "medical or safety" in str(eu.value(f_exception, LG.summary))
    assert "workplace" in str(eu.value(eu.value(P["art_5__para_1__point_f#norm"], LG.hasCondition), LG.summary))
    g_exception = str(eu.value(eu.value(P["art_5__para_1__point_g#norm"], LG.hasException), LG.summary))
    assert "lawfully acquired biometric datasets" in g_exception and "law enforcement" in g_exception


# --- Article 6 and Annex III ------------------------------------------------------------------------


def test_article_6_has_eight_paragraphs_and_the_derogation_conditions(eu):
    paragraphs = children(eu, P["art_6"], LG.Paragraph)
    assert [str(eu.value(p, LG.number)) for p in paragraphs] == [str(n) for n in range(1, 9)]
    conditions = children(eu, P["art_6__para_3__subpara_2"], LG.Point)
    assert [str(eu.value(p, LG.number)) for p in conditions] == list("abcd")
    derogation = P["art_6__para_3#norm"]
    assert (derogation, RDF.type, LG.Exemption) in eu
    condition = eu.value(derogation, LG.hasCondition)
    assert set(eu.objects(condition, LG.refersTo)) == set(conditions)
    assert eu.value(eu.value(derogation, LG.hasException), LG.refersTo) == P["art_6__para_3__subpara_3"]


def test_annex_iii_has_the_eight_high_risk_areas(eu):
    points = children(eu, P["annex_III"], LG.Point)
    assert [eid(eu, p) for p in points] == [f"annex_III__point_{n}" for n in range(1, 9)]
    areas = ["Biometrics", "Critical infrastructure", "Education", "Employment", "essential",
             "Law enforcement", "Migration", "justice"]
    for point, area in zip(points, areas, strict=True):
        assert area.lower() in str(eu.value(point, LG.summary)).lower(), point


# --- obligations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("article", "kind"), sorted(ARTICLE_OBLIGATIONS.items()))
def test_high_risk_articles_set_typed_obligations(eu, article, kind):
    norm = P[f"{article}#norm"]
    assert (P[article], LG.establishes, norm) in eu
    assert (norm, RDF.type, LG.Obligation) in eu
    assert OBLIGATION[kind] in set(eu.objects(norm, LG.obligationType))
    assert set(eu.objects(norm, LG.appliesToRiskClass)) == {EURISK.high}
    assert set(eu.objects(norm, LG.addressee)) & {ROLE.provider, ROLE.deployer}


def test_provider_and_deployer_duties_are_addressed_to_them(eu):
    assert set(eu.objects(P["art_16#norm"], LG.addressee)) == {ROLE.provider}
    assert set(eu.objects(P["art_26#norm"], LG.addressee)) == {ROLE.deployer}
    assert ROLE.deployer in set(eu.objects(P["art_27#norm"], LG.addressee))


@pytest.mark.parametrize(("paragraph", "role", "kind"), [
    (1, "provider", "transparency"), (2, "provider", "labelling"),
    (3, "deployer", "transparency"), (4, "deployer", "labelling"),
])
def test_article_50_transparency_duties_are_limited_risk(eu, paragraph, role, kind):
    norm = P[f"art_50__para_{paragraph}#norm"]
    assert (norm, RDF.type, LG.Obligation) in eu
    assert set(eu.objects(norm, LG.appliesToRiskClass)) == {EURISK.limited}
    assert set(eu.objects(norm, LG.addressee)) == {ROLE[role]}
    assert OBLIGATION[kind] in set(eu.objects(norm, LG.obligationType))
    assert eu.value(norm, LG.regulatesPractice) is not None


def test_fine_ceilings_of_article_99(eu):
    tiers = {3: ("EUR 35 000 000", "7 %"), 4: ("EUR 15 000 000", "3 %"), 5: ("EUR 7 500 000", "1 %")}
    for paragraph, terms in tiers.items():
        assert set(terms) <= {str(t) for t in eu.objects(P[f"art_99__para_{paragraph}"], LG.keyTerm)}
    assert "Article 5" in str(eu.value(P["art_99__para_3"], LG.summary))


def test_every_norm_uses_concepts_of_the_right_scheme(eu, union):
    """Practices, roles, activities, risk classes and obligation types exist in their vocabularies."""
    expected = {
        LG.regulatesPractice: LG.AIPractice, LG.addressee: LG.Role, LG.regulatesActivity: LG.RegulatedActivity,
        LG.appliesToRiskClass: LG.RiskClass, LG.obligationType: LG.ObligationType,
    }
    norms = {n for n in eu.objects(None, LG.establishes)}
    assert len(norms) >= 30
    for norm in norms:
        assert (None, LG.establishes, norm) in eu
        assert str(norm).startswith(str(ACT) + "/") and "#norm" in str(norm)
        for predicate, cls in expected.items():
            for concept in eu.objects(norm, predicate):
                assert (concept, RDF.type, cls) in union, f"{norm} {predicate} {concept}: not a {cls}"
        if (norm, RDF.type, LG.Obligation) in eu:
            assert eu.value(norm, LG.obligationType) is not None, norm


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("eid_", "day"), sorted(APPLICATION_DATES.items()))
def test_application_dates_are_data(eu, eid_, day):
    assert eu.value(P[eid_], LG.appliesFrom) == Literal(day, datatype=XSD_DATE)


def test_article_5_applies_on_1_march_2025_but_article_6_1_does_not(union):
    applicable = applicable_on(union, date(2025, 3, 1))
    assert {"art_5", "art_5__para_1__point_c", "art_5__para_1__point_c__point_i", "art_3__point_1"} <= applicable
    assert "art_4" in applicable
    assert not {"art_6__para_1", "art_6__para_1__point_a", "art_6", "art_9", "art_50", "art_99"} & applicable


def test_application_stages_of_article_113(union):
    assert applicable_on(union, date(2025, 2, 1)) == set()
    summer_2025 = applicable_on(union, date(2025, 8, 2))
    assert "art_99__para_3" in summer_2025 and "art_9" not in summer_2025
    assert "art_99" not in applicable_on(union, date(2025, 8, 1))
    general = applicable_on(union, date(2026, 8, 2))
    assert {"art_6", "art_6__para_3", "art_9", "art_50__para_1", "annex_III__point_1"} <= general
    assert "art_6__para_1" not in general and "art_6__para_1__point_b" not in general
    assert {"art_6__para_1", "art_6__para_1__point_b"} <= applicable_on(union, date(2027, 8, 2))


def test_applicable_on_reports_the_date_each_provision_applies_from(union):
    result = rows(run(union, prepared_named("provisions-applicable-on"), {"date": date(2030, 1, 1), "instrument": ACT}))
    dates = {str(r["eId"]): str(r["appliesFrom"]) for r in result}
    assert dates["art_5__para_1__point_h__point_ii"] == "2025-02-02"
    assert dates["art_99__para_7"] == "2025-08-02"
    assert dates["art_26__para_7"] == "2026-08-02"
    assert dates["art_6__para_1__intro"] == "2027-08-02"
    assert dates["art_6__para_2"] == "2026-08-02"
    assert {str(r["instrument"]) for r in result} == {str(ACT)}


def test_applicable_on_handles_until_drafts_and_fallbacks():
    """Synthetic data for the rules the EU file does not exercise: appliesUntil, drafts, dateInForce."""
    turtle = """
    @prefix lg: <https://w3id.org/lexgraph/ontology#> .
    @prefix status: <https://w3id.org/lexgraph/vocab/instrument-status/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <urn:x:law> lg:dateInForce "2020-01-01"^^xsd:date .
    <urn:x:law/art_1> lg:eId "art_1" ; lg:partOf <urn:x:law> .
    <urn:x:law/art_2> lg:eId "art_2" ; lg:partOf <urn:x:law> ; lg:appliesUntil "2021-12-31"^^xsd:date .
    <urn:x:law/art_2__para_1> lg:eId "art_2__para_1" ; lg:partOf <urn:x:law/art_2> .
    <urn:x:law/art_3> lg:eId "art_3" ; lg:partOf <urn:x:law> ; lg:appliesFrom "2023-01-01"^^xsd:date .
    <urn:x:draft> lg:status status:draft ; lg:dateInForce "2020-01-01"^^xsd:date .
    <urn:x:draft/art_1> lg:eId "art_1" ; lg:partOf <urn:x:draft> .
    """
    graph = Graph().parse(data=turtle, format="turtle")
    assert applicable_on(graph, date(2019, 12, 31), None) == set()
    assert applicable_on(graph, date(2021, 6, 1), None) == {"art_1", "art_2", "art_2__para_1"}
    assert applicable_on(graph, date(2023, 6, 1), None) == {"art_1", "art_3"}
    assert applicable_on(graph, date(2023, 6, 1), URIRef("urn:x:draft")) == set()


def test_no_provision_is_nested_deeper_than_the_applicability_query_reads(union):
    """provisions-applicable-on.rq unrolls five ancestors above a provision; deeper nesting would lose dates."""
    for node in union.subjects(LG.eId, None):
        hops, current = 0, node
        while (parent := union.value(current, LG.partOf)) is not None:
            hops, current = hops + 1, parent
        assert hops <= 6, f"{node} is {hops} levels below its instrument"


# --- vocabularies this file added to ----------------------------------------------------------------

VOCAB_STYLE = (RDFS.label, SKOS.prefLabel, SKOS.notation, LG.order, SKOS.definition, RDFS.isDefinedBy,
               URIRef("http://purl.org/dc/terms/created"), URIRef("http://www.w3.org/2003/06/sw-vocab-status/ns#term_status"),
               SKOS.inScheme, SKOS.topConceptOf)


@pytest.mark.parametrize(("scheme", "cls"), [
    ("ai-practice", LG.AIPractice), ("obligation-type", LG.ObligationType), ("role", LG.Role),
])
def test_owned_vocabularies_keep_their_style(union, scheme, cls):
    scheme_iri = URIRef(f"https://w3id.org/lexgraph/vocab/{scheme}")
    concepts = set(union.subjects(SKOS.inScheme, scheme_iri))
    assert concepts
    orders = []
    for concept in concepts:
        assert (concept, RDF.type, cls) in union and (concept, RDF.type, SKOS.Concept) in union
        for predicate in VOCAB_STYLE:
            assert union.value(concept, predicate) is not None, f"{concept} lacks {predicate}"
        assert str(concept) == f"{scheme_iri}/{union.value(concept, SKOS.notation)}"
        orders.append(int(union.value(concept, LG.order)))
    assert sorted(orders) == list(range(1, len(orders) + 1))


# --- against ../shared/reference (extra layer) --------------------------------------------------------


@pytest.fixture(scope="module")
def reference_json(reference) -> dict:
    return json.loads((reference / "eu-ai-act-text" / "aiact-art3-1_art5_art6_headings.json").read_text("utf-8"))


def test_art_5_1_eids_match_the_reference(eu, reference_json):
    theirs = {p["eId"] for p in reference_json["provisions"] if p["eId"].startswith("art_5__para_1__")}
    ours = {eid(eu, n) for n in provisions(eu) if eid(eu, n).startswith("art_5__para_1__")}
    # The reference lists text segments: a point split into lead-in and sub-points has no entry of its own.
    containers = {e.rsplit("__", 1)[0] for e in theirs if e.count("__") == 3}
    assert ours == theirs | containers
    letters = {m.group(1) for e in theirs if (m := re.match(r"art_5__para_1__point_([a-z])(?:__|$)", e))}
    assert sorted(letters) == list(LETTERS)


def test_every_reference_provision_is_curated_with_its_label(eu, reference_json):
    for item in reference_json["provisions"]:
        node = P[item["eId"]]
        assert node in provisions(eu), item["eId"]
        assert eu.value(node, RDFS.label) == Literal(item["label"], lang="en"), item["eId"]


def test_headings_match_the_reference(eu, reference_json):
    headings = reference_json["article_headings"]
    articles = [n for n in provisions(eu) if (n, RDF.type, LG.Article) in eu]
    assert len(articles) >= 20
    for node in articles:
        number = str(eu.value(node, LG.number))
        assert str(eu.value(node, LG.heading)) == headings[number], number


def test_instrument_facts_match_the_reference(eu, reference_json):
    act = reference_json["act"]
    assert str(eu.value(ACT, LG.celex)) == act["celex"]
    assert str(eu.value(ACT, LG.eli)) == act["eli"]
    assert str(eu.value(ACT, LG.dateAdopted)) == act["date_document"]
    assert str(eu.value(ACT, LG.dateInForce)) == act["first_date_entry_in_force"]
    assert str(eu.value(EURLEX, URIRef("http://purl.org/dc/terms/issued"))) == act["date_publication"]


MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}


def _article_113_dates(reference) -> dict[str, str]:
    text = (reference / "eu-ai-act-text" / "commonaccord-aiact-articles.md").read_text("utf-8")
    found = {}
    for key in ("113.2", "113.3.1", "113.3.2", "113.3.3"):
        line = re.search(rf"^{re.escape(key)}\.sec=(.*)$", text, re.M).group(1)
        day, month, year = re.search(r"(\d{1,2}) (\w+) (\d{4})", line).groups()
        found[key] = date(int(year), MONTHS[month], int(day)).isoformat()
    return found


def test_application_dates_match_article_113_of_the_reference(eu, reference):
    dates = _article_113_dates(reference)
    assert str(eu.value(ACT, LG.appliesFrom)) == dates["113.2"]
    assert str(eu.value(P["art_5"], LG.appliesFrom)) == dates["113.3.1"]  # Chapters I and II
    assert str(eu.value(P["art_3"], LG.appliesFrom)) == dates["113.3.1"]
    assert str(eu.value(P["art_99"], LG.appliesFrom)) == dates["113.3.2"]  # Chapter XII
    assert str(eu.value(P["art_6__para_1"], LG.appliesFrom)) == dates["113.3.3"]


def test_annex_iii_areas_match_the_reference(eu, reference):
    text = (reference / "eu-ai-act-text" / "commonaccord-aiact-annex-III.md").read_text("utf-8")
    areas = re.findall(r"^(\d)\.(?:0\.)?sec=([^:{]+)", text, re.M)
    assert [n for n, _ in areas] == [str(n) for n in range(1, 9)]
    for number, heading in areas:
        first_word = heading.split()[0].rstrip(",:")
        assert str(eu.value(P[f"annex_III__point_{number}"], LG.summary)).startswith(first_word), number


def test_fine_ceilings_match_the_reference(eu, reference):
    text = (reference / "eu-ai-act-text" / "commonaccord-aiact-articles.md").read_text("utf-8")
    for paragraph in (3, 4, 5):
        line = re.search(rf"^99\.{paragraph}(?:\.0)?\.sec=(.*)$", text, re.M).group(1)
        for term in eu.objects(P[f"art_99__para_{paragraph}"], LG.keyTerm):
            assert str(term) in line, (paragraph, str(term))


def test_summaries_do_not_copy_the_official_text(eu, reference):
    """No run of ten words from the official text appears in a summary: summaries are our own words."""
    text = (reference / "eu-ai-act-text" / "commonaccord-aiact-articles.md").read_text("utf-8")
    text += (reference / "eu-ai-act-text" / "commonaccord-aiact-annex-III.md").read_text("utf-8")
    words = re.findall(r"[a-z0-9]+", re.sub(r"\{_?([^}]*)\}", r"\1", text).replace("_", " ").lower())
    shingles = {" ".join(words[i:i + 10]) for i in range(len(words) - 9)}
    for subject, summary in eu.subject_objects(LG.summary):
        own = re.findall(r"[a-z0-9]+", summary.lower())
        copied = [" ".join(own[i:i + 10]) for i in range(len(own) - 9) if " ".join(own[i:i + 10]) in shingles]
        assert not copied, f"{subject}: {copied[0]}"
