"""Issue 3, "what must hold" 1, in real browsers against the real server: a facilitator, two phones and the
projector screen. Contributions appear everywhere live; an offline phone loses nothing and duplicates
nothing; two people co-writing one vision both keep their words; a lock and write-alone-then-reveal hold.

The facilitator logs in through /login in a browser (its console page must open); the facilitator's
controls are driven through a Socket.IO client with their API token, which is what the console sends.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from .conftest import (DESKTOP, FACILITATOR, PASSWORD, card_texts, choose_board, join, screenshot,
                       wait_for_texts, wait_saved)

pytestmark = pytest.mark.browser

ENVISIONING = "problem_structuring_envisioning"


def _texts(items: list[dict], kind: str) -> Counter:
    return Counter(item["text"] for item in items if item["kind"] == kind)


def test_a_session_with_two_phones_and_the_screen(site, open_page):
    console = open_page(DESKTOP)
    console.goto(f"{site.url}/login?next=/arenas/{site.code}/console")
    console.get_by_label("E-mail address").fill(FACILITATOR)
    console.get_by_label("Password").fill(PASSWORD)
    console.get_by_role("button", name="Log in").click()
    console.wait_for_url(re.compile(f"/arenas/{site.code}/console"))
    site.control("phase:set", {"phase": ENVISIONING})

    screen = open_page(DESKTOP)
    screen.goto(f"{site.url}/arenas/{site.code}/screen")
    ada = join(open_page(), site, name="Ada")
    bram = join(open_page(), site, name="Bram")

    # A contribution from one phone appears on the other phone and on the screen.
    ada.get_by_label("Your contribution").fill("Too many cars in the centre")
    ada.get_by_role("button", name="Add", exact=True).click()
    wait_for_texts(bram, ["Too many cars in the centre"])
    wait_for_texts(screen, ["Too many cars in the centre"], selector=".card-text")
    assert "Yours" in ada.locator("#items .card.mine").inner_text()

    # Offline: three contributions wait in the outbox, then land exactly once everywhere.
    bram.context.set_offline(True)
    expect(bram.locator("#status")).to_contain_text("Offline")
    offline = ["Dark streets at night", "No shade on the square", "Buses stop at eight"]
    for text in offline:
        bram.get_by_label("Your contribution").fill(text)
        bram.get_by_role("button", name="Add", exact=True).click()
    expect(bram.locator("#status")).to_contain_text("Not yet saved (3)")
    assert bram.locator("#items .card.pending").count() == 3
    assert "Dark streets at night" not in card_texts(ada)
    bram.context.set_offline(False)
    wait_saved(bram)
    for page, selector in ((ada, None), (bram, None), (screen, ".card-text")):
        texts = wait_for_texts(page, offline, **({"selector": selector} if selector else {}))
        assert all(texts.count(text) == 1 for text in offline), texts
    assert bram.locator("#items .card.pending").count() == 0
    stored = _texts(site.items(), "challenge")
    assert all(stored[text] == 1 for text in offline), stored

    _co_write_a_vision(site, ada, bram)
    _locked(site, ada)
    _write_alone_then_reveal(site, ada, bram)


def _co_write_a_vision(site, ada, bram):
    """Both phones type into one vision statement at the same moment: both words remain."""
    vision = site.control("item:add", {"kind": "vision", "text": "In 2050 the centre is quiet.",
                                       "op_id": "browser-vision-1"})["item"]
    editors = []
    for page in (ada, bram):
        choose_board(page, "Visions")
        card = page.locator(f"#items .card[data-id='{vision['id']}']")
        card.get_by_role("button", name="Write along").click()
        editors.append(card.locator("textarea"))
    ada_text, bram_text = editors
    ada_text.press("End")
    bram_text.press("Control+Home")
    # Typed within one debounce interval of each other: both edits start from the same revision.
    ada_text.press_sequentially(" And green", delay=15)
    bram_text.press_sequentially("Together: ", delay=15)
    expected = "Together: In 2050 the centre is quiet. And green"
    for editor in editors:
        expect(editor).to_have_value(expected)
        wait_saved(editor.page)
    screenshot(ada, "phone-cowriting-360x740")
    stored = {item["id"]: item for item in site.items()}[vision["id"]]
    assert stored["text"] == expected
    # The caret stayed where Bram was typing, so his next words go on after his own.
    bram_text.press_sequentially("now", delay=15)
    assert bram_text.input_value().startswith("Together: now")
    for page in (ada, bram):
        page.get_by_role("button", name="Done").click()


def _locked(site, ada):
    """A lock: the phone cannot add and says why."""
    site.control("arena:update", {"locked": True})
    rules = ada.locator("#rules")
    rules.wait_for(state="visible")
    assert "The facilitator has paused contributions." in rules.inner_text()
    assert ada.get_by_role("button", name="Add", exact=True).is_disabled()
    assert ada.get_by_label("Your contribution").is_disabled()
    site.control("arena:update", {"locked": False})
    expect(ada.get_by_role("button", name="Add", exact=True)).to_be_enabled()


def _write_alone_then_reveal(site, ada, bram):
    """Write alone: the other phone sees nothing until the facilitator reveals."""
    site.control("arena:update", {"write_alone": True})
    ada.locator("#rules", has_text="Write alone first").wait_for()
    choose_board(ada, "Challenges")
    choose_board(bram, "Challenges")
    ada.get_by_label("Your contribution").fill("Nobody asks the shopkeepers")
    ada.get_by_role("button", name="Add", exact=True).click()
    wait_for_texts(ada, ["Nobody asks the shopkeepers"])
    assert "Only you see this" in ada.locator("#items .card", has_text="shopkeepers").inner_text()
    wait_saved(ada)
    bram.wait_for_timeout(500)
    assert "Nobody asks the shopkeepers" not in card_texts(bram)
    revealed = site.control("items:reveal", {"kind": "challenge"})["revealed"]
    assert revealed
    wait_for_texts(bram, ["Nobody asks the shopkeepers"])
    site.control("arena:update", {"write_alone": False})
