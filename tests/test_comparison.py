"""lexgraph.comparison: equivalents, compare and gaps, with relations read from the asked side and asOf.

On the REST fixture (tests/fixtures/rest) the facts are pinned down: EU Art 5(1)(a)-(h) against KZ
Art 17(3)(1)-(7), one correspondence stored from the KZ side (broader, so narrower from the EU side),
one linking norms rather than provisions, no-counterpart records both ways, and the real dates
(EU Art 5 from 2025-02-02, Art 50 from 2026-08-02; KZ Law in force 2026-01-18). The shipped data gets
the issue's example: EU Art 5(1)(c) against KZ Art 17(3)(3).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lexgraph.comparison import compare, equivalents, gaps
from lexgraph.errors import IdentifierError, UnknownResourceError
from lexgraph.loader import load
from lexgraph.store import OxigraphStore

FIXTURE = Path(__file__).parent / "fixtures" / "rest"
EU = "eu/reg-2024-1689"
KZ = "kz/law-230-viii"
EU_P1 = f"{EU}/art_5__para_1"
KZ_P3 = f"{KZ}/art_17__para_3"


def eu(point: str) -> str:
    return f"{EU_P1}__point_{point}"


def kz(point: int | str) -> str:
    return f"{KZ_P3}__point_{point}"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return OxigraphStore.from_files(load(data=[FIXTURE]).files)


@pytest.fixture(scope="module")
def shipped(loaded) -> OxigraphStore:
    return OxigraphStore.from_files(loaded.files)


# ----------------------------------------------------------------- equivalents


def test_equivalents_of_eu_5_1_c_in_kz(store):
    found = equivalents(store, eu("c"), "kz")
    assert (found["provision"], found["jurisdiction"], found["asOf"]) == (eu("c"), "kz", None)
    (item,) = found["equivalents"]
    assert item["provision"] == kz(3) and item["relation"] == "narrower"
    assert item["label"] == "Article 17(3)(3)"
    assert [d["aspect"] for d in item["differences"]] == ["condition", "exception"]
    assert all(d["text"] for d in item["differences"])
    assert item["sources"] == ["https://doi.org/10.33327/AJEE-18-8.S-a000157",
                               "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"]
    assert item["curator"] == "LexGraph team" and item["rationale"].startswith("Both ban social scoring")
    assert item["statement"].endswith("/correspondence/eu-kz/social-scoring")


def test_a_relation_reads_from_the_asked_side(store):
    """eu-kz stores EU(c) -> KZ(3) narrower; asked from KZ it is broader."""
    (from_kz,) = equivalents(store, kz(3), "eu")["equivalents"]
    assert from_kz["provision"] == eu("c") and from_kz["relation"] == "broader"


def test_a_correspondence_stored_from_the_other_side_is_inverted(store):
    """kz-eu stores KZ(5) -> EU(g) broader: from the EU side it reads narrower, from KZ broader."""
    (from_eu,) = equivalents(store, eu("g"), "kz")["equivalents"]
    assert from_eu["provision"] == kz(5) and from_eu["relation"] == "narrower"
    assert from_eu["statement"].endswith("/correspondence/kz-eu/biometric-categorisation")
    (from_kz,) = equivalents(store, kz(5), "eu")["equivalents"]
    assert from_kz["relation"] == "broader"


def test_no_counterpart_records_come_back_as_relation_none(store):
    (item,) = equivalents(store, eu("d"), "kz")["equivalents"]
    assert item["provision"] is None and item["relation"] == "none"
    assert item["rationale"] == "The KZ list has no ban on predicting crime from profiling."
    assert item["statement"].endswith("/no-counterpart/eu-kz/predictive-policing")
    assert equivalents(store, eu("d"), "us")["equivalents"] == []  # the record is toward KZ only


def test_correspondences_between_norms_count_for_their_provisions(store):
    (item,) = equivalents(store, f"{EU}/art_50__para_1", "kz")["equivalents"]
    assert item["provision"] == f"{KZ}/art_21__para_1" and item["relation"] == "related"
    assert [d["aspect"] for d in item["differences"]] == ["addressee"]


def test_equivalents_are_exact_to_the_provision_asked(store):
    """The paragraph-level correspondence belongs to Art 5(1), not to its points, and vice versa."""
    (paragraph,) = equivalents(store, EU_P1, "kz")["equivalents"]
    assert paragraph["provision"] == KZ_P3 and paragraph["relation"] == "close"
    assert equivalents(store, f"{EU}/art_5", "kz")["equivalents"] == []
    assert equivalents(store, f"{eu('c')}__point_i", "kz")["equivalents"] == []


def test_equivalents_as_of_need_both_ends_to_apply(store):
    assert equivalents(store, eu("c"), "kz", "2025-06-01")["equivalents"] == []  # KZ law not yet in force
    assert [e["provision"] for e in equivalents(store, eu("c"), "kz", "2026-02-01")["equivalents"]] == [kz(3)]
    assert equivalents(store, eu("c"), "kz", "2025-01-01")["equivalents"] == []  # EU Art 5 not yet applying
    # EU Art 50 applies from 2026-08-02: its KZ counterpart, in force already, does not count before.
    assert equivalents(store, f"{KZ}/art_21__para_1", "eu", "2026-02-01")["equivalents"] == []
    assert len(equivalents(store, f"{KZ}/art_21__para_1", "eu", "2026-08-02")["equivalents"]) == 1


def test_equivalents_refuse_unknown_and_malformed_names(store):
    with pytest.raises(UnknownResourceError) as unknown:
        equivalents(store, eu("z"), "kz")
    assert unknown.value.kind == "provision" and unknown.value.suggestions
    with pytest.raises(UnknownResourceError) as jurisdiction:
        equivalents(store, eu("c"), "kx")
    assert jurisdiction.value.kind == "jurisdiction" and "kz" in jurisdiction.value.suggestions
    with pytest.raises(IdentifierError) as malformed:
        equivalents(store, "art_5", "kz")
    assert malformed.value.parameter == "provision"
    with pytest.raises(IdentifierError) as date:
        equivalents(store, eu("c"), "kz", "2026-02-31")
    assert date.value.parameter == "asOf"


# ----------------------------------------------------------------- compare


def test_compare_eu_5_1_with_kz_17_3_aligns_the_points(store):
    result = compare(store, EU_P1, KZ_P3)
    assert result["left"]["id"] == EU_P1 and result["right"]["id"] == KZ_P3
    pairs = [(p["left"], p["right"], p["relation"]) for p in result["pairs"]]
    assert pairs == [
        (EU_P1, KZ_P3, "close"),
        (eu("a"), kz(1), "close"),
        (eu("b"), kz(2), "close"),
        (eu("c"), kz(3), "narrower"),
        (eu("f"), kz(6), "narrower"),
        (eu("g"), kz(5), "narrower"),  # stored KZ -> EU as broader
    ]
    assert result["unmatchedLeft"] == [eu("d"), eu("e"), eu("h")]
    assert result["unmatchedRight"] == [kz(4), kz(7)]
    assert result["noCounterpart"][eu("d")].startswith("The KZ list has no ban")
    assert kz(7) not in result["noCounterpart"]  # unmatched, but no curated record says why
    social = next(p for p in result["pairs"] if p["left"] == eu("c"))
    assert [d["aspect"] for d in social["differences"]] == ["condition", "exception"] and social["sources"]


def test_compare_counts_subpoints_of_a_matched_point_and_skips_lead_ins(store):
    result = compare(store, EU_P1, KZ_P3)
    unmatched = result["unmatchedLeft"] + result["unmatchedRight"]
    assert f"{eu('c')}__point_i" not in unmatched  # point (c) is matched, its points with it
    assert f"{EU_P1}__intro" not in unmatched and f"{KZ_P3}__intro" not in unmatched
    assert f"{EU_P1}__subpara_2" not in unmatched  # sets no norm


def test_compare_of_unrelated_provisions_reports_each_root(store):
    result = compare(store, f"{EU}/art_3", f"{KZ}/art_21")
    assert result["pairs"] == []
    assert result["unmatchedLeft"] == [f"{EU}/art_3"] and result["unmatchedRight"] == [f"{KZ}/art_21"]


def test_compare_as_of_keeps_what_applied(store):
    before = compare(store, EU_P1, KZ_P3, "2025-06-01")
    assert before["pairs"] == [] and before["unmatchedRight"] == []
    assert before["unmatchedLeft"] == [EU_P1]  # the EU list applied; nothing in KZ yet
    after = compare(store, EU_P1, KZ_P3, "2026-02-01")
    assert len(after["pairs"]) == 6 and after["asOf"] == "2026-02-01"


def test_compare_refuses_unknown_and_malformed_ids(store):
    with pytest.raises(UnknownResourceError):
        compare(store, EU_P1, f"{KZ}/art_99")
    with pytest.raises(IdentifierError) as error:
        compare(store, "nonsense", KZ_P3)
    assert error.value.parameter == "left"


# ----------------------------------------------------------------- gaps


def test_gaps_eu_to_kz_are_the_points_without_counterpart(store):
    found = gaps(store, "eu", "kz")
    assert [g["provision"] for g in found["items"]] == [eu("d"), eu("e"), eu("h")]
    assert found["items"][0]["rationale"] == "The KZ list has no ban on predicting crime from profiling."
    assert found["items"][0]["noCounterpart"].endswith("/no-counterpart/eu-kz/predictive-policing")
    assert found["total"] == 3 and found["from"] == "eu" and found["to"] == "kz"


def test_gaps_include_normative_provisions_without_a_record(store):
    found = {g["provision"]: g for g in gaps(store, "kz", "eu")["items"]}
    assert set(found) == {kz(4), kz(7)}
    assert found[kz(4)]["rationale"] and found[kz(7)]["rationale"] is None


def test_gaps_as_of_count_a_correspondence_only_when_both_ends_apply(store):
    early = [g["provision"] for g in gaps(store, "eu", "kz", "2025-06-01")["items"]]
    assert early == [eu(p) for p in "abcdefgh"]  # KZ not in force: every applying EU ban is a gap
    assert f"{EU}/art_50__para_1" not in early  # not applying yet: not a gap either
    kz_early = [g["provision"] for g in gaps(store, "kz", "eu", "2026-02-01")["items"]]
    assert f"{KZ}/art_21__para_1" in kz_early  # its EU counterpart (Art 50) applies from 2026-08-02
    assert f"{KZ}/art_21__para_1" not in [g["provision"] for g in gaps(store, "kz", "eu", "2026-09-01")["items"]]
    assert gaps(store, "kz", "eu", "2025-06-01")["items"] == []


def test_gaps_page_and_refuse_bad_input(store):
    page = gaps(store, "eu", "kz", limit=1, offset=2)
    assert [g["provision"] for g in page["items"]] == [eu("h")] and page["total"] == 3
    with pytest.raises(IdentifierError) as same:
        gaps(store, "eu", "eu")
    assert same.value.parameter == "to"
    with pytest.raises(UnknownResourceError):
        gaps(store, "eu", "zz")
    with pytest.raises(IdentifierError) as limit:
        gaps(store, "eu", "kz", limit=0)
    assert limit.value.parameter == "limit"


# ----------------------------------------------------------------- shipped data (the example)


def test_shipped_equivalents_of_eu_5_1_c_include_kz_17_3_3(shipped):
    found = {e["provision"]: e for e in equivalents(shipped, eu("c"), "kz")["equivalents"]}
    assert kz(3) in found
    social = found[kz(3)]
    assert social["relation"] in ("narrower", "close")
    assert social["differences"] and social["sources"] and social["curator"]
    assert equivalents(shipped, eu("c"), "kz", "2025-06-01")["equivalents"] == []
    assert kz(3) in [e["provision"] for e in equivalents(shipped, eu("c"), "kz", "2026-02-01")["equivalents"]]


def test_shipped_relation_reads_from_the_kz_side_too(shipped):
    eu_side = {e["provision"]: e["relation"] for e in equivalents(shipped, eu("c"), "kz")["equivalents"]}
    kz_side = {e["provision"]: e["relation"] for e in equivalents(shipped, kz(3), "eu")["equivalents"]}
    inverse = {"broader": "narrower", "narrower": "broader"}
    assert kz_side[eu("c")] == inverse.get(eu_side[kz(3)], eu_side[kz(3)])


def test_shipped_compare_eu_5_1_with_kz_17_3(shipped):
    """The curators linked (d) to KZ (3) and (e) to KZ (4) as `related` (each rationale says why a
    no-counterpart record was not used), so only (h) and KZ (7) are left without a counterpart."""
    result = compare(shipped, EU_P1, KZ_P3)
    pairs = {(p["left"], p["right"]): p["relation"] for p in result["pairs"]}
    for pair in [(eu("a"), kz(1)), (eu("b"), kz(2)), (eu("c"), kz(3)), (eu("f"), kz(6)), (eu("g"), kz(5))]:
        assert pair in pairs
    assert pairs[(eu("c"), kz(3))] == "narrower"
    assert pairs[(eu("d"), kz(3))] == pairs[(eu("e"), kz(4))] == "related"
    assert result["unmatchedLeft"] == [eu("h")]
    assert result["unmatchedRight"] == [kz(7)]
    assert result["noCounterpart"][eu("h")] and result["noCounterpart"][kz(7)]
    assert f"{EU_P1}__subpara_2" not in result["unmatchedLeft"]  # the GDPR reminder sets no norm


# ----------------------------------------------------------------- a fixed number of queries


class CountingStore:
    """A store that counts the queries it is asked, to show that no route runs one per row."""

    def __init__(self, store: OxigraphStore):
        self.store = store
        self.queries = 0

    def select(self, query, bindings=None, **options):
        self.queries += 1
        return self.store.select(query, bindings, **options)


@pytest.mark.parametrize(
    ("call", "most"),
    [
        (lambda s: compare(s, EU_P1, KZ_P3), 5),  # two provision views, two subtrees, the pairs
        (lambda s: compare(s, EU_P1, KZ_P3, "2026-02-01"), 5),
        (lambda s: equivalents(s, eu("c"), "kz"), 1),
        (lambda s: equivalents(s, eu("c"), "kz", "2026-02-01"), 3),  # + the asked one's view, the others' dates
        (lambda s: gaps(s, "eu", "kz"), 2),  # + the jurisdiction check
        (lambda s: gaps(s, "eu", "kz", "2026-02-01"), 4),  # + both jurisdictions' dates
    ],
)
def test_a_request_runs_a_fixed_number_of_queries(store, call, most):
    counting = CountingStore(store)
    call(counting)
    assert 1 <= counting.queries <= most
