"""Property tests (hypothesis) for the two parsers hostile text meets first: provision ids and the SPARQL check.

The SERVICE property is differential: Oxigraph itself runs each generated query in this process against a
canary listener, and whenever it does call the canary, the check must have refused the query. That is the
proof the check needs, since the check reads tokens and Oxigraph has its own lexer.
"""

from __future__ import annotations

import contextlib
import string

import pyoxigraph as ox
import pytest
from harness import Canary
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from lexgraph.errors import IdentifierError, LexGraphError
from lexgraph.ids import EID_RE, INSTRUMENT_RE, JURISDICTION_RE, MAX_ID_LENGTH, parse_id
from lexgraph.namespaces import ID_BASE
from lexgraph.sparql import (
    GRAPH_SYNTAXES,
    SELECT_SYNTAXES,
    UpdateRefusedError,
    negotiate,
    plan_query,
    scan,
)

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ provision ids

jurisdictions = st.from_regex(r"[a-z]{2,12}", fullmatch=True)
instruments = st.from_regex(r"[a-z0-9]{1,8}(?:[-.][a-z0-9]{1,6}){0,3}", fullmatch=True)
components = st.one_of(
    st.just("intro"),
    st.builds("{}_{}".format, st.sampled_from(["art", "para", "subpara", "point", "annex", "sec", "chp", "part",
                                               "title"]),
              st.from_regex(r"[A-Za-z0-9]{1,4}(?:-[A-Za-z0-9]{1,3})?", fullmatch=True)),
)
eids = st.lists(components, min_size=1, max_size=5).map("__".join)
# Letters that look Latin but are not: Cyrillic а е о р с х у і, Greek ο α, fullwidth a, dotless i.
LOOK_ALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "x": "\u0445",
               "y": "\u0443", "i": "\u0456"}


@QUICK
@given(jurisdictions, instruments, eids)
def test_a_well_formed_id_round_trips_through_its_iri(jurisdiction, instrument, eid):
    short = f"{jurisdiction}/{instrument}/{eid}"
    assume(len(short) <= MAX_ID_LENGTH)
    parsed = parse_id(short)
    assert (parsed.jurisdiction, parsed.instrument, parsed.eid) == (jurisdiction, instrument, eid)
    assert parsed.short == short and str(parsed.iri) == ID_BASE + short
    assert parse_id(str(parsed.iri)) == parsed
    ox.NamedNode(str(parsed.iri))  # a valid IRI


@QUICK
@given(st.text(max_size=400))
@example("eu/reg-2024-1689/../../../etc/passwd")
@example("eu/reg-2024-1689/art_5\x00")
@example("eu%2Freg-2024-1689%2Fart_5")
@example("eu/reg-2024-1689/art_5\n")
@example("https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5/../../x")
def test_any_text_is_an_id_or_an_identifier_error(text):
    """Whatever the text: a ProvisionId whose parts match the documented patterns and whose IRI lies below the
    id base, or an IdentifierError naming the parameter with a bounded message. Nothing else."""
    try:
        parsed = parse_id(text, "provision")
    except IdentifierError as error:
        assert error.parameter == "provision" and str(error).startswith("provision=")
        assert len(str(error)) < 600
        return
    assert JURISDICTION_RE.fullmatch(parsed.jurisdiction) and INSTRUMENT_RE.fullmatch(parsed.instrument)
    assert EID_RE.fullmatch(parsed.eid)
    assert str(parsed.iri).startswith(ID_BASE) and ".." not in parsed.short.split("/")
    assert parsed.short.isascii() and not any(c in parsed.short for c in "\x00%\\ \n?#")


@QUICK
@given(jurisdictions, instruments, eids, st.data())
def test_a_look_alike_letter_anywhere_is_refused(jurisdiction, instrument, eid, data):
    short = f"{jurisdiction}/{instrument}/{eid}"
    assume(len(short) <= MAX_ID_LENGTH)
    positions = [i for i, c in enumerate(short) if c in LOOK_ALIKES]
    assume(positions)
    at = data.draw(st.sampled_from(positions))
    forged = short[:at] + LOOK_ALIKES[short[at]] + short[at + 1:]
    with pytest.raises(IdentifierError):
        parse_id(forged)


# ------------------------------------------------------------------ the SPARQL check

SPARQLISH = st.lists(
    st.sampled_from([*string.ascii_letters, *string.digits, *" \t\n\r{}()[]<>?$:._-#'\"\\@^|/!=*+,;",
                     "SELECT ", "WHERE ", "SERVICE ", "INSERT ", "FROM ", "NAMED ", "PREFIX ", "BASE ",
                     "\u0435", "\u017f", "\x00"]),
    max_size=120,
).map("".join)


@QUICK
@given(st.one_of(SPARQLISH, st.text(max_size=300)), st.one_of(st.none(), st.text(max_size=80)))
def test_the_check_answers_any_text_with_a_plan_or_a_lexgraph_error(text, accept):
    try:
        plan = plan_query(text, known_graphs=frozenset({"urn:x:g"}), accept=accept, base_iri="http://testserver/sparql")
    except LexGraphError as error:
        assert str(error) and len(str(error)) < 2000
        return
    assert plan.query == text and not scan(text).uses_service and not scan(text).is_update


@QUICK
@given(st.text(max_size=200))
def test_negotiation_never_fails_on_any_accept_header(header):
    for offers in (SELECT_SYNTAXES, GRAPH_SYNTAXES):
        assert negotiate(header, offers) in (*offers, None)


PRELUDES = st.lists(st.sampled_from([
    "PREFIX x: <urn:x:> ", "BASE <http://example.org/> ", "# a comment\n", "\n", "prefix : <urn:y:> ",
]), max_size=3).map("".join)
UPDATES = st.sampled_from([
    "INSERT DATA { <urn:x:s> <urn:x:p> 1 }", "insert data { <urn:x:s> <urn:x:p> 1 }",
    "DELETE DATA { <urn:x:s> <urn:x:p> 1 }", "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }", "INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "CLEAR ALL", "clear silent default", "DROP ALL",
    "DROP GRAPH <urn:x:g>", "CREATE GRAPH <urn:x:g>", "ADD DEFAULT TO <urn:x:g>", "MOVE <urn:x:a> TO <urn:x:b>",
    "COPY DEFAULT TO <urn:x:g>", "CLEAR ALL ; INSERT DATA { <urn:x:s> <urn:x:p> 1 }",
])


@QUICK
@given(PRELUDES, UPDATES)
def test_every_update_oxigraph_would_run_is_refused(prelude, update):
    text = prelude + update
    # A valid update, run on a throwaway store (RuntimeError: parsed, then no such graph: still an update).
    with contextlib.suppress(RuntimeError):
        ox.Store().update(text)
    with pytest.raises(UpdateRefusedError):
        plan_query(text, known_graphs=frozenset())
    with pytest.raises(SyntaxError):
        ox.Store().query(text)  # and the workers' query() would not run it anyway


@pytest.fixture(scope="module")
def canary():
    with Canary() as listener:
        yield listener


def service_pieces(target: str):
    """Fragments of query text with which Oxigraph's lexer and the check's could disagree about where strings,
    IRIs and comments end, around real SERVICE clauses."""
    real = st.sampled_from([f"SERVICE SILENT <{target}> {{ }}", f"service silent <{target}> {{}}",
                            f"SERVICE SILENT<{target}>{{}}", f"{{ SERVICE SILENT <{target}> {{ }} }}"])
    content = st.lists(st.sampled_from([*"ab '\"\\<>#{}\n\r\t", "SERVICE", "u0022", "u003E"]), max_size=12).map("".join)
    literal = st.builds(lambda d, c: f"BIND({d}{c}{d} AS ?v) ", st.sampled_from(["'", '"', "'''", '"""']), content)
    comment = st.builds(lambda c, end: f"#{c}{end}", content, st.sampled_from(["\n", "\r", "\r\n", " "]))
    iri = st.builds(lambda c: f"BIND(<urn:x:{c}> AS ?i) ", content)
    raw = st.sampled_from(["'", '"', "<", ">", "#", "\\", "\n", "{", "}", ". ", "?s ?p ?o . ", "FILTER(1<2)",
                           "FILTER(?a>?b)", "x:SERVICE ", "?SERVICE ", "_:SERVICE "])
    return st.lists(st.one_of(real, real, literal, comment, iri, raw), min_size=1, max_size=5).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_whenever_oxigraph_would_call_a_service_the_check_refuses_the_query(canary, data):
    target = f"http://127.0.0.1:{canary.port}/sparql"
    body = data.draw(service_pieces(target))
    text = f"PREFIX x: <urn:x:> SELECT * WHERE {{ {body} }}"
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o")))
    before = len(canary.hits)
    with contextlib.suppress(SyntaxError, OSError, ValueError, RuntimeError):
        list(store.query(text))
    called = len(canary.hits) > before
    try:
        plan_query(text, known_graphs=frozenset())
        refused = False
    except LexGraphError:
        refused = True
    if called:
        assert refused and scan(text).uses_service, text


def test_the_differential_property_is_not_vacuous(canary):
    """The canary does see Oxigraph's calls from this process, so the property above is tested, not assumed."""
    before = len(canary.hits)
    text = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{canary.port}/sparql> {{ }} }}"
    list(ox.Store().query(text))
    assert len(canary.hits) == before + 1
