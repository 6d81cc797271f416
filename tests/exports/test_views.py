"""GET /arenas/<code>/agenda.pdf: who may download it, in which language, from the cache, and failures."""
from __future__ import annotations

import io
import uuid
from pathlib import Path

import pypdf
import pytest

from app.extensions import db
from app.files import views
from exports.pdf import Rendered, RenderError
from facilitation import access, accounts, commands, schemas


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def add_challenge(world, text: str) -> None:
    with db.session() as session:
        organiser = accounts.user_by_email(session, "organiser@example.org")
        actor = access.join_as_user(session, world.code, organiser)
        commands.add_item(session, actor,
                          schemas.AddItem(kind="challenge", text=text, op_id=uuid.uuid4().hex))


@pytest.fixture
def fake_render(monkeypatch):
    """Count renders and return a stand-in PDF at once (these tests are about the route, not the layout)."""
    calls = []

    def render(agenda, lang, **limits):
        calls.append((agenda.cover.title, lang))
        return Rendered(b"%PDF-1.7 stand-in " + lang.encode(), 0.0, 0)

    monkeypatch.setattr(views, "render_agenda_pdf", render)
    return calls


def test_the_organiser_downloads_the_agenda_with_a_token(client, world):
    add_challenge(world, "Te weinig groen in de wijk, zeggen Zoë en Jürgen")
    response = client.get(f"/arenas/{world.code}/agenda.pdf", headers=bearer(world.organiser_token))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename=energy-arena-agenda-en.pdf' in response.headers["Content-Disposition"]
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "Te weinig groen in de wijk, zeggen Zoë en Jürgen" in " ".join(text.split())


def test_norwegian_is_asked_for_as_no_and_printed_as_bokmal(client, world):
    response = client.get(f"/arenas/{world.code}/agenda.pdf?lang=no", headers=bearer(world.organiser_token))
    assert response.status_code == 200
    assert "-agenda-nb.pdf" in response.headers["Content-Disposition"]
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "Norsk bokmål" in text


def test_a_facilitator_downloads_it_with_the_browser_session(client, world, fake_render):
    login = client.post("/login", data={"email": "facilitator@example.org", "password": "facilitator-pass"})
    assert login.status_code == 302
    response = client.get(f"/arenas/{world.code}/agenda.pdf?lang=de")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert fake_render == [("Energy arena", "de")]


@pytest.mark.parametrize("who, status", [
    ("nobody", 403), ("outsider", 403), ("bad token", 403), ("participant token", 403),
    ("organiser of another arena's code", 404),
])
def test_others_get_403_or_404_and_never_a_stack_trace(client, world, fake_render, who, status):
    code, headers = world.code, {}
    if who == "outsider":
        headers = bearer(world.outsider_token)
    elif who == "bad token":
        headers = bearer("ta_" + "x" * 40)
    elif who == "participant token":
        with db.session() as session:
            _actor, token = access.join_as_participant(session, world.code, name="Pia")
        headers = bearer(token)
    elif who.startswith("organiser"):
        code, headers = "NOSUCH", bearer(world.organiser_token)
    response = client.get(f"/arenas/{code}/agenda.pdf", headers=headers)
    assert response.status_code == status
    assert response.mimetype == "text/html" and b"Traceback" not in response.data
    assert fake_render == []


def test_an_unknown_language_is_refused(client, world, fake_render):
    response = client.get(f"/arenas/{world.code}/agenda.pdf?lang=xx", headers=bearer(world.organiser_token))
    assert response.status_code == 400 and fake_render == []


def test_a_second_download_comes_from_the_cache_until_the_arena_changes(client, world, fake_render, app):
    url, headers = f"/arenas/{world.code}/agenda.pdf?lang=fr", bearer(world.facilitator_token)
    first = client.get(url, headers=headers)
    second = client.get(url, headers=headers)
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert len(fake_render) == 1
    add_challenge(world, "Nouveau défi : le cœur de ville")
    assert client.get(url, headers=headers).status_code == 200
    assert len(fake_render) == 2
    cached = sorted(p.name for p in (Path(app.instance_path) / "agenda-cache").glob("*.pdf"))
    assert len(cached) == 1 and cached[0].endswith("-fr.pdf")  # the stale version was dropped


@pytest.mark.parametrize("reason, words", [
    ("timeout", "took too long"), ("memory", "too large"), ("failed", "could not be printed"),
])
def test_a_failed_render_is_a_message_not_a_500(client, world, monkeypatch, reason, words):
    def fail(agenda, lang, **limits):
        raise RenderError(reason, "in a test")

    monkeypatch.setattr(views, "render_agenda_pdf", fail)
    response = client.get(f"/arenas/{world.code}/agenda.pdf", headers=bearer(world.organiser_token))
    assert response.status_code == 503
    assert words in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"
