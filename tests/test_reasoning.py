"""The OWL reasoner: HermiT via owlready2 over ontology + data, and the diagnosis of what clashes.

Tests marked `reasoner` run HermiT and need Java; the others (missing or broken Java, timeouts, the
input transformation, the diagnosis) run without it.
"""

from __future__ import annotations

import json
import socket
import stat
import sys
import urllib.request
from pathlib import Path

import owlready2
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from lexgraph.errors import JavaNotFoundError, ReasonerError
from lexgraph.loader import load
from lexgraph.namespaces import LG
from lexgraph.reasoning import (
    REASONER,
    _save_through_owlready,
    diagnose,
    merge_suspects,
    reason,
    reasoning_input,
)

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's XSD warns under pytest collection
SNIPPETS = Path(__file__).resolve().parent / "reasoning"
NORM = "https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5__para_1__point_c#norm"
OWLREADY_HEADER = URIRef("http://anonymous")  # owlready2 names the ontology it saves
PERMITTED_PROHIBITION = "https://example.org/lexgraph-test#PermittedProhibition"
INCONSISTENT = {
    "disjoint-modality.ttl": [NORM, "lg:Prohibition", "lg:Permission", "disjoint"],
    "functional-part-of.ttl": [
        "https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5 and https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_6"
        " must be one individual",
        "values of lg:partOf, which is functional, on https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5__para_1)",
        "but they are declared different individuals",
    ],
    "functional-jurisdiction.ttl": [
        "https://w3id.org/lexgraph/id/eu and https://w3id.org/lexgraph/id/kz must be one individual",
        "values of lg:jurisdiction, which is functional, on https://w3id.org/lexgraph/id/eu/reg-2024-1689)",
        "but they are declared different individuals",
    ],
    "merged-parents.ttl": [
        "https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5 and https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_6"
        " must be one individual",
        "lg:partOf, which is functional",
        'two values of lg:eId, which is functional: "art_5" and "art_6"',
    ],
    "two-dates.ttl": ["lg:dateAdopted", "functional", '"2024-06-13"^^xsd:date', '"2024-07-12"^^xsd:date'],
    "datatype-range.ttl": ["https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5 ", "lg:number", "xsd:string"],
    "domain-clash.ttl": [
        "https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5#norm",
        "lg:Norm",
        "lg:Provision (via the domain of lg:eId)",
        "disjoint",
    ],
}


def snippet(name: str):
    """The shipped ontology plus one fixture file (no shipped data)."""
    return load(data=[SNIPPETS / name])


@pytest.fixture(scope="module")
def shipped_report(loaded):
    """One HermiT run over the shipped ontology + data, shared by the tests that only read it."""
    return reason(loaded)


@pytest.fixture(scope="module")
def snippet_report():
    """HermiT's report on ontology + one snippet, computed once per snippet."""
    reports = {}

    def get(name: str):
        if name not in reports:
            reports[name] = reason(snippet(name))
        return reports[name]

    return get


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection from Python fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[1:]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def fake_java(folder: Path, body: str) -> Path:
    """A shell script standing in for java: answers -version, then runs `body` for anything else."""
    script = folder / "java"
    script.write_text(
        '#!/bin/sh\nif [ "$1" = "-version" ]; then echo \'openjdk version "99" fake\' >&2; exit 0; fi\n' + body + "\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def only_java(monkeypatch, tmp_path):
    """Make `body` the only Java reasoning can find: PATH and JAVA_HOME emptied, JAVA_EXE set."""

    def install(body: str | None) -> None:
        monkeypatch.setenv("PATH", "")
        monkeypatch.delenv("JAVA_HOME", raising=False)
        target = fake_java(tmp_path, body) if body is not None else tmp_path / "no-such-java"
        monkeypatch.setattr(owlready2, "JAVA_EXE", str(target))

    return install


# ---------------------------------------------------------------------------------------------
# HermiT on the shipped dataset and on the fixture snippets (need Java)
# ---------------------------------------------------------------------------------------------


@pytest.mark.reasoner
def test_shipped_dataset_is_consistent(shipped_report, loaded):
    report = shipped_report
    assert report.consistent, report.to_text()
    assert report.unsatisfiable == []
    assert report.to_text() == "consistent"
    assert report.explanation == "" and report.clashes == []
    assert report.triples == len(loaded.union())
    assert report.reasoner == REASONER == f"HermiT via owlready2 {owlready2.VERSION}"
    assert "version" in report.java
    assert 0 < report.seconds < 120


@pytest.mark.reasoner
def test_shipped_xsd_dates_do_not_break_hermit(shipped_report, union):
    dates = [o for s, p, o in union if isinstance(o, Literal) and o.datatype == XSD.date]
    assert dates, "the shipped ontology and data carry xsd:date values"
    report = shipped_report
    assert report.consistent, report.to_text()
    assert any("xsd:date" in note and str(len(dates)) in note for note in report.notes)


@pytest.mark.reasoner
def test_xsd_date_snippet_with_time_zones_is_consistent(snippet_report):
    report = snippet_report("dates.ttl")
    assert report.consistent, report.to_text()
    assert report.unsatisfiable == []


@pytest.mark.reasoner
def test_disjoint_modality_is_inconsistent_and_names_the_norm_and_both_classes(snippet_report):
    report = snippet_report("disjoint-modality.ttl")
    assert report.consistent is False
    assert report.unsatisfiable == []
    assert f"{NORM} is both lg:Permission and lg:Prohibition, which are disjoint" in report.explanation
    assert report.to_text().startswith("inconsistent:")
    assert NORM in report.to_text()


@pytest.mark.reasoner
@pytest.mark.parametrize("name", sorted(INCONSISTENT))
def test_contradictory_snippets_are_inconsistent_and_explained(snippet_report, name):
    report = snippet_report(name)
    assert report.consistent is False, name
    for expected in INCONSISTENT[name]:
        assert expected in report.explanation + " ", f"{name}: {expected!r} missing from {report.explanation!r}"
    assert "HermiT says" not in report.explanation  # found by the diagnosis, not the fallback


@pytest.mark.reasoner
def test_an_inconsistency_the_diagnosis_misses_falls_back_to_hermit(snippet_report):
    report = snippet_report("complement.ttl")
    assert report.consistent is False
    assert report.clashes == []
    assert "HermiT says: Inconsistent ontology" in report.explanation


@pytest.mark.reasoner
def test_unsatisfiable_class_alone_is_not_an_inconsistency(snippet_report):
    report = snippet_report("unsatisfiable-class.ttl")
    assert report.consistent is True
    assert report.unsatisfiable == [PERMITTED_PROHIBITION]
    assert str(OWL.Nothing) not in report.unsatisfiable
    assert "lg:Permission and lg:Prohibition" in report.explanation
    assert report.to_text().startswith("consistent, but 1 class is unsatisfiable:")


@pytest.mark.reasoner
def test_owl_imports_are_stripped_and_nothing_is_fetched(no_network):
    loaded = snippet("imports.ttl")
    assert len(list(loaded.union().triples((None, OWL.imports, None)))) == 2
    report = reason(loaded)
    assert report.consistent, report.to_text()
    assert any("removed 2 owl:imports" in note for note in report.notes)


@pytest.mark.reasoner
def test_ill_typed_data_property_value_is_reported_not_crashing(snippet_report):
    report = snippet_report("ill-typed-date.ttl")
    assert report.consistent is False
    assert 'lg:dateAdopted "2024-02-30"^^xsd:date, which is not a valid xsd:date' in report.explanation


@pytest.mark.reasoner
def test_a_dataset_is_read_with_all_its_named_graphs(loaded):
    report = reason(loaded.dataset)
    assert report.triples == len(loaded.union())
    assert report.consistent


@pytest.mark.reasoner
def test_report_json_is_serialisable(snippet_report):
    data = snippet_report("disjoint-modality.ttl").to_json()
    assert json.loads(json.dumps(data)) == data
    assert set(data) >= {"consistent", "unsatisfiable", "explanation", "reasoner", "java", "seconds", "triples"}
    assert data["consistent"] is False and NORM in data["clashes"][0]


# ---------------------------------------------------------------------------------------------
# Java missing, broken or slow (no Java needed)
# ---------------------------------------------------------------------------------------------


def test_missing_java_raises_java_not_found(only_java, loaded):
    only_java(None)
    with pytest.raises(JavaNotFoundError) as caught:
        reason(loaded)
    message = str(caught.value)
    assert "Java" in message and "apt-get install default-jre-headless" in message
    assert caught.value.exit_code == 3


def test_java_that_does_not_start_raises_java_not_found(only_java, monkeypatch, tmp_path, loaded):
    only_java(None)
    broken = tmp_path / "broken-java"
    broken.write_text("#!/bin/sh\necho 'Error: could not create the Java Virtual Machine.' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(broken))
    with pytest.raises(JavaNotFoundError, match="could not create the Java Virtual Machine"):
        reason(loaded)


def test_hermit_failure_is_a_reasoner_error_with_the_message_trimmed(only_java):
    only_java(
        "echo 'Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space' >&2\n"
        "echo '\tat org.semanticweb.HermiT.Reasoner.<init>(Reasoner.java:86)' >&2\nexit 1"
    )
    with pytest.raises(ReasonerError) as caught:
        reason(snippet("imports.ttl"))
    assert not isinstance(caught.value, JavaNotFoundError)
    assert "java.lang.OutOfMemoryError: Java heap space" in str(caught.value)
    assert "Reasoner.java:86" not in str(caught.value)


def test_hermit_running_too_long_is_stopped(only_java):
    only_java(f"exec {sys.executable} -c 'import time; time.sleep(30)'")
    with pytest.raises(ReasonerError, match="timeout of 1 s"):
        reason(snippet("imports.ttl"), timeout=1)


# ---------------------------------------------------------------------------------------------
# The reasoning input and the diagnosis (no Java needed)
# ---------------------------------------------------------------------------------------------


def test_reasoning_input_strips_imports_and_maps_dates():
    prepared = reasoning_input(snippet("dates.ttl").union() + snippet("imports.ttl").union())
    graph = prepared.graph
    assert not list(graph.triples((None, OWL.imports, None)))
    assert not [o for o in graph.objects() if o == XSD.date or getattr(o, "datatype", None) == XSD.date]
    instrument = URIRef("https://w3id.org/lexgraph/id/eu/reg-2024-1689")
    lg = "https://w3id.org/lexgraph/ontology#"
    for prop, day in (("dateAdopted", "2024-06-13"), ("dateInForce", "2024-08-01"), ("appliesFrom", "2026-08-02")):
        value = graph.value(instrument, URIRef(lg + prop))
        assert value.datatype == XSD.dateTime and str(value).startswith(f"{day}T00:00:00"), (prop, value)
    assert (URIRef(lg + "dateAdopted"), RDFS.range, XSD.dateTime) in graph
    assert any("removed 2 owl:imports" in note for note in prepared.notes)


def test_reasoning_input_drops_datatypes_hermit_lacks():
    graph = Graph().parse(
        format="turtle",
        data="""
        @prefix ex: <https://example.org/t#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:year a owl:DatatypeProperty ; rdfs:range xsd:gYear .
        ex:a ex:year "2024"^^xsd:gYear ; ex:name "kept" .
        """,
    )
    prepared = reasoning_input(graph)
    assert len(prepared.graph) == 2  # the declaration and ex:name survive
    assert any("xsd:gYear" in note for note in prepared.notes)


def test_owlready_round_trip_keeps_every_triple(union, tmp_path):
    """What HermiT reads is what we prepared: owlready2 only re-serialises it."""
    prepared = reasoning_input(union).graph
    path = tmp_path / "input.nt"
    _save_through_owlready(prepared, path)
    back = Graph().parse(path, format="nt")

    def ground(graph: Graph) -> set:
        """Triples without blank nodes (their labels change), literals by value (owlready2 writes "0" as
        "0.0"), plain literals as xsd:string (RDF 1.1)."""
        kept = set()
        for s, p, o in graph:
            if isinstance(s, BNode) or isinstance(o, BNode) or s == OWLREADY_HEADER:
                continue
            if isinstance(o, Literal):
                datatype = o.datatype or (None if o.language else XSD.string)
                o = (datatype, o.language, str(o) if o.value is None else o.value)
            kept.add((s, p, o))
        return kept

    def with_blank_nodes(graph: Graph) -> int:
        return sum(1 for s, _p, o in graph if isinstance(s, BNode) or isinstance(o, BNode))

    assert ground(back) == ground(prepared)
    assert with_blank_nodes(back) == with_blank_nodes(prepared)


def test_diagnosis_finds_nothing_in_the_shipped_dataset(union):
    assert diagnose(union) == []


@pytest.mark.parametrize("name", sorted(INCONSISTENT))
def test_diagnosis_names_each_clash_without_hermit(name):
    found = "\n".join(diagnose(snippet(name).union()))
    for expected in INCONSISTENT[name]:
        assert expected in found + " ", f"{name}: {expected!r} missing from {found!r}"


def test_merge_suspects_name_nodes_merged_by_a_functional_property():
    graph = snippet("merged-parents.ttl").union()
    suspects = merge_suspects(graph)
    assert len(suspects) == 1 and "lg:partOf" in suspects[0] and "must be one individual" in suspects[0]
    assert merge_suspects(snippet("imports.ttl").union()) == []


def test_diagnosis_follows_subclasses_and_same_as():
    graph = snippet("disjoint-modality.ttl").union()
    norm, twin = URIRef(NORM), URIRef(NORM + "-2")
    graph.remove((norm, RDF.type, None))
    graph.add((norm, RDF.type, LG.Point))
    graph.add((twin, RDF.type, LG.Regulation))
    graph.add((norm, OWL.sameAs, twin))
    found = "\n".join(diagnose(graph))
    assert f"{NORM} and {NORM}-2 must be one individual ({NORM} is declared owl:sameAs {NORM}-2), but" in found
    assert "lg:Provision (as lg:Point)" in found and "lg:LegalInstrument (as lg:Regulation)" in found
