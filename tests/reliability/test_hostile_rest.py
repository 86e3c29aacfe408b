"""The drafters' REST routes under hostile ids and parameters: 4xx with a clear message, service still up."""

from __future__ import annotations

import pytest
from harness import check_refusal, still_serving
from hostile import hostile_ids, rest_catalogue

from lexgraph import catalog, comparison
from lexgraph.errors import IdentifierError, UnknownResourceError

CATALOGUE = rest_catalogue(port=9)


@pytest.mark.parametrize("case", CATALOGUE, ids=[case.name for case in CATALOGUE])
def test_hostile_rest_request_is_refused_and_the_service_keeps_serving(client, case):
    answer = case.send(client)
    if case.says != "no route":
        assert answer.status_code != 404 or answer.json()["error"] != "NotFound", f"no such route: {case.path}"
    check_refusal(case, answer)
    still_serving(client)


def test_rest_errors_name_the_parameter(client):
    answer = client.get("/equivalents", params={"provision": "\u0435u/reg-2024-1689/art_5", "jurisdiction": "kz"})
    assert answer.status_code == 400 and answer.json()["message"].startswith("provision=")
    answer = client.get("/gaps", params={"from": "eu", "to": "kz", "limit": "-1"})
    assert answer.status_code in (400, 422) and "limit" in answer.json()["message"]


# ------------------------------------------------------------------ the same, one layer down (the library)


@pytest.fixture(scope="module")
def store(client):
    return client.app.state.store


@pytest.mark.parametrize("value", hostile_ids(9).values(), ids=hostile_ids(9).keys())
def test_the_library_refuses_hostile_ids_by_name(store, value):
    """What the routes call: each hostile id is an IdentifierError naming the parameter, before any query."""
    art5 = "eu/reg-2024-1689/art_5__para_1"
    for call, parameter in ((lambda: comparison.equivalents(store, value, "kz"), "provision"),
                            (lambda: comparison.compare(store, art5, value), "right"),
                            (lambda: catalog.provision(store, value), "id")):
        with pytest.raises(IdentifierError) as caught:
            call()
        assert caught.value.parameter == parameter and len(str(caught.value)) < 400


@pytest.mark.parametrize("limit, offset", [(-1, 0), (0, 0), (10**20, 0), (10, -5), (10, 10**30), (True, 0)])
def test_the_library_refuses_absurd_pages(store, limit, offset):
    for call in (lambda: comparison.gaps(store, "eu", "kz", None, limit, offset),
                 lambda: catalog.search(store, "ai", None, limit, offset),
                 lambda: catalog.instruments(store, None, limit, offset)):
        with pytest.raises(IdentifierError) as caught:
            call()
        assert caught.value.parameter in ("limit", "offset")


def test_the_library_refuses_look_alike_jurisdictions_and_dates(store):
    art5 = "eu/reg-2024-1689/art_5__para_1"
    with pytest.raises(IdentifierError):
        comparison.equivalents(store, art5, "\u043a\u0437")  # Cyrillic k z
    with pytest.raises(IdentifierError):
        comparison.equivalents(store, art5, "kz", "\u0662\u0660\u0662\u0665-01-01")  # Arabic-Indic digits
    with pytest.raises(UnknownResourceError) as caught:
        comparison.gaps(store, "eu", "zz")
    assert "kz" in caught.value.suggestions
