"""lexgraph.validation: the report API, file attribution, the shipped data, and speed on a larger graph."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from rdflib import URIRef

from lexgraph.errors import DataFileError
from lexgraph.loader import load
from lexgraph.namespaces import ID_BASE, RDF, SH
from lexgraph.resources import data_dir, resource_root, shapes_dir, turtle_files
from lexgraph.validation import SHAPES, ValidationReport, validate

HERE = Path(__file__).parent
COMMON = HERE / "shapes" / "common.ttl"
PREFIXES = """@prefix lg: <https://w3id.org/lexgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, ValidationReport]:
    """A data file with a few known mistakes, validated with the shipped shapes beside tests/shapes/common.ttl."""
    path = tmp_path_factory.mktemp("data") / "broken.ttl"
    path.write_text(PREFIXES + """
<https://w3id.org/lexgraph/id/eu/reg-test/art_7> a lg:Article ;
    lg:partOf <https://w3id.org/lexgraph/id/eu/reg-test> ;
    lg:eId "art_7" ; lg:order 7.5 ;
    rdfs:label "Article 7"@en ; lg:heading "Heading"@en ; lg:officialText <https://example.org/official/eu> .
<https://w3id.org/lexgraph/id/eu/reg-test/art_7#norm> a lg:Prohibition ;
    rdfs:label "A norm nobody establishes"@en .
""", encoding="utf-8")
    return path, validate(load(data=[COMMON, path]))


def test_report_lists_each_violation_with_its_file_focus_shape_and_path(broken):
    path, report = broken
    assert not report.conforms
    found = {(r.file, r.focus_node, r.shape, r.path) for r in report.results}
    article = URIRef(ID_BASE + "eu/reg-test/art_7")
    norm = URIRef(ID_BASE + "eu/reg-test/art_7#norm")
    assert found == {
        (path, article, str(SHAPES.ProvisionOrderShape), "lg:order"),
        (path, norm, str(SHAPES.NormProvisionShape), "^lg:establishes"),
        (path, norm, str(SHAPES.NormPracticeShape), "lg:regulatesPractice"),
    }
    order = next(r for r in report.results if r.shape == str(SHAPES.ProvisionOrderShape))
    assert order.severity == "Violation"
    assert order.constraint == str(SH.DatatypeConstraintComponent)
    assert str(order.value) == "7.5"
    assert "lg:order" in order.message


def test_by_file_groups_by_file_then_focus_node(broken):
    path, report = broken
    grouped = report.by_file()
    assert list(grouped) == [path]
    nodes = grouped[path]
    assert set(nodes) == {URIRef(ID_BASE + "eu/reg-test/art_7"), URIRef(ID_BASE + "eu/reg-test/art_7#norm")}
    assert len(nodes[URIRef(ID_BASE + "eu/reg-test/art_7#norm")]) == 2
    assert sum(len(r) for r in nodes.values()) == len(report.results)


def test_to_text_names_the_file_the_focus_node_and_the_shape(broken):
    path, report = broken
    text = report.to_text()
    assert path.name in text
    assert "eu/reg-test/art_7#norm" in text
    assert "lgsh:NormProvisionShape" in text
    assert "Does not conform: 3 violation(s)" in text
    assert text.index("eu/reg-test/art_7\n") < text.index("eu/reg-test/art_7#norm")


def test_to_json_is_json_with_counts_and_results_grouped_by_file(broken):
    _path, report = broken
    data = json.loads(json.dumps(report.to_json()))
    assert data["conforms"] is False
    assert data["counts"] == {"results": 3, "violations": 3, "warnings": 0, "infos": 0, "files": 1, "focus_nodes": 2}
    (group,) = data["files"]
    assert group["file"].endswith("broken.ttl")
    ids = [node["focus_id"] for node in group["focus_nodes"]]
    assert ids == ["eu/reg-test/art_7", "eu/reg-test/art_7#norm"]
    result = group["focus_nodes"][0]["results"][0]
    assert result["shape"] == str(SHAPES.ProvisionOrderShape)
    assert result["value"] == '"7.5"^^xsd:decimal'
    assert set(result) == {"shape", "path", "value", "constraint", "severity", "message"}


def test_graph_is_the_shacl_validation_report(broken):
    _path, report = broken
    (node,) = report.graph.subjects(RDF.type, SH.ValidationReport)
    assert report.graph.value(node, SH.conforms).toPython() is False
    assert len(list(report.graph.objects(node, SH.result))) == 3
    assert "sh:ValidationReport" in report.graph.serialize(format="turtle")


def test_a_conforming_dataset_reports_so():
    report = validate(load(data=[COMMON]))
    assert report.conforms
    assert report.results == []
    assert report.by_file() == {}
    assert report.to_json()["counts"]["results"] == 0
    assert report.to_text().startswith("Conforms")


def test_the_ontology_alone_conforms():
    """The shapes describe data: the ontology and vocabularies give them nothing to complain about."""
    report = validate(load(data=[]))
    assert report.conforms, report.to_text()


def test_a_dangling_reference_is_reported_in_the_file_that_makes_it(tmp_path):
    path = tmp_path / "dangling.ttl"
    path.write_text(PREFIXES + """
<https://w3id.org/lexgraph/id/kz/law-test> lg:citesSource <https://example.org/nowhere> .
""", encoding="utf-8")
    report = validate(load(data=[COMMON, path]))
    (result,) = report.results
    assert result.shape == str(SHAPES.CitedSourceShape)
    assert result.focus_node == URIRef(ID_BASE + "kz/law-test")
    assert result.file == COMMON  # the file that types the instrument, not the one that adds the triple


def test_shapes_can_be_one_file_or_a_folder(broken):
    path, _report = broken
    loaded = load(data=[COMMON, path])
    only_norms = validate(loaded, shapes_dir() / "norms.ttl")
    assert {r.shape for r in only_norms.results} == {str(SHAPES.NormProvisionShape), str(SHAPES.NormPracticeShape)}
    assert len(validate(loaded, shapes_dir()).results) == 3


def test_missing_or_broken_shapes_raise_a_data_file_error(tmp_path):
    loaded = load(data=[COMMON])
    with pytest.raises(DataFileError, match="no such shapes"):
        validate(loaded, tmp_path / "absent.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<x> sh:path [ .\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        validate(loaded, bad)
    assert error.value.path == str(bad)
    refused = tmp_path / "refused.ttl"  # well-formed Turtle, but SHACL forbids VALUES in a SPARQL constraint
    refused.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix lg: <https://w3id.org/lexgraph/ontology#> .\n"
        "<https://example.org/s> a sh:NodeShape ; sh:targetClass lg:Provision ;\n"
        '  sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } $this ?p ?x }" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="VALUES"):
        validate(loaded, refused)


def test_validation_opens_no_network_connection(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("validation tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert validate(load(data=[COMMON])).conforms


# ---- the shipped data --------------------------------------------------------------------------------------

DATA_FILES = turtle_files(data_dir())


@pytest.fixture(scope="module")
def shipped(loaded) -> ValidationReport:
    """Ontology and ALL data together: correspondences reach provisions in other files."""
    return validate(loaded)


def test_there_is_shipped_data():
    assert len(DATA_FILES) >= 2


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(resource_root()).as_posix())
def test_every_shipped_data_file_validates(shipped, path):
    mine = [r for r in shipped.results if r.file is not None and r.file.resolve() == path.resolve()]
    assert not mine, "\n".join(f"{r.focus_id}: {r.message} [{r.path}] ({r.value})" for r in mine)


def test_no_violation_escapes_the_data_files(shipped):
    """Every result lands on a data file, never on an ontology file or on no file at all."""
    data = {p.resolve() for p in DATA_FILES}
    assert all(r.file is not None and r.file.resolve() in data for r in shipped.results), shipped.to_text()


# ---- speed -------------------------------------------------------------------------------------------------

def _synthetic(path: Path, instruments: int) -> None:
    """Conforming instruments of 20 articles x 3 paragraphs x 2 points, with a norm per paragraph."""
    lines = [PREFIXES]
    for i in range(instruments):
        code = ("eu", "kz")[i % 2]
        inst = f"https://w3id.org/lexgraph/id/{code}/law-{i}"
        lines.append(
            f'<{inst}> a lg:Law ; lg:jurisdiction <https://w3id.org/lexgraph/id/{code}> ; lg:slug "law-{i}" ;'
            f' dcterms:title "Law {i}"@en ; lg:status <https://w3id.org/lexgraph/vocab/instrument-status/in-force> ;'
            f" lg:bindingForce <https://w3id.org/lexgraph/vocab/binding-force/binding> ;"
            f' lg:dateInForce "2024-08-01"^^<http://www.w3.org/2001/XMLSchema#date> ;'
            f" lg:citesSource <https://example.org/official/{code}> ."
        )
        for a in range(1, 21):
            art = f"{inst}/art_{a}"
            lines.append(
                f'<{art}> a lg:Article ; lg:partOf <{inst}> ; lg:eId "art_{a}" ; lg:order {a} ;'
                f' rdfs:label "Article {a}"@en ; lg:heading "H"@en ;'
                f" lg:officialText <https://example.org/official/{code}> ."
            )
            for p in range(1, 4):
                para = f"{art}__para_{p}"
                lines.append(
                    f'<{para}> a lg:Paragraph ; lg:partOf <{art}> ; lg:eId "art_{a}__para_{p}" ; lg:order {p} ;'
                    f' rdfs:label "Article {a}({p})"@en ; lg:summary "S"@en ; lg:establishes <{para}#norm> .'
                    f' <{para}#norm> a lg:Obligation ; rdfs:label "N"@en ;'
                    f" lg:regulatesPractice <https://w3id.org/lexgraph/vocab/ai-practice/ai-system> ."
                )
                for q in range(1, 3):
                    lines.append(
                        f'<{para}__point_{q}> a lg:Point ; lg:partOf <{para}> ; lg:eId "art_{a}__para_{p}__point_{q}" ;'
                        f' lg:order {q} ; rdfs:label "Article {a}({p})({q})"@en .'
                    )
    path.write_text("\n".join(lines), encoding="utf-8")


def test_validation_stays_fast_on_a_larger_graph(tmp_path):
    """About 25k triples in a few seconds; a rule that turns quadratic in the number of instruments shows here."""
    path = tmp_path / "synthetic.ttl"
    _synthetic(path, instruments=16)
    loaded = load(data=[COMMON, path])
    assert len(loaded) > 20_000
    started = time.perf_counter()
    report = validate(loaded)
    elapsed = time.perf_counter() - started
    assert report.conforms, report.to_text()[:2000]
    assert elapsed < 30, f"validation of {len(loaded)} triples took {elapsed:.1f}s"
