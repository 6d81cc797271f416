"""Fixtures for the browser tests: one real server (wsgi.py, eventlet, SQLite) per module, Debian's chromium
driven by Playwright, and helpers that act as a person would: join from the join page, type, tap.

Never `playwright install`: the browser is the system's /usr/bin/chromium.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.backends import require
from tests.e2e.server import Phone, Server

# Generous: CI machines are shared and a busy one renders slowly; a real hang still fails.
TIMEOUT_MS = 20_000
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1920, "height": 1080}
FACILITATOR = "facilitator@example.org"
PASSWORD = "browser-test-password"


@dataclass
class Site:
    """The running server, its arena and the facilitator's live connection (for the controls)."""

    server: Server
    code: str
    token: str
    facilitator: Phone

    @property
    def url(self) -> str:
        return self.server.url

    def control(self, event: str, payload: dict | None = None) -> dict:
        ack = self.facilitator.call(event, payload or {})
        assert ack["ok"], (event, ack)
        return ack

    def items(self) -> list[dict]:
        """Every item the server has, as the facilitator sees it."""
        return self.control("arena:sync")["state"]["items"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require(CHROMIUM.exists(), "browser tests need Debian's chromium at /usr/bin/chromium")
    require((ROOT / "app/static/dist/phone.js").exists(), "the front-end bundle is not built (`make setup`)")
    workdir = tmp_path_factory.mktemp("browser")
    server = Server(workdir, f"sqlite:///{workdir / 'arena.sqlite3'}", EVENT_RATE="100", EVENT_BURST="200")
    server.prepare()
    token = server.create_user(FACILITATOR, name="Femi", password=PASSWORD)
    code = server.create_arena(FACILITATOR, "Energy arena", "--city", "Veldhoven")["join_code"]
    server.start()
    facilitator = server.connect(join_code=code, token=token)
    try:
        yield Site(server, code, token, facilitator)
    finally:
        facilitator.close()
        server.stop()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only once chromium is known to exist)

    with sync_playwright() as playwright:
        expect.set_options(timeout=TIMEOUT_MS)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """open_page(viewport) → a page in a fresh context (its own cookies and localStorage)."""
    contexts = []

    def make(viewport=PHONE, bypass_csp: bool = False):
        # axe-core is injected as an inline script, which the site's CSP rightly refuses: only for axe.
        context = browser.new_context(viewport=viewport, locale="en-GB", bypass_csp=bypass_csp)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            assert not getattr(page, "js_errors", []), page.js_errors
        context.close()


def join(page, site: Site, name: str = "", lang: str = "en"):
    """Join through the join page as a person would, and wait until the phone view is live."""
    page.goto(f"{site.url}/join/{site.code}")
    if name:
        page.get_by_label(re.compile("Your name")).fill(name)
    page.get_by_label("Language").select_option(lang)
    page.get_by_role("button", name="Join the arena").click()
    page.wait_for_selector("#live:not([hidden])")
    wait_saved(page)
    return page


def wait_saved(page) -> None:
    """Wait until the phone says everything is saved (locator waits: the page's CSP forbids eval)."""
    expect(page.locator("#status")).to_have_attribute("data-tone", "ok")


def card_texts(page) -> list[str]:
    return page.locator("#items .card:not(.pending) .card-text").all_inner_texts()


def wait_for_texts(page, expected: list[str], selector: str = "#items .card:not(.pending) .card-text",
                   timeout: float = 10.0) -> list[str]:
    """Wait until the page shows each expected text; returns all texts shown then."""
    deadline = time.monotonic() + timeout
    while True:
        texts = page.locator(selector).all_inner_texts()
        if all(text in texts for text in expected):
            return texts
        if time.monotonic() > deadline:
            raise AssertionError(f"{expected} not all in {texts}")
        page.wait_for_timeout(50)


def choose_board(page, name: str) -> None:
    page.locator("#boards .tab", has_text=name).click()
    page.wait_for_selector(f"#board-title:text-is('{name}')")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Serious and critical accessibility violations that axe-core finds on the page (WCAG A/AA)."""
    require(AXE.exists(), "axe-core is not installed (run `npm ci`)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]
