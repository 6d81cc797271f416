"""The console's PDF button in Debian's chromium, against the real server: it says the agenda is being
prepared, delivers the PDF of the chosen language as a download, keeps the console live meanwhile, and
shows the server's own reason when the download is refused."""
from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.backends import chromium_path, require
from tests.e2e.server import Server

from .conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
EMAIL, PASSWORD = "organiser@example.org", "browser-password"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PDF_TIMEOUT_MS = 90_000  # a render on two busy cores


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require(chromium_path() is not None, "the browser tests need chromium")
    require((ROOT / "app/static/dist/console.js").exists(), "the front-end bundle is not built")
    workdir = tmp_path_factory.mktemp("browser-pdf")
    deployment = Server(workdir, f"sqlite:///{workdir / 'arena.sqlite3'}", EVENT_RATE="100",
                        EVENT_BURST="200")
    deployment.prepare()
    deployment.create_user(EMAIL, name="Olga", password=PASSWORD)
    deployment.start()
    yield deployment
    deployment.close_clients()
    deployment.stop()


@pytest.fixture(scope="module")
def arena(server) -> dict:
    return server.create_arena(EMAIL, "Veldhoven energy arena", "--city", "Veldhoven", "--lang", "nl")


@pytest.fixture
def console(server, arena):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB",
                                      accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{server.url}/login")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        page.goto(f"{server.url}/arenas/{arena['join_code']}/console")
        page.wait_for_selector("#connection:text-is('Live')")
        yield page
        assert not errors, errors
        browser.close()


def test_the_button_shows_the_preparation_and_downloads_the_chosen_language(console, server, arena):
    phone = server.connect(join_code=arena["join_code"], name="Ada")
    console.select_option("#agenda-lang", "de")
    with console.expect_download(timeout=PDF_TIMEOUT_MS) as download_info:
        console.click("#agenda-form button[type=submit]")
        expect(console.locator("#agenda-message")).to_contain_text("Preparing the agenda…")
        expect(console.locator("#agenda-progress")).to_be_visible()
        expect(console.locator("#agenda-form button[type=submit]")).to_be_disabled()
        # The console stays live while the server prints: a phone's contribution reaches it.
        ack = phone.call("item:add", {"kind": "actor", "text": "Buurtcoöperatie Zuid",
                                      "op_id": "pdf-actor-1"})
        assert ack["ok"], ack
        expect(console.locator("#items .item", has_text="Buurtcoöperatie Zuid")).to_be_visible()
    download = download_info.value
    assert re.fullmatch(r"veldhoven-energy-arena-agenda-de\.pdf", download.suggested_filename)
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    expect(console.locator("#agenda-message")).to_have_text(f"Ready: {download.suggested_filename}")
    expect(console.locator("#agenda-progress")).to_be_hidden()
    expect(console.locator("#agenda-form button[type=submit]")).to_be_enabled()
    expect(console.locator("#connection")).to_have_text("Live")


def servers_reason(url: str) -> str:
    """The sentence of the error page that the server answers to a request without a session."""
    try:
        urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Language": "en-GB"}), timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 403
        page = error.read().decode()
    else:
        raise AssertionError(f"{url} answered without a session")
    return html.unescape(re.search(r"<main>.*?<p>(.*?)</p>", page, re.S).group(1)).strip()


def test_a_refused_download_shows_the_servers_reason(console, server, arena):
    # Logged out behind the console's back: the live connection stays, the PDF route says no (403).
    console.context.clear_cookies()
    console.select_option("#agenda-lang", "fr")
    console.click("#agenda-form button[type=submit]")
    reason = servers_reason(f"{server.url}/arenas/{arena['join_code']}/agenda.pdf?lang=fr")
    expect(console.locator("#agenda-message")).to_have_text(reason)
    expect(console.locator("#agenda-status")).to_have_class(re.compile(r"\berror\b"))
    expect(console.locator("#agenda-form button[type=submit]")).to_be_enabled()
