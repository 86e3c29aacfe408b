"""Screenshots of the web page's main views for docs/web.md: `python tests/browser/screenshots.py`.

Starts the service on the shipped data on loopback (as the browser tests do), drives Debian's Chromium with the
same flags as tests/browser/conftest.py, and writes docs/img/web-*.png. It stops with an error if a page logs a
console error or asks for anything off the machine, so the pictures show what the tests check.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# conftest.py (the Chromium flags), tests/ and tests/reliability/ (the live service) for what it imports
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "reliability")]

from harness import SERVICE_SETTINGS, start_server, stop_server  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, NARROW, WIDE, PageGuard  # noqa: E402
from lexgraph.workbench import EXAMPLES  # noqa: E402

OUTPUT = HERE.parents[1] / "docs" / "img"
EU_C = "eu/reg-2024-1689/art_5__para_1__point_c"
KZ_3 = "kz/law-230-viii/art_17__para_3__point_3"
ART5_EXAMPLE = next(example.title for example in EXAMPLES if example.slug == "eu-art5-kz-art17")
MAX_HEIGHT = 1800  # pixels: long pages are cut here, which keeps the files small


def shoot(browser, base: str, name: str, path: str, viewport: dict, action=None, full: bool = True) -> Path:
    """One view: open `path`, run `action(page)`, save docs/img/web-{name}.png."""
    context = browser.new_context(base_url=base, viewport=viewport, service_workers="block")
    guard = PageGuard(base)
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and guard.console_errors.append(message.text))
    page.on("pageerror", lambda error: guard.page_errors.append(str(error)))
    try:
        page.goto(path)
        if action is not None:
            action(page)
        target = OUTPUT / f"web-{name}.png"
        height = page.evaluate("document.documentElement.scrollHeight") if full else viewport["height"]
        clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, MAX_HEIGHT)}
        page.screenshot(path=str(target), full_page=full, clip=clip)
    finally:
        context.close()
    guard.check()
    return target


def type_ahead(page) -> None:
    """Type into the search box and wait for the suggestions, the second one active."""
    page.get_by_role("combobox", name="Provision id, number or words").fill("social scoring")
    page.get_by_role("listbox").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")


def run_art5_example(page) -> None:
    """Open the workbench's EU Art 5 against KZ Art 17 example, run it and wait for the result rows."""
    page.locator(".yasqe .CodeMirror").first.wait_for()
    page.get_by_role("button", name=ART5_EXAMPLE, exact=True).click()
    page.locator(".tabPanel.active").get_by_role("button", name="Run query").click()
    page.locator(".tabPanel.active .yasr table.dataTable tbody tr").first.wait_for()
    page.evaluate("window.scrollTo(0, 0)")


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lexgraph-screenshots-") as directory:
        server = start_server(Path(directory), SERVICE_SETTINGS)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                views = [
                    ("search", "/", WIDE, type_ahead, False),
                    ("compare", f"/compare?left={EU_C}&right={KZ_3}", WIDE, None, True),
                    ("compare-lists", "/compare?left=eu/reg-2024-1689/art_5__para_1"
                     "&right=kz/law-230-viii/art_17__para_3&asOf=2026-02-01", WIDE, None, True),
                    ("gaps", "/gaps?from=eu&to=kz&asOf=2025-03-01", WIDE, None, True),
                    ("provision", f"/id/{KZ_3}", WIDE, None, True),
                    ("instrument", "/id/kz/law-230-viii", WIDE, None, True),
                    ("narrow", f"/compare?left={EU_C}&right={KZ_3}", NARROW, None, True),
                    ("workbench", "/workbench", WIDE, run_art5_example, False),
                    ("workbench-narrow", "/workbench", NARROW, None, False),
                ]
                for name, path, viewport, action, full in views:
                    written = shoot(browser, server.base, name, path, viewport, action, full)
                    print(written.relative_to(HERE.parents[1]))
                browser.close()
        finally:
            stop_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
