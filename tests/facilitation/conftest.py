"""A plain SQLAlchemy session on a migrated database, for the domain's tests: no Flask anywhere here.

SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. The schema is built by the migrations, as a
deployment builds it, once per backend; every test then starts from empty tables.
"""
from __future__ import annotations

import uuid

import pytest

from facilitation import accounts, commands, schemas
from facilitation.access import join_as_participant, join_as_user

from tests.backends import empty_tables, postgres_url, reset_schema
from facilitation.db import Database


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def domain_db(request, tmp_path_factory):
    """A Database on a freshly migrated schema, per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('domain') / 'domain.sqlite3'}"
    else:
        url = postgres_url()
    reset_schema(url)
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture
def session(domain_db):
    empty_tables(domain_db.engine)
    with domain_db.session() as session:
        yield session


def op() -> str:
    return uuid.uuid4().hex


class Room:
    """An arena with its organiser and two participants, and shortcuts that build payloads."""

    def __init__(self, session) -> None:
        self.session = session
        self.owner = accounts.create_user(session, "owner@example.org", "owner-password", name="Olga")
        self.arena = commands.create_arena(session, self.owner, "Energy arena", city="Gent", dot_budget=3)
        self.staff = join_as_user(session, self.arena.join_code, self.owner)
        self.ann, self.ann_token = join_as_participant(session, self.arena.join_code, name="Ann")
        self.bob, _ = join_as_participant(session, self.arena.join_code, name="Bob")

    def phase(self, phase: str) -> None:
        commands.set_phase(self.session, self.staff, schemas.SetPhase(phase=phase))

    def add(self, actor, kind: str, text: str, **extra):
        payload = schemas.AddItem(kind=kind, text=text, op_id=extra.pop("op_id", op()), **extra)
        return commands.add_item(self.session, actor, payload)

    def edit(self, actor, item_id: int, base_rev: int, text: str, op_id: str | None = None):
        payload = schemas.EditItem(item_id=item_id, base_rev=base_rev, text=text, op_id=op_id or op())
        return commands.edit_item(self.session, actor, payload)

    def delete(self, actor, item_id: int, op_id: str | None = None):
        payload = schemas.DeleteItem(item_id=item_id, op_id=op_id or op())
        return commands.delete_item(self.session, actor, payload)

    def vote(self, actor, item_id: int, delta: int = 1, op_id: str | None = None):
        payload = schemas.VoteItem(item_id=item_id, delta=delta, op_id=op_id or op())
        return commands.vote_item(self.session, actor, payload)


@pytest.fixture
def room(session) -> Room:
    return Room(session)
