"""The SPARQL workbench and the API documentation in Chromium: examples open, run on the local endpoint and fill the
result table; prefixes complete from LexGraph's own list; /sparql in a browser is the workbench; /docs and /redoc
list the operations. The `page` fixture fails a test on any console error, page error or request off the machine,
so each test here also proves that nothing was fetched from a CDN, prefix.cc or Linked Open Vocabularies."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from lexgraph.namespaces import EURISK
from lexgraph.workbench import EXAMPLES

RESULT_ROWS = ".tabPanel.active .yasr table.dataTable tbody tr"


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
    open_workbench(page)
    (example,) = [e for e in EXAMPLES if e.slug == "eu-art5-kz-art17"]
    expected = rows_from_endpoint(live_service, example.text)
    run_example(page, example.title)
    expect_rows(page, len(expected))
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
    open_workbench(page)
    (example,) = [e for e in EXAMPLES if e.slug == "eu-art5-kz-art17"]
    run_example(page, example.title)
    expect_rows(page, len(rows_from_endpoint(live_service, example.text)))
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
