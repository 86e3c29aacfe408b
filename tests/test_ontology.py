"""The ontology and its vocabularies: every term documented DPV-style, schemes complete, nothing imported."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from lexgraph.loader import load
from lexgraph.namespaces import (
    ASPECT,
    ASPECT_NAMES,
    EURISK,
    KZAUTO,
    KZRISK,
    LG,
    ONTOLOGY_IRI,
    RELATION,
    RELATION_NAMES,
    SEEDRISK,
    SW,
)


@pytest.fixture(scope="module")
def ontology():
    return load(data=[]).union()


def lg_terms(graph):
    namespace = str(LG._NS)
    return sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(namespace)})


def concepts(graph):
    return sorted(set(graph.subjects(RDF.type, SKOS.Concept)) | set(graph.subjects(RDF.type, SKOS.ConceptScheme)))


def english(graph, subject, predicate):
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "en"]


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    version = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert version is not None and str(version).startswith(str(ONTOLOGY_IRI) + "/")
    assert english(ontology, ONTOLOGY_IRI, DCTERMS.title)


def test_no_owl_imports_anywhere(ontology):
    assert list(ontology.triples((None, OWL.imports, None))) == []


def test_the_ontology_defines_enough_terms(ontology):
    assert len(lg_terms(ontology)) > 80


@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition])
def test_every_term_has_english_text(ontology, predicate):
    missing = [t for t in lg_terms(ontology) + concepts(ontology) if not english(ontology, t, predicate)]
    assert missing == []


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [(RDFS.isDefinedBy, ONTOLOGY_IRI), (SW.term_status, Literal("stable"))],
)
def test_every_term_has_provenance(ontology, predicate, expected):
    wrong = [t for t in lg_terms(ontology) + concepts(ontology) if ontology.value(t, predicate) != expected]
    assert wrong == []


def test_every_term_has_a_creation_date(ontology):
    undated = [t for t in lg_terms(ontology) + concepts(ontology) if ontology.value(t, DCTERMS.created) is None]
    assert undated == []


def scheme_members(graph, namespace):
    prefix = str(namespace)
    return {str(c)[len(prefix):] for c in graph.subjects(SKOS.inScheme, None) if str(c).startswith(prefix)}


@pytest.mark.parametrize(
    ("namespace", "expected"),
    [
        (EURISK, {"prohibited", "high", "limited", "minimal"}),
        (KZRISK, {"minimal", "medium", "high"}),
        (KZAUTO, {"low", "medium", "high"}),
        (SEEDRISK, {"comparable", "transparency", "contact", "manipulative"}),
        (RELATION, set(RELATION_NAMES)),
        (ASPECT, set(ASPECT_NAMES)),
    ],
)
def test_concept_schemes_hold_the_closed_lists(ontology, namespace, expected):
    assert scheme_members(ontology, namespace) == expected


def test_every_concept_belongs_to_a_declared_scheme(ontology):
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    orphans = [c for c in ontology.subjects(RDF.type, SKOS.Concept) if ontology.value(c, SKOS.inScheme) not in schemes]
    assert orphans == []


def test_relations_have_inverses_that_swap_broader_and_narrower(ontology):
    inverse = {str(r)[len(str(RELATION)):]: str(ontology.value(r, LG.inverseRelation))[len(str(RELATION)):]
               for r in ontology.subjects(SKOS.inScheme, URIRef(str(RELATION)[:-1]))}
    assert inverse["broader"] == "narrower" and inverse["narrower"] == "broader"
    assert all(inverse[name] == name for name in ("exact", "close", "related", "conflicting"))


def test_deontic_modalities_are_pairwise_disjoint(ontology):
    members = [
        list(ontology.items(ontology.value(node, OWL.members)))
        for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert [LG.Prohibition, LG.Obligation, LG.Permission, LG.Exemption] in members
