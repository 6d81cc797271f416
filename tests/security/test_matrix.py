"""Who may do what over Socket.IO: every client event × every role × an item of this arena or of another.

The expectations are the rules of docs/protocol.md ("Who may do what", the error codes), written out as a
table here rather than derived from the code. Each cell runs on a fresh board: the refused ones must leave
every row of the database as it was.
"""
from __future__ import annotations

import os
import uuid
from typing import Callable

import pytest
import sqlalchemy as sa
from flask_socketio.test_client import SocketIOTestClient
from socketio import packet

from app.extensions import db, socketio
from app.realtime.handlers import COMMANDS
from facilitation import accounts, commands, controls, schemas
from facilitation.access import join_as_participant, join_as_user
from facilitation.models import User
from facilitation.phases import ENVISIONING

from tests.backends import reset_schema
from tests.realtime.support import assert_refused, snapshot

OK, NF, FB, UA = "ok", "not_found", "forbidden", "unauthorized"

# anonymous: a socket the arena does not know (it never joined); stranger: a participant of the other
# arena; other_organiser: the other arena's organiser, connected to their own arena.
ROLES = ("anonymous", "participant", "facilitator", "organiser", "screen", "stranger", "other_organiser")

# The boards open in both arenas during the test: the envisioning phase's kinds, plus milestones so that
# an item can be added under another item (a pathway) of either arena.
OPEN_KINDS = ["challenge", "principle", "vision", "milestone"]

STAFF_ONLY = (UA, FB, OK, OK, FB, FB, OK)
STAFF_ITEM_HERE = (UA, FB, OK, OK, FB, FB, NF)
STAFF_ITEM_THERE = (UA, FB, NF, NF, FB, FB, OK)

# case → (event, payload from the board's items, expected code per role in ROLES' order).
# "here" items belong to the arena of the participant, facilitator, organiser and screen; "there" items
# to the arena of the stranger and the other organiser. Items are written by a peer, not by the actor.
CASES: dict[str, tuple[str, Callable[[dict], dict], tuple[str, ...]]] = {
    "add/open board": ("item:add", lambda i: {"kind": "challenge", "text": "Noise at night"},
                       (UA, OK, OK, OK, FB, OK, OK)),
    "add/closed board": ("item:add", lambda i: {"kind": "pathway", "text": "Step by step"},
                         (UA, FB, OK, OK, FB, FB, OK)),
    "add/parent here": ("item:add", lambda i: {"kind": "milestone", "text": "Half way",
                                               "parent_id": i["here"]["pathway"]},
                        (UA, OK, OK, OK, FB, NF, NF)),
    "add/parent there": ("item:add", lambda i: {"kind": "milestone", "text": "Half way",
                                                "parent_id": i["there"]["pathway"]},
                         (UA, NF, NF, NF, FB, OK, OK)),
    "edit/own kind here": ("item:edit", lambda i: {"item_id": i["here"]["challenge"], "base_rev": 1,
                                                   "text": "Rewritten"},
                           (UA, FB, OK, OK, FB, NF, NF)),
    "edit/own kind there": ("item:edit", lambda i: {"item_id": i["there"]["challenge"], "base_rev": 1,
                                                    "text": "Rewritten"},
                            (UA, NF, NF, NF, FB, FB, OK)),
    "edit/shared here": ("item:edit", lambda i: {"item_id": i["here"]["vision"], "base_rev": 1,
                                                 "text": "Written together"},
                         (UA, OK, OK, OK, FB, NF, NF)),
    "edit/shared there": ("item:edit", lambda i: {"item_id": i["there"]["vision"], "base_rev": 1,
                                                  "text": "Written together"},
                          (UA, NF, NF, NF, FB, OK, OK)),
    "delete/here": ("item:delete", lambda i: {"item_id": i["here"]["challenge"]},
                    (UA, FB, OK, OK, FB, NF, NF)),
    "delete/there": ("item:delete", lambda i: {"item_id": i["there"]["challenge"]},
                     (UA, NF, NF, NF, FB, FB, OK)),
    "vote/here": ("item:vote", lambda i: {"item_id": i["here"]["challenge"], "delta": 1},
                  (UA, OK, OK, OK, FB, NF, NF)),
    "vote/there": ("item:vote", lambda i: {"item_id": i["there"]["challenge"], "delta": 1},
                   (UA, NF, NF, NF, FB, OK, OK)),
    "phase:set": ("phase:set", lambda i: {"phase": "backcasting_pathways_agenda"}, STAFF_ONLY),
    "arena:update": ("arena:update", lambda i: {"locked": True, "dot_budget": 1}, STAFF_ONLY),
    "items:reveal": ("items:reveal", lambda i: {}, STAFF_ONLY),
    "hide/here": ("item:hide", lambda i: {"item_id": i["here"]["challenge"], "hidden": True},
                  STAFF_ITEM_HERE),
    "hide/there": ("item:hide", lambda i: {"item_id": i["there"]["challenge"], "hidden": True},
                   STAFF_ITEM_THERE),
    "cluster/here": ("item:cluster", lambda i: {"item_id": i["here"]["challenge"], "cluster": "Traffic"},
                     STAFF_ITEM_HERE),
    "cluster/there": ("item:cluster", lambda i: {"item_id": i["there"]["challenge"], "cluster": "Traffic"},
                      STAFF_ITEM_THERE),
    "link/here": ("item:link", lambda i: {"source_id": i["here"]["principle"],
                                          "target_id": i["here"]["challenge"]}, STAFF_ITEM_HERE),
    "link/there": ("item:link", lambda i: {"source_id": i["there"]["principle"],
                                           "target_id": i["there"]["challenge"]}, STAFF_ITEM_THERE),
    "link/across arenas": ("item:link", lambda i: {"source_id": i["here"]["principle"],
                                                   "target_id": i["there"]["challenge"]},
                           (UA, FB, NF, NF, FB, FB, NF)),
    "unlink/here": ("item:unlink", lambda i: {"source_id": i["here"]["vision"],
                                              "target_id": i["here"]["challenge"]}, STAFF_ITEM_HERE),
    "unlink/there": ("item:unlink", lambda i: {"source_id": i["there"]["vision"],
                                               "target_id": i["there"]["challenge"]}, STAFF_ITEM_THERE),
    "timer:start": ("timer:start", lambda i: {"seconds": 300}, STAFF_ONLY),
    "timer:stop": ("timer:stop", lambda i: {}, STAFF_ONLY),
    "board:focus": ("board:focus", lambda i: {"kind": "vision"}, STAFF_ONLY),
    "meeting:start": ("meeting:start", lambda i: {}, STAFF_ONLY),
    "meeting:changes": ("meeting:changes", lambda i: {}, STAFF_ONLY),
    "arena:sync": ("arena:sync", lambda i: {}, (UA, OK, OK, OK, OK, OK, OK)),
    "me:update": ("me:update", lambda i: {"name": "Renamed", "lang": "fr"}, (UA, OK, OK, OK, FB, OK, OK)),
}


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    """One backend for these few hundred cells, PostgreSQL when configured (as on CI): who may do what is
    decided in Python, the same on both, and the suite runs on two shared cores."""
    url = os.environ.get("TEST_DATABASE_URL") or \
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'matrix.sqlite3'}"
    reset_schema(url)
    return url


CLIENT_EVENTS = set(COMMANDS) | {"arena:sync", "me:update"}
CHANGES = ("item:add", "item:edit", "item:delete", "item:vote")


def test_the_table_covers_every_client_event():
    """A new event the server handles must get its rows here before it ships."""
    assert {event for event, _, _ in CASES.values()} == CLIENT_EVENTS
    assert all(len(codes) == len(ROLES) for _, _, codes in CASES.values())


def _board(world) -> dict:
    """Both arenas in the envisioning phase with a peer's challenge, principle and vision, a staff pathway
    and a link vision → challenge; returns the item ids by arena and kind.

    Built through the domain commands rather than sockets: the cells under test are the sockets' part.
    """
    items = {}
    with db.session() as session:
        for place, code, email in (("here", world.code, "facilitator@example.org"),
                                   ("there", world.other_code, "outsider@example.org")):
            staff = join_as_user(session, code, accounts.user_by_email(session, email))
            commands.set_phase(session, staff, schemas.SetPhase(phase=ENVISIONING))
            controls.update_arena(session, staff, schemas.UpdateArena(open_kinds=OPEN_KINDS))
            peer, _ = join_as_participant(session, code, name="Peer")

            def add(actor, kind: str) -> int:
                payload = schemas.AddItem(kind=kind, text=f"A {kind}", op_id=str(uuid.uuid4()))
                return commands.add_item(session, actor, payload).ack["item"]["id"]

            ids = {kind: add(peer, kind) for kind in ("challenge", "principle", "vision")}
            ids["pathway"] = add(staff, "pathway")
            controls.link_items(session, staff, schemas.LinkItems(source_id=ids["vision"],
                                                                  target_id=ids["challenge"]))
            items[place] = ids
    return items


def _actor(app, connect, world, role: str):
    """A connected phone for the role; the anonymous one is accepted by Socket.IO but unknown to the arena."""
    if role == "anonymous":
        phone = connect(name="Nobody")
        sid = socketio.server.manager.sid_from_eio_sid(phone.client.eio_sid, "/")
        app.extensions["realtime"].registry.remove(sid)
        return phone
    if role == "screen":
        return connect(view="screen")
    if role == "stranger":
        return connect(code=world.other_code, name="Sam")
    if role == "other_organiser":
        return connect("outsider", code=world.other_code)
    return connect(role, name="Ann")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(CASES))
def test_event_by_role(app, connect, world, case, role):
    event, make_payload, codes = CASES[case]
    expected = codes[ROLES.index(role)]
    items = _board(world)
    phone = _actor(app, connect, world, role)
    payload = make_payload(items)
    if event in CHANGES:
        payload["op_id"] = str(uuid.uuid4())
    before = snapshot()
    ack = phone.send(event, payload)
    if expected == OK:
        assert ack["ok"] is True, ack
    else:
        assert_refused(ack, expected)
        assert snapshot() == before, "a refused event wrote to the database"


def _revoked_token(world) -> str:
    with db.session() as session:
        user = session.scalar(sa.select(User).where(User.email == "facilitator@example.org"))
        token = accounts.issue_token(session, user)
        accounts.revoke_tokens(session, user)
    return token


REFUSED = {
    "anonymous (no auth)": (lambda world: None, "invalid"),
    "account of another arena": (lambda world: {"join_code": world.code, "token": world.outsider_token},
                                 "forbidden"),
    "revoked API token": (lambda world: {"join_code": world.code, "token": _revoked_token(world)},
                          "unauthorized"),
}


@pytest.mark.parametrize("who", list(REFUSED))
def test_refused_at_connect_and_events_on_the_refused_socket_do_nothing(app, world, refusals, who):
    """The connection is refused with its code; whatever the client sends on anyway reaches no handler."""
    items = _board(world)
    make_auth, code = REFUSED[who]
    auth = make_auth(world)
    before = snapshot()
    client = SocketIOTestClient(app, socketio, auth=auth)
    assert not client.is_connected()
    assert refusals and refusals[-1]["code"] == code and refusals[-1]["message"], refusals
    for number, (event, make_payload, _) in enumerate(CASES.values(), start=1):
        payload = make_payload(items)
        if event in CHANGES:
            payload["op_id"] = str(uuid.uuid4())
        # Written on the wire directly: the test client itself refuses to emit when not connected.
        raw = packet.Packet(packet.EVENT, data=[event, payload], namespace="/", id=number)
        socketio.server._handle_eio_message(client.eio_sid, raw.encode())
    assert client.queue == [] and client.acks is None, "a refused socket got answers"
    assert snapshot() == before
