"""Which language each person reads: their own choice, then their account's, then their browser's, then the
arena's; `no` is Norwegian Bokmål. Refusals over Socket.IO come in the connection's language, and the
projector can show its fixed texts in a second language."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.extensions import db
from facilitation.models import Arena, Participant, User
from tests.conftest import Phone

PASSWORDS = {"organiser@example.org": "organiser-pass"}


def page_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def set_lang(model, row_id: int, lang: str | None) -> None:
    with db.session() as session:
        session.get(model, row_id).lang = lang
        session.commit()


def log_in(client, email: str = "organiser@example.org") -> None:
    assert client.post("/login", data={"email": email, "password": PASSWORDS[email]}).status_code == 302


@pytest.mark.parametrize("accept, expected", [
    ("de-DE,de;q=0.9,en;q=0.5", "de"), ("no", "nb"), ("nb-NO", "nb"), ("nn", "nb"),
    ("es-ES, en;q=0.1", "es"), ("fr-BE", "fr"), ("ja, nl;q=0.4", "nl"),
])
def test_the_browser_language_is_used_when_nothing_closer_is_known(client, world, accept, expected):
    response = client.get(f"/join/{world.code}", headers={"Accept-Language": accept})
    assert page_lang(response) == expected


def test_the_arena_language_is_the_last_resort(client, world):
    set_lang(Arena, world.arena_id, "es")
    assert page_lang(client.get(f"/join/{world.code}", headers={"Accept-Language": "ja"})) == "es"
    assert page_lang(client.get(f"/join/{world.code}", headers={"Accept-Language": "de"})) == "de"
    assert "Unirse a la arena" in client.get(f"/join/{world.code}").text


def test_the_account_preference_comes_before_the_browser(client, world):
    with db.session() as session:
        user_id = session.query(User).filter_by(email="organiser@example.org").one().id
    set_lang(User, user_id, "nb")
    log_in(client)
    response = client.get("/arenas", headers={"Accept-Language": "fr"})
    assert page_lang(response) == "nb" and "Dine arenaer" in response.text


@pytest.mark.parametrize("chosen, expected, text", [
    ("fr", "fr", "Participez"), ("no", "nb", "Tilkobler"), ("nl", "nl", "Verbinden…"),
])
def test_the_participants_choice_comes_first_and_is_kept(client, world, chosen, expected, text):
    response = client.post(f"/join/{world.code}", data={"name": "Ana", "lang": chosen})
    assert response.status_code == 302
    phone = client.get(f"/arenas/{world.code}/phone", headers={"Accept-Language": "de"})
    assert page_lang(phone) == expected and f'data-lang="{expected}"' in phone.text
    # A reload without ?lang= keeps the choice, over the browser's language.
    again = client.get(f"/join/{world.code}", headers={"Accept-Language": "de"})
    assert re.search(rf'<option value="{expected}"[^>]*selected', again.text)


def test_the_language_chosen_on_the_phone_is_kept_with_the_participant(connect, world):
    phone = connect(lang="no", name="Kari")
    with db.session() as session:
        assert session.get(Participant, phone.me["participant_id"]).lang == "nb"


@pytest.mark.parametrize("lang, expected", [
    ("fr", "Ce texte peut compter au plus"), ("nb", "Denne teksten kan ha høyst"),
    ("de", "Dieser Text darf höchstens"), ("en", "This text can have at most"),
])
def test_refusals_come_in_the_connections_language(connect, in_phase, lang, expected):
    in_phase("problem_structuring_envisioning")
    phone = connect(lang=lang)
    ack = phone.send("item:add", kind="challenge", text="x" * 5000)
    assert ack["ok"] is False and ack["error"]["code"] == "too_long"
    assert ack["error"]["message"].startswith(expected), ack


def test_a_returning_participant_keeps_their_language_for_refusals(connect, in_phase):
    in_phase("problem_structuring_envisioning")
    first = connect(lang="es")
    token = first.me["participant_token"]
    first.disconnect()
    again = connect(participant_token=token)
    assert again.send("item:delete", item_id=99999)["error"]["message"] == "Este elemento no existe."


def test_changing_language_on_the_phone_changes_the_refusals(connect):
    phone = connect(lang="en")
    assert phone.send("me:update", {"lang": "nl"})["ok"]
    assert phone.send("no:such")["error"]["message"] == "Onbekende gebeurtenis “no:such”."


@pytest.mark.parametrize("auth, message", [
    ({"join_code": "NOPE42", "lang": "de"}, "Keine Arena hat diesen Teilnahmecode."),
    ({"join_code": "NOPE42", "lang": "no"}, "Ingen arena har denne deltakerkoden."),
    ({"join_code": "NOPE42"}, "No arena has this join code."),
])
def test_a_refused_connection_is_told_why_in_its_language(app, refusals, auth, message):  # noqa: F811
    phone = Phone(app, auth)
    assert not phone.client.is_connected()
    assert refusals[-1] == {"code": "not_found", "message": message}


def test_the_staff_account_language_is_used_for_its_refusals(connect, world):
    with db.session() as session:
        user_id = session.query(User).filter_by(email="facilitator@example.org").one().id
    set_lang(User, user_id, "fr")
    facilitator = connect("facilitator")
    ack = facilitator.send("phase:set", {"phase": "no_such_phase"})
    assert ack["error"]["code"] == "invalid", ack
    assert ack["error"]["message"].startswith("phase non valide : "), ack


# ----------------------------------------------------------------------------------------- projector

def test_the_projector_shows_its_fixed_texts_in_two_languages(client, world):
    response = client.get(f"/arenas/{world.code}/screen?lang=nl&lang2=fr")
    page = response.text
    assert page_lang(response) == "nl"
    second = '<span class="second" lang="fr">'
    assert f"Doe mee met uw telefoon{second}Participez avec votre téléphone</span>" in page
    assert f"Deelnamecode{second}Code de participation</span>" in page
    assert "Voorbereiding &amp; verkenning" in page
    assert '<p class="phase second" id="phase2" lang="fr">Préparation &amp; exploration</p>' in page
    # The script gets the second language's phase and board names, to keep them beneath as the session moves.
    data = json.loads(re.search(r'id="page-data">(.*?)</script>', page).group(1))
    assert data["second"]["lang"] == "fr" and data["second"]["kinds"]["challenge"] == "Défis"
    assert data["kinds"]["challenge"]["name"] == "Opgaven"
    assert data["second"]["phases"]["experimenting_mobilising"] == "Expérimentation & mobilisation"


def test_the_projector_shows_one_language_unless_asked(client, world):
    page = client.get(f"/arenas/{world.code}/screen").text
    assert 'class="second"' not in page and '"second"' not in page


@pytest.mark.parametrize("lang2", ["xx", "en"])
def test_a_second_language_that_is_unknown_or_the_same_is_not_shown(client, world, lang2):
    page = client.get(f"/arenas/{world.code}/screen?lang=en&lang2={lang2}").text
    assert 'class="second"' not in page


def test_the_second_language_is_at_least_24_pixels(app):
    css = (Path(app.root_path) / "static" / "src" / "css" / "screen.css").read_text()
    rules = re.findall(r"([^{}]*\.second[^{}]*)\{([^}]*)\}", css)
    assert rules
    for _selector, body in rules:
        sizes = [int(size) for size in re.findall(r"font-size:\s*(\d+)px", body)]
        assert all(size >= 24 for size in sizes), body
