"""/export, the Graph Store Protocol and /id/ under hostile names: 4xx with a clear message, service still up;
and JSON-LD (whose remote @context would be a fetch) is nowhere an input."""

from __future__ import annotations

import pytest
from harness import SERVICE_SETTINGS, check_refusal, still_serving
from hostile import export_catalogue

CATALOGUE = export_catalogue(port=9, max_bytes=SERVICE_SETTINGS["max_request_bytes"])


@pytest.mark.parametrize("case", CATALOGUE, ids=[case.name for case in CATALOGUE])
def test_hostile_name_is_refused_and_the_service_keeps_serving(client, case):
    check_refusal(case, case.send(client))
    still_serving(client)


def test_an_encoded_slash_names_the_same_resource_as_a_slash(client):
    """%2F in /id/ is decoded to '/' before routing: the same resource, never a different file or graph."""
    plain = client.get("/id/eu/reg-2024-1689", headers={"Accept": "application/n-triples"})
    encoded = client.get("/id/eu%2Freg-2024-1689", headers={"Accept": "application/n-triples"})
    assert plain.status_code == encoded.status_code == 200
    assert sorted(plain.text.splitlines()) == sorted(encoded.text.splitlines())


def test_a_look_alike_id_is_told_apart_and_the_real_one_suggested(client):
    answer = client.get("/id/\u0435u")  # Cyrillic ie, then Latin u
    assert answer.status_code == 404
    assert "eu" in answer.json()["suggestions"]


def test_json_ld_is_not_an_input_anywhere(client):
    """No operation of the OpenAPI document takes a JSON-LD body, so no remote @context is ever read; the only
    bodies accepted are SPARQL text and forms (and JSON, which is not JSON-LD, where the REST routes take it)."""
    accepted = set()
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}):
                accepted.add((method.upper(), path, media))
    media_types = {media for _, _, media in accepted}
    assert "application/ld+json" not in media_types
    assert media_types <= {"application/x-www-form-urlencoded", "application/sparql-query", "application/json"}
    assert ("POST", "/sparql", "application/sparql-query") in accepted
