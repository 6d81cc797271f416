"""Fixtures: the app on each database backend, accounts, arenas and Socket.IO clients for every role.

The suite runs on SQLite always and on PostgreSQL too when TEST_DATABASE_URL is set (`.ci/run` sets it).
Tests that need a service or chromium skip with a reason when it is missing, except on CI
(CI_REQUIRE_ALL=1), where a missing service fails instead.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from flask_socketio.test_client import SocketIOTestClient
from socketio import packet

from app import create_app
from app.config import TestConfig
from app.extensions import db, socketio
from app.realtime.handlers import Realtime
from facilitation import accounts, commands

from .backends import empty_tables, postgres_url, reset_schema

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    """A migrated, empty database per backend, shared by the tests of a session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'arena.sqlite3'}"
    else:
        url = postgres_url()
    reset_schema(url)
    return url


@pytest.fixture(autouse=True)
def cheap_password_hashes(request, monkeypatch):
    """Accounts are made in most tests; they are not about scrypt's cost (the hash string names its
    parameters, so checking still works). Tests marked real_password_hashing keep the real cost."""
    if not request.node.get_closest_marker("real_password_hashing"):
        monkeypatch.setitem(accounts._SCRYPT, "n", 2**4)


@pytest.fixture(autouse=True)
def presence_tasks_finish(monkeypatch):
    """Wait, after each test, for the presence broadcasts it started: one still reading the database would
    deadlock with the next test's TRUNCATE on PostgreSQL."""
    threads = []
    start = socketio.start_background_task

    def tracked(target, *args, **kwargs):
        thread = start(target, *args, **kwargs)
        if getattr(target, "__func__", None) is Realtime._send_presence:
            threads.append(thread)
        return thread

    monkeypatch.setattr(socketio, "start_background_task", tracked)
    yield
    for thread in threads:
        thread.join(timeout=5)


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(TestConfig(database_url, INSTANCE_PATH=str(tmp_path / "instance"),
                                PRESENCE_DELAY=0.01, EVENT_RATE=1000.0, EVENT_BURST=1000))
    empty_tables(db.engine)
    yield app
    db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@dataclass
class World:
    """An arena with its organiser and a facilitator, plus a second arena for isolation checks."""

    organiser_token: str
    facilitator_token: str
    outsider_token: str
    code: str
    arena_id: int
    other_code: str
    other_arena_id: int


@pytest.fixture
def world(app) -> World:
    with db.session() as session:
        organiser = accounts.create_user(session, "organiser@example.org", "organiser-pass", name="Olga")
        facilitator = accounts.create_user(session, "facilitator@example.org", "facilitator-pass", name="Femi")
        outsider = accounts.create_user(session, "outsider@example.org", "outsider-pass", name="Otto")
        arena = commands.create_arena(session, organiser, "Energy arena", city="Veldhoven")
        commands.add_facilitator(session, arena, facilitator)
        other = commands.create_arena(session, outsider, "Another city's arena")
        return World(accounts.issue_token(session, organiser), accounts.issue_token(session, facilitator),
                     accounts.issue_token(session, outsider), arena.join_code, arena.id,
                     other.join_code, other.id)


class Phone:
    """A Socket.IO test client with the helpers tests need: emit-and-ack, events by name."""

    def __init__(self, app, auth: dict, flask_client=None) -> None:
        self.client = socketio.test_client(app, auth=auth, flask_test_client=flask_client)
        self.received: list[dict] = []
        self.state = None
        if self.client.is_connected():
            states = self.events("arena:state")
            assert states, (auth, self.received)
            self.state = states[-1]

    @property
    def me(self) -> dict:
        return self.state["me"]

    def send(self, event: str, payload=None, **fields) -> dict:
        """Emit with an acknowledgement; op_id is filled in when the event needs one and none is given."""
        if payload is None:
            payload = dict(fields)
            if event in ("item:add", "item:edit", "item:delete", "item:vote") and "op_id" not in payload:
                payload["op_id"] = str(uuid.uuid4())
        return self.client.emit(event, payload, callback=True)

    def add(self, kind: str, text: str, **extra) -> dict:
        ack = self.send("item:add", kind=kind, text=text, **extra)
        assert ack["ok"], ack
        return ack["item"]

    def events(self, name: str | None = None) -> list:
        """Payloads received so far (all, or of one event), including those read before."""
        if self.client.is_connected():
            self.received.extend(self.client.get_received())
        return [m["args"][0] if m["args"] else None for m in self.received if name in (None, m["name"])]

    def disconnect(self) -> None:
        if self.client.is_connected():
            self.client.disconnect()


@pytest.fixture
def connect(app, world):
    """connect(role=..., code=..., **auth) → Phone. Roles: participant, facilitator, organiser, outsider."""
    phones: list[Phone] = []

    def make(role: str = "participant", code: str | None = None, **auth) -> Phone:
        auth.setdefault("join_code", code or world.code)
        if role == "facilitator":
            auth.setdefault("token", world.facilitator_token)
        elif role == "organiser":
            auth.setdefault("token", world.organiser_token)
        elif role == "outsider":
            auth.setdefault("token", world.outsider_token)
        phone = Phone(app, auth)
        phones.append(phone)
        return phone

    yield make
    for phone in phones:
        phone.disconnect()


@pytest.fixture
def in_phase(connect):
    """Move the arena to a phase (as its facilitator) so that its boards are open."""
    def move(phase: str) -> None:
        facilitator = connect("facilitator")
        assert facilitator.send("phase:set", {"phase": phase})["ok"]
        facilitator.disconnect()
    return move


@pytest.fixture
def refusals(monkeypatch) -> list:
    """The data of every connect_error the server sends, as a client would see it on the wire.

    Each test client installs its own packet sender when it is created, so the recorder wraps it at
    connect time.
    """
    seen: list = []
    connect = SocketIOTestClient.connect

    def recording(self, *args, **kwargs):
        send = self.socketio.server._send_packet

        def record(eio_sid, pkt):
            if pkt.packet_type == packet.CONNECT_ERROR:
                seen.append(pkt.data)
            return send(eio_sid, pkt)

        self.socketio.server._send_packet = record
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(SocketIOTestClient, "connect", recording)
    return seen
