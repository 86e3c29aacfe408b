"""The remote store itself: loading through the Graph Store Protocol, bound values, the same library answers as
the embedded store, and the service when the store goes away and comes back."""

from __future__ import annotations

import re
import time

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Literal, URIRef

from lexgraph import catalog, comparison
from lexgraph.errors import EXIT_ENVIRONMENT, DataFileError, QueryError
from lexgraph.loader import plan_files
from lexgraph.namespaces import GRAPH_BASE, ID_BASE
from lexgraph.queries import available, query_text
from lexgraph.remote import RemoteStore, bind, graph_store_for, load_into
from lexgraph.settings import Settings
from lexgraph.store import StoreUnavailableError, open_store
from lexgraph_api import create_app

EU_5_1_C = "eu/reg-2024-1689/art_5__para_1__point_c"
KZ_17_3_3 = "kz/law-230-viii/art_17__para_3__point_3"
GOOD = '@prefix lg: <https://w3id.org/lexgraph/ontology#> .\n<https://w3id.org/lexgraph/id/xx> a lg:Jurisdiction .\n'
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
BROKEN = '@prefix lg: <https://w3id.org/lexgraph/ontology#> .\n<urn:a> lg:code "yy" lg:code "zz" .\n'


# ------------------------------------------------------------------ loading


def test_load_puts_every_file_into_its_named_graph(remote_url, remote_load, embedded_store):
    planned = plan_files()
    assert remote_load.files == len(planned) > 30
    assert remote_load.graph_store == remote_url.removesuffix("/query") + "/store"
    store = RemoteStore(remote_url)
    assert {str(iri) for _f, iri, _k in planned} <= {str(g) for g in store.graph_names()}
    assert len(store) == len(embedded_store)
    assert remote_load.triples >= len(embedded_store)  # a file may state a triple twice; the store keeps one


def test_reloading_replaces_lexgraph_graphs_and_leaves_others(oxigraph_server, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.ttl").write_text(GOOD, encoding="utf-8")
    (data / "two.ttl").write_text(GOOD.replace("/xx>", "/xy>"), encoding="utf-8")
    foreign = "urn:example:not-lexgraph"
    store_url = oxigraph_server.url.removesuffix("/query") + "/store"
    httpx.put(store_url, params={"graph": foreign}, content=b"<urn:a> <urn:b> <urn:c> .",
              headers={"Content-Type": "application/n-triples"}).raise_for_status()
    first = load_into(oxigraph_server.url, [data], include_ontology=False)
    assert first.files == 2 and first.removed == []
    (data / "two.ttl").unlink()
    second = load_into(oxigraph_server.url, [data], include_ontology=False)
    assert second.removed == [GRAPH_BASE + "data/two"]
    names = {str(g) for g in RemoteStore(oxigraph_server.url).graph_names()}
    assert names == {GRAPH_BASE + "data/one", foreign}


def test_a_broken_file_leaves_the_store_untouched(oxigraph_server, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.ttl").write_text(GOOD, encoding="utf-8")
    load_into(oxigraph_server.url, [data], include_ontology=False)
    store = RemoteStore(oxigraph_server.url)
    before = (store.graph_names(), len(store))
    (data / "a.ttl").write_text(GOOD.replace("/xx>", "/changed>"), encoding="utf-8")
    (data / "b.ttl").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_into(oxigraph_server.url, [data], include_ontology=False)
    assert caught.value.path.endswith("b.ttl") and caught.value.line == 2
    assert (store.graph_names(), len(store)) == before
    assert store.ask("ASK { lgid:xx a lg:Jurisdiction }")  # a.ttl's old content, not the new one


def test_graph_store_endpoints_are_guessed_for_known_servers():
    assert graph_store_for("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_for("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert graph_store_for("http://h:3030/ds/query") == "http://h:3030/ds/data"
    assert graph_store_for("http://h:3030/ds") == "http://h:3030/ds"
    assert graph_store_for("http://h:7200/repositories/lex") == "http://h:7200/repositories/lex/rdf-graphs/service"
    assert graph_store_for("http://h:8890/sparql") == "http://h:8890/sparql-graph-crud"
    assert graph_store_for("http://h/a/b/c/endpoint") is None


# ------------------------------------------------------------------ bound values


NASTY = [
    Literal('quote " and \\ backslash'),
    Literal("new\nline } # not a comment ?x $y"),
    Literal("Жасанды интеллект", lang="kk"),
    Literal("'''triple''' \"\"\"quotes\"\"\""),
    Literal("2024-08-01", datatype=XSD_DATE),
    Literal(42),
    URIRef("https://w3id.org/lexgraph/id/eu?a=1&b=%7D"),
]


@pytest.mark.parametrize("value", NASTY, ids=range(len(NASTY)))
def test_bound_values_arrive_unchanged(shipped_store, value):
    rows = shipped_store.select("SELECT ?v (STR(?v) AS ?text) WHERE {}", {"v": value})
    assert rows == [{"v": value if not (isinstance(value, Literal) and value.datatype is None and not value.language)
                     else Literal(str(value), datatype=XSD_STRING), "text": Literal(str(value), datatype=XSD_STRING)}]


def test_values_that_are_not_terms_are_refused_before_sending(shipped_store):
    with pytest.raises(QueryError, match="not an RDF term"):
        shipped_store.select("SELECT ?v WHERE {}", {"v": URIRef("https://example.org/a> } DROP ALL #")})
    with pytest.raises(QueryError, match="blank node"):
        shipped_store.select("SELECT ?v WHERE {}", {"v": BNode()})
    with pytest.raises(QueryError, match="variable name"):
        shipped_store.select("SELECT ?v WHERE {}", {"v) } DROP ALL #": Literal("x")})


def test_substitution_keeps_the_query_shape():
    iri = URIRef(ID_BASE + "eu")
    assert bind("SELECT ?j ?x WHERE { ?j ?p ?x }", {"j": iri}) == (
        f"SELECT (<{iri}> AS ?j) ?x WHERE {{ <{iri}> ?p ?x }}"
    )
    grouped = bind("SELECT ?j (COUNT(*) AS ?n) WHERE { ?j ?p ?o } GROUP BY ?j ORDER BY ?j", {"j": iri})
    assert grouped.endswith(f"GROUP BY (<{iri}>) ORDER BY (<{iri}>)")
    # Shapes that cannot take a value in place get a VALUES block opening the WHERE group.
    expected = f"SELECT * WHERE {{ VALUES (?j) {{ (<{iri}>) }}  ?j ?p ?o }}"
    assert bind("SELECT * WHERE { ?j ?p ?o }", {"j": iri}) == expected
    assert bind("CONSTRUCT { ?j ?p ?o } WHERE { ?j ?p ?o VALUES ?j { <urn:a> } }", {"j": iri}).startswith(
        f"CONSTRUCT {{ ?j ?p ?o }} WHERE {{ VALUES (?j) {{ (<{iri}>) }}"
    )
    assert bind("SELECT ?j WHERE { BIND(1 AS ?j) }", {"j": iri}).count("VALUES") == 1
    nested = bind("SELECT ?j ?n WHERE { { SELECT ?j (COUNT(*) AS ?n) WHERE { ?j ?p ?o } GROUP BY ?j } }", {"j": iri})
    assert nested.startswith(f"SELECT ?j ?n WHERE {{ VALUES (?j) {{ (<{iri}>) }}")
    # Strings, IRIs and comments that look like the variable are left alone.
    assert bind('SELECT ?j WHERE { ?j ?p "?j" } # ?j', {"j": iri}).endswith('?p "?j" } # ?j')


def canon(rows: list[dict]) -> list:
    """Rows in a fixed order (the order is only the store's where the query does not sort)."""
    def key(value) -> str:  # blank node labels are each store's own
        return "_:" if isinstance(value, BNode) else str(value)

    return sorted(tuple(sorted((k, key(v), type(v).__name__, getattr(v, "language", None)) for k, v in row.items()))
                  for row in rows)


# A value for each variable the stored queries bind (by name), on the shipped data.
BOUND = {
    "provision": URIRef(ID_BASE + EU_5_1_C),
    "resource": URIRef(ID_BASE + EU_5_1_C),
    "jurisdiction": URIRef(ID_BASE + "kz"),
    "left": URIRef(ID_BASE + "eu/reg-2024-1689/art_5"),
    "right": URIRef(ID_BASE + "kz/law-230-viii/art_17"),
    "root": URIRef(ID_BASE + "eu/reg-2024-1689/art_5"),
    "target": URIRef(ID_BASE + "kz"),
    "from": URIRef(ID_BASE + "eu"),
    "to": URIRef(ID_BASE + "kz"),
    "instrument": URIRef(ID_BASE + "eu/reg-2024-1689"),
    "code": Literal("eu"),
    "q": Literal("scoring"),
    "prefix": Literal(ID_BASE + "eu/"),
}


def bindable(text: str) -> dict:
    """The values of BOUND for the variables the query projects (the embedded store binds only those)."""
    body = re.sub(r"#[^\n]*", "", text)
    head = re.split(r"(?i)\bWHERE\b|\{", body.split("SELECT", 1)[1] if "SELECT" in body else "", maxsplit=1)[0]
    while "(" in head:  # variables inside expressions are not projected
        head = re.sub(r"\([^()]*\)", " ", head)
    projected = set(re.findall(r"[?$](\w+)", head))
    if "CONSTRUCT" in body.split("WHERE", 1)[0]:
        projected = set(re.findall(r"[?$](\w+)", body))
    return {k: v for k, v in BOUND.items() if k in projected}


def canon_triples(triples: list) -> list:
    def key(value) -> str:
        return "_:" if isinstance(value, BNode) else str(value)

    return sorted((key(s), str(p), key(o), type(o).__name__) for s, p, o in triples)


@pytest.fixture(scope="module")
def patient_remote(remote_url, remote_load) -> RemoteStore:
    """The server with a generous timeout: some stored queries scan the whole dataset."""
    return RemoteStore(remote_url, timeout=60)


@pytest.mark.parametrize("name", available())
def test_every_stored_query_answers_as_on_the_embedded_store(name, embedded_store, patient_remote):
    """Each stored query, with the values the library would bind: the remote store's answer, the embedded
    store's answer with pyoxigraph's own substitution, and the embedded store's answer to the rewritten text
    (`lexgraph.remote.bind`) agree."""
    text = query_text(name)
    values = bindable(text)
    construct = text.lstrip().upper().startswith("CONSTRUCT") or "\nCONSTRUCT" in text.upper()
    if construct:
        expected = canon_triples(embedded_store.construct(text, values))
        assert canon_triples(embedded_store.construct(bind(text, values))) == expected
        assert canon_triples(patient_remote.construct(text, values)) == expected
        return
    expected = canon(embedded_store.select(text, values))
    assert canon(embedded_store.select(bind(text, values))) == expected
    assert canon(patient_remote.select(text, values)) == expected


def test_the_stored_queries_compared_above_answer_something(embedded_store):
    answered = [name for name in available() if "CONSTRUCT" not in query_text(name)
                and embedded_store.select(query_text(name), bindable(query_text(name)))]
    assert len(answered) >= 0.6 * len(available())


# ------------------------------------------------------------------ the library's answers


LIBRARY_CALLS = {
    "equivalents EU 5(1)(c) in KZ": lambda s: comparison.equivalents(s, EU_5_1_C, "kz"),
    "equivalents KZ 17(3)(3) in EU": lambda s: comparison.equivalents(s, KZ_17_3_3, "eu"),
    "compare EU 5(1)(c) with KZ 17(3)(3)": lambda s: comparison.compare(s, EU_5_1_C, KZ_17_3_3),
    "compare EU art 5 with KZ art 17": lambda s: comparison.compare(
        s, "eu/reg-2024-1689/art_5", "kz/law-230-viii/art_17"),
    "gaps EU to KZ": lambda s: comparison.gaps(s, "eu", "kz"),
    "gaps KZ to EU as of 2026-01-01": lambda s: comparison.gaps(s, "kz", "eu", as_of="2026-01-01"),
    "provision EU 5(1)(c)": lambda s: catalog.provision(s, EU_5_1_C),
    "provision KZ 17(3)(3)": lambda s: catalog.provision(s, KZ_17_3_3),
    "jurisdictions": catalog.jurisdictions,
    "instruments of EU": lambda s: catalog.instruments(s, "eu"),
    "search": lambda s: catalog.search(s, "social scoring"),
}


@pytest.mark.parametrize("call", sorted(LIBRARY_CALLS))
def test_library_answers_are_those_of_the_embedded_store(call, embedded_store, shipped_store):
    expected = LIBRARY_CALLS[call](embedded_store)
    assert expected
    assert LIBRARY_CALLS[call](shipped_store) == expected


def test_the_social_scoring_ban_has_its_kazakh_equivalent(shipped_store):
    found = comparison.equivalents(shipped_store, EU_5_1_C, "kz")
    assert KZ_17_3_3 in repr(found)


def test_every_way_of_asking_for_the_union_answers_alike(remote_url, remote_load, embedded_store):
    """Oxigraph server's parameter (detected), and every graph named in the protocol (any other store)."""
    detected, explicit = RemoteStore(remote_url), RemoteStore(remote_url)
    assert detected.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert detected._union == "oxigraph"
    explicit._union = "explicit"
    for query in (query_text("rest-jurisdictions"), "SELECT (COUNT(*) AS ?n) WHERE { ?s a lg:Article }"):
        assert canon(explicit.select(query)) == canon(detected.select(query)) == canon(embedded_store.select(query))


# ------------------------------------------------------------------ a store that goes away


def test_opening_a_store_that_does_not_answer_is_a_clear_error():
    with pytest.raises(StoreUnavailableError, match=re.escape("127.0.0.1:9/query")) as caught:
        open_store(Settings(store="http://127.0.0.1:9/query"))
    assert caught.value.exit_code == EXIT_ENVIRONMENT


def test_the_service_answers_503_while_the_store_is_down_and_recovers(oxigraph_server):
    load_into(oxigraph_server.url)
    settings = Settings(store=oxigraph_server.url, query_timeout=2.0, query_workers=2)
    ask = {"query": "ASK { lgid:eu a lg:Jurisdiction }"}
    with TestClient(create_app(settings)) as client:
        assert client.get("/sparql", params=ask).json()["boolean"] is True
        assert client.get("/health").json()["status"] == "ok"
        oxigraph_server.stop()
        down = client.get("/sparql", params=ask)
        assert down.status_code == 503 and down.headers["Retry-After"] == "1"
        assert down.json()["error"] == "StoreUnavailableError" and oxigraph_server.url in down.json()["message"]
        described = client.get("/id/eu", headers={"Accept": "text/turtle"})
        assert described.status_code == 503 and described.json()["error"] == "StoreUnavailableError"
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["sparqlWorkers"] == 0
        assert oxigraph_server.url in health.json()["storeError"]  # why, as the routes say it
        oxigraph_server.start()
        deadline = time.monotonic() + 15
        while client.get("/health").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.get("/health").json()["status"] == "ok"
        assert "storeError" not in client.get("/health").json()
        assert client.get("/sparql", params=ask).json()["boolean"] is True
        assert client.get("/id/eu", headers={"Accept": "text/turtle"}).status_code == 200


def test_an_answer_broken_off_by_the_store_is_a_503_not_a_crash(oxigraph_server, monkeypatch):
    """Oxigraph server writes its timeout message into an answer it has begun: that is the store failing."""
    load_into(oxigraph_server.url)
    store = RemoteStore(oxigraph_server.url)
    assert store.ask("ASK { lgid:eu a lg:Jurisdiction }")  # the union mode is found before the answers break
    real = store._results

    def truncated(response, deadline):
        body = response.read()[:200] + b"Timeout"
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)

    monkeypatch.setattr(store, "_results", truncated)
    with pytest.raises(StoreUnavailableError, match="broke off"):
        store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100")
    monkeypatch.setattr(store, "_results", real)
    assert len(store.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")) == 3


def test_a_store_error_page_is_not_taken_for_an_answer(shipped_store):
    with pytest.raises(QueryError, match="rejected"):
        shipped_store.select("SELECT ?x WHERE { ?x ?y }")
    assert ox.NamedNode(shipped_store.url)  # still usable afterwards
    assert shipped_store.ask("ASK { lgid:eu a lg:Jurisdiction }")
