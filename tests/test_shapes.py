"""Each SHACL shape against a conforming and a violating snippet (tests/shapes/<case>/), W3C-manifest style.

Every snippet is loaded with the real ontology and tests/shapes/common.ttl (a small conforming context). The
conforming one must conform; the violating one must fail with exactly the expected (shape, focus node) pairs.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from lexgraph.ids import EID_RE, INSTRUMENT_RE
from lexgraph.loader import LoadedDataset, load
from lexgraph.namespaces import ID_BASE, LG, RELATION, RELATION_NAMES, SH, VOCAB_BASE
from lexgraph.validation import SHAPES, load_shapes, validate

CASES_DIR = Path(__file__).parent / "shapes"
COMMON = CASES_DIR / "common.ttl"

# case folder -> {shape local name: [focus nodes]}; a focus node is a short LexGraph id or a full IRI.
MANIFEST: dict[str, dict[str, list[str]]] = {
    # provision.ttl
    "provision-parent": {"ProvisionParentShape": ["eu/reg-test/art_1__para_2"],
                         "ProvisionChainShape": ["eu/reg-test/art_1__para_2"]},
    "provision-chain": {"ProvisionChainShape": ["eu/reg-test/art_9", "eu/reg-test/art_9__para_1"],
                        "ProvisionParentShape": ["eu/reg-test/art_9"]},
    "provision-cycle": {"ProvisionCycleShape": ["eu/reg-test/art_1__para_2", "eu/reg-test/art_1__para_2__point_a"],
                        "ProvisionChainShape": ["eu/reg-test/art_1__para_2", "eu/reg-test/art_1__para_2__point_a"],
                        "EIdParentShape": ["eu/reg-test/art_1__para_2"]},
    "article-parent": {"ArticleParentShape": ["eu/reg-test/annex_I__art_1"]},
    "provision-eid": {"ProvisionEIdShape": ["eu/reg-test/art_1__para_2", "eu/reg-test/art_1__para_3b_x"]},
    "eid-iri": {"EIdIriShape": ["eu/reg-test/art_1__para_2", "kz/law-test/art_1__para_2"]},
    "eid-unique": {"EIdUniqueShape": ["eu/reg-test/art_1__para_2", "eu/reg-test/art_1__para_2-bis"],
                   "EIdIriShape": ["eu/reg-test/art_1__para_2-bis"]},
    "eid-parent": {"EIdParentShape": ["eu/reg-test/art_2__para_1", "eu/reg-test/art_4__para_1"]},
    "provision-label": {"ProvisionLabelShape": ["eu/reg-test/art_1__para_2"]},
    "provision-order": {"ProvisionOrderShape": ["eu/reg-test/art_1__para_2", "eu/reg-test/art_1__para_3",
                                                "eu/reg-test/art_1__para_4"]},
    "article-annex-official-text": {"ArticleAnnexOfficialTextShape": ["eu/reg-test/annex_II"]},
    "article-annex-heading": {"ArticleAnnexHeadingShape": ["eu/reg-test/art_3"]},
    # instrument.ttl
    "jurisdiction-code": {"JurisdictionCodeShape": ["cn"]},
    "jurisdiction-iri": {"JurisdictionIriShape": ["usa"]},
    "instrument-jurisdiction": {"InstrumentJurisdictionShape": ["kz/law-2", "kz/law-3"]},
    "instrument-title": {"InstrumentTitleShape": ["kz/law-2"]},
    "instrument-kind": {"InstrumentKindShape": ["kz/law-2", "kz/code-1"]},
    "instrument-status": {"InstrumentStatusShape": ["kz/law-2"]},
    "instrument-binding-force": {"InstrumentBindingForceShape": ["kz/law-2"]},
    "instrument-slug": {"InstrumentSlugShape": ["kz/law-2"]},
    "instrument-iri": {"InstrumentIriShape": ["kz/law-2", "eu/law-4"]},
    "instrument-source": {"InstrumentSourceShape": ["kz/law-2"]},
    "date-adopted": {"DateAdoptedShape": ["kz/law-2"]},
    "date-in-force": {"DateInForceShape": ["kz/law-2"]},
    "applies-from": {"AppliesFromShape": ["eu/reg-test/art_1__para_2"]},
    "applies-until": {"AppliesUntilShape": ["kz/law-2"]},
    "date-in-force-required": {"DateInForceRequiredShape": ["kz/law-2", "kz/law-3", "kz/law-4"]},
    "applies-until-required": {"AppliesUntilRequiredShape": ["kz/law-2", "kz/law-3"]},
    "cited-source": {"CitedSourceShape": ["kz/law-2"]},
    "curator": {"CuratorShape": ["correspondence/eu-kz/test"]},
    # correspondence.ttl
    "statement-from": {"StatementFromShape": ["correspondence/eu-kz/test"]},
    "statement-ends": {"StatementEndsShape": ["correspondence/eu-kz/test", "correspondence/eu-kz/test-2",
                                              "no-counterpart/eu-kz/test"]},
    "statement-rationale": {"StatementRationaleShape": ["correspondence/eu-kz/test"]},
    "statement-source": {"StatementSourceShape": ["no-counterpart/eu-kz/test"]},
    "statement-curator": {"StatementCuratorShape": ["correspondence/eu-kz/test"]},
    "statement-created": {"StatementCreatedShape": ["correspondence/eu-kz/test"]},
    "correspondence-to": {"CorrespondenceToShape": ["correspondence/eu-kz/test"]},
    "correspondence-relation": {"CorrespondenceRelationShape": ["correspondence/eu-kz/test"]},
    "correspondence-difference": {"CorrespondenceDifferenceShape": ["correspondence/eu-kz/test"]},
    "correspondence-difference-required": {"CorrespondenceDifferenceRequiredShape": ["correspondence/eu-kz/test"]},
    "correspondence-jurisdiction": {"CorrespondenceJurisdictionShape": ["correspondence/eu-kz/test",
                                                                        "correspondence/eu-kz/test-2"]},
    "difference-aspect": {"DifferenceAspectShape": ["correspondence/eu-kz/test#diff-1"]},
    "difference-summary": {"DifferenceSummaryShape": ["correspondence/eu-kz/test#diff-1"]},
    "no-counterpart-target": {"NoCounterpartTargetShape": ["no-counterpart/eu-kz/test", "no-counterpart/eu-kz/test-2"]},
    "no-counterpart-jurisdiction": {"NoCounterpartJurisdictionShape": ["no-counterpart/eu-kz/test",
                                                                       "no-counterpart/eu-kz/test-2"]},
    # discrepancy.ttl
    "discrepancy-provision": {"DiscrepancyProvisionShape": ["discrepancy/test/numbering",
                                                            "discrepancy/test/numbering-2"]},
    "discrepancy-secondary-reading": {"DiscrepancySecondaryReadingShape": ["discrepancy/test/numbering"]},
    "discrepancy-official-reading": {"DiscrepancyOfficialReadingShape": ["discrepancy/test/numbering"]},
    "discrepancy-source": {"DiscrepancySourceShape": ["discrepancy/test/numbering"]},
    "discrepancy-curator": {"DiscrepancyCuratorShape": ["discrepancy/test/numbering"]},
    # norms.ttl
    "norm-modality": {"NormModalityShape": ["eu/reg-test/art_1__para_1#norm", "eu/reg-test/art_1__para_1#norm-2"]},
    "norm-provision": {"NormProvisionShape": ["eu/reg-test/art_1__para_1#norm", "eu/reg-test/art_1__para_1#norm-2"]},
    "norm-practice": {"NormPracticeShape": ["eu/reg-test/art_1__para_1#norm", "eu/reg-test/art_1__para_1#norm-2"]},
    "norm-activity": {"NormActivityShape": ["eu/reg-test/art_1__para_1#norm"]},
    "norm-addressee": {"NormAddresseeShape": ["eu/reg-test/art_1__para_1#norm"]},
    "norm-risk-class": {"NormRiskClassShape": ["eu/reg-test/art_1__para_1#norm"]},
    "norm-obligation-type": {"NormObligationTypeShape": ["eu/reg-test/art_1__para_1#norm"]},
    "norm-condition": {"NormConditionShape": ["eu/reg-test/art_1__para_1#norm"]},
    "norm-exception": {"NormExceptionShape": ["eu/reg-test/art_1__para_1#norm"]},
    "qualifier-text": {"QualifierTextShape": ["eu/reg-test/art_1__para_1#norm-condition-1",
                                              "eu/reg-test/art_1__para_1#norm-condition-2"],
                       "NormConditionShape": ["eu/reg-test/art_1__para_1#norm"]},
    # labels.ttl
    "label-language": {"LabelLanguageShape": ["https://example.org/someone"]},
    "pref-label-language": {"PrefLabelLanguageShape": ["https://example.org/someone"]},
    "alt-label-language": {"AltLabelLanguageShape": ["https://example.org/someone"]},
    "title-language": {"TitleLanguageShape": ["https://example.org/paper"]},
    "summary-language": {"SummaryLanguageShape": ["eu/reg-test/art_1__para_2"]},
    "heading-language": {"HeadingLanguageShape": ["eu/reg-test/annex_II"]},
    "rationale-language": {"RationaleLanguageShape": ["correspondence/eu-kz/test"]},
    "key-term-language": {"KeyTermLanguageShape": ["eu/reg-test/art_1__para_2"]},
    "secondary-reading-language": {"SecondaryReadingLanguageShape": ["discrepancy/test/numbering"]},
    "official-reading-language": {"OfficialReadingLanguageShape": ["discrepancy/test/numbering"]},
    "date-in-force-note-language": {"DateInForceNoteLanguageShape": ["kz/law-2"]},
    "applies-until-note-language": {"AppliesUntilNoteLanguageShape": ["kz/law-2"]},
    "provision-label-unique-language": {"ProvisionLabelUniqueLanguageShape": ["eu/reg-test/art_1__para_2"]},
    # vocabulary.ttl
    "vocabulary-term": {"VocabularyTermShape": ["https://example.org/thing", "https://example.org/other"]},
    "vocabulary-concept": {"VocabularyConceptShape": ["https://example.org/thing"]},
    "standard-term": {"StandardTermShape": ["https://example.org/thing", "https://example.org/other"]},
}


def _iri(node: str) -> URIRef:
    return URIRef(node if node.startswith(("http://", "https://")) else ID_BASE + node)


def _expected(case: str) -> set[tuple[str, Node]]:
    return {(str(SHAPES[shape]), _iri(node)) for shape, nodes in MANIFEST[case].items() for node in nodes}


@cache
def _context() -> LoadedDataset:
    return load(data=[COMMON])


def load_case(snippet: Path) -> LoadedDataset:
    """What load(data=[COMMON, snippet]) gives, without parsing the ontology again for every snippet."""
    context, extra = _context(), load(data=[snippet], include_ontology=False)
    dataset = Dataset(default_union=True)
    for part in (context, extra):
        for graph in part.graphs():
            dataset.addN((s, p, o, dataset.graph(graph)) for s, p, o in part.dataset.graph(graph))
    return LoadedDataset(dataset=dataset, files=context.files + extra.files)


def _found(snippet: Path) -> set[tuple[str, Node]]:
    report = validate(load_case(snippet))
    assert report.conforms == (not report.results)
    return {(r.shape, r.focus_node) for r in report.results}


def test_load_case_is_load():
    snippet = CASES_DIR / "eid-iri" / "violates.ttl"
    fast, slow = load_case(snippet), load(data=[COMMON, snippet])
    assert [(f.path, f.graph, f.kind) for f in fast.files] == [(f.path, f.graph, f.kind) for f in slow.files]
    for graph in slow.graphs():  # blank nodes get new labels on every parse: compare the rest, and the sizes
        fast_graph, slow_graph = fast.dataset.graph(graph), slow.dataset.graph(graph)
        assert len(fast_graph) == len(slow_graph), graph
        assert {t for t in fast_graph if not any(isinstance(x, BNode) for x in t)} == {
            t for t in slow_graph if not any(isinstance(x, BNode) for x in t)
        }, graph


def test_common_context_conforms():
    report = validate(_context())
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("case", sorted(MANIFEST))
def test_conforming_snippet_conforms(case):
    report = validate(load_case(CASES_DIR / case / "conforms.ttl"))
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("case", sorted(MANIFEST))
def test_violating_snippet_fails_exactly_as_expected(case):
    found = _found(CASES_DIR / case / "violates.ttl")
    expected = _expected(case)
    assert found == expected, f"missing: {sorted(expected - found)}\nunexpected: {sorted(found - expected)}"


def test_violations_are_attributed_to_the_snippet_file():
    snippet = CASES_DIR / "eid-iri" / "violates.ttl"
    report = validate(load(data=[COMMON, snippet]))
    assert report.results
    assert {r.file for r in report.results} == {snippet}


# ---- the shapes themselves ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _shapes_with_targets(shapes: Graph) -> set[URIRef]:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return {s for t in targets for s in shapes.subjects(t, None) if isinstance(s, URIRef)}


def test_every_shape_has_a_test_case(shapes):
    tested = {str(SHAPES[name]) for expected in MANIFEST.values() for name in expected}
    untested = {str(s) for s in _shapes_with_targets(shapes)} - tested
    assert not untested, f"shapes without a conforming/violating pair: {sorted(untested)}"


def test_every_case_folder_is_in_the_manifest():
    folders = {p.name for p in CASES_DIR.iterdir() if p.is_dir()}
    assert folders == set(MANIFEST)


def test_every_shape_has_an_iri_label_message_and_violation_severity(shapes):
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(named) > 60
    for shape in named:
        assert isinstance(shape, URIRef) and shape.startswith(str(SHAPES)), shape
        assert shapes.value(shape, RDFS.label) is not None, shape
        assert shapes.value(shape, SH.message) is not None, shape
        assert shapes.value(shape, SH.severity) == SH.Violation, shape


def test_sparql_targets_and_constraints_share_their_query(shapes):
    """A SPARQL target preselects exactly the nodes its constraint reports: the two queries must be the same."""
    shared = 0
    for shape in _shapes_with_targets(shapes):
        target = shapes.value(shape, SH.target)
        constraint = shapes.value(shape, SH.sparql)
        if target is None or constraint is None or shape.endswith(("TermShape", "ConceptShape")):
            continue
        assert str(shapes.value(target, SH.select)) == str(shapes.value(constraint, SH.select)), shape
        shared += 1
    assert shared == 16


def test_eid_pattern_matches_the_library_regex(shapes):
    pattern = re.compile(str(shapes.value(SHAPES.ProvisionEIdShape, SH.pattern)))
    samples = ["art_5", "art_5__para_1__point_c", "annex_III__point_1", "art_17__para_1__subpara_2",
               "art_5__para_1__intro", "art_5a", "para_1-2", "art_5__", "art5", "art_5__para_1__point_c__x",
               "Art_5", "art_5 ", "__art_5", "art_5__intro__point_a", "sec_1__point_1"]
    for sample in samples:
        assert bool(pattern.search(sample)) == bool(EID_RE.fullmatch(sample)), sample


def test_slug_pattern_matches_the_library_regex(shapes):
    pattern = re.compile(str(shapes.value(SHAPES.InstrumentSlugShape, SH.pattern)))
    for sample in ["reg-2024-1689", "law-230-viii", "iso-iec-22989", "v1.2", "Law", "law--1", "-law", "law_1", ""]:
        assert bool(pattern.search(sample)) == bool(INSTRUMENT_RE.fullmatch(sample)), sample


def test_instrument_kinds_are_the_ontology_subclasses(shapes, loaded):
    ontology = set(loaded.union().subjects(RDFS.subClassOf, LG.LegalInstrument))
    assert _in_list(shapes, SHAPES.InstrumentKindShape) == ontology


def test_norm_modalities_are_the_ontology_subclasses(shapes, loaded):
    assert _in_list(shapes, SHAPES.NormModalityShape) == set(loaded.union().subjects(RDFS.subClassOf, LG.Norm))


def test_standard_term_allow_list_is_complete(shapes):
    """The allow-list names every term rdflib knows for rdf:, rdfs:, owl:, skos: and dcterms:."""
    query = str(shapes.value(shapes.value(SHAPES.StandardTermShape, SH.sparql), SH.select))
    allowed = set(re.findall(r"\b(rdf|rdfs|owl|skos|dcterms):(\w+)", query.split("NOT IN", 1)[1]))
    for prefix, namespace in (("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("skos", SKOS), ("dcterms", DCTERMS)):
        base = str(namespace._NS)
        known = {str(term)[len(base):] for term in dir(namespace) if str(term).startswith(base)}
        assert known <= {name for p, name in allowed if p == prefix}, prefix


def _in_list(shapes: Graph, shape: URIRef) -> set[Node]:
    value_shape = shapes.value(shape, SH.qualifiedValueShape)
    return set(shapes.collection(shapes.value(value_shape, SH["in"])))


SPARQL_CASES = sorted(case for case, expected in MANIFEST.items() if any(
    name in expected for name in (
        "ProvisionCycleShape", "ProvisionChainShape", "EIdIriShape", "EIdUniqueShape", "EIdParentShape",
        "ProvisionLabelShape", "ArticleAnnexHeadingShape", "JurisdictionIriShape", "InstrumentIriShape",
        "CorrespondenceJurisdictionShape", "NoCounterpartJurisdictionShape", "VocabularyTermShape",
        "VocabularyConceptShape", "StandardTermShape", "StatementEndsShape", "QualifierTextShape",
        "CorrespondenceDifferenceRequiredShape", "DateInForceRequiredShape", "AppliesUntilRequiredShape",
    )
))


@pytest.mark.parametrize("case", SPARQL_CASES)
def test_plain_pyshacl_agrees(case, shapes):
    """The shapes are plain SHACL-SPARQL: pyshacl on rdflib's own SPARQL engine finds what validate() finds."""
    loaded = load_case(CASES_DIR / case / "violates.ttl")
    _conforms, report, _text = pyshacl_validate(
        loaded.union(), shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    plain = {
        (str(report.value(result, SH.sourceShape)), report.value(result, SH.focusNode))
        for node in report.subjects(RDF.type, SH.ValidationReport)
        for result in report.objects(node, SH.result)
    }
    assert plain == _expected(case)


def test_relation_list_is_the_closed_list_of_the_guide(shapes, loaded):
    listed = set(shapes.collection(shapes.value(SHAPES.CorrespondenceRelationShape, SH["in"])))
    assert listed == {RELATION[name] for name in RELATION_NAMES}
    scheme = URIRef(VOCAB_BASE + "correspondence-relation")
    assert listed == set(loaded.union().subjects(SKOS.inScheme, scheme))
