"""Shared fixtures. The headless browser is launched once per session, for tests marked
``browser``; it is Debian's chromium (Playwright's own browser download cannot work here)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium; skipped when it is missing, except under CI where that fails."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class LoadedPage:
    """A browser tab with a page loaded, and what it did: console errors and requests."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def wait_until(self, expression: str, timeout: float = 30.0) -> None:
        """Poll ``expression`` until it is truthy (wait_for_function needs eval, which the
        page's Content-Security-Policy forbids)."""
        wait_until(self.page, expression, timeout)


def wait_until(page: Any, expression: str, timeout: float = 30.0) -> None:
    """Poll a JavaScript expression in ``page`` (a Page or a Frame) until it is truthy."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


@pytest.fixture(name="wait_until")
def wait_until_fixture() -> Callable[..., None]:
    """:func:`wait_until`, for tests that drive frames themselves."""
    return wait_until


@pytest.fixture
def load_page(browser: Browser, tmp_path: Path) -> Iterator[Callable[[str], LoadedPage]]:
    """Open HTML text as a file:// page with every network request aborted and recorded.

    Waits until the network is drawn (``window.relgraph.drawn``) when the page is a relgraph
    page; ``requests`` lists every URL asked for except the page's own file.
    """
    contexts = []

    def load(html: str, *, name: str = "page.html", wait_drawn: bool = True) -> LoadedPage:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        url = path.as_uri()
        context = browser.new_context(viewport={"width": 1400, "height": 850})
        contexts.append(context)
        page = context.new_page()
        loaded = LoadedPage(page)

        def on_console(message: Any) -> None:
            if message.type in ("error", "warning"):
                loaded.errors.append(f"console {message.type}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: loaded.errors.append(f"page error: {error}"))

        def route(handle: Any) -> None:
            if handle.request.url == url:
                handle.continue_()
            else:
                loaded.requests.append(handle.request.url)
                handle.abort()

        context.route("**/*", route)
        page.on(
            "request",
            lambda request: (
                loaded.requests.append(request.url)
                if request.url != url and request.url not in loaded.requests
                else None
            ),
        )
        page.goto(url)
        if wait_drawn:
            loaded.wait_until("!!(window.relgraph && window.relgraph.drawn)")
        return loaded

    yield load
    for context in contexts:
        context.close()
