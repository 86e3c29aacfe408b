"""The web page for drafters through the ASGI client: every route's status and content checked against what the
JSON routes say about the same data (EU Art 5(1)(c) against KZ Art 17(3)(3), the EU -> KZ gaps), the no-JS
search, the HTML and RDF faces of /id/ IRIs, error pages, and the accessibility the markup alone can show."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from lexgraph import catalog
from lexgraph.namespaces import RELATION_NAMES
from lexgraph_api.pages import views

EU = "eu/reg-2024-1689"
KZ = "kz/law-230-viii"
EU_C = f"{EU}/art_5__para_1__point_c"
KZ_3 = f"{KZ}/art_17__para_3__point_3"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HTML = {"Accept": BROWSER}


class Page(HTMLParser):
    """What the tests read from a page: its elements with their attributes, its text, the text under `lang`."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                      "track", "wbr"})

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.words: list[str] = []
        self.open: list[tuple[str, str | None]] = []
        self.lang_texts: list[tuple[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag not in self.VOID:
            self.open.append((tag, attributes.get("lang")))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.words.append(data)
        langs = [lang for _, lang in self.open if lang]
        if langs and data.strip():
            self.lang_texts.append((langs[-1], data.strip()))

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())

    def all(self, tag: str, **attrs: str) -> list[dict]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def hrefs(self) -> set[str]:
        return {a["href"] for a in self.all("a") if "href" in a}

    def in_lang(self, lang: str) -> list[str]:
        return [text for found, text in self.lang_texts if found == lang]


def page(client, url: str, status: int = 200, **params) -> Page:
    response = client.get(url, params=params or None, headers=HTML)
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text
    return Page(response.text)


def rest(client, url: str, **params) -> dict:
    response = client.get(url, params=params or None)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def flatten(toc: list[dict]) -> list[dict]:
    return [node for entry in toc for node in (entry, *flatten(entry["children"]))]


RULES = "kz/rules-biometric-identification-2024"
REPEALED_UNDATED = ("no date in force and no end date recorded (repealed), so no date excludes its provisions from "
                    "as-of views unless they carry their own dates")


def date_notes(client, instrument: str) -> dict[str, str]:
    """The instrument's date notes as the SPARQL endpoint gives them, by property."""
    query = ("SELECT ?property ?note WHERE { VALUES ?property { lg:dateInForceNote lg:appliesUntilNote } "
             f"<https://w3id.org/lexgraph/id/{instrument}> ?property ?note }}")
    answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    rows = answer.json()["results"]["bindings"]
    return {row["property"]["value"].rsplit("#", 1)[1]: row["note"]["value"] for row in rows}


def check_accessible_markup(found: Page) -> None:
    """One h1, a language on the page, a label for every input and select, alt text on every image."""
    assert len(found.all("h1")) == 1
    assert found.all("html")[0].get("lang") == "en"
    labelled = {a.get("for") for a in found.all("label")}
    for tag in ("input", "select", "textarea"):
        for field in found.all(tag):
            if field.get("type") in ("hidden", "submit", "button"):
                continue
            assert field.get("id") in labelled or field.get("aria-label"), field
    assert all("alt" in image for image in found.all("img"))


# ----------------------------------------------------------------- search


def test_the_search_page_lists_every_jurisdiction_and_has_a_plain_form(client):
    found = page(client, "/")
    check_accessible_markup(found)
    form = found.all("form", action="/")[0]
    assert form.get("method") == "get"
    for jurisdiction in rest(client, "/jurisdictions"):
        assert jurisdiction["labels"]["en"] in found.text
        assert f"/id/{jurisdiction['code']}" in found.hrefs()
        assert all(f"/id/{instrument}" in found.hrefs() for instrument in jurisdiction["instruments"])
    assert found.all("script", src="/static/js/combobox.js")


def test_search_by_words_without_javascript_lists_what_the_json_search_finds(client):
    words = rest(client, "/search", q="social scoring", limit=50)
    found = page(client, "/", q="social scoring")
    assert words["total"] > 0
    for item in words["items"]:
        assert f"/id/{item['id']}" in found.hrefs()
    assert f"/id/{EU_C}" in found.hrefs() and f"/id/{KZ_3}" in found.hrefs()


def test_search_in_russian_marks_the_russian_text(client):
    words = rest(client, "/search", q="социального поведения")
    found = page(client, "/", q="социального поведения")
    assert {item["id"] for item in words["items"]} <= {h.split("/id/", 1)[1] for h in found.hrefs() if "/id/" in h}
    assert any("социального поведения" in text for text in found.in_lang("ru"))


@pytest.mark.parametrize(
    ("number", "expected"),
    [("Art 5(1)(c)", EU_C), ("Article 5 (1) (c)", EU_C), ("EU Art 5(1)(c)", EU_C), ("17(3)(3)", KZ_3),
     ("KZ 17(3)(3)", KZ_3), ("Annex III(1)", f"{EU}/annex_III__point_1")],
)
def test_search_by_number(client, number, expected):
    found = page(client, "/", q=number)
    assert f"/id/{expected}" in found.hrefs()
    assert "number" in found.text


def test_a_jurisdiction_code_keeps_only_its_own_numbers(client):
    answer = client.get("/suggest", params={"q": "EU Art 5"}).json()
    numbered = [item["id"] for item in answer["items"] if item["match"] == "number"]
    assert numbered == [f"{EU}/art_5"]


@pytest.mark.parametrize("typed", [EU_C, f"https://w3id.org/lexgraph/id/{EU_C}", f"/id/{EU_C}",
                                   f"{EU}/art_5/par_1/pt_c", f"  {EU}/art_5/para_1/point_c "])
def test_an_id_goes_straight_to_its_page(client, typed):
    response = client.get("/", params={"q": typed}, headers=HTML, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/id/{EU_C}"


def test_an_instrument_id_goes_to_the_instrument(client):
    response = client.get("/", params={"q": KZ}, headers=HTML, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/id/{KZ}"


def test_an_unknown_id_says_so_and_suggests_the_closest(client):
    typed = f"{EU}/art_5__para_1__point_cc"
    expected = catalog.unknown_provision(client.app.state.store, catalog.parse_id(typed)).suggestions
    found = page(client, "/", q=typed)
    assert "No provision has the id" in found.text
    assert expected and all(f"/id/{s}" in found.hrefs() for s in expected)


def test_search_text_is_escaped_not_interpreted(client):
    response = client.get("/", params={"q": "<script>alert(1)</script>"}, headers=HTML)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert html.escape("<script>alert(1)</script>") in response.text


@pytest.mark.parametrize(("params", "parameter"), [({"q": ""}, "q"), ({"q": "x" * 201}, "q"),
                                                     ({"q": "social", "lang": "e n"}, "lang")])
def test_bad_search_input_is_a_400_page_naming_the_parameter(client, params, parameter):
    found = page(client, "/", 400, **params)
    assert f"in the parameter {parameter}" in found.text
    check_accessible_markup(found)


def test_suggest_answers_json_for_the_type_ahead(client):
    numbers = rest(client, "/suggest", q="Art 5(1)(c)")
    assert numbers["items"][0]["id"] == EU_C and numbers["items"][0]["href"] == f"/id/{EU_C}"
    typed = rest(client, "/suggest", q=f"{EU}/art_5__para_1__point_")
    assert typed["items"] and all(item["id"].startswith(f"{EU}/art_5__para_1__point_") for item in typed["items"])
    short = rest(client, "/suggest", q=f"{EU}/art_5/par_1", limit=20)
    assert {f"{EU}/art_5__para_1", EU_C} <= {item["id"] for item in short["items"]}
    words = rest(client, "/suggest", q="социального", limit=3)
    assert 0 < len(words["items"]) <= 3 and any(item["textLang"] == "ru" for item in words["items"])
    for bad in ("", "x" * 201):
        assert client.get("/suggest", params={"q": bad}).status_code == 400


@pytest.mark.parametrize("q", ["Art 5(1)(c)", "social scoring", f"{EU}/art_5/par_1", "ст. 17"])
def test_the_type_ahead_the_results_page_and_the_json_search_find_the_same(client, q):
    """One library function (`catalog.search`) behind all three: same ids, the page only lists provisions
    before instruments among the word matches."""
    listed = rest(client, "/search", q=q, limit=8)["items"]
    suggested = rest(client, "/suggest", q=q, limit=8)["items"]
    key = [(item["kind"] == "instrument" and item["field"] not in ("id", "id prefix", "number")) for item in listed]
    in_page_order = [item for _, item in sorted(zip(key, listed, strict=True), key=lambda pair: pair[0])]
    assert [item["id"] for item in suggested] == [item["id"] for item in in_page_order]
    assert [item["match"] for item in suggested] == [item["field"] for item in in_page_order]
    results = client.get("/", params={"q": q}, headers=HTML, follow_redirects=False)
    if listed[0]["field"] == "id":  # an id that names something: straight to its page
        assert results.status_code == 303 and results.headers["location"] == f"/id/{listed[0]['id']}"
    else:
        assert all(f"/id/{item['id']}" in Page(results.text).hrefs() for item in listed)


# ----------------------------------------------------------------- compare


def test_compare_the_issue_example_shows_relation_differences_and_links(client):
    expected = rest(client, "/compare", left=EU_C, right=KZ_3)
    response = client.get("/compare", params={"left": EU_C, "right": KZ_3}, headers=HTML)
    found = Page(response.text)
    check_accessible_markup(found)
    pair = expected["pairs"][0]
    assert pair["relation"] == "narrower"
    assert found.all("span", **{"class": "badge rel-narrower"})
    assert "narrower" in found.text and "Article 5(1)(c) covers less than Article 17(3)(3)" in found.text
    for difference in pair["differences"]:
        assert difference["aspect"].capitalize() in found.text
        assert " ".join(difference["text"].split()) in found.text
    hrefs = found.hrefs()
    assert {expected["left"]["source"], expected["right"]["source"]} <= hrefs  # the official texts
    assert set(pair["sources"]) <= hrefs  # the correspondence's sources
    assert f"/id/{pair['statement'].split('/id/', 1)[1]}" in hrefs
    assert any("за исключением случаев" in text for text in found.in_lang("ru"))  # KZ key terms, marked Russian


def test_the_json_compare_is_unchanged_for_api_clients(client):
    for accept in (None, "application/json", "*/*", "application/json, text/html"):
        headers = {"Accept": accept} if accept else {}
        response = client.get("/compare", params={"left": EU_C, "right": KZ_3}, headers=headers)
        assert response.headers["content-type"].startswith("application/json"), accept
        assert response.json()["pairs"][0]["relation"] == "narrower"


def test_compare_by_number_resolves_each_side(client):
    found = page(client, "/compare", left="Art 5(1)(c)", right="KZ 17(3)(3)")
    assert found.all("span", **{"class": "badge rel-narrower"})
    assert found.all("input", id="left")[0]["value"] == EU_C
    assert found.all("input", id="right")[0]["value"] == KZ_3


def test_compare_with_several_matches_offers_the_choices(client):
    found = page(client, "/compare", left="social", right=KZ_3)
    assert "Which left provision did you mean?" in found.text
    choices = [unquote(h) for h in found.hrefs() if h.startswith("/compare?left=")]
    assert any(EU_C in h for h in choices) and all("right=kz" in h for h in choices)


def test_compare_lists_marks_the_parts_with_no_counterpart(client):
    left, right = f"{EU}/art_5__para_1", f"{KZ}/art_17__para_3"
    expected = rest(client, "/compare", left=left, right=right)
    found = page(client, "/compare", left=left, right=right)
    assert expected["unmatchedLeft"] and expected["unmatchedRight"]
    section = found.text.split("Parts with no counterpart", 1)[1]
    for part in expected["unmatchedLeft"] + expected["unmatchedRight"]:
        assert part in section
    for rationale in expected["noCounterpart"].values():
        assert " ".join(rationale.split()) in section
    badges = found.all("span", **{"class": "badge rel-none"})
    assert len(badges) >= len(expected["unmatchedLeft"]) + len(expected["unmatchedRight"])
    for pair in expected["pairs"]:
        assert f"/id/{pair['left']}" in found.hrefs() and f"/id/{pair['right']}" in found.hrefs()
        assert found.all("span", **{"class": f"badge rel-{pair['relation']}"})


def test_compare_as_of_a_date_says_what_the_date_leaves_out(client):
    left, right, day = f"{EU}/art_5__para_1", f"{KZ}/art_17__para_3", "2025-06-01"
    dated = rest(client, "/compare", left=left, right=right, asOf=day)
    undated = rest(client, "/compare", left=left, right=right)
    kz_from = rest(client, f"/provisions/{right}")["appliesFrom"]
    assert kz_from > day and len(dated["pairs"]) < len(undated["pairs"])
    found = page(client, "/compare", left=left, right=right, asOf=day)
    assert f"applies from {kz_from}" in found.text and f"on {day} it did not apply" in found.text
    left_out = len(undated["pairs"]) - len(dated["pairs"])
    assert f"leaves out {left_out} of the {len(undated['pairs'])} aligned pairs" in found.text
    assert found.all("input", id="asOf")[0]["value"] == day


def test_compare_as_of_a_date_gives_an_undated_instruments_dates_line_and_notes(client):
    found = page(client, "/compare", left=EU_C, right=f"{RULES}/para_5", asOf="2025-06-01")
    notice = found.text.split("changes", 1)[1].split("Swap sides", 1)[0]
    notes = date_notes(client, RULES)
    assert f": {REPEALED_UNDATED} · Date in force note: {' '.join(notes['dateInForceNote'].split())}" in notice
    assert f"End date note: {' '.join(notes['appliesUntilNote'].split())}" in notice


@pytest.mark.parametrize(("params", "status", "says"), [
    ({"left": EU_C, "right": KZ_3, "asOf": "2026-13-01"}, 400, "in the parameter asOf"),
    ({"left": EU_C, "right": KZ_3, "asOf": "01.02.2026"}, 400, "in the parameter asOf"),
    ({"left": f"{EU}/art_5__para_1__point_cc", "right": KZ_3}, 404, "did you mean"),
    ({"left": EU, "right": KZ_3}, 400, "in the parameter left"),
    ({"left": "zzqqxx", "right": KZ_3}, 404, "zzqqxx"),
])
def test_compare_errors_are_pages_with_the_form_again(client, params, status, says):
    found = page(client, "/compare", status, **params)
    assert says in found.text
    assert found.all("form", action="/compare")  # try again
    check_accessible_markup(found)


def test_the_compare_form_alone(client):
    found = page(client, "/compare")
    check_accessible_markup(found)
    assert {a["name"] for a in found.all("input")} >= {"left", "right", "asOf"}
    assert found.all("input", type="date")


# ----------------------------------------------------------------- gaps


def test_gaps_list_what_the_json_gaps_list(client):
    expected = rest(client, "/gaps", **{"from": "eu", "to": "kz", "limit": 1000})
    found = page(client, "/gaps", **{"from": "eu", "to": "kz"})
    check_accessible_markup(found)
    assert expected["total"] > 0 and f"{expected['total']} provisions" in found.text
    for item in expected["items"]:
        assert f"/id/{item['provision']}" in found.hrefs()
        if item["noCounterpart"]:
            assert f"/id/{item['noCounterpart'].split('/id/', 1)[1]}" in found.hrefs()
    assert len(found.all("span", **{"class": "badge rel-none"})) == expected["total"]


def test_gaps_as_of_a_date_say_what_the_date_changes(client):
    day = "2025-03-01"
    dated = {i["provision"] for i in rest(client, "/gaps", **{"from": "eu", "to": "kz", "asOf": day})["items"]}
    undated = {i["provision"] for i in rest(client, "/gaps", **{"from": "eu", "to": "kz"})["items"]}
    found = page(client, "/gaps", **{"from": "eu", "to": "kz", "asOf": day})
    listed = found.text.split("Left out by the date", 1)
    assert all(f"/id/{pid}" in found.hrefs() for pid in dated)
    left_out, only_on_date = undated - dated, dated - undated
    assert left_out and only_on_date
    assert f"{len(left_out)} provisions are left out" in found.text
    assert all(pid in listed[1] for pid in left_out)
    assert f"{len(only_on_date)} provisions count as a gap only on this date" in found.text
    assert found.text.count("gap on this date only") == len(only_on_date)
    drafts = [i for i in rest(client, "/instruments", jurisdiction="kz")["items"] if i["status"] == "draft"]
    assert drafts and all(f"/id/{i['id']}" in found.hrefs() for i in drafts)
    assert "a draft, its provisions apply on no date" in found.text
    assert "no date in force recorded" in found.text
    notice = found.text.split("What the date", 1)[1].split("Left out by the date", 1)[0]
    assert f"{rest(client, f'/instruments/{RULES}')['labels']['en']} : {REPEALED_UNDATED}." in notice  # after a link
    dates = found.text.split("Dates of the instruments", 1)[1]
    assert all(" ".join(note.split()) in dates for note in date_notes(client, RULES).values())



@pytest.mark.parametrize(("params", "status", "says"), [
    ({"from": "eu", "to": "kz", "asOf": "2026-02-30"}, 400, "in the parameter asOf"),
    ({"from": "eu", "to": "zz"}, 404, "unknown jurisdiction 'zz'"),
    ({"from": "eu", "to": "eu"}, 400, "in the parameter to"),
    ({"from": "eu"}, 400, "in the parameter to"),
    ({"from": "EU!", "to": "kz"}, 400, "in the parameter from"),
])
def test_gaps_errors_are_pages_with_the_form_again(client, params, status, says):
    found = page(client, "/gaps", status, **params)
    assert says in found.text
    assert found.all("form", action="/gaps") and found.all("select", id="from")


def test_the_gaps_form_alone_and_the_json_gaps_unchanged(client):
    found = page(client, "/gaps")
    assert [o for o in found.all("option") if "selected" in o] == [{"value": "eu", "selected": ""},
                                                                      {"value": "kz", "selected": ""}]
    assert rest(client, "/gaps", **{"from": "eu", "to": "kz"})["from"] == "eu"


# ----------------------------------------------------------------- resource pages (/id/...)


def test_a_provision_page(client):
    expected = rest(client, f"/provisions/{EU_C}")
    found = page(client, f"/id/{EU_C}")
    check_accessible_markup(found)
    assert found.all("h1") and expected["labels"]["en"] in found.text
    assert {"/id/eu", f"/id/{EU}", f"/id/{EU}/art_5", f"/id/{EU}/art_5__para_1"} <= found.hrefs()  # breadcrumb
    assert "European Union" in found.text and "EU AI Act" in found.text
    assert all(f"/id/{child}" in found.hrefs() for child in expected["children"])
    norm = expected["norms"][0]
    assert found.all("span", **{"class": f"badge mod-{norm['modality']}"})
    assert all(role in found.text for role in norm["addressees"])
    assert norm["conditions"][0]["label"] in found.text
    assert expected["source"] in found.hrefs()
    for item in rest(client, "/equivalents", provision=EU_C, jurisdiction="kz")["equivalents"]:
        assert f"/id/{item['provision']}" in found.hrefs()
        assert found.all("span", **{"class": f"badge rel-{item['relation']}"})
    assert f"/compare?left={EU_C}&right={KZ_3}" in {unquote(h) for h in found.hrefs()}


def test_a_kz_provision_page_reads_the_correspondence_from_its_side(client):
    found = page(client, f"/id/{KZ_3}")
    assert found.all("span", **{"class": "badge rel-broader"})  # stored EU -> KZ as narrower
    assert "Article 17(3)(3) covers more than Article 5(1)(c)" in found.text
    assert "Статья 17 п.3 пп.3)" in found.in_lang("ru")


def test_an_instrument_page_has_its_table_of_contents(client):
    expected = rest(client, f"/instruments/{KZ}")
    found = page(client, f"/id/{KZ}")
    check_accessible_markup(found)
    nodes = flatten(expected["toc"])
    assert len(nodes) > 50
    assert all(f"/id/{node['id']}" in found.hrefs() for node in nodes)
    assert len(found.all("ol", **{"class": "toc"})) > 1  # nested lists, articles down to points
    assert expected["titles"]["kk"] in found.in_lang("kk") and expected["titles"]["ru"] in found.in_lang("ru")
    assert expected["dateInForce"] in found.text


def test_an_instrument_page_says_why_a_date_is_missing_and_when_it_ended(client):
    query = "SELECT ?note WHERE { <https://w3id.org/lexgraph/id/kz/law-2444> lg:curatorNote ?note }"
    answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    notes = [row["note"]["value"] for row in answer.json()["results"]["bindings"]]
    undated = rest(client, "/instruments/kz/law-2444")
    found = page(client, "/id/kz/law-2444")
    assert notes and all(" ".join(note.split()) in found.text for note in notes)
    assert undated["dateInForce"] is None and "no date in force recorded" in found.text
    repealed = rest(client, "/instruments/kz/constitution-1995")
    assert repealed["status"] == "repealed" and repealed["appliesUntil"]
    found = page(client, "/id/kz/constitution-1995")
    assert f"applies until {repealed['appliesUntil']} (repealed)" in found.text


def test_an_instrument_page_shows_its_date_notes(client):
    undated = date_notes(client, "kz/law-2444")
    assert list(undated) == ["dateInForceNote"]
    found = page(client, "/id/kz/law-2444")
    assert f"Date in force note: {' '.join(undated['dateInForceNote'].split())}" in found.text
    rules = rest(client, f"/instruments/{RULES}")
    assert rules["status"] == "repealed" and not (rules["dateInForce"] or rules["appliesFrom"] or rules["appliesUntil"])
    notes = date_notes(client, RULES)
    assert set(notes) == {"dateInForceNote", "appliesUntilNote"}
    found = page(client, f"/id/{RULES}")
    dates = found.text.split("Dates", 1)[1]
    assert dates.startswith(f" {REPEALED_UNDATED} · Date in force note: {' '.join(notes['dateInForceNote'].split())}"
                            f" · End date note: {' '.join(notes['appliesUntilNote'].split())}")
    assert "Status repealed" in found.text


def test_a_jurisdiction_page_lists_its_instruments(client):
    expected = rest(client, "/instruments", jurisdiction="kz")
    found = page(client, "/id/kz")
    assert all(f"/id/{item['id']}" in found.hrefs() for item in expected["items"])
    assert "Қазақстан" in found.in_lang("kk")
    assert "/gaps?from=kz&to=eu" in {unquote(h) for h in found.hrefs()}


def test_a_correspondence_page(client):
    pair = rest(client, "/compare", left=EU_C, right=KZ_3)["pairs"][0]
    found = page(client, "/id/" + pair["statement"].split("/id/", 1)[1])
    assert found.all("span", **{"class": "badge rel-narrower"})
    assert {f"/id/{EU_C}", f"/id/{KZ_3}"} <= found.hrefs()
    assert all(" ".join(d["text"].split()) in found.text for d in pair["differences"])
    assert set(pair["sources"]) <= found.hrefs()


def test_a_no_counterpart_record_page(client):
    record = next(i for i in rest(client, "/gaps", **{"from": "eu", "to": "kz"})["items"] if i["noCounterpart"])
    found = page(client, "/id/" + record["noCounterpart"].split("/id/", 1)[1])
    assert found.all("span", **{"class": "badge rel-none"})
    assert f"/id/{record['provision']}" in found.hrefs() and "/id/kz" in found.hrefs()
    assert " ".join(record["rationale"].split()) in found.text


def test_any_other_resource_has_a_page_of_its_statements(client):
    found = page(client, "/id/curator/lexgraph-team")
    assert "rdfs:label" in found.text and "LexGraph team" in found.text


@pytest.mark.parametrize(("accept", "kind"), [
    (BROWSER, "text/html"), ("text/html", "text/html"), ("text/turtle;q=0.5, text/html", "text/html"),
    (None, "text/turtle"), ("*/*", "text/turtle"), ("text/turtle", "text/turtle"),
    ("text/html;q=0.5, text/turtle", "text/turtle"), ("text/html, text/turtle", "text/turtle"),
    ("application/n-triples", "application/n-triples"),
])
def test_id_negotiates_html_and_rdf(client, accept, kind):
    headers = {"Accept": accept} if accept else {}
    response = client.get(f"/id/{EU_C}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(kind)
    assert "Accept" in response.headers["vary"]


def test_id_refuses_what_it_cannot_serve_and_heads_html(client):
    refused = client.get(f"/id/{EU_C}", headers={"Accept": "application/pdf"})
    assert refused.status_code == 406 and "text/html" in refused.json()["message"]
    head = client.head(f"/id/{EU_C}", headers=HTML)
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/html") and not head.content


def test_id_errors_are_pages_for_a_browser(client):
    missing = f"{EU}/art_5__para_1__point_zz"
    suggestions = client.get(f"/id/{missing}").json()["suggestions"]  # RDF clients keep the JSON error
    found = page(client, f"/id/{missing}", 404)
    assert suggestions and "Did you mean" in found.text
    assert all(f"/id/{suggestion}" in found.hrefs() for suggestion in suggestions)
    assert found.all("form", action="/")  # search instead
    bad = page(client, "/id/eu%00x", 400)
    assert "in the parameter path" in bad.text


# ----------------------------------------------------------------- the whole site


def test_pages_say_when_the_store_is_not_served_yet():
    """Before the lifespan has loaded a store (no `with`: it never runs), pages answer 503 pages, not tracebacks."""
    from fastapi.testclient import TestClient

    from lexgraph.settings import Settings
    from lexgraph_api import create_app

    starting = TestClient(create_app(Settings(query_workers=1)))
    for url in ("/", "/?q=social", "/compare", "/gaps", f"/id/{EU_C}", "/id/eu"):
        response = starting.get(url, headers=HTML)
        assert response.status_code == 503, url
        assert response.headers["content-type"].startswith("text/html"), url
        assert "Service busy" in Page(response.text).text and response.headers["retry-after"]
        assert "Traceback" not in response.text
    assert starting.head(f"/id/{EU_C}", headers=HTML).status_code == 503
    for accept in ("text/turtle", "*/*"):  # RDF clients keep the JSON error
        rdf = starting.get(f"/id/{EU_C}", headers={"Accept": accept})
        assert rdf.status_code == 503 and rdf.json()["error"] == "ServiceBusyError"


@pytest.mark.parametrize("url", ["/", "/?q=social", "/compare", f"/compare?left={EU_C}&right={KZ_3}", "/gaps",
                                 "/gaps?from=kz&to=eu", f"/id/{EU_C}", f"/id/{KZ}", "/id/eu",
                                 "/?q=" + "y" * 300])
def test_pages_load_nothing_from_elsewhere(client, url):
    response = client.get(url, headers=HTML)
    assert "Traceback" not in response.text
    found = Page(response.text)
    sources = [a.get("src", "") for a in found.all("script")] + [a.get("href", "") for a in found.all("link")]
    assert sources and all(s.startswith(("/", "data:")) and not s.startswith("//") for s in sources), sources
    for local in sources:
        if local.startswith("/static/"):
            assert client.get(local).status_code == 200


def test_hostile_input_never_breaks_a_page_and_the_service_keeps_serving(client):
    for params in ({"q": "x' } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o"}, {"q": "\x00"}, {"q": "a/b/c"},
                   {"q": "ст. 17 (((("}, {"lang": "ru", "q": "..."}):
        assert client.get("/", params=params, headers=HTML).status_code in (200, 400)
    for params in ({"left": "eu/x/art_1", "right": "\x00"}, {"left": "%", "right": "/"}, {"asOf": "0000-00-00"}):
        response = client.get("/compare", params=params, headers=HTML)
        assert response.status_code in (200, 400, 404) and "Traceback" not in response.text
    assert client.get("/health").json()["status"] == "ok"


def test_every_relation_has_a_word():
    assert set(RELATION_NAMES) | {"none"} == set(views.RELATIONS) == set(views.RELATION_HELP)
    assert all(re.fullmatch(r"[a-z ]+", word) for _, word, _ in views.RELATIONS.values())
