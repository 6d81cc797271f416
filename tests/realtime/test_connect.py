"""The connect handshake: arena:state for every role, refusals with their codes, returning participants."""
from __future__ import annotations

import pytest

from facilitation.phases import ENVISIONING

from tests.conftest import Phone

from .support import assert_item, counts


@pytest.mark.parametrize("role", ["participant", "facilitator", "organiser"])
def test_every_role_gets_arena_state(connect, world, role):
    phone = connect(role, name="Ann", lang="fr")
    state = phone.state
    assert state["arena"]["id"] == world.arena_id and state["arena"]["join_code"] == world.code
    assert {"id", "title", "join_code", "phase"} <= set(state["arena"])
    assert state["me"]["role"] == role and isinstance(state["me"]["participant_id"], int)
    assert bool(state["me"]["participant_token"]) is (role == "participant")
    assert isinstance(state["items"], list) and isinstance(state["participants"], list)
    assert state["me"]["participant_id"] in [p["participant_id"] for p in state["participants"]]


def test_join_code_is_read_as_typed_off_a_projector(connect, world):
    phone = connect(code=" " + world.code.lower()[:3] + " " + world.code.lower()[3:])
    assert phone.state["arena"]["id"] == world.arena_id


MISSING = object()
CASES = {
    "unknown join code": ({"join_code": "ZZZZZZ"}, "not_found"),
    "bad api token": ({"token": "not-a-token"}, "unauthorized"),
    "another arena's account": ({"token": "outsider"}, "forbidden"),
    "another arena's participant token": ({"participant_token": "other"}, "unauthorized"),
    "made-up participant token": ({"participant_token": "x" * 32}, "unauthorized"),
    "no auth": (None, "invalid"),
    "auth is a string": ("ABCDEF", "invalid"),
    "auth is a list": (["join_code"], "invalid"),
    "no join code": ({"join_code": MISSING, "name": "Ann"}, "invalid"),
    "join code is a number": ({"join_code": 123456}, "invalid"),
    "join code is null": ({"join_code": None}, "invalid"),
    "oversized join code": ({"join_code": "A" * 5000}, "too_long"),
    "name is an object": ({"name": {"first": "Ann"}}, "invalid"),
    "lone surrogate name": ({"name": "Ann\ud800"}, "invalid"),
    "deeply nested": ({"name": [[[[[[["x"]]]]]]]}, "invalid"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_connections(app, connect, world, refusals, case):
    auth, code = CASES[case]
    if isinstance(auth, dict):
        auth = {k: v for k, v in {"join_code": world.code, **auth}.items() if v is not MISSING}
        if auth.get("token") == "outsider":
            auth["token"] = world.outsider_token
        if auth.get("participant_token") == "other":
            auth["participant_token"] = connect(code=world.other_code).me["participant_token"]
    before = counts()
    phone = Phone(app, auth)
    assert not phone.client.is_connected()
    assert refusals[-1] == {"code": code, "message": refusals[-1]["message"]}
    assert isinstance(refusals[-1]["message"], str) and refusals[-1]["message"]
    assert counts() == before, "a refused connection leaves no participant behind"


def test_returning_participant_is_the_same_person(connect, in_phase):
    in_phase(ENVISIONING)
    first = connect(name="Ann")
    item = first.add("challenge", "Not enough trees")
    token, pid = first.me["participant_token"], first.me["participant_id"]
    first.disconnect()
    again = connect(participant_token=token)
    assert again.me["participant_id"] == pid and again.me["participant_token"] == token
    assert again.me["own_item_ids"] == [item["id"]]
    assert again.me["role"] == "participant"
    assert_item(again.state["items"][0], id=item["id"], author={"participant_id": pid, "name": "Ann"})
    edited = again.send("item:edit", item_id=item["id"], base_rev=1, text="Not enough trees, at all")
    assert edited["ok"] is True
    # A second phone with the same token is the same person too, with a new name if one is given.
    twin = connect(participant_token=token, name="Ann B.")
    assert twin.me["participant_id"] == pid
    assert twin.state["items"][0]["author"]["name"] == "Ann B."


def test_browser_session_connects_staff(app, world):
    browser = app.test_client()
    browser.post("/login", data={"email": "facilitator@example.org", "password": "facilitator-pass"})
    phone = Phone(app, {"join_code": world.code}, flask_client=browser)
    try:
        assert phone.client.is_connected() and phone.me["role"] == "facilitator"
    finally:
        phone.disconnect()
