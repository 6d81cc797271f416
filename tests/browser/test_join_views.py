"""The join and phone views as people meet them: on a 360-pixel phone and a 1920-pixel screen, through
axe-core (no serious or critical WCAG 2.1 A/AA violation, colour contrast included), and with a keyboard
alone. Screenshots go to tests/screenshots/ for a person to look at."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, axe_violations, join, screenshot, wait_for_texts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def board(site):
    """A board worth looking at: a prompt, a dot budget, and contributions by others."""
    site.control("phase:set", {"phase": "problem_structuring_envisioning"})
    site.control("arena:update", {"dot_budget": 3, "open_kinds": ["challenge", "vision"],
                                  "prompt": "Which problems keep the city from changing?"})
    for number, text in enumerate(["The ring road cuts the city in two",
                                   "Shops close at six; the centre is empty at night"]):
        site.control("item:add", {"kind": "challenge", "text": text, "op_id": f"views-{number}"})
    site.control("timer:start", {"seconds": 300})
    yield site
    site.control("timer:stop")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360x740", "1920x1080"])
def test_join_and_phone_views_are_accessible(board, open_page, viewport):
    page = open_page(viewport, bypass_csp=True)
    size = f"{viewport['width']}x{viewport['height']}"
    page.goto(f"{board.url}/join/{board.code}")
    screenshot(page, f"join-{size}")
    assert axe_violations(page) == []

    join(page, board, name="Chiara")
    page.get_by_label("Your contribution").fill("Nobody knows who decides about the square")
    page.get_by_role("button", name="Add", exact=True).click()
    wait_for_texts(page, ["Nobody knows who decides about the square"])
    page.locator("#items .card", has_text="ring road").get_by_role("button", name="Give a dot").click()
    expect(page.locator("#budget")).to_have_text("Dots left on this board: 2 of 3")
    expect(page.locator("#timer")).to_be_visible()
    expect(page.locator("#prompt")).to_have_text("Which problems keep the city from changing?")
    screenshot(page, f"phone-{size}")
    assert axe_violations(page) == []
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_join_and_contribute_with_the_keyboard_alone(board, open_page):
    page = open_page(PHONE)
    page.goto(f"{board.url}/join/{board.code}")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your name (optional)")).to_be_focused()
    page.keyboard.type("Kai")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Language")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Join the arena")).to_be_focused()
    page.keyboard.press("Enter")
    page.locator("#live").wait_for()

    tab_to(page, page.get_by_label("Your contribution"))
    page.keyboard.type("Typed without a mouse")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    wait_for_texts(page, ["Typed without a mouse"])

    dot = page.locator("#items .card", has_text="ring road").get_by_role("button", name="Give a dot")
    tab_to(page, dot)
    page.keyboard.press("Enter")
    expect(page.locator("#budget")).to_have_text("Dots left on this board: 2 of 3")
    names = [item["author"]["name"] for item in board.items() if item["text"] == "Typed without a mouse"]
    assert names == ["Kai"]


def tab_to(page, target, limit: int = 40) -> None:
    """Press Tab until the target has the focus, as a keyboard user would; fail if it never does."""
    for _ in range(limit):
        if target.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} cannot be reached with Tab")
