"""Alignments name real terms of ELI, W3C DPV eu-aiact, AIRO and VAIR (checked in place against ../shared/reference)."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from lexgraph.namespaces import AIACT, AIRO, ELI, VAIR
from lexgraph.resources import ontology_dir

EXTERNAL = {"eli": ELI, "aiact": AIACT, "airo": AIRO, "vair": VAIR}
REFERENCE_FILES = {
    "eli": ["eli-ontology/eli-ontology-v1.2.nt"],
    "aiact": ["dpv-2.3/eu-aiact.ttl"],
    "airo": ["airo-vair/airo.ttl"],
    "vair": ["airo-vair/vair.ttl"],
}


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return Graph().parse(ontology_dir() / "alignments.ttl")


def aligned_iris(graph: Graph, namespace) -> set[URIRef]:
    terms = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    return {t for t in terms if str(t).startswith(str(namespace))}


def test_alignments_cover_every_required_vocabulary(alignments):
    for namespace in (*EXTERNAL.values(), SKOS, DCTERMS, PROV):
        assert aligned_iris(alignments, namespace), namespace


def test_alignments_only_add_links_never_redefine_external_terms(alignments):
    external = tuple(str(ns) for ns in (*EXTERNAL.values(), SKOS, DCTERMS, PROV))
    assert [s for s in alignments.subjects() if str(s).startswith(external)] == []


@pytest.mark.reference
@pytest.mark.parametrize("prefix", sorted(EXTERNAL))
def test_aligned_terms_exist_in_the_reference_vocabularies(alignments, reference, prefix):
    fmt = {"nt": "nt", "ttl": "turtle"}
    defined = Graph()
    for relative in REFERENCE_FILES[prefix]:
        path = reference / relative
        defined.parse(path, format=fmt[path.suffix[1:]])
    known = set(defined.subjects())
    missing = sorted(aligned_iris(alignments, EXTERNAL[prefix]) - known)
    assert missing == []
