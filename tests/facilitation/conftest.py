"""A plain SQLAlchemy session on a migrated database, for the domain's tests: no Flask anywhere here.

SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. The schema is built by the migrations, as a
deployment builds it, once per backend; every test then starts from empty tables.
"""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from facilitation import accounts, commands, migrate, schemas
from facilitation.access import join_as_participant, join_as_user
from facilitation.db import Database, engine_url
from facilitation.models import Base


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(engine_url(url))
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def domain_db(request, tmp_path_factory):
    """A Database on a freshly migrated schema, per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('domain') / 'domain.sqlite3'}"
    else:
        url = os.environ.get("TEST_DATABASE_URL", "")
        if not url:
            if os.environ.get("CI_REQUIRE_ALL") == "1":
                pytest.fail("required on CI: PostgreSQL tests need TEST_DATABASE_URL")
            pytest.skip("PostgreSQL tests need TEST_DATABASE_URL")
        _drop_everything(url)
    migrate.upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture
def session(domain_db):
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with domain_db.engine.begin() as connection:
        if domain_db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(sa.text(f'DELETE FROM "{table}"'))
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
