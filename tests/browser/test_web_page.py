"""The web page for drafters in Debian's Chromium: type-ahead by keyboard, the issue's comparison (EU Art 5(1)(c)
against KZ Art 17(3)(3)) with its badges and differences, the gap view with an as-of date, a provision page and an
instrument's contents, a narrow screen, and the accessibility a browser can measure. The fixtures fail a test on
any console error, page error or request leaving the machine."""

from __future__ import annotations

import re

import pytest

EU = "eu/reg-2024-1689"
KZ = "kz/law-230-viii"
EU_C = f"{EU}/art_5__para_1__point_c"
KZ_3 = f"{KZ}/art_17__para_3__point_3"
SEARCH_BOX = "Provision id, number or words"
PAGES = [
    "/",
    "/?q=social+scoring",
    f"/compare?left={EU_C}&right={KZ_3}",
    f"/compare?left={EU}/art_5__para_1&right={KZ}/art_17__para_3&asOf=2025-06-01",
    "/gaps?from=eu&to=kz&asOf=2025-03-01",
    f"/id/{KZ_3}",
    f"/id/{EU_C}",
    f"/id/{KZ}",
    "/id/kz",
    "/id/correspondence/eu-kz/social-scoring",
]
ERROR_PAGES = [
    (f"/id/{EU}/art_5__para_1__point_zz", 404, "Not found"),
    (f"/compare?left={EU_C}&right={KZ_3}&asOf=2026-13-01", 400, "Bad request"),
    ("/gaps?from=eu&to=kz&asOf=2026-02-30", 400, "Bad request"),
]

# WCAG 2.x contrast of every visible text against the background it is drawn on; Cyrillic text under ru/kk.
CONTRAST_AND_LANGUAGE = """() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; }
    return {r: 255, g: 255, b: 255}; };
  const lowContrast = [], untagged = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el) continue;
    if (/[\\u0400-\\u04FF]/.test(text)) {
      const tagged = el.closest("[lang]");
      if (!tagged || !["ru", "kk"].includes(tagged.lang)) untagged.push(text.slice(0, 60));
    }
    if (seen.has(el)) continue;
    seen.add(el);
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width < 2 || box.height < 2 || style.visibility === "hidden" || el.closest("[hidden]")) continue;
    const fg = luminance(parse(style.color)), bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) lowContrast.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} "${text.slice(0, 40)}"`);
  }
  return {lowContrast, untagged};
}"""
CONTROL_ROLES = {"combobox", "textbox", "searchbox", "Date", "spinbutton", "listbox", "checkbox", "radio"}


def combobox(page, name: str):
    return page.get_by_role("combobox", name=name)


def suggestions_for(page, box, text: str):
    """Type `text` into a combobox and wait until its suggestions are shown."""
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=20)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.locator("[role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    return listbox


def test_type_ahead_picks_a_suggestion_with_the_keyboard(page):
    page.goto("/")
    box = combobox(page, SEARCH_BOX)
    listbox = suggestions_for(page, box, "Art 5(1)(c)")
    first = listbox.locator("[role=option]").first
    assert EU_C in first.inner_text()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowUp")  # wraps to the last one
    last = listbox.locator("[role=option]").last
    assert box.get_attribute("aria-activedescendant") == last.get_attribute("id")
    box.press("ArrowDown")  # and back to the first
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith(f"/id/{EU_C}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Article 5(1)(c)")


def test_escape_closes_the_suggestions_and_enter_then_searches_without_them(page):
    page.goto("/")
    box = combobox(page, SEARCH_BOX)
    listbox = suggestions_for(page, box, "социального")
    assert listbox.locator("[role=option] [lang=ru]").count() > 0  # the Russian text is marked as such
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    with page.expect_navigation():
        box.press("Enter")  # no suggestion active: the plain form's results page
    assert "q=" in page.url
    assert page.get_by_role("heading", name=re.compile("Results for")).is_visible()
    assert page.locator(f"a[href='/id/{KZ_3}']").count() == 1


def test_compare_the_issue_example_through_the_form(page):
    page.goto("/compare")
    left = combobox(page, "Left provision")
    suggestions_for(page, left, "EU Art 5(1)(c)")
    left.press("ArrowDown")
    left.press("Enter")
    assert left.input_value() == EU_C and left.get_attribute("aria-expanded") == "false"
    right = combobox(page, "Right provision")
    suggestions_for(page, right, "KZ 17(3)(3)")
    right.press("ArrowDown")
    right.press("Enter")
    assert right.input_value() == KZ_3
    with page.expect_navigation():
        right.press("Enter")  # the list is closed: Enter submits the form
    assert f"left={EU_C.replace('/', '%2F')}" in page.url or f"left={EU_C}" in page.url
    badge = page.locator(".pair .badge.rel-narrower")
    assert badge.is_visible() and badge.inner_text().strip().endswith("narrower")
    assert page.get_by_text("Article 5(1)(c) covers less than Article 17(3)(3).").is_visible()
    differences = page.locator(".pair dl.differences dt")
    assert {text.strip() for text in differences.all_inner_texts()} >= {"Condition", "Exception", "Addressee"}
    assert page.locator(".side .badge.mod-prohibition").count() == 2
    assert page.locator("a[href='https://eur-lex.europa.eu/eli/reg/2024/1689/oj']").count() >= 1
    assert page.locator("a[href='https://doi.org/10.33327/AJEE-18-8.S-a000157']").count() >= 1
    page.get_by_text("Why they were matched").click()
    assert page.locator("details.rationale p").first.is_visible()


def test_compare_lists_shows_the_parts_with_no_counterpart(page):
    page.goto(f"/compare?left={EU}/art_5__para_1&right={KZ}/art_17__para_3")
    assert page.locator(".pairs > li").count() >= 5
    unmatched = page.locator(".unmatched > li")
    assert unmatched.count() >= 2
    assert all("no counterpart" in text for text in unmatched.all_inner_texts())


def test_gap_view_with_an_as_of_date(page):
    page.goto("/gaps")
    assert page.get_by_label("Provisions of").input_value() == "eu"
    assert page.get_by_label("With no counterpart in").input_value() == "kz"
    undated_total = None
    with page.expect_navigation():
        page.get_by_role("button", name="Show gaps").click()
    undated_total = int(page.locator(".count").inner_text().split()[0])
    page.get_by_label("As of date (optional)").fill("2025-03-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Show gaps").click()
    assert "asOf=2025-03-01" in page.url
    notice = page.locator(".date-notice")
    assert notice.is_visible() and "What the date 2025-03-01 changes" in notice.inner_text()
    assert "left out" in notice.inner_text() and "a draft, its provisions apply on no date" in notice.inner_text()
    dated_total = int(page.locator(".count").inner_text().split()[0])
    only_on_date = page.locator(".gaps .tag", has_text="gap on this date only").count()
    left_out = page.locator(".left-out > li").count()
    assert only_on_date > 0 and left_out > 0
    assert dated_total == undated_total - left_out + only_on_date
    assert page.locator(".gaps .badge.rel-none").count() == dated_total


def test_a_provision_page_and_an_instruments_contents(page):
    page.goto(f"/id/{KZ_3}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Article 17(3)(3)")
    assert page.locator("[lang=ru]", has_text="Статья 17 п.3 пп.3)").count() >= 1
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.get_by_role("link").all_inner_texts()[:3] == ["Kazakhstan", "KZ AI Law", "Article 17"]
    assert page.locator(".correspondences .badge.rel-broader").is_visible()
    crumbs.get_by_role("link", name="KZ AI Law").click()
    page.wait_for_url(f"**/id/{KZ}")
    assert "On Artificial Intelligence" in page.get_by_role("heading", level=1).inner_text()
    contents = page.locator("section", has=page.get_by_role("heading", name="Contents"))
    assert contents.locator("ol.toc ol.toc ol.toc").count() > 0  # articles, paragraphs, points
    contents.get_by_role("link", name="Article 17(3)(3)").click()
    page.wait_for_url(f"**/id/{KZ_3}")


@pytest.fixture
def error_page(browser, live_service):
    """A page for error pages: the browser logs the document's own 4xx status as a console error, which is the one
    console message allowed here; any other, and any request leaving the machine, fails the test."""
    context = browser.new_context(base_url=live_service.base, viewport={"width": 1280, "height": 900})
    outbound, messages = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_service.base)
                  else (outbound.append(route.request.url), route.abort("blockedbyclient")))
    viewer = context.new_page()
    viewer.on("console", lambda message: message.type == "error" and messages.append(message.text))
    viewer.on("pageerror", lambda error: messages.append(str(error)))
    yield viewer
    context.close()
    assert not outbound
    assert all(re.fullmatch(r"Failed to load resource: the server responded with a status of 4\d\d \(.*\)", m)
               for m in messages), messages


@pytest.mark.parametrize(("path", "status", "title"), ERROR_PAGES)
def test_errors_are_pages(error_page, path, status, title):
    response = error_page.goto(path)
    assert response.status == status
    assert error_page.get_by_role("heading", level=1).inner_text() == title
    assert error_page.locator("h1").count() == 1
    assert error_page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    found = error_page.evaluate(CONTRAST_AND_LANGUAGE)
    assert not found["lowContrast"] and not found["untagged"], found
    if status == 404:
        assert error_page.locator(".suggestions a").count() > 0
        assert combobox(error_page, SEARCH_BOX).is_visible()
    else:
        assert "asOf" in error_page.locator(".notice").inner_text()
        assert error_page.get_by_label("As of date (optional)").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_narrow_screen_has_no_horizontal_scroll(narrow_page, path):
    narrow_page.goto(path)
    overflow = narrow_page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the screen"


def test_side_by_side_folds_to_stacked_on_a_narrow_screen(narrow_page, page):
    for viewer, stacked in ((narrow_page, True), (page, False)):
        viewer.goto(f"/compare?left={EU_C}&right={KZ_3}")
        left, right = (viewer.locator("article.side").nth(i).bounding_box() for i in (0, 1))
        assert (right["y"] >= left["y"] + left["height"]) is stacked
        assert (abs(right["y"] - left["y"]) < 2) is not stacked


@pytest.mark.parametrize("path", PAGES)
def test_basic_accessibility(page, path):
    page.goto(path)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").count() == 1
    assert page.locator("img:not([alt])").count() == 0
    fields = page.locator("input:not([type=hidden]):not([type=submit]), select, textarea")
    for index in range(fields.count()):
        field = fields.nth(index)
        labelled = field.evaluate("el => el.labels.length > 0 || el.hasAttribute('aria-label')")
        assert labelled, field.evaluate("el => el.outerHTML")
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    controls = [n for n in tree if n.get("role", {}).get("value") in CONTROL_ROLES and not n.get("ignored")]
    assert len(controls) >= fields.count()
    assert all(n.get("name", {}).get("value", "").strip() for n in controls), controls
    found = page.evaluate(CONTRAST_AND_LANGUAGE)
    assert not found["lowContrast"], found["lowContrast"]
    assert not found["untagged"], f"Cyrillic text without lang=ru/kk: {found['untagged']}"


def test_keyboard_focus_is_visible(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    box = combobox(page, SEARCH_BOX)
    box.focus()
    assert box.evaluate("el => parseFloat(getComputedStyle(el).outlineWidth)") >= 2
