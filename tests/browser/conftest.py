"""What the browser tests share: the service live on loopback (as `lexgraph serve` runs it, under the network
watch), Debian's Chromium driven by Playwright for Python, and a guard that fails a test on any console error,
any uncaught page error, or any request that would leave the machine.

Chromium is Debian's (`/usr/bin/chromium`, or LEXGRAPH_CHROMIUM); Playwright's own browser download is never
used. Without Chromium the tests skip with the reason, except under CI (`CI` set), where they fail: `.ci/run`
installs it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from harness import SERVICE_SETTINGS, start_server, stop_server

from system_programs import require_program

CHROMIUM = os.environ.get("LEXGRAPH_CHROMIUM", "/usr/bin/chromium")
# Headless, as root in a container, and silent: no background or component traffic to Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 740}  # a phone held upright
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(scope="session")
def live_service(tmp_path_factory):
    """The service on the shipped data, one process for the whole browser session."""
    server = start_server(tmp_path_factory.mktemp("browser-live"), SERVICE_SETTINGS)
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Not the session: Playwright's sync API keeps an event loop running in the
    main thread while it is open, and later tests that call asyncio.run() would fail."""
    executable = require_program(CHROMIUM, "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class PageGuard:
    """What a page did that a test must not allow: console errors, uncaught errors, requests off the machine."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outbound: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" == self.origin

    def route(self, route) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.outbound.append(url)
            route.abort("blockedbyclient")

    def check(self) -> None:
        problems = [f"console error: {text}" for text in self.console_errors]
        problems += [f"uncaught page error: {text}" for text in self.page_errors]
        problems += [f"request leaving the machine: {url}" for url in self.outbound]
        assert not problems, "\n".join(problems)


def _guarded_page(browser, live_service, viewport: dict) -> Iterator:
    context = browser.new_context(base_url=live_service.base, viewport=viewport, service_workers="block")
    guard = PageGuard(live_service.base)
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and guard.console_errors.append(message.text))
    page.on("pageerror", lambda error: guard.page_errors.append(str(error)))
    page.set_default_timeout(15_000)
    page.guard = guard
    try:
        yield page
    finally:
        context.close()
    guard.check()


@pytest.fixture
def page(browser, live_service):
    """A fresh page on a desktop-sized screen; the test fails at teardown if the guard saw anything."""
    yield from _guarded_page(browser, live_service, WIDE)


@pytest.fixture
def narrow_page(browser, live_service):
    """The same, on a narrow (phone-sized) screen."""
    yield from _guarded_page(browser, live_service, NARROW)


def pytest_collection_modifyitems(items):
    """Every test under tests/browser carries the `browser` marker (`-m "not browser"` leaves them out)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
