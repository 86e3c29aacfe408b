"""The drafters' REST routes through the ASGI client: on the REST fixture (facts pinned down) and on the
shipped data (the issue's example, EU Art 5(1)(c) against KZ Art 17(3)(3)), with every refusal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

try:
    import lexgraph_api  # noqa: F401
except ImportError:  # a checkout where api/ is not on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "api"))

from lexgraph.loader import load
from lexgraph.settings import Settings
from lexgraph.store import OxigraphStore
from lexgraph_api import create_app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rest"
EU = "eu/reg-2024-1689"
KZ = "kz/law-230-viii"
EU_C = f"{EU}/art_5__para_1__point_c"
KZ_3 = f"{KZ}/art_17__para_3__point_3"


@pytest.fixture(scope="module")
def rest() -> TestClient:
    """The service over the REST fixture (one SPARQL worker: these tests do not use /sparql)."""
    store = OxigraphStore.from_files(load(data=[FIXTURE]).files)
    app = create_app(Settings(query_workers=1), store=store)
    with TestClient(app) as client:
        yield client


def ok(response) -> dict | list:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


# ----------------------------------------------------------------- catalogue


def test_jurisdictions(rest):
    found = {j["code"]: j for j in ok(rest.get("/jurisdictions"))}
    assert found["kz"]["labels"]["kk"] == "Қазақстан" and found["kz"]["instruments"] == [KZ]


def test_instruments_and_one_instrument_with_its_toc(rest):
    page = ok(rest.get("/instruments", params={"jurisdiction": "eu"}))
    assert [i["id"] for i in page["items"]] == [EU] and page["total"] == 1
    detail = ok(rest.get(f"/instruments/{EU}"))
    assert detail["appliesFrom"] == "2026-08-02"
    assert [entry["eId"] for entry in detail["toc"]] == ["art_3", "art_5", "art_50"]


def test_a_provision_with_everything_the_issue_lists(rest):
    view = ok(rest.get(f"/provisions/{EU_C}"))
    for key in ("id", "iri", "jurisdiction", "instrument", "eId", "labels", "summary", "parent", "children",
                "norms", "source", "appliesFrom"):
        assert key in view
    assert view["appliesFrom"] == "2025-02-02" and view["source"].startswith("https://eur-lex.europa.eu/")
    norm = view["norms"][0]
    assert norm["modality"] == "prohibition" and norm["practices"] == ["social-scoring"]
    assert norm["conditions"][0]["label"] == "Leads to detrimental or unfavourable treatment"


def test_search_reads_cyrillic(rest):
    page = ok(rest.get("/search", params={"q": "Социального", "lang": "ru"}))
    assert [hit["id"] for hit in page["items"]] == [KZ_3]


@pytest.mark.parametrize(("q", "expected", "field"), [
    ("Art 5(1)(c)", EU_C, "number"), ("KZ 17(3)(3)", KZ_3, "number"), ("ст. 17 (3) (3)", KZ_3, "number"),
    (f"{EU}/art_5/par_1/pt_c", EU_C, "id"), (f"https://w3id.org/lexgraph/id/{KZ_3}", KZ_3, "id"),
])
def test_search_by_number_and_by_id(rest, q, expected, field):
    page = ok(rest.get("/search", params={"q": q}))
    first = page["items"][0]
    assert (first["id"], first["field"], first["rank"], first["kind"]) == (expected, field, 0, "provision")
    assert first["label"] == ok(rest.get(f"/provisions/{expected}"))["labels"]["en"]
    assert page["total"] == len(page["items"]) and [h["id"] for h in page["items"]].count(expected) == 1


def test_search_by_the_start_of_an_id_pages(rest):
    first = ok(rest.get("/search", params={"q": f"{KZ}/art_17__para_3__point_", "limit": 3}))
    second = ok(rest.get("/search", params={"q": f"{KZ}/art_17__para_3__point_", "limit": 3, "offset": 3}))
    ids = [hit["id"] for hit in first["items"] + second["items"]]
    assert first["total"] == 7 and ids == [f"{KZ}/art_17__para_3__point_{n}" for n in range(1, 7)]
    assert {hit["field"] for hit in first["items"]} == {"id prefix"}


# ----------------------------------------------------------------- comparison


def test_equivalents_with_relation_from_the_asked_side(rest):
    found = ok(rest.get("/equivalents", params={"provision": EU_C, "jurisdiction": "kz"}))
    (item,) = found["equivalents"]
    assert (item["provision"], item["relation"]) == (KZ_3, "narrower")
    assert {"aspect", "text"} <= set(item["differences"][0]) and item["sources"] and item["curator"]
    (back,) = ok(rest.get("/equivalents", params={"provision": KZ_3, "jurisdiction": "eu"}))["equivalents"]
    assert back["relation"] == "broader"


def test_no_counterpart_comes_back_as_none(rest):
    (item,) = ok(rest.get("/equivalents", params={"provision": f"{EU}/art_5__para_1__point_d",
                                                  "jurisdiction": "kz"}))["equivalents"]
    assert item["relation"] == "none" and item["provision"] is None and item["rationale"]


def test_as_of_on_equivalents(rest):
    params = {"provision": EU_C, "jurisdiction": "kz"}
    assert ok(rest.get("/equivalents", params={**params, "asOf": "2025-06-01"}))["equivalents"] == []
    assert len(ok(rest.get("/equivalents", params={**params, "asOf": "2026-02-01"}))["equivalents"]) == 1


def test_compare(rest):
    result = ok(rest.get("/compare", params={"left": f"{EU}/art_5__para_1", "right": f"{KZ}/art_17__para_3"}))
    assert result["left"]["id"] == f"{EU}/art_5__para_1" and result["right"]["labels"]["ru"] == "Статья 17 п.3"
    assert len(result["pairs"]) == 6
    assert [p.rsplit("_", 1)[-1] for p in result["unmatchedLeft"]] == ["d", "e", "h"]
    assert [p.rsplit("_", 1)[-1] for p in result["unmatchedRight"]] == ["4", "7"]


def test_gaps(rest):
    page = ok(rest.get("/gaps", params={"from": "eu", "to": "kz"}))
    assert page["from"] == "eu" and page["to"] == "kz" and page["total"] == 3
    assert page["items"][0]["rationale"]
    assert ok(rest.get("/gaps", params={"from": "kz", "to": "eu", "asOf": "2025-06-01"}))["items"] == []


# ----------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        (f"/provisions/{EU_C}", {"asOf": "2026-13-01"}, "asOf"),
        ("/equivalents", {"provision": EU_C, "jurisdiction": "kz", "asOf": "yesterday"}, "asOf"),
        ("/equivalents", {"provision": "art_5", "jurisdiction": "kz"}, "provision"),
        ("/equivalents", {"provision": EU_C, "jurisdiction": "KZ!"}, "jurisdiction"),
        ("/compare", {"left": "x", "right": KZ_3}, "left"),
        ("/gaps", {"from": "eu", "to": "eu"}, "to"),
        ("/gaps", {"from": "eu", "to": "kz", "limit": 100000}, "limit"),
        ("/instruments", {"offset": -1}, "offset"),
        ("/search", {"q": "x", "limit": 0}, "limit"),
        ("/search", {"q": "   "}, "q"),
    ],
)
def test_malformed_input_is_a_400_naming_the_parameter(rest, path, params, parameter):
    response = rest.get(path, params=params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "IdentifierError" and body["message"].startswith(f"{parameter}=")


def test_a_non_integer_page_size_is_refused_naming_it(rest):
    response = rest.get("/search", params={"q": "x", "limit": "many"})
    assert 400 <= response.status_code < 500 and "limit" in response.json()["message"]


def test_an_unknown_id_is_a_404_naming_it_with_suggestions(rest):
    response = rest.get(f"/provisions/{EU}/art_5__para_1__point_x")
    assert response.status_code == 404
    body = response.json()
    assert body["id"] == f"{EU}/art_5__para_1__point_x" and body["suggestions"]
    assert f"{EU}/art_5__para_1__point_x" in body["message"] and "did you mean" in body["message"]
    unknown = rest.get("/equivalents", params={"provision": EU_C, "jurisdiction": "kx"})
    assert unknown.status_code == 404 and "kz" in unknown.json()["suggestions"]
    assert rest.get("/instruments/eu/reg-2024-1698").json()["suggestions"][0] == EU


def test_a_provision_that_did_not_apply_is_a_404(rest):
    response = rest.get(f"/provisions/{EU_C}", params={"asOf": "2025-01-01"})
    assert response.status_code == 404
    assert "did not apply on 2025-01-01" in response.json()["message"]
    assert response.json()["asOf"] == "2025-01-01"


def test_openapi_documents_the_routes_with_examples(rest):
    spec = ok(rest.get("/openapi.json"))
    for path in ("/jurisdictions", "/instruments", "/instruments/{jurisdiction}/{instrument}",
                 "/provisions/{jurisdiction}/{instrument}/{eId}", "/equivalents", "/compare", "/gaps", "/search"):
        operation = spec["paths"][path]["get"]
        assert operation["tags"] == ["drafters"], path
    schemas = spec["components"]["schemas"]
    assert schemas["Equivalent"]["examples"][0]["relation"] == "narrower"
    assert schemas["Comparison"]["examples"][0]["unmatchedLeft"]
    assert "400" in spec["paths"]["/compare"]["get"]["responses"]
    assert "404" in spec["paths"]["/compare"]["get"]["responses"]


# ----------------------------------------------------------------- shipped data (session service)


def test_shipped_equivalents_of_eu_5_1_c_in_kz(client):
    found = ok(client.get("/equivalents", params={"provision": EU_C, "jurisdiction": "kz"}))
    social = next(e for e in found["equivalents"] if e["provision"] == KZ_3)
    assert social["relation"] == "narrower" and social["differences"] and social["sources"]
    assert ok(client.get("/equivalents", params={"provision": EU_C, "jurisdiction": "kz",
                                                 "asOf": "2025-06-01"}))["equivalents"] == []
    later = ok(client.get("/equivalents", params={"provision": EU_C, "jurisdiction": "kz", "asOf": "2026-02-01"}))
    assert KZ_3 in [e["provision"] for e in later["equivalents"]]


def test_shipped_compare_eu_5_1_c_with_kz_17_3_3(client):
    result = ok(client.get("/compare", params={"left": EU_C, "right": KZ_3}))
    first = result["pairs"][0]
    assert (first["left"], first["right"], first["relation"]) == (EU_C, KZ_3, "narrower")
    assert result["left"]["appliesFrom"] == "2025-02-02" and result["right"]["appliesFrom"] == "2026-01-18"


def test_shipped_compare_of_the_prohibition_lists(client):
    result = ok(client.get("/compare", params={"left": f"{EU}/art_5__para_1", "right": f"{KZ}/art_17__para_3"}))
    pairs = {(p["left"].rsplit("_", 1)[-1], p["right"].rsplit("_", 1)[-1]) for p in result["pairs"]}
    assert {("a", "1"), ("b", "2"), ("c", "3"), ("f", "6"), ("g", "5")} <= pairs
    assert result["unmatchedLeft"] == [f"{EU}/art_5__para_1__point_h"]
    assert result["unmatchedRight"] == [f"{KZ}/art_17__para_3__point_7"]
