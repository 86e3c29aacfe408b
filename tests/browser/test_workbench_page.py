"""The SPARQL workbench and the API documentation in Chromium: examples open, run on the local endpoint and fill the
result table; prefixes complete from LexGraph's own list; /sparql in a browser is the workbench; /docs and /redoc
list the operations; a LexGraph id in the results links to its page on this service, other IRIs to themselves.
The `page` fixture fails a test on any console error, page error or request off the machine, so each test here
also proves that nothing was fetched from a CDN, prefix.cc or Linked Open Vocabularies."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from lexgraph.namespaces import BASE, EURISK, ID_BASE, PREFIXES
from lexgraph.workbench import EXAMPLES
from lexgraph_api.pages.views import id_href
from lexgraph_api.routers.workbench import workbench_config

RESULT_ROWS = ".tabPanel.active .yasr table.dataTable tbody tr"
RESULT_LINKS = ".tabPanel.active .yasr table.dataTable a.iri"
# Every article with each of its predicates: LexGraph ids, LexGraph ontology terms the service has no page for,
# and rdf:type / rdfs:label from outside LexGraph; more rows than one page of the table (50) shows.
ARTICLES_AND_PREDICATES = (
    "SELECT DISTINCT ?article ?predicate WHERE { ?article a lg:Article ; ?predicate ?value } "
    "ORDER BY ?article ?predicate LIMIT 120"
)


def rows_from_endpoint(live_service, query: str) -> list[dict]:
    """The answer the endpoint gives the same query outside the browser, for the table to be checked against."""
    response = httpx.post(live_service.base + "/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
    response.raise_for_status()
    return response.json()["results"]["bindings"]


def open_workbench(page: Page) -> None:
    page.goto("/workbench")
    expect(page.locator(".yasqe .CodeMirror").first).to_be_visible()


def run_example(page: Page, title: str) -> None:
    page.get_by_role("button", name=title, exact=True).click()
    expect(page.get_by_role("tab", name=title)).to_have_attribute("aria-selected", "true")
    page.locator(".tabPanel.active").get_by_role("button", name="Run query").click()


def expect_rows(page: Page, count: int) -> None:
    expect(page.locator(RESULT_ROWS)).to_have_count(count)
    expect(page.locator("#workbench-status")).to_have_text(f"{count} row." if count == 1 else f"{count} rows.")


def run_art5_against_art17(page: Page, live_service) -> list[dict]:
    """The workbench opened and its EU Art 5(1) against KZ Art 17(3) example run; the rows the endpoint gives."""
    open_workbench(page)
    (example,) = [e for e in EXAMPLES if e.slug == "eu-art5-kz-art17"]
    expected = rows_from_endpoint(live_service, example.text)
    run_example(page, example.title)
    expect_rows(page, len(expected))
    return expected


def test_seed_table_1_runs_and_fills_the_table(page, live_service):
    open_workbench(page)
    example = EXAMPLES[0]
    expected = rows_from_endpoint(live_service, example.text)
    run_example(page, example.title)
    expect_rows(page, len(expected))
    table = page.locator(".tabPanel.active .yasr table.dataTable")
    for binding in expected:
        expect(table).to_contain_text(binding["aiSystemClass"]["value"])


def test_eu_art5_against_kz_art17_shows_each_pair_and_its_relation(page, live_service):
    expected = run_art5_against_art17(page, live_service)
    table = page.locator(".tabPanel.active .yasr table.dataTable")
    for relation in {b["relation"]["value"] for b in expected if "relation" in b}:
        expect(table).to_contain_text(relation)


def test_every_example_runs_in_its_own_tab(page, live_service):
    open_workbench(page)
    for example in EXAMPLES:
        expected = rows_from_endpoint(live_service, example.text)
        assert expected, example.slug
        run_example(page, example.title)
        expect_rows(page, len(expected))
    # one tab per example, beside the starting one
    expect(page.get_by_role("tab")).to_have_count(len(EXAMPLES) + 1)


def test_examples_open_and_run_from_the_keyboard(page, live_service):
    open_workbench(page)
    example = EXAMPLES[1]
    button = page.get_by_role("button", name=example.title, exact=True)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab", name=example.title)).to_have_attribute("aria-selected", "true")
    expect(page.locator(".tabPanel.active .CodeMirror textarea")).to_be_focused()  # ready to edit
    page.keyboard.press("Control+Enter")
    expect_rows(page, len(rows_from_endpoint(live_service, example.text)))


def test_prefixes_are_added_from_lexgraphs_own_list(page, live_service):
    open_workbench(page)
    page.get_by_role("button", name="Add a new tab").click()
    editor = page.locator(".tabPanel.active .CodeMirror textarea")
    editor.focus()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    # a class, a property and an object, each a place where stock YASGUI would ask prefix.cc or LOV
    page.keyboard.type("SELECT ?norm WHERE { ?norm a lg:Obligation")
    page.keyboard.press("Control+Space")
    page.keyboard.type(" ; lg:appliesToRiskClass")
    page.keyboard.press("Control+Space")
    page.keyboard.type(" eurisk:high }")
    value = page.evaluate("() => window.lexgraphWorkbench.yasgui.getTab().getYasqe().getValue()")
    assert f"PREFIX eurisk: <{EURISK}>" in value
    assert "PREFIX lg: <https://w3id.org/lexgraph/ontology#>" in value
    expected = rows_from_endpoint(live_service, value)
    assert expected
    page.locator(".tabPanel.active").get_by_role("button", name="Run query").click()
    expect_rows(page, len(expected))


def test_sparql_in_a_browser_is_the_workbench(page):
    page.goto("/sparql")
    assert page.url.endswith("/workbench")
    expect(page.get_by_role("heading", name="SPARQL workbench")).to_be_visible()
    expect(page.get_by_role("link", name="SPARQL")).to_have_attribute("aria-current", "page")


def test_controls_have_accessible_names(page):
    open_workbench(page)
    run_example(page, EXAMPLES[0].title)
    panel = page.locator(".tabPanel.active")
    for name in ("SPARQL query", "SPARQL endpoint"):
        expect(panel.get_by_role("textbox", name=name)).to_be_attached()
    expect(panel.get_by_role("combobox", name="Page size")).to_be_visible()
    expect(panel.get_by_role("button", name="Clear endpoint")).to_be_visible()


def test_workbench_on_a_narrow_screen(narrow_page, live_service):
    page = narrow_page
    run_art5_against_art17(page, live_service)
    # the page does not scroll sideways: the result table scrolls inside its own box
    width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport
    for example in EXAMPLES:  # every example stays reachable
        expect(page.get_by_role("button", name=example.title, exact=True)).to_be_visible()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_documentation_lists_the_operations_offline(page, live_service, path):
    schema = httpx.get(live_service.base + "/openapi.json", timeout=30).json()
    summaries = [operation["summary"] for item in schema["paths"].values() for operation in item.values()]
    page.goto(path)
    if path == "/docs":
        expect(page.locator(".opblock")).to_have_count(len(summaries))
    for summary in summaries[:5]:
        expect(page.get_by_text(summary, exact=True).first).to_be_attached()


# --------------------------------------------------------------------------- result links


def expected_href(live_service, iri: str, pages: str = "") -> str:
    """Where a result link to `iri` must lead: a LexGraph id to its page on the service (under `pages`, the root
    path), any other IRI to itself."""
    if iri.startswith(ID_BASE) and iri != ID_BASE:
        return live_service.base + pages + id_href(iri)
    return iri


def expand(text: str) -> str:
    """The IRI a link's text names: its prefixed form expanded, or the IRI itself."""
    name, _, rest = text.partition(":")
    return str(PREFIXES[name]) + rest if name in PREFIXES else text


def result_links(page: Page) -> list[tuple[str, str]]:
    """(text, href) of each IRI link the result table shows."""
    return [tuple(link) for link in page.locator(RESULT_LINKS).evaluate_all(
        "links => links.map(a => [a.textContent, a.href])")]


def check_links(page: Page, live_service, pages: str = "") -> set[str]:
    """Every link on the shown page of the table leads where `expected_href` says; the kinds of IRI seen
    (`id`, `lexgraph` for other LexGraph IRIs, `outside`)."""
    links = result_links(page)
    assert links
    kinds = set()
    for text, href in links:
        iri = expand(text)
        assert href == expected_href(live_service, iri, pages), text
        kinds.add("id" if iri.startswith(ID_BASE) else "lexgraph" if iri.startswith(BASE) else "outside")
    return kinds


def run_query(page: Page, query: str) -> None:
    page.get_by_role("button", name="Add a new tab").click()
    page.evaluate("query => window.lexgraphWorkbench.yasgui.getTab().getYasqe().setValue(query)", query)
    page.locator(".tabPanel.active").get_by_role("button", name="Run query").click()


def expect_first_page(page: Page, count: int) -> None:
    """`count` rows answered, the first page of them (50) shown."""
    expect(page.locator("#workbench-status")).to_have_text(f"{count} rows.")
    expect(page.locator(RESULT_ROWS)).to_have_count(min(count, 50))


def test_lexgraph_ids_in_results_link_to_their_local_pages(page, live_service):
    expected = run_art5_against_art17(page, live_service)
    iris = [value["value"] for row in expected for value in row.values() if value["type"] == "uri"]
    assert any(iri.startswith(ID_BASE) for iri in iris)
    links = result_links(page)
    # one link per IRI in the answer, each to its local page; the text is the prefixed id, as YASR writes it
    assert sorted(href for _, href in links) == sorted(expected_href(live_service, iri) for iri in iris)
    for text, href in links:
        assert text == "lgid:" + href.removeprefix(live_service.base + "/id/")


def test_clicking_a_result_id_opens_its_local_page(page, live_service):
    run_art5_against_art17(page, live_service)
    link = page.locator(RESULT_LINKS).filter(has_text="lgid:").first
    text = link.text_content()
    href = expected_href(live_service, expand(text))
    popup_errors = []
    page.context.on("console", lambda message: message.page is not page and message.type == "error"
                    and popup_errors.append(message.text))
    # YASR's table cuts a long link off; a click on the cell unfolds it, and only then is the link clickable
    cut_off = link.locator("xpath=ancestor::div[contains(@class, 'expandable')]")
    if cut_off.count():
        cut_off.click()
        expect(cut_off).to_have_class(re.compile(r"\bexpanded\b"))
    # YASR opens IRIs in a new tab (target=_blank), as before
    with (page.context.expect_event("response", lambda response: response.url == href) as answered,
          page.expect_popup() as opened):
        link.click()
    assert answered.value.status == 200
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.url == href
    expect(popup.locator("h1")).to_be_visible()
    assert not popup_errors
    assert not page.guard.outbound


def test_iris_the_service_has_no_page_for_keep_their_links(page, live_service):
    open_workbench(page)
    expected = rows_from_endpoint(live_service, ARTICLES_AND_PREDICATES)
    run_query(page, ARTICLES_AND_PREDICATES)
    expect_first_page(page, len(expected))
    assert check_links(page, live_service) == {"id", "lexgraph", "outside"}
    hrefs = {href for _, href in result_links(page)}
    assert str(PREFIXES["rdfs"]) + "label" in hrefs
    assert str(PREFIXES["lg"]) + "partOf" in hrefs


def test_result_links_stay_local_when_the_table_is_drawn_again(page, live_service):
    open_workbench(page)
    expected = rows_from_endpoint(live_service, ARTICLES_AND_PREDICATES)
    assert len(expected) > 50  # more than the first page
    run_query(page, ARTICLES_AND_PREDICATES)
    expect_first_page(page, len(expected))
    first_page = result_links(page)
    panel = page.locator(".tabPanel.active")
    panel.locator(".dt-paging-button.next").click()
    expect(page.locator(RESULT_ROWS).first).not_to_contain_text(first_page[0][0])
    assert "id" in check_links(page, live_service)
    before_sort = result_links(page)
    header = panel.locator("th", has_text="predicate")
    header.click()  # sorted by predicate: rows of later articles come up
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert result_links(page) != before_sort
    assert "id" in check_links(page, live_service)
    panel.get_by_role("button", name="Response").click()
    expect(page.locator(RESULT_ROWS)).to_have_count(0)
    panel.get_by_role("button", name="Table").click()
    expect(page.locator(RESULT_ROWS)).to_have_count(50)
    assert "id" in check_links(page, live_service)
    panel.get_by_text("Simple view").click()
    assert "id" in check_links(page, live_service)
    page.reload()  # the tab's results come back from local storage and are drawn anew
    expect(page.locator(RESULT_ROWS)).to_have_count(50)
    assert "id" in check_links(page, live_service)


def test_result_links_follow_the_path_the_page_gives(page, live_service):
    """Under a root path the page's config names it (as `workbench_config` writes it): the links follow."""
    config_json = json.dumps(workbench_config("")["localPages"])
    mounted = json.dumps(workbench_config("/mounted")["localPages"])

    def under_root_path(route):
        answer = route.fetch()
        body = answer.text()
        assert body.count(config_json) == 1
        route.fulfill(response=answer, body=body.replace(config_json, mounted))

    page.route("**/workbench", under_root_path)
    run_art5_against_art17(page, live_service)
    assert "id" in check_links(page, live_service, pages="/mounted")
