"""GET /sparql's URL parameters: the fast decoder reads what `parse_qsl` reads, or hands the text back to it; the
middleware decodes them once and the route answers as before, strict about UTF-8 and naming the parameter."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lexgraph_api.url_parameters import SCOPE_KEY, SparqlUrlParameters, decode_query_string

# Text made of what matters to the decoder: separators, escapes good and bad, backslashes, '+', UTF-8 escapes.
PIECES = st.sampled_from(
    ["&", "=", "+", "%", "%2", "%41", "%2B", "%26", "%3D", "%5C", "\\", "\\x41", "%zz", "%D0%B0", "%D0", "%FF",
     "a", "query", "SELECT", " ", "?", "#", "%25", "%%", "x"]
)


def reference(raw: bytes) -> list[tuple[str, str]]:
    return parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
@example("query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D&default-graph-uri=urn%3Ax")
@example("a=%5Cx41&b=\\x41&c=\\\\")
@example("&&a&=b&c=")
def test_the_fast_decoder_reads_what_parse_qsl_reads(text):
    raw = text.encode("ascii")
    try:
        expected = reference(raw)
    except UnicodeDecodeError:  # refused here too, or handed back to parse_qsl, which refuses it
        with pytest.raises(UnicodeDecodeError):
            if decode_query_string(raw) is None:
                reference(raw)
        return
    try:
        decoded = decode_query_string(raw)
    except UnicodeDecodeError:  # parse_qsl only ever decodes what it could: it never raises where we do not
        pytest.fail(f"the fast decoder refused {text!r}, which parse_qsl reads as {expected!r}")
    if decoded is None:
        # Handed back only where parse_qsl keeps a '%' that does not start an escape.
        assert any(text[i] == "%" and not _is_escape(text[i + 1 : i + 3]) for i in range(len(text)))
    else:
        assert decoded == expected


def _is_escape(two: str) -> bool:
    return len(two) == 2 and all(c in "0123456789abcdefABCDEF" for c in two)


def test_a_long_multilingual_query_round_trips():
    query = 'SELECT ?p WHERE { ?p rdfs:label "Запрещённые практики"@ru ; lg:eId ?e } # 100% \\ & = +\n' * 40
    raw = urlencode({"query": query, "default-graph-uri": "urn:lexgraph:graph/a b"}).encode()
    assert decode_query_string(raw) == [("query", query), ("default-graph-uri", "urn:lexgraph:graph/a b")]


def test_non_ascii_bytes_are_left_to_the_route():
    assert decode_query_string("query=ASK{}&x=é".encode()) is None


def run_middleware(scope: dict) -> dict:
    seen = {}

    async def app(inner_scope, receive, send):
        seen.update(inner_scope)

    asyncio.run(SparqlUrlParameters(app)(scope, None, None))
    return seen


def http_scope(path: str, query_string: bytes, method: str = "GET") -> dict:
    return {"type": "http", "method": method, "path": path, "query_string": query_string, "headers": []}


def test_the_middleware_decodes_once_and_hides_the_raw_query_string():
    raw = urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    seen = run_middleware(http_scope("/sparql", raw))
    assert seen[SCOPE_KEY] == [("query", "ASK { ?s ?p ?o }")]
    assert seen["query_string"] == b""


@pytest.mark.parametrize(
    ("path", "method", "raw"),
    [
        ("/compare", "GET", b"left=a&right=b"),  # another route: untouched
        ("/sparql", "POST", b"query=ASK%7B%7D"),  # POST: the URL carries only graphs; the route reads them
        ("/sparql", "GET", b"query=%zz"),  # what the fast decoder hands back
        ("/sparql", "GET", b"query=%FF"),  # not UTF-8: the route names the parameter
    ],
)
def test_the_middleware_leaves_everything_else_to_the_route(path, method, raw):
    seen = run_middleware(http_scope(path, raw, method))
    assert SCOPE_KEY not in seen
    assert seen["query_string"] == raw


def test_the_route_answers_a_decoded_query(client):
    query = 'SELECT ?label WHERE { lgid:eu rdfs:label ?label FILTER(lang(?label) = "en") }'
    response = client.get("/sparql?query=" + quote(query, safe=""),
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"]


def test_the_route_still_refuses_a_query_that_is_not_utf8(client):
    response = client.get("/sparql?query=ASK%20%7B%7D%FF")
    assert response.status_code == 400
    assert "UTF-8" in response.json()["message"]


def test_a_percent_sign_that_starts_no_escape_reaches_the_parser(client):
    # parse_qsl keeps "%zz" as it is; the SPARQL parser then reports the malformed query (400), as before.
    response = client.get("/sparql?query=ASK%20%7B%7D%20%zz")
    assert response.status_code == 400
    assert response.json()["error"] == "QuerySyntaxError"
