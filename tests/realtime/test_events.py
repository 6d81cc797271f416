"""Every client event of CONTRACT.md for every role: the acknowledgement's exact shape, the room's
broadcast, and for a refusal the code, no write and no broadcast at all."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.extensions import db, socketio
from facilitation.models import Arena, Item
from facilitation.phases import BACKCASTING, ENVISIONING

from .support import assert_item, assert_refused, counts, room_events, snapshot

OK = "ok"
PARTICIPANTS_ONLY_OWN = {"author": OK, "peer": "forbidden", "facilitator": OK, "organiser": OK,
                         "stranger": "not_found"}
ANYONE_IN_ARENA = {"author": OK, "peer": OK, "facilitator": OK, "organiser": OK, "stranger": "not_found"}
STAFF_ONLY = {"author": "forbidden", "peer": "forbidden", "facilitator": OK, "organiser": OK}

# (event, target, expected outcome per role). The stranger is a participant of the other arena, acting
# on this arena's ids; adding a kind to its own arena says nothing about this one, so it is left out there.
MATRIX = [
    ("item:add", "challenge", {"author": OK, "peer": OK, "facilitator": OK, "organiser": OK}),
    ("item:add", "trend", STAFF_ONLY),
    ("item:add", "milestone", {**STAFF_ONLY, "stranger": "not_found"}),
    ("item:edit", "challenge", PARTICIPANTS_ONLY_OWN),
    ("item:edit", "vision", ANYONE_IN_ARENA),
    ("item:delete", "challenge", PARTICIPANTS_ONLY_OWN),
    ("item:delete", "vision", PARTICIPANTS_ONLY_OWN),
    ("item:vote", "challenge", ANYONE_IN_ARENA),
    ("item:vote", "vision", ANYONE_IN_ARENA),
    ("phase:set", BACKCASTING, {**STAFF_ONLY, "stranger": "forbidden"}),
    ("arena:sync", None, {"author": OK, "peer": OK, "facilitator": OK, "organiser": OK, "stranger": OK}),
]
CASES = [pytest.param(event, target, role, outcome, id=f"{event}-{target}-{role}")
         for event, target, outcomes in MATRIX for role, outcome in outcomes.items()]

AUTHOR_NAMES = {"author": "Ann", "peer": "Ben", "facilitator": "Femi", "organiser": "Olga", "stranger": "Sam"}


def payload_for(board, event: str, target) -> dict:
    op = {"op_id": str(uuid.uuid4())}
    if event == "item:add":
        if target == "milestone":
            return {"kind": "milestone", "text": "Half the streets closed", "parent_id": board.pathway["id"],
                    "fields": {"year": 2035}, **op}
        return {"kind": target, "text": f"  A new {target}  ", **op}
    if event == "phase:set":
        return {"phase": target}
    if event == "arena:sync":
        return {}
    item = getattr(board, target)
    if event == "item:edit":
        return {"item_id": item["id"], "base_rev": 1, "text": item["text"] + ", together", **op}
    if event == "item:delete":
        return {"item_id": item["id"], **op}
    return {"item_id": item["id"], "delta": 1, **op}


@pytest.mark.parametrize("event, target, role, outcome", CASES)
def test_event_by_role(board, world, event, target, role, outcome):
    phone = board.phones[role]
    payload = payload_for(board, event, target)
    before, rows_before = snapshot(), counts()
    seen = len(room_events(board.watcher)), len(room_events(board.other_watcher))

    ack = phone.send(event, payload)

    new_here = room_events(board.watcher)[seen[0]:]
    assert room_events(board.other_watcher)[seen[1]:] == [], "nothing may reach the other arena"
    if outcome != OK:
        assert_refused(ack, outcome)
        assert snapshot() == before, "a refused event writes nothing"
        assert new_here == [], "a refused event broadcasts nothing"
        return
    assert ack["ok"] is True, ack
    check_success(board, phone, role, event, target, payload, ack, new_here, rows_before)
    assert phone.send("arena:sync")["ok"] is True, "the connection stays up"


def check_success(board, phone, role, event, target, payload, ack, new_here, rows_before) -> None:
    me = phone.me["participant_id"]
    if event == "item:add":
        assert set(ack) == {"ok", "item"}
        assert_item(ack["item"], kind=target, text=payload["text"].strip(), rev=1, votes=0,
                    parent_id=payload.get("parent_id"), fields=payload.get("fields", {}),
                    author={"participant_id": me, "name": AUTHOR_NAMES[role]})
        assert new_here == [("item:added", {"item": ack["item"]})]
        assert counts()["item"] == rows_before["item"] + 1
    elif event == "item:edit":
        assert set(ack) == {"ok", "item"}
        original = getattr(board, target)
        assert_item(ack["item"], id=original["id"], text=payload["text"], rev=2, author=original["author"])
        assert new_here == [("item:edited", {"item": ack["item"]})]
    elif event == "item:delete":
        assert ack["ok"] is True and "error" not in ack
        assert new_here == [("item:deleted", {"item_id": payload["item_id"]})]
        assert payload["item_id"] not in [i["id"] for i in board.watcher.send("arena:sync")["state"]["items"]]
    elif event == "item:vote":
        assert ack["ok"] is True
        assert_item(ack["item"], id=payload["item_id"], votes=1)
        assert new_here == [("item:voted", {"item": ack["item"]})]
    elif event == "phase:set":
        assert set(ack) == {"ok", "arena"} and ack["arena"]["phase"] == target
        assert new_here == [("phase:changed", {"phase": target})]
        assert board.watcher.send("arena:sync")["state"]["arena"]["phase"] == target
    else:
        assert set(ack) == {"ok", "state"}
        assert_state(ack["state"], phone)
        assert new_here == []


def assert_state(state: dict, phone) -> None:
    """arena:state / arena:sync: the contract's keys, this phone's own arena and identity, its items only."""
    assert {"arena", "me", "items", "participants"} <= set(state)
    assert {"id", "title", "join_code", "phase"} <= set(state["arena"])
    assert {"participant_id", "participant_token", "role"} <= set(state["me"])
    assert state["arena"]["id"] == phone.state["arena"]["id"]
    assert state["me"]["participant_id"] == phone.me["participant_id"]
    with db.session() as session:
        arena_items = set(session.scalars(sa.select(Item.id).where(
            Item.arena_id == state["arena"]["id"], Item.deleted_at.is_(None))))
    assert [i["id"] for i in state["items"]] and {i["id"] for i in state["items"]} <= arena_items
    for item in state["items"]:
        assert_item(item)


@pytest.mark.parametrize("event", ["item:add", "item:edit", "item:delete", "item:vote", "phase:set"])
def test_broadcasts_happen_after_the_commit(board, monkeypatch, event):
    """When a room event leaves the server, a fresh database connection already sees the change."""
    checked = []
    emit = socketio.emit

    def committed_then_emit(name, data=None, *args, **kwargs):
        if name in ("item:added", "item:edited", "item:voted", "item:deleted", "phase:changed"):
            with db.engine.connect() as connection:
                if name == "phase:changed":
                    phase = connection.scalar(sa.select(Arena.phase).where(
                        Arena.id == board.watcher.state["arena"]["id"]))
                    checked.append(phase == data["phase"])
                elif name == "item:deleted":
                    gone = connection.scalar(sa.select(Item.deleted_at).where(Item.id == data["item_id"]))
                    checked.append(gone is not None)
                else:
                    row = connection.execute(sa.select(Item.text, Item.rev, Item.votes).where(
                        Item.id == data["item"]["id"])).one_or_none()
                    checked.append(row is not None and tuple(row) == (
                        data["item"]["text"], data["item"]["rev"], data["item"]["votes"]))
        return emit(name, data, *args, **kwargs)

    monkeypatch.setattr(socketio, "emit", committed_then_emit)
    staff = board.phones["facilitator"]
    target = "vision" if event != "phase:set" else BACKCASTING
    assert staff.send(event, payload_for(board, event, target))["ok"]
    assert checked == [True]


def test_presence_reaches_the_room_when_someone_joins_and_leaves(board, connect):
    from .support import wait_for

    newcomer = connect(name="Nia")
    me = newcomer.me["participant_id"]

    def online(phone) -> bool | None:
        lists = phone.events("presence")
        return lists and {p["participant_id"]: p["online"] for p in lists[-1]["participants"]}.get(me)

    assert wait_for(lambda: online(board.watcher)) is True
    newcomer.disconnect()
    assert wait_for(lambda: online(board.watcher) is False) is True
    for entry in board.watcher.events("presence")[-1]["participants"]:
        assert set(entry) >= {"participant_id", "name", "role", "online"}


def test_connect_sends_arena_state_to_that_client_alone(board, connect, world):
    newcomer = connect(name="Nia", lang="nl")
    assert_state(newcomer.state, newcomer)
    assert newcomer.state["arena"]["join_code"] == world.code
    assert newcomer.state["arena"]["phase"] == ENVISIONING
    assert newcomer.me["role"] == "participant" and newcomer.me["participant_token"]
    assert board.watcher.events("arena:state") == [board.watcher.state], "the state is the newcomer's alone"
