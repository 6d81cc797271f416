"""The database backends and services the tests run on, with no Flask in it (tests/facilitation uses it too).

A test that needs a service or a tool skips with a reason when it is missing, except on CI
(CI_REQUIRE_ALL=1), where it must be present and a missing one fails the test instead.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from facilitation import migrate
from facilitation.db import engine_url
from facilitation.models import Base

REQUIRE_ALL = os.environ.get("CI_REQUIRE_ALL") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip when a service or tool is missing; on CI, fail instead, since there it must be present."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"required on CI: {reason}")
    pytest.skip(reason)


def postgres_url() -> str:
    """TEST_DATABASE_URL, or a skip (a failure on CI) when it is not set."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    require(bool(url), "PostgreSQL tests need TEST_DATABASE_URL")
    return url


def reset_schema(url: str) -> None:
    """Drop everything, then build the schema through the migrations, as a real deployment does."""
    engine = sa.create_engine(engine_url(url))
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    migrate.upgrade(url)


def empty_tables(engine: sa.Engine) -> None:
    """Delete every row, keeping the schema: the start of each test."""
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                       + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(sa.text(f'DELETE FROM "{table}"'))


def chromium_path() -> str | None:
    return shutil.which("chromium") or (str(Path("/usr/bin/chromium")) if Path("/usr/bin/chromium").exists()
                                        else None)
