"""The namespace module and the ontology agree: code names no term the ontology lacks, and vice versa."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from lexgraph import namespaces
from lexgraph.loader import load
from lexgraph.namespaces import LG


@pytest.fixture(scope="module")
def ontology():
    return load(data=[]).union()


def defined_lg_terms(graph) -> set[str]:
    prefix = str(LG._NS)
    return {str(s)[len(prefix):] for s in graph.subjects(RDF.type, None) if str(s).startswith(prefix)}


def test_every_lg_name_in_code_is_defined_in_the_ontology(ontology):
    assert set(LG.__annotations__) - defined_lg_terms(ontology) == set()


def test_every_ontology_term_has_a_name_in_code(ontology):
    assert defined_lg_terms(ontology) - set(LG.__annotations__) == set()


def test_unknown_lg_names_fail_at_once():
    with pytest.raises(AttributeError):
        _ = LG.partof


def test_every_vocabulary_namespace_is_a_concept_scheme(ontology):
    schemes = {str(s) for s in ontology.subjects(RDF.type, SKOS.ConceptScheme)}
    vocab_namespaces = {
        str(value)[:-1]
        for value in vars(namespaces).values()
        if str(value).startswith(namespaces.VOCAB_BASE) and str(value) != namespaces.VOCAB_BASE
    }
    assert vocab_namespaces and vocab_namespaces <= schemes


@pytest.mark.parametrize("name", namespaces.RELATION_NAMES)
def test_relation_names_are_concepts(ontology, name):
    assert (namespaces.RELATION[name], RDF.type, SKOS.Concept) in ontology


@pytest.mark.parametrize("name", namespaces.ASPECT_NAMES)
def test_aspect_names_are_concepts(ontology, name):
    assert (URIRef(namespaces.ASPECT[name]), RDF.type, SKOS.Concept) in ontology
