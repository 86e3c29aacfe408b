"""Export, the Graph Store Protocol read side and resource IRIs: what comes out is the store, whole or in part."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from lexgraph import export
from lexgraph.errors import UnknownResourceError, UnsupportedFormatError
from lexgraph.namespaces import GRAPH_BASE, ID_BASE
from lexgraph.store import OxigraphStore

JURISDICTIONS = GRAPH_BASE + "data/jurisdictions"
FORMATS = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE, ".ttl"),
    "trig": ("application/trig", ox.RdfFormat.TRIG, ".trig"),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES, ".nt"),
    "nquads": ("application/n-quads", ox.RdfFormat.N_QUADS, ".nq"),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD, ".jsonld"),
}


def media(response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def message(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["message"]


@pytest.fixture(scope="module")
def quads(shipped_store) -> set:
    return set(shipped_store.oxigraph.quads_for_pattern(None, None, None, None))


@pytest.fixture(scope="module")
def union_triples(quads) -> set:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def as_triples(items) -> set:
    return {ox.Triple(i.subject, i.predicate, i.object) for i in items}


# ------------------------------------------------------------------ /export


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_export_of_the_whole_dataset(client, quads, union_triples, name):
    media_type, syntax, extension = FORMATS[name]
    response = client.get("/export", params={"format": name})
    assert response.status_code == 200 and media(response) == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="lexgraph{extension}"'
    parsed = list(ox.parse(response.content, syntax))
    if syntax.supports_datasets:  # every quad, in its own named graph
        assert set(parsed) == quads
    else:  # the union of all graphs, each triple once
        assert len(parsed) == len(union_triples) and as_triples(parsed) == union_triples


@pytest.mark.parametrize("graph", [JURISDICTIONS, "data/jurisdictions"])
def test_export_of_one_graph_by_iri_or_short_form(client, shipped_store, graph):
    expected = set(shipped_store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(JURISDICTIONS)))
    trig = client.get("/export", params={"format": "trig", "graph": graph})
    assert trig.headers["content-disposition"] == 'attachment; filename="lexgraph-data-jurisdictions.trig"'
    assert set(ox.parse(trig.content, ox.RdfFormat.TRIG)) == expected
    turtle = client.get("/export", params={"graph": graph})
    assert as_triples(ox.parse(turtle.content, ox.RdfFormat.TURTLE)) == as_triples(expected)


def test_export_refuses_unknown_format_and_graph_naming_the_parameter(client):
    assert "format='rdfa'" in message(client.get("/export", params={"format": "rdfa"}), 400)
    for bad in ("a b", "http://example.org/%zz"):
        assert "graph=" in message(client.get("/export", params={"graph": bad}), 400)
        assert "graph=" in message(client.get("/rdf-graph-store", params={"graph": bad}), 400)
    text = message(client.get("/export", params={"graph": "data/jurisdiction"}), 404)
    assert "graph" in text and JURISDICTIONS in text  # the nearest graph is suggested


def test_export_stream_comes_in_chunks(shipped_store):
    chunks = list(export.stream(shipped_store, export.plan_export(shipped_store, "nquads")))
    assert len(chunks) > 1 and all(chunks)
    assert len(list(ox.parse(b"".join(chunks), ox.RdfFormat.N_QUADS))) == len(shipped_store)


def test_an_abandoned_stream_stops_its_writer(shipped_store):
    stream = export.stream(shipped_store, export.plan_export(shipped_store, "nt"))
    first = next(stream)
    stream.close()  # the reader leaves: the writer thread must end, not block on a full queue
    assert first


def test_write_is_atomic(tmp_path: Path, shipped_store):
    target = tmp_path / "out" / "lexgraph.trig"
    export.write(shipped_store, target, "trig")
    written = set(ox.parse(target.read_bytes(), ox.RdfFormat.TRIG))
    assert len(written) == len(shipped_store)
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)

    class Failing(OxigraphStore):
        def dump(self, output, format, graph=None):
            output.write(b"<urn:half> <urn:written> ")
            raise OSError("disk full")

    broken = Failing()
    broken.oxigraph = shipped_store.oxigraph
    with pytest.raises(OSError, match="disk full"):
        export.write(broken, target, "trig")
    assert set(ox.parse(target.read_bytes(), ox.RdfFormat.TRIG)) == written  # the old file is whole
    assert os.listdir(target.parent) == ["lexgraph.trig"]  # no temporary file left behind


def test_library_errors_name_what_was_wrong(shipped_store):
    with pytest.raises(UnsupportedFormatError, match="format='xml'"):
        export.plan_export(shipped_store, "xml")
    with pytest.raises(UnknownResourceError, match="graph"):
        export.plan_export(shipped_store, "turtle", "urn:nothing")
    assert export.export_syntax("text/turtle").name == "turtle"
    assert export.export_syntax("ttl").name == "turtle"


# ------------------------------------------------------------------ the Graph Store Protocol, read side


def test_graph_store_default_is_the_union(client, union_triples):
    response = client.get("/rdf-graph-store?default", headers={"Accept": "application/n-triples"})
    assert media(response) == "application/n-triples"
    assert as_triples(ox.parse(response.content, ox.RdfFormat.N_TRIPLES)) == union_triples
    assert "content-disposition" not in response.headers


def test_graph_store_named_graph(client, shipped_store):
    expected = as_triples(shipped_store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(JURISDICTIONS)))
    response = client.get("/rdf-graph-store", params={"graph": JURISDICTIONS})
    assert media(response) == "text/turtle"
    assert as_triples(ox.parse(response.content, ox.RdfFormat.TURTLE)) == expected
    head = client.head("/rdf-graph-store", params={"graph": JURISDICTIONS})
    assert head.status_code == 200 and head.content == b"" and media(head) == "text/turtle"


def test_graph_store_refusals(client):
    message(client.get("/rdf-graph-store"), 400)
    message(client.get("/rdf-graph-store", params={"default": "", "graph": JURISDICTIONS}), 400)
    message(client.get("/rdf-graph-store", params={"graph": "http://example.org/g"}), 404)
    message(client.get("/rdf-graph-store?default", headers={"Accept": "text/csv"}), 406)
    for method in ("PUT", "POST", "DELETE"):
        text = message(client.request(method, "/rdf-graph-store?default", content=b"<urn:a> <urn:b> <urn:c> ."), 405)
        assert "read-only" in text


# ------------------------------------------------------------------ resource IRIs under /id/


def provision_with_norm(shipped_store) -> tuple[str, str]:
    row = shipped_store.select(
        "SELECT ?provision ?norm WHERE { ?provision lg:establishes ?norm ; lg:eId ?eid } ORDER BY ?provision LIMIT 1"
    )[0]
    return str(row["provision"]), str(row["norm"])


@pytest.mark.parametrize(
    ("accept", "syntax"),
    [(None, ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
     ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML)],
)
def test_a_resource_iri_answers_rdf_with_its_hash_parts(client, shipped_store, accept, syntax):
    provision, norm = provision_with_norm(shipped_store)
    assert norm.startswith(provision + "#")
    headers = {"Accept": accept} if accept else {}
    response = client.get("/id/" + provision[len(ID_BASE):], headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["vary"].startswith("Accept")
    triples = list(ox.parse(response.content, syntax))
    subjects = {t.subject.value for t in triples}
    assert provision in subjects and norm in subjects
    outgoing = shipped_store.construct("CONSTRUCT WHERE { ?r ?p ?o }", {"r": URIRef(provision)})
    assert len({t for t in triples if t.subject.value == provision}) == len(outgoing)


def test_the_eu_social_scoring_ban_has_its_condition(client):
    response = client.get("/id/eu/reg-2024-1689/art_5__para_1__point_c", headers={"Accept": "application/n-triples"})
    subjects = {t.subject.value for t in ox.parse(response.content, ox.RdfFormat.N_TRIPLES)}
    base = ID_BASE + "eu/reg-2024-1689/art_5__para_1__point_c"
    assert {base, base + "#norm", base + "#norm-condition-1"} <= subjects


def test_resource_refusals(client):
    text = message(client.get("/id/eu/reg-2024-1689/art_5__para_1__point_zz"), 404)
    assert "art_5__para_1__point_zz" in text and "did you mean" in text
    assert "text/html" in message(client.get("/id/eu", headers={"Accept": "application/pdf"}), 406)
    for bad in ("/id/eu%20x", "/id/eu/%25zz", "/id/"):
        assert "path=" in message(client.get(bad), 400)
    browser = client.get("/id/eu", headers={"Accept": "text/html,*/*;q=0.8"})  # the web page (tests/api/test_web.py)
    assert browser.status_code == 200 and browser.headers["content-type"].startswith("text/html")


def test_head_answers_as_get_without_a_body(client):
    turtle = {"Accept": "text/turtle"}
    for url, params in (("/id/eu/reg-2024-1689/art_5__para_1__point_c", None), ("/rdf-graph-store", {"default": ""})):
        got, head = client.get(url, params=params, headers=turtle), client.head(url, params=params, headers=turtle)
        assert (head.status_code, media(head)) == (got.status_code, media(got)) == (200, "text/turtle")
        assert got.content and head.content == b""
    assert client.head("/id/eu/reg-2024-1689/art_5__para_1__point_zz", headers=turtle).status_code == 404


def test_the_openapi_document_has_one_id_per_operation_and_builds_without_warnings():
    """GET and HEAD of /rdf-graph-store and /id/ are two operations each: FastAPI warns "Duplicate Operation ID"
    when one route serves both methods, and a client generator then makes one function of two."""
    import warnings

    from lexgraph.settings import Settings
    from lexgraph_api import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        document = create_app(Settings(query_workers=1)).openapi()
    operations = [(path, method, operation["operationId"])
                  for path, methods in document["paths"].items() for method, operation in methods.items()]
    ids = [operation_id for _, _, operation_id in operations]
    assert len(ids) == len(set(ids)), sorted(ids)
    for path in ("/rdf-graph-store", "/id/{path}"):
        assert {"get", "head"} <= set(document["paths"][path])
        assert document["paths"][path]["get"]["responses"] == document["paths"][path]["head"]["responses"]
