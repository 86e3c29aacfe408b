"""The loader's fast path (pyoxigraph parsing, direct index filling) gives what rdflib's own path gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lexgraph.errors import DataFileError
from lexgraph.loader import TermCache, add_triples, load, parse_turtle, read_turtle

INDEXES = ("spo", "pos", "osp", "tripleContexts", "contextTriples", "defaultContexts", "all_contexts")
SAMPLE = """@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:p "plain", "tagged"@en-gb, 42, 4.2, 1e0, true, "2024-08-01"^^xsd:date ;
     ex:q [ ex:r ex:b ], ( ex:c ex:d ) ;
     ex:s \"\"\"long
text\"\"\" .
ex:a ex:p "plain" .
_:x ex:p _:x .
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_each_file_reads_as_rdflib_parses_it(tmp_path):
    path = write(tmp_path, "sample.ttl", SAMPLE)
    fast = Graph()
    add_triples(fast, read_turtle(path))
    slow = parse_turtle(path)
    assert len(fast) == len(slow) == 16
    assert isomorphic(fast, slow)
    assert Literal("tagged", lang="en-gb") in set(fast.objects())


def test_an_explicit_xsd_string_reads_as_a_plain_literal(tmp_path):
    """RDF 1.1 makes them one term and pyoxigraph does not keep the difference; rdflib's parser does. The
    shipped data writes no `^^xsd:string`, so this difference never shows there (next test)."""
    text = '<https://example.org/a> <https://example.org/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .'
    path = write(tmp_path, "typed.ttl", text)
    assert read_turtle(path)[0][2] == Literal("x")


def test_the_shipped_dataset_is_the_one_rdflib_would_build(loaded):
    for source in loaded.files:
        assert isomorphic(loaded.dataset.graph(source.graph), parse_turtle(source.path)), source.path


def test_direct_index_filling_leaves_the_indexes_addn_leaves(tmp_path):
    """Shared triples across graphs and repeats within one are where the store's bookkeeping is subtle."""
    terms = TermCache()
    one = read_turtle(write(tmp_path, "one.ttl", SAMPLE), terms)
    two = read_turtle(write(tmp_path, "two.ttl", SAMPLE.replace("ex:b", "ex:e")), terms)
    fast, slow = Dataset(default_union=True), Dataset(default_union=True)
    for name, triples in (("urn:g:1", one), ("urn:g:2", two), ("urn:g:3", one[:3])):
        add_triples(fast.graph(URIRef(name)), triples)
        graph = slow.graph(URIRef(name))
        slow.addN((s, p, o, graph) for s, p, o in triples)
    for index in INDEXES:
        assert getattr(fast.store, f"_Memory__{index}") == getattr(slow.store, f"_Memory__{index}"), index
    assert set(fast.quads()) == set(slow.quads())
    assert len(fast.graph(URIRef("urn:g:3"))) == 3


def test_the_union_is_every_distinct_triple(loaded):
    union = loaded.union()
    expected = {quad[:3] for quad in loaded.dataset.quads((None, None, None, None))}
    assert set(union) == expected and len(union) == len(expected)


def test_terms_are_shared_across_files(tmp_path):
    terms = TermCache()
    first = read_turtle(write(tmp_path, "a.ttl", SAMPLE), terms)
    second = read_turtle(write(tmp_path, "b.ttl", SAMPLE), terms)
    assert first[0][0] is second[0][0]  # one object per IRI: rdflib's look-ups then compare by identity
    assert first[0][2] is second[0][2]


def test_an_error_rdflib_does_not_see_is_still_placed(tmp_path):
    """Relative IRIs: rdflib resolves them against the file's path, pyoxigraph (as the served store) refuses."""
    path = write(tmp_path, "relative.ttl", "<https://example.org/a> <https://example.org/p>\n  <relative> .\n")
    with pytest.raises(DataFileError) as caught:
        load(data=[path], include_ontology=False)
    assert caught.value.line == 2 and caught.value.column is not None
    assert caught.value.path == str(path)
