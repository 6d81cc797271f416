"""Joining an arena and the phone page: name and language, the phone view's strings, and its weight."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from app.extensions import db
from facilitation import accounts, commands
from facilitation.schemas import LANGUAGES
from tests.backends import require

DIST = Path(__file__).resolve().parents[2] / "app" / "static" / "dist"
PAGE_BUDGET_BYTES = 100 * 1024


def test_home_has_a_join_code_field(client):
    page = client.get("/").get_data(as_text=True)
    assert 'name="code"' in page
    response = client.post("/join", data={"code": " ab c1 23 "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/join/ABC123")


def test_join_page_asks_for_a_name_and_a_language(client, world):
    page = client.get(f"/join/{world.code.lower()}").get_data(as_text=True)
    assert "Energy arena" in page
    assert 'name="name"' in page
    options = re.findall(r'<option value="(\w+)"', page)
    assert sorted(options) == sorted(LANGUAGES)


def test_unknown_code_is_a_404_page(client, world):
    assert client.get("/join/NOSUCHCODE").status_code == 404
    assert client.get("/arenas/NOSUCHCODE/phone").status_code == 404


def test_anonymous_arena_asks_for_no_name(client, world):
    with db.session() as session:
        owner = accounts.user_by_email(session, "organiser@example.org")
        code = commands.create_arena(session, owner, "Quiet arena", anonymous=True).join_code
    page = client.get(f"/join/{code}").get_data(as_text=True)
    assert 'name="name"' not in page
    response = client.post(f"/join/{code}", data={"name": "Ada", "lang": "en"})
    phone = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-name=""' in phone


@pytest.mark.parametrize("lang", [*LANGUAGES, "no"])
def test_joining_keeps_name_and_language_for_the_phone_view(client, world, lang):
    response = client.post(f"/join/{world.code}", data={"name": "  Ada  ", "lang": lang})
    assert response.status_code == 302
    expected = "nb" if lang == "no" else lang
    assert response.headers["Location"] == f"/arenas/{world.code}/phone?lang={expected}"
    # The choice is kept: the phone view without ?lang (a reload from a bookmark) is still in it.
    phone = client.get(f"/arenas/{world.code}/phone").get_data(as_text=True)
    assert f'<html lang="{expected}">' in phone
    assert 'data-name="Ada"' in phone
    assert f'data-lang="{expected}"' in phone
    # And the join page offers the same choices again.
    again = client.get(f"/join/{world.code}").get_data(as_text=True)
    assert f'<option value="{expected}" lang="{expected}" selected>' in again


def test_phone_page_hands_its_script_every_string(client, world):
    page = client.get(f"/arenas/{world.code}/phone?lang=en").get_data(as_text=True)
    strings = json.loads(re.search(r'<script type="application/json" id="phone-strings">(.*?)</script>',
                                   page, re.S).group(1))
    assert strings["errors"]["locked"] == "The facilitator has paused contributions."
    assert set(strings["kinds"]) == {"actor", "trend", "challenge", "principle", "vision", "pathway",
                                     "milestone", "action", "experiment", "lesson"}
    assert "%(n)s" in strings["not_saved"]
    script = (Path(__file__).resolve().parents[2] / "app/static/src/js/pages/phone.js").read_text()
    used = set(re.findall(r"\bt\.(\w+)", script))
    assert used <= set(strings), used - set(strings)


def _references(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_phone_page_loads_nothing_from_another_host(client, world):
    page = client.get(f"/arenas/{world.code}/phone").get_data(as_text=True)
    refs = _references(page)
    assert refs and all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
    assert not re.search(r"https?://", page)


def test_first_load_of_the_phone_view_is_small_when_gzipped(client, world):
    require((DIST / "phone.js").exists(), "the front-end bundle is not built (run `make setup`)")
    gzip_only = {"Accept-Encoding": "gzip"}
    response = client.get(f"/arenas/{world.code}/phone", headers=gzip_only)
    assert response.headers.get("Content-Encoding") == "gzip"
    page = gzip.decompress(response.get_data()).decode()
    total = len(response.get_data())
    for ref in _references(page):
        asset = client.get(ref, headers=gzip_only)
        assert asset.status_code == 200, ref
        body = b"".join(asset.response) if asset.is_streamed else asset.get_data()
        if ref.endswith(".js"):
            assert asset.headers.get("Content-Encoding") == "gzip", ref
            assert len(gzip.decompress(body)) > len(body)
        total += len(body)
        asset.close()
    print(f"phone view first load: {total} bytes gzipped")
    assert total <= PAGE_BUDGET_BYTES
