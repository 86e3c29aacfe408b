"""The W3C SPARQL 1.1 Protocol test suite (rdf-tests, sparql/sparql11/protocol), read in place, run over /sparql.

Every query test must pass. The update tests that expect an update to succeed are out of scope for a
read-only service: each is listed below with the reason, and run to check that the update is refused
with a 4xx and a message. The tests are named here so that a manifest that gains or loses an entry fails
`test_every_manifest_entry_is_classified` instead of being skipped silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from lexgraph.settings import Settings
from lexgraph.store import OxigraphStore
from lexgraph_api import create_app

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"

QUERY_TESTS = [
    "query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
    "query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask",
    "query_content_type_describe", "query_content_type_construct", "query_post_direct", "bad_query_method",
    "bad_multiple_queries", "bad_query_wrong_media_type", "bad_query_missing_form_type",
    "bad_query_missing_direct_type", "bad_query_non_utf8", "bad_query_syntax",
]
# Malformed update requests: the suite expects a 4xx, which a read-only service gives them too. Run as is.
BAD_UPDATE_TESTS = [
    "bad_update_get", "bad_multiple_updates", "bad_update_wrong_media_type", "bad_update_missing_form_type",
    "bad_update_non_utf8", "bad_update_syntax", "bad_update_dataset_conflict",
]
READ_ONLY = "LexGraph's endpoint is read-only (design.md): SPARQL Update is refused, so this test cannot succeed"
UPDATE_OUT_OF_SCOPE = {
    "update_dataset_default_graph": READ_ONLY + " (update with using-graph-uri)",
    "update_dataset_default_graphs": READ_ONLY + " (update with several using-graph-uri)",
    "update_dataset_named_graphs": READ_ONLY + " (update with using-named-graph-uri)",
    "update_dataset_full": READ_ONLY + " (update with both using- parameters)",
    "update_post_form": READ_ONLY + " (update by form POST)",
    "update_post_direct": READ_ONLY + " (update by application/sparql-update POST)",
    "update_base_uri": READ_ONLY + " (update checking the service's base IRI)",
}
RESULT_SYNTAXES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
RDF_SYNTAXES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def suite(reference) -> Path:
    return reference / "w3c-sparql-protocol-tests"


@pytest.fixture(scope="module")
def manifest(suite) -> Graph:
    return Graph().parse(suite / "protocol--manifest.ttl", format="turtle", publicID=BASE)


def entry(manifest: Graph, name: str) -> URIRef:
    return URIRef(BASE + name)


def requests_of(manifest: Graph, test: URIRef) -> list:
    action = manifest.value(test, MF.action)
    return list(Collection(manifest, manifest.value(action, HT.requests)))


def graphs_named_in(manifest: Graph) -> set[str]:
    """Every graph IRI the requests name in default-graph-uri / named-graph-uri."""
    named = set()
    for path in manifest.objects(None, HT.absolutePath):
        for key, value in parse_qsl(urlsplit(str(path)).query):
            if key in ("default-graph-uri", "named-graph-uri"):
                named.add(value)
    return named


@pytest.fixture(scope="module")
def w3c_client(suite, manifest):
    """The service over the graphs the suite preloads (`ut:graphData`: file and graph IRI).

    The suite also names .../data0.rdf in `default-graph-uri` without giving its content; the store holds it
    as an empty graph (this service refuses graphs it does not hold, and fetches nothing).
    """
    store = OxigraphStore()
    loaded = set()
    for data in manifest.objects(None, UT.graphData):
        file = Path(urlsplit(str(manifest.value(data, UT.graph))).path).name
        graph = str(manifest.value(data, RDFS.label))
        if graph not in loaded:
            store.oxigraph.load(path=str(suite / f"protocol--{file}"), format=ox.RdfFormat.N_TRIPLES,
                                to_graph=ox.NamedNode(graph))
            loaded.add(graph)
    for graph in graphs_named_in(manifest) - loaded:
        store.oxigraph.add_graph(ox.NamedNode(graph))
    with TestClient(create_app(Settings(query_workers=1), store=store), base_url="http://www.example") as client:
        yield client


def headers_of(manifest: Graph, request) -> dict[str, str]:
    listed = manifest.value(request, HT.headers)
    if listed is None:
        return {}
    return {
        str(manifest.value(h, HT.fieldName)): str(manifest.value(h, HT.fieldValue))
        for h in Collection(manifest, listed)
    }


def send(client: TestClient, manifest: Graph, request):
    path = str(manifest.value(request, HT.absolutePath))
    path = re.sub(r"^/sparql/", "/sparql", path)
    method = str(manifest.value(request, HT.methodName))
    headers = headers_of(manifest, request)
    body = manifest.value(request, HT.body)
    content = None
    if body is not None:
        encoding = str(manifest.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(manifest.value(body, CNT.chars)).encode(encoding.lower())
    return client.request(method, path, content=content, headers=headers)


def check_response(manifest: Graph, request, response) -> None:
    expected = manifest.value(request, HT.resp)
    statuses = set(manifest.objects(expected, MF.expectedStatus))
    family = response.status_code // 100
    assert URIRef(HTS + f"StatusCode{family}xx") in statuses, (response.status_code, response.text[:300])
    if family == 4:
        assert response.json()["message"]
    media = response.headers.get("content-type", "").split(";")[0].strip()
    expected_format = manifest.value(expected, MF.expectedFormat)
    if expected_format == Literal("boolean"):
        assert media in RESULT_SYNTAXES, media
        value = bool(ox.parse_query_results(response.content, RESULT_SYNTAXES[media]))
        expected_boolean = manifest.value(expected, MF.expectedBoolean)
        if expected_boolean is not None:
            assert value is expected_boolean.toPython()
    elif expected_format == Literal("tabular"):
        assert media in TABULAR, media
        if media in RESULT_SYNTAXES:
            parsed = ox.parse_query_results(response.content, RESULT_SYNTAXES[media])
            assert [v.value for v in parsed.variables] == ["value"]
    elif expected_format == Literal("RDF"):
        assert media in RDF_SYNTAXES, media
        list(ox.parse(response.content, RDF_SYNTAXES[media]))  # well-formed in the syntax it claims


def test_every_manifest_entry_is_classified(manifest):
    entries = [str(e)[len(BASE):] for e in Collection(manifest, manifest.value(URIRef(BASE[:-1]), MF.entries))]
    assert sorted(entries) == sorted(QUERY_TESTS + BAD_UPDATE_TESTS + list(UPDATE_OUT_OF_SCOPE))
    for name in UPDATE_OUT_OF_SCOPE:  # each really is an update: by form field or by media type
        first = requests_of(manifest, entry(manifest, name))[0]
        chars = str(manifest.value(manifest.value(first, HT.body), CNT.chars) or "")
        content_type = headers_of(manifest, first).get("content-type", "")
        assert chars.startswith("update=") or content_type == "application/sparql-update", name


@pytest.mark.parametrize("name", QUERY_TESTS + BAD_UPDATE_TESTS)
def test_protocol(w3c_client, manifest, name):
    test = entry(manifest, name)
    requests = requests_of(manifest, test)
    assert requests, name
    for request in requests:
        check_response(manifest, request, send(w3c_client, manifest, request))


@pytest.mark.parametrize("name", sorted(UPDATE_OUT_OF_SCOPE))
def test_update_out_of_scope_is_refused(w3c_client, manifest, name):
    """Out of scope: see UPDATE_OUT_OF_SCOPE. What the read-only service does instead: refuse, with a message."""
    first = requests_of(manifest, entry(manifest, name))[0]
    response = send(w3c_client, manifest, first)
    assert response.status_code == 403, (UPDATE_OUT_OF_SCOPE[name], response.text)
    assert "read-only" in response.json()["message"]
    probe = w3c_client.get("/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})
    assert probe.json()["boolean"] is True  # nothing was cleared


def test_paths_name_the_sparql_endpoint(manifest):
    paths = {unquote(str(p)) for p in manifest.objects(None, HT.absolutePath)}
    assert paths and all(p.startswith("/sparql/") for p in paths)
    assert (URIRef(BASE[:-1]), RDF.type, MF.Manifest) in manifest
