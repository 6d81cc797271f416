"""Fixtures for the archive, CSV/Markdown and demo tests: an organiser, sample arenas, row counts."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from facilitation import accounts
from facilitation.demo import build_demo_arena
from facilitation.models import Base, User


def row_counts(engine: sa.Engine) -> dict[str, int]:
    """How many rows each table holds: a refused import must leave every one as it was."""
    with engine.connect() as connection:
        return {table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


@pytest.fixture
def owner_id(app) -> int:
    with db.session() as session:
        return accounts.create_user(session, "owner@example.org", "owner-password", name="Ola").id


@pytest.fixture
def demo_code(app, owner_id) -> str:
    """The English sample arena, built in the app's database."""
    with db.session() as session:
        owner = session.get(User, owner_id)
        return build_demo_arena(session, owner, "en").join_code
