"""The non-EU, non-KZ instruments (OECD, UN, ISO/IEC, China) and the seed article's analysis graph.

Each instrument carries the fields of docs/modelling.md; the OECD definition of an AI system exists as a
provision; every analysis statement cites the seed article; every lg: term the files use is defined.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from lexgraph.namespaces import FORCE, LGGRAPH, SEED_DOI, SEED_SOURCE, STATUS

LG = Namespace("https://w3id.org/lexgraph/ontology#")
ID = "https://w3id.org/lexgraph/id/"
INSTRUMENT_KINDS = {
    LG.Regulation, LG.Law, LG.Code, LG.Constitution, LG.GovernmentResolution, LG.SubordinateRules,
    LG.Recommendation, LG.Standard, LG.PolicyDocument,
}
DATE_PROPERTIES = (LG.dateAdopted, LG.dateInForce, LG.appliesFrom, LG.appliesUntil)

# IRI -> (kind, jurisdiction code, slug, official link or None, data file)
INSTRUMENTS = {
    ID + "oecd/legal-0449": (
        LG.Recommendation, "oecd", "legal-0449",
        "https://legalinstruments.oecd.org/en/instruments/OECD-LEGAL-0449", "oecd/legal-0449"),
    ID + "un/ares-79-1": (LG.Recommendation, "un", "ares-79-1", "https://docs.un.org/en/a/res/79/1", "un/ares-79-1"),
    ID + "iso/iso-iec-22989": (
        LG.Standard, "iso", "iso-iec-22989", "https://www.iso.org/standard/74296.html", "iso/iso-iec-22989"),
    ID + "iso/iso-iec-23894": (
        LG.Standard, "iso", "iso-iec-23894", "https://www.iso.org/standard/77304.html", "iso/iso-iec-23894"),
    ID + "iso/iso-iec-38507": (
        LG.Standard, "iso", "iso-iec-38507", "https://www.iso.org/standard/56641.html", "iso/iso-iec-38507"),
    ID + "cn/caict-ai-white-paper-2024": (
        LG.PolicyDocument, "cn", "caict-ai-white-paper-2024", None, "cn/caict-ai-white-paper-2024"),
}
OWN_FILES = ["analysis/nurmagambetov-2025", *(spec[4] for spec in INSTRUMENTS.values())]
OECD = URIRef(ID + "oecd/legal-0449")
OECD_AI_SYSTEM = URIRef(ID + "oecd/legal-0449/sec_1__point_1")


def english(values) -> list[Literal]:
    return [v for v in values if isinstance(v, Literal) and v.language == "en"]


@pytest.mark.parametrize("iri", sorted(INSTRUMENTS))
def test_instrument_has_the_required_fields(union, iri):
    kind, code, slug, _official, _file = INSTRUMENTS[iri]
    instrument = URIRef(iri)
    assert set(union.objects(instrument, RDF.type)) & INSTRUMENT_KINDS == {kind}
    assert list(union.objects(instrument, LG.jurisdiction)) == [URIRef(ID + code)]
    assert (URIRef(ID + code), RDF.type, LG.Jurisdiction) in union
    assert [str(s) for s in union.objects(instrument, LG.slug)] == [slug]
    assert iri == f"{ID}{code}/{slug}"
    assert english(union.objects(instrument, DCTERMS.title))
    assert english(union.objects(instrument, LG.summary))
    assert list(union.objects(instrument, LG.status)) == [STATUS["in-force"]]
    assert list(union.objects(instrument, LG.bindingForce)) == [FORCE["soft-law"]]
    assert SEED_SOURCE in set(union.objects(instrument, LG.citesSource))


@pytest.mark.parametrize("iri", sorted(INSTRUMENTS))
def test_instrument_official_link_is_an_official_source(union, iri):
    official = INSTRUMENTS[iri][3]
    links = list(union.objects(URIRef(iri), LG.officialText))
    if official is None:
        assert links == []  # nothing invented where no official text is known
        return
    assert links == [URIRef(official)]
    assert (URIRef(official), RDF.type, LG.OfficialSource) in union
    assert english(union.objects(URIRef(official), DCTERMS.title))
    assert URIRef(official) in set(union.objects(URIRef(iri), LG.citesSource))


@pytest.mark.parametrize("iri", sorted(INSTRUMENTS))
def test_instrument_dates_are_typed(union, iri):
    for prop in DATE_PROPERTIES:
        for value in union.objects(URIRef(iri), prop):
            assert isinstance(value, Literal) and value.datatype == XSD.date, (prop, value)
    for value in union.objects(URIRef(iri), DCTERMS.issued):
        assert value.datatype in (XSD.date, XSD.gYearMonth), value


@pytest.mark.parametrize("iri", sorted(INSTRUMENTS))
def test_instruments_known_through_secondary_sources_say_so(union, iri):
    assert [str(v) for v in union.objects(URIRef(iri), LG.certainty)] == ["secondary-only"]


def test_oecd_dates(union):
    assert union.value(OECD, LG.dateAdopted).toPython() == date(2019, 5, 22)
    modified = {v.toPython() for v in union.objects(OECD, DCTERMS.modified)}
    assert modified == {date(2023, 11, 8), date(2024, 5, 3)}


def test_oecd_ai_system_definition_is_a_provision(union):
    assert (OECD_AI_SYSTEM, RDF.type, LG.Point) in union
    assert str(union.value(OECD_AI_SYSTEM, LG.eId)) == "sec_1__point_1"
    assert OECD in set(union.transitive_objects(OECD_AI_SYSTEM, LG.partOf))
    parent = union.value(OECD_AI_SYSTEM, LG.partOf)
    assert parent == URIRef(ID + "oecd/legal-0449/sec_1")
    assert union.value(parent, LG.partOf) == OECD
    summaries = english(union.objects(OECD_AI_SYSTEM, LG.summary))
    assert len(summaries) == 1 and "machine-based system" in str(summaries[0])
    assert Literal("AI system", lang="en") in set(union.objects(OECD_AI_SYSTEM, LG.keyTerm))
    assert union.value(OECD_AI_SYSTEM, DCTERMS.modified).toPython() == date(2023, 11, 8)


@pytest.mark.parametrize("file", OWN_FILES)
def test_key_terms_stay_short(loaded, file):
    """Quoted wording (the seed's quoted definitions included) is kept as short key terms, never long passages."""
    graph = loaded.dataset.graph(LGGRAPH["data/" + file])
    for term in graph.objects(None, LG.keyTerm):
        assert len(str(term).split()) <= 10, term


def test_un_global_digital_compact_is_annex_one(union):
    annex = URIRef(ID + "un/ares-79-1/annex_I")
    assert (annex, RDF.type, LG.Annex) in union
    assert union.value(annex, LG.partOf) == URIRef(ID + "un/ares-79-1")
    assert str(union.value(annex, LG.eId)) == "annex_I"
    assert Literal("Global Digital Compact", lang="en") in set(union.objects(annex, LG.heading))
    assert union.value(URIRef(ID + "un/ares-79-1"), LG.dateAdopted).toPython() == date(2024, 9, 22)


@pytest.mark.parametrize(("slug", "number"), [
    ("iso-iec-22989", "ISO/IEC 22989:2022"), ("iso-iec-23894", "ISO/IEC 23894:2023"),
    ("iso-iec-38507", "ISO/IEC 38507:2022"),
])
def test_iso_standard_numbers(union, slug, number):
    assert [str(n) for n in union.objects(URIRef(ID + "iso/" + slug), LG.number)] == [number]


def test_caict_white_paper_names_hallucinations_and_remedies(union):
    paper = URIRef(ID + "cn/caict-ai-white-paper-2024")
    risks = list(union.subjects(LG.identifiedBy, paper))
    assert len(risks) == 1
    risk = risks[0]
    assert (risk, RDF.type, LG.IdentifiedRisk) in union
    measures = str(union.value(risk, LG.proposedMeasures))
    assert "RLHF" in measures and "NeMo Guardrails" in measures
    assert "delusions" in str(union.value(risk, LG.sourceLabel))


def test_seed_source_node(union):
    assert (SEED_SOURCE, RDF.type, LG.SecondarySource) in union
    assert [str(d) for d in union.objects(SEED_SOURCE, LG.doi)] == [SEED_DOI]
    assert Literal(
        "Artificial Intelligence and Law: Procedural Safeguards and Regulatory Challenges in Kazakhstan", lang="en"
    ) in set(union.objects(SEED_SOURCE, DCTERMS.title))
    creators = {str(c) for c in union.objects(SEED_SOURCE, DCTERMS.creator)}
    assert creators == {"Anuar Nurmagambetov", "Anet Nurmagambetov", "Amanzhol Nurmagambetov", "Aigerim Zhumabayeva"}
    assert (SEED_SOURCE, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in union
    assert union.value(SEED_SOURCE, DCTERMS.issued).datatype == XSD.date


def analysis_statements(union) -> set[URIRef]:
    kinds = set(union.transitive_subjects(RDFS.subClassOf, LG.AnalysisStatement))
    return {s for kind in kinds for s in union.subjects(RDF.type, kind)}


def test_there_are_analysis_statements(union):
    # 4 + 5 + 4 + 3 + 4 table rows alone
    assert len(analysis_statements(union)) >= 20


def test_every_analysis_statement_cites_the_seed(union):
    missing = [str(s) for s in analysis_statements(union) if (s, LG.citesSource, SEED_SOURCE) not in union]
    assert missing == []


def test_every_analysis_statement_is_labelled_and_curated(union):
    for statement in analysis_statements(union):
        assert english(union.objects(statement, RDFS.label)), statement
        assert union.value(statement, LG.curatedBy) == URIRef(ID + "curator/lexgraph-team"), statement
        assert union.value(statement, DCTERMS.created).datatype == XSD.date, statement


def test_findings_and_proposals_have_a_summary_and_a_section(union):
    for kind in (LG.Finding, LG.Proposal):
        for statement in union.subjects(RDF.type, kind):
            assert english(union.objects(statement, LG.summary)), statement
            assert union.value(statement, LG.section) is not None, statement


def test_analysis_text_is_english(union):
    text_properties = [
        LG.sourceLabel, LG.description, LG.measures, LG.examples, LG.definitionOfAI, LG.degreeOfRegulation,
        LG.ethicalStandards, LG.problems, LG.advantages, LG.limitations, LG.applicability, LG.proposedMeasures,
        LG.curatorNote,
    ]
    for prop in text_properties:
        for value in union.objects(None, prop):
            assert isinstance(value, Literal) and value.language == "en", (prop, value)


@pytest.mark.parametrize("file", OWN_FILES)
def test_every_lg_term_used_is_defined(loaded, union, file):
    graph = loaded.dataset.graph(LGGRAPH["data/" + file])
    assert len(graph) > 0, file
    used = {p for p in graph.predicates() if str(p).startswith(str(LG))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(LG))}
    ontology = URIRef("https://w3id.org/lexgraph/ontology")
    undefined = [str(t) for t in used if (t, RDFS.isDefinedBy, ontology) not in union]
    assert undefined == []
