"""The notes on why an instrument's date is missing or uncertain (lg:dateInForceNote, lg:appliesUntilNote;
decisions.md, 13) come back in the REST instrument JSON as `dateInForceNote` and `appliesUntilNote`, one text
picked like a summary (English, else untagged, else the first language), null when there is none; the
provision JSON does not repeat them, and its `instrument` leads to them. Expected notes are read from the
shipped Turtle, not written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

try:
    import lexgraph_api  # noqa: F401  (installed: the wheel ships it)
except ImportError:  # a checkout where api/ is not on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from lexgraph.ids import short_id
from lexgraph.loader import SourceFile, load
from lexgraph.namespaces import LG, LGGRAPH, LGID
from lexgraph.settings import Settings
from lexgraph.store import OxigraphStore
from lexgraph_api import create_app

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "rest"
NOTES = {LG.dateInForceNote: "dateInForceNote", LG.appliesUntilNote: "appliesUntilNote"}


@pytest.fixture(scope="module")
def shipped(loaded) -> TestClient:
    """The service on the shipped data (one SPARQL worker: these tests do not use /sparql)."""
    app = create_app(Settings(query_workers=1), store=OxigraphStore.from_files(loaded.files))
    with TestClient(app) as client:
        yield client


def ok(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def english_notes(union: Graph, prop: URIRef) -> dict[str, str]:
    """Instrument id -> its English note on the date `prop` names, from the shipped Turtle."""
    return {short_id(s): str(o) for s, o in union.subject_objects(prop)
            if isinstance(o, Literal) and o.language == "en" and (s, LG.jurisdiction, None) in union}


@pytest.mark.parametrize("prop", list(NOTES), ids=list(NOTES.values()))
def test_every_noted_kz_instrument_carries_its_note_in_english(shipped, union, prop):
    notes = english_notes(union, prop)
    kz = {iid: note for iid, note in notes.items() if iid.startswith("kz/")}
    assert kz, f"no KZ instrument in data/kz has {prop}"
    listed = {item["id"]: item for item in ok(shipped.get("/instruments", params={"jurisdiction": "kz"}))["items"]}
    for iid, note in kz.items():
        assert listed[iid][NOTES[prop]] == note
        assert ok(shipped.get(f"/instruments/{iid}"))[NOTES[prop]] == note


def test_a_note_stands_where_its_date_is_missing(shipped, union):
    """law-2444's date in force is unknown: the JSON has no date but the note (and so does every such one)."""
    missing = {iid for iid in english_notes(union, LG.dateInForceNote)
               if (LGID[iid], LG.dateInForce, None) not in union}
    assert "kz/law-2444" in missing
    for iid in missing:
        item = ok(shipped.get(f"/instruments/{iid}"))
        assert item["dateInForce"] is None and item["dateInForceNote"]


def test_an_instrument_with_its_dates_and_no_note_has_null_notes(shipped, union):
    undocumented = [
        short_id(s) for s in union.subjects(LG.dateInForce, None)
        if (s, LG.jurisdiction, None) in union and not any((s, prop, None) in union for prop in NOTES)
    ]
    assert "kz/law-230-viii" in undocumented and "eu/reg-2024-1689" in undocumented
    for iid in undocumented:
        item = ok(shipped.get(f"/instruments/{iid}"))
        assert item["dateInForce"] and item["dateInForceNote"] is None and item["appliesUntilNote"] is None
    everyone = ok(shipped.get("/instruments", params={"limit": 1000}))["items"]
    assert all(set(NOTES.values()) <= set(item) for item in everyone)


def test_a_provision_without_dates_leads_to_its_instruments_note(shipped, union):
    """The decision in the models: a provision's null date is explained at its `instrument`, not repeated."""
    checked = 0
    for iid in english_notes(union, LG.dateInForceNote):
        instrument = LGID[iid]
        if (instrument, LG.dateInForce, None) in union or (instrument, LG.appliesFrom, None) in union:
            continue
        for part in union.transitive_subjects(LG.partOf, instrument):
            if part == instrument:
                continue
            view = ok(shipped.get(f"/provisions/{short_id(part)}"))
            assert set(NOTES.values()).isdisjoint(view)
            if view["appliesFrom"] is None:
                assert ok(shipped.get(f"/instruments/{view['instrument']}"))["dateInForceNote"]
                checked += 1
    assert checked, "no provision of an instrument without a date in force"


# ----------------------------------------------------------------- which language


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory) -> TestClient:
    """The REST fixture plus notes in several languages: on the EU AI Act, English and Russian ones; on the KZ
    AI Law, a Russian note only."""
    extra = Graph()
    eu, kz = LGID["eu/reg-2024-1689"], LGID["kz/law-230-viii"]
    extra.add((eu, LG.appliesUntilNote, Literal("Примечание по-русски.", lang="ru")))
    extra.add((eu, LG.appliesUntilNote, Literal("The English note.", lang="en")))
    extra.add((kz, LG.dateInForceNote, Literal("Только по-русски.", lang="ru")))
    path = tmp_path_factory.mktemp("notes") / "notes.ttl"
    extra.serialize(path, format="turtle")
    files = [*load(data=[FIXTURE]).files, SourceFile(path, LGGRAPH["test/date-notes"], "data", len(extra))]
    app = create_app(Settings(query_workers=1), store=OxigraphStore.from_files(files))
    with TestClient(app) as client:
        yield client


def test_english_is_picked_first_else_the_language_held(multilingual):
    eu = ok(multilingual.get("/instruments/eu/reg-2024-1689"))
    assert eu["appliesUntilNote"] == "The English note." and eu["dateInForceNote"] is None
    kz = ok(multilingual.get("/instruments/kz/law-230-viii"))
    assert kz["dateInForceNote"] == "Только по-русски." and kz["appliesUntilNote"] is None
    listed = {item["id"]: item for item in ok(multilingual.get("/instruments"))["items"]}
    assert listed["eu/reg-2024-1689"]["appliesUntilNote"] == "The English note."
    assert listed["kz/law-230-viii"]["dateInForceNote"] == "Только по-русски."


# ----------------------------------------------------------------- OpenAPI


def test_the_openapi_schema_documents_the_notes(shipped):
    schemas = ok(shipped.get("/openapi.json"))["components"]["schemas"]
    for model in ("Instrument", "InstrumentDetail"):
        properties = schemas[model]["properties"]
        for key in NOTES.values():
            assert {"type": "null"} in properties[key]["anyOf"], (model, key)
            assert key[: -len("Note")] in properties[key]["description"] and properties[key]["examples"]
    provision = schemas["Provision"]["properties"]
    assert "dateInForceNote" in provision["appliesFrom"]["description"]
    assert "appliesUntilNote" in provision["appliesUntil"]["description"]
