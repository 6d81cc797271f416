"""op_id: a change sent twice is applied once and answered the same way, also across a server restart;
op_ids are per participant, and one op_id cannot stand for two different changes."""
from __future__ import annotations

import pytest

from app import create_app
from app.config import TestConfig
from facilitation.phases import ENVISIONING
from tests.conftest import Phone

from .support import assert_refused, counts, room_events, snapshot


def first_send(phone, other, event: str) -> dict:
    """A payload for each event, on an item made for it (`other`'s, so a vote or edit is on a shared one)."""
    vision = other.add("vision", "Streets for people")
    if event == "item:add":
        return {"kind": "challenge", "text": "Noise at night", "op_id": f"op-{event}"}
    if event == "item:edit":
        return {"item_id": vision["id"], "base_rev": 1, "text": "Streets for people and trees",
                "op_id": f"op-{event}"}
    if event == "item:delete":
        return {"item_id": phone.add("challenge", "Mine to delete")["id"], "op_id": f"op-{event}"}
    return {"item_id": vision["id"], "delta": 1, "op_id": f"op-{event}"}


EVENTS = ["item:add", "item:edit", "item:delete", "item:vote"]


@pytest.mark.parametrize("event", EVENTS)
def test_same_op_id_twice_is_applied_once_with_the_same_ack(connect, in_phase, event):
    in_phase(ENVISIONING)
    phone, other, watcher = connect(name="Ann"), connect(name="Ben"), connect(name="Wes")
    payload = first_send(phone, other, event)
    seen = len(room_events(watcher))
    ack = phone.send(event, payload)
    assert ack["ok"] is True, ack
    after_first = snapshot()
    assert phone.send(event, dict(payload)) == ack
    assert snapshot() == after_first, "the resend wrote nothing"
    assert len(room_events(watcher)) == seen + 1, "and broadcast nothing"


@pytest.mark.parametrize("event", EVENTS)
def test_resend_after_a_restart_gets_the_same_ack(connect, in_phase, database_url, tmp_path, event):
    in_phase(ENVISIONING)
    phone, other = connect(name="Ann"), connect(name="Ben")
    payload = first_send(phone, other, event)
    ack = phone.send(event, payload)
    assert ack["ok"] is True
    token = phone.me["participant_token"]
    phone.disconnect()
    other.disconnect()
    code = phone.state["arena"]["join_code"]
    after_first = counts()

    restarted = create_app(TestConfig(database_url, INSTANCE_PATH=str(tmp_path / "restarted"),
                                      PRESENCE_DELAY=0.01))
    again = Phone(restarted, {"join_code": code, "participant_token": token})
    try:
        assert again.me["participant_id"] == phone.me["participant_id"]
        assert again.send(event, dict(payload)) == ack
        assert counts() == after_first
    finally:
        again.disconnect()


def test_op_id_reused_for_another_event_is_invalid(connect, in_phase):
    in_phase(ENVISIONING)
    phone = connect(name="Ann")
    item = phone.add("challenge", "Heat", op_id="shared-op")
    before = snapshot()
    assert_refused(phone.send("item:vote", item_id=item["id"], delta=1, op_id="shared-op"), "invalid")
    assert_refused(phone.send("item:delete", item_id=item["id"], op_id="shared-op"), "invalid")
    assert snapshot() == before


def test_op_ids_are_per_participant(connect, in_phase):
    in_phase(ENVISIONING)
    ann, ben = connect(name="Ann"), connect(name="Ben")
    first = ann.send("item:add", kind="challenge", text="Ann's", op_id="same-op")
    second = ben.send("item:add", kind="challenge", text="Ben's", op_id="same-op")
    assert first["ok"] and second["ok"] and first["item"]["id"] != second["item"]["id"]
    assert second["item"]["text"] == "Ben's"
    # A replay never answers with another participant's acknowledgement.
    assert ben.send("item:add", kind="challenge", text="Ben's", op_id="same-op") == second


def test_a_refused_change_can_be_retried_with_its_op_id(connect, in_phase, world):
    in_phase(ENVISIONING)
    phone = connect(name="Ann")
    assert_refused(phone.send("item:add", kind="lesson", text="Too early", op_id="retry-op"), "forbidden")
    in_phase("evaluating_monitoring_learning")
    assert phone.send("item:add", kind="lesson", text="Too early", op_id="retry-op")["ok"] is True
