"""The projector screen and the facilitator console in Debian's chromium, against the real server.

The console's controls must change what the screen and a phone (a python-socketio client) show; both pages
must be accessible (axe-core: no serious or critical violation, AA contrast), usable by keyboard, and the
screen's text must be readable from the back of a room (nothing under 24 px at 1920×1080). Screenshots go
to tests/screenshots/ for a person to look at.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.backends import chromium_path, require
from tests.e2e.server import Server

from .conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "tests" / "screenshots"
EMAIL, PASSWORD = "facilitator@example.org", "browser-password"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require(chromium_path() is not None, "the browser tests need chromium")
    require((ROOT / "app/static/dist/console.js").exists(), "the front-end bundle is not built")
    workdir = tmp_path_factory.mktemp("browser")
    deployment = Server(workdir, f"sqlite:///{workdir / 'arena.sqlite3'}")
    deployment.prepare()
    deployment.create_user(EMAIL, name="Femi", password=PASSWORD)
    deployment.start()
    yield deployment
    deployment.stop()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def arena(server) -> dict:
    return server.create_arena(EMAIL, "Rotterdam energy arena", "--city", "Rotterdam")


@pytest.fixture
def pages(server, browser, arena):
    """A logged-in console and a projector screen on the arena, each in its own browser context."""
    contexts = []

    def open_page(width: int = 1920, height: int = 1080, logged_in: bool = False, path: str = "screen",
                  bypass_csp: bool = False):
        # The pages run under the server's Content-Security-Policy, except where axe-core is injected.
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        if logged_in:
            page.goto(f"{server.url}/login")
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
        page.goto(f"{server.url}/arenas/{arena['join_code']}/{path}")
        if path == "console":
            page.wait_for_selector("#connection:text-is('Live')")
        else:
            page.wait_for_selector("#present:not(:empty)")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone(server, arena):
    phones = []

    def join(name: str):
        connected = server.connect(join_code=arena["join_code"], name=name)
        phones.append(connected)
        return connected

    yield join
    for connected in phones:
        connected.close()


def add(phone, kind: str, text: str) -> dict:
    ack = phone.call("item:add", {"kind": kind, "text": text, "op_id": f"op-{kind}-{abs(hash(text))}"})
    assert ack["ok"], ack
    return ack["item"]


def choose_phase(console, phase: str) -> None:
    console.click(f".phase-button[data-phase='{phase}']")
    console.wait_for_selector(f".phase-button[data-phase='{phase}'][aria-pressed='true']")


def open_board(console, kind: str) -> None:
    console.click(f"#board-tabs .tab[data-kind='{kind}']")


def card(console, text: str):
    return console.locator("#items .item", has_text=text)


def test_console_controls_change_what_screen_and_phone_show(pages, phone):
    console = pages(1440, 900, logged_in=True, path="console")
    screen = pages()
    ana = phone("Ana")
    screen.wait_for_selector("#present:text-is('Here now: 1')")
    console.wait_for_selector("#people li.online:has-text('Ana')")

    choose_phase(console, "problem_structuring_envisioning")
    screen.wait_for_selector("#phase:has-text('Problem structuring & envisioning')")
    ana.wait_for("phase:changed", where=lambda e: e["phase"] == "problem_structuring_envisioning")

    console.fill("#prompt", "What keeps Rotterdam from renewable heat?")
    console.click("#prompt-save")
    screen.wait_for_selector("#prompt:has-text('What keeps Rotterdam from renewable heat?')")
    ana.wait_for("arena:updated",
                 where=lambda e: e["arena"]["prompt"] == "What keeps Rotterdam from renewable heat?")

    heat = add(ana, "challenge", "Gas boilers everywhere")
    screen.wait_for_selector(".card:has-text('Gas boilers everywhere')")
    open_board(console, "challenge")
    card(console, "Gas boilers everywhere").locator("input").fill("Buildings")
    card(console, "Gas boilers everywhere").get_by_role("button", name="Set").click()
    screen.wait_for_selector(".cluster h3:has-text('Buildings')")

    card(console, "Gas boilers everywhere").get_by_role("button", name="Hide").click()
    screen.wait_for_selector(".card:has-text('Gas boilers everywhere')", state="detached")
    ana.wait_for("item:hidden", where=lambda e: e["item_id"] == heat["id"] and e["hidden"])
    card(console, "Gas boilers everywhere").get_by_role("button", name="Restore").click()
    screen.wait_for_selector(".card:has-text('Gas boilers everywhere')")

    console.fill("#timer-minutes", "2")
    console.click("#timer-start")
    screen.wait_for_selector("#timer:not([hidden])")
    assert re.fullmatch(r"[12]:\d\d", screen.text_content("#timer"))
    ana.wait_for("timer", where=lambda e: e["running"] and e["seconds"] == 120)
    console.click("#timer-stop")
    screen.wait_for_selector("#timer", state="hidden")

    console.check("#rule-locked")
    screen.wait_for_selector("#status:has-text('Contributions paused')")
    refused = ana.call("item:add", {"kind": "challenge", "text": "x", "op_id": "locked-1"})
    assert refused["error"]["code"] == "locked"
    console.uncheck("#rule-locked")
    screen.wait_for_selector("#status", state="hidden")

    console.check("#rule-write-alone")
    add(ana, "challenge", "Written alone")
    assert screen.locator(".card", has_text="Written alone").count() == 0
    card(console, "Written alone").wait_for()  # the console sees it, marked as not yet revealed
    assert "Not yet revealed" in card(console, "Written alone").text_content()
    console.click("#reveal")
    screen.wait_for_selector(".card:has-text('Written alone')")
    console.uncheck("#rule-write-alone")

    principle = add(ana, "principle", "Heat is a common good")
    open_board(console, "principle")
    linker = card(console, "Heat is a common good")
    linker.locator("select").select_option(label="Gas boilers everywhere")
    linker.get_by_role("button", name="Link").click()
    ana.wait_for("item:linked", where=lambda e: e == {"source_id": principle["id"], "target_id": heat["id"]})
    linker.get_by_role("button", name=re.compile("Remove link")).click()
    ana.wait_for("item:unlinked", where=lambda e: e["source_id"] == principle["id"])

    console.select_option("#focus-kind", "vision")
    console.click("#focus-apply")
    expect(screen.locator(".board h2")).to_have_text(["Visions"])
    ana.wait_for("board:focus", where=lambda e: e["kind"] == "vision")

    console.uncheck("#open-kinds input[value='principle']")
    ana.wait_for("arena:updated", where=lambda e: "principle" not in e["arena"]["open_kinds"])
    assert ana.call("item:add", {"kind": "principle", "text": "y", "op_id": "closed-1"})["error"]["code"] \
        == "forbidden"

    console.once("dialog", lambda dialog: dialog.accept())
    console.click("#meeting-start")
    ana.wait_for("meeting:started", where=lambda e: e["meeting"]["number"] == 2)
    console.wait_for_selector("#meeting-number:has-text('Meeting 2')")
    console.click("#meeting-changes")
    console.wait_for_selector("#changes:has-text('Since meeting 1:')")
    assert "Challenges: 2 added" in console.text_content("#changes"), console.text_content("#changes")
    assert "Guiding principles: 1 added" in console.text_content("#changes")


def populate(console, phone) -> None:
    """A room in the middle of a session: clustered challenges with dots, a prompt, a running timer."""
    ana, ben = phone("Ana"), phone("Ben")
    choose_phase(console, "problem_structuring_envisioning")
    console.fill("#prompt", "Which challenges keep our city from a fossil-free 2050?")
    console.click("#prompt-save")
    texts = ["Most homes are heated with gas boilers", "Bus lanes stop at the city border",
             "Nobody owns the district heating plans", "Shops throw away food every night",
             "Rents rise when homes are insulated", "Cars take 60% of street space"]
    items = [add(ana if i % 2 else ben, "challenge", text) for i, text in enumerate(texts)]
    for voter, item in [(ana, items[0]), (ben, items[0]), (ben, items[4]), (ana, items[4]), (ana, items[2])]:
        op_id = f"v{voter.sio.sid}{item['id']}"
        assert voter.call("item:vote", {"item_id": item["id"], "delta": 1, "op_id": op_id})["ok"]
    open_board(console, "challenge")
    for text, cluster in [(texts[0], "Heat"), (texts[2], "Heat"), (texts[4], "Heat"), (texts[1], "Mobility"),
                          (texts[5], "Mobility")]:
        card(console, text).locator("input").fill(cluster)
        card(console, text).get_by_role("button", name="Set").click()
        card(console, text).locator(f"input[value='{cluster}']").wait_for()
    console.click("#timer-start")


@pytest.mark.parametrize("width, height", [(1920, 1080), (360, 740)])
def test_screen_and_console_are_accessible_and_photographed(pages, phone, width, height):
    require(AXE.exists(), "axe-core is not installed (npm ci)")
    console = pages(width, height, logged_in=True, path="console", bypass_csp=True)
    populate(console, phone)
    screen = pages(width, height, bypass_csp=True)
    screen.wait_for_selector(".cluster h3:has-text('Mobility')")
    screen.wait_for_selector("#timer:not([hidden])")
    screen.wait_for_timeout(900)  # let the cards finish moving in
    SHOTS.mkdir(exist_ok=True)
    for name, page in [("screen", screen), ("console", console)]:
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=name == "console")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in result["violations"]
                   if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"]
        assert serious == [], (name, serious)


SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!node.textContent.trim() || parent.closest("script, style, title, [hidden]")) continue;
    const box = parent.getBoundingClientRect();
    const style = getComputedStyle(parent);
    if (!box.width || !box.height || style.visibility === "hidden") continue;
    const size = parseFloat(style.fontSize);
    if (size < 24) small.push([parent.className || parent.tagName, node.textContent.slice(0, 40), size]);
  }
  return small;
}"""


def test_no_text_on_the_screen_is_under_24px_at_1920x1080(pages, phone):
    console = pages(1440, 900, logged_in=True, path="console")
    populate(console, phone)
    console.check("#rule-locked")
    screen = pages()
    screen.wait_for_selector(".cluster h3:has-text('Not clustered yet')")
    screen.wait_for_selector(".card-meta:has-text('2 dots')")
    screen.wait_for_selector("#status:has-text('Contributions paused')")
    checked = screen.evaluate("document.querySelectorAll('.card, .cluster h3, #timer, #join-code').length")
    assert checked >= 10
    assert screen.evaluate(SMALL_TEXT) == []


def test_console_is_usable_by_keyboard(pages, phone):
    console = pages(1440, 900, logged_in=True, path="console")
    ana = phone("Ana")
    target = "backcasting_pathways_agenda"
    for _ in range(40):
        console.keyboard.press("Tab")
        if console.evaluate("document.activeElement.dataset.phase") == target:
            break
    else:
        pytest.fail("the phase buttons cannot be reached with Tab")
    outline = console.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    console.keyboard.press("Enter")
    ana.wait_for("phase:changed", where=lambda e: e["phase"] == target)
    console.keyboard.press("Tab")
    console.keyboard.press("Space")
    ana.wait_for("phase:changed", where=lambda e: e["phase"] == "experimenting_mobilising")
