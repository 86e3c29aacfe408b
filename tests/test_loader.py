"""The loader: one named graph per file, failures name file, line and cause, nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexgraph.errors import EXIT_ERROR, DataFileError
from lexgraph.loader import graph_iri, load
from lexgraph.namespaces import GRAPH_BASE
from lexgraph.resources import data_dir, ontology_dir, turtle_files

GOOD = """@prefix lg: <https://w3id.org/lexgraph/ontology#> .
<https://w3id.org/lexgraph/id/xx> a lg:Jurisdiction ; lg:code "xx" .
"""
BROKEN = """@prefix lg: <https://w3id.org/lexgraph/ontology#> .
<https://w3id.org/lexgraph/id/yy> a lg:Jurisdiction ;
    lg:code "yy" lg:code "zz" .
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_file_is_its_own_named_graph(loaded):
    expected = turtle_files(ontology_dir()) + turtle_files(data_dir())
    assert [f.path for f in loaded.files] == expected
    assert len({f.graph for f in loaded.files}) == len(expected)
    for source in loaded.files:
        assert len(loaded.dataset.graph(source.graph)) == source.triples > 0


def test_graph_iri_is_derived_from_the_path(loaded):
    jurisdictions = next(f for f in loaded.files if f.path.name == "jurisdictions.ttl")
    assert str(jurisdictions.graph) == GRAPH_BASE + "data/jurisdictions"
    core = next(f for f in loaded.files if f.path.name == "core.ttl")
    assert str(core.graph) == GRAPH_BASE + "ontology/core"


def test_graph_iri_keeps_subfolders(tmp_path):
    path = write(tmp_path, "eu/reg-2024-1689.ttl", GOOD)
    assert str(graph_iri(path, tmp_path, "data/")) == GRAPH_BASE + "data/eu/reg-2024-1689"


def test_union_holds_every_triple(loaded):
    assert len(loaded.union()) <= len(loaded)  # shared triples (prefix-free duplicates) may collapse
    assert len(loaded.union()) > 0.9 * len(loaded)


def test_malformed_turtle_names_file_line_and_column(tmp_path):
    write(tmp_path, "a-good.ttl", GOOD)
    bad = write(tmp_path, "b-broken.ttl", BROKEN)
    with pytest.raises(DataFileError) as caught:
        load(data=[tmp_path])
    error = caught.value
    assert error.path == str(bad)
    assert error.line == 3
    assert error.column is not None and error.column > 1
    assert "malformed Turtle" in error.cause
    assert f"{bad}:3:" in str(error)
    assert error.exit_code == EXIT_ERROR


def test_a_broken_file_loads_nothing(tmp_path):
    write(tmp_path, "a-good.ttl", GOOD)
    write(tmp_path, "b-broken.ttl", BROKEN)
    result = None
    with pytest.raises(DataFileError):
        result = load(data=[tmp_path])
    assert result is None


def test_missing_path_is_named(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        load(data=[tmp_path / "nope"])


def test_non_utf8_file_is_named(tmp_path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(b'<urn:a> <urn:b> "caf\xe9" .\n')
    with pytest.raises(DataFileError, match="UTF-8") as caught:
        load(data=[bad])
    assert caught.value.path == str(bad)


def test_undefined_prefix_is_named(tmp_path):
    bad = write(tmp_path, "prefix.ttl", "nope:a nope:b nope:c .\n")
    with pytest.raises(DataFileError) as caught:
        load(data=[bad])
    assert caught.value.path == str(bad)
    assert caught.value.line == 1


def test_two_files_for_one_graph_are_refused(tmp_path):
    first = write(tmp_path / "one", "x.ttl", GOOD)
    write(tmp_path / "two", "x.ttl", GOOD)
    with pytest.raises(DataFileError, match="already taken"):
        load(data=[tmp_path / "one", tmp_path / "two"])
    assert first.exists()


def test_extra_data_loads_beside_the_ontology(tmp_path):
    path = write(tmp_path, "extra.ttl", GOOD)
    loaded = load(data=[path])
    assert [f.kind for f in loaded.files].count("data") == 1
    assert any(f.kind == "ontology" for f in loaded.files)
