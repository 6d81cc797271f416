"""Fixtures for the end-to-end tests: deployments of the real server, torn down even when a test fails."""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.backends import require

from .server import DATABASE_FILE, Server


def database_for(backend: str, workdir: Path) -> str:
    """SQLite: a fresh file in the deployment's instance directory. PostgreSQL: TEST_DATABASE_URL, shared
    with the rest of the suite, so each test uses its own accounts and arenas and never drops anything."""
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'instance' / DATABASE_FILE}"
    url = os.environ.get("TEST_DATABASE_URL", "")
    require(bool(url), "PostgreSQL end-to-end tests need TEST_DATABASE_URL")
    return url


def unique_email() -> str:
    """An address nobody else in the database has (PostgreSQL is shared with other tests)."""
    return f"organiser-{uuid.uuid4().hex[:10]}@example.org"


@dataclass
class Seeded:
    """A deployment with an organiser (and their API token) and one arena, ready to start."""

    server: Server
    email: str
    token: str
    arena: dict

    @property
    def code(self) -> str:
        return self.arena["join_code"]


@pytest.fixture
def deployment(tmp_path):
    """deployment(backend="sqlite", async_mode="eventlet", template=None, **env) → a Server, not yet
    started, its schema migrated through `flask db upgrade` (or copied from a migrated SQLite template).
    Every server process started through it is killed at teardown."""
    servers: list[Server] = []

    def make(backend: str = "sqlite", async_mode: str = "eventlet", template: Path | None = None,
             **env: str) -> Server:
        workdir = tmp_path / f"deployment-{len(servers)}"
        server = Server(workdir, database_for(backend, workdir), async_mode, **env)
        servers.append(server)
        if template is None:
            server.prepare()
        else:
            for path in template.parent.glob(template.name + "*"):  # with its -wal, if any
                shutil.copy(path, server.instance / path.name)
        return server

    yield make
    for server in servers:
        server.kill()
        server.close_clients()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Seeded:
    """A SQLite database set up once through the command line: migrated, an organiser, an arena.
    Tests copy it, which saves each one four `flask` runs (about 4 s)."""
    workdir = tmp_path_factory.mktemp("template")
    server = Server(workdir, database_for("sqlite", workdir))
    server.prepare()
    email = unique_email()
    token = server.create_user(email)
    return Seeded(server, email, token, server.create_arena(email, "Energy arena"))


@pytest.fixture
def seeded(deployment, request):
    """seeded(backend="sqlite", async_mode="eventlet", **env) → Seeded, not yet started."""
    def make(backend: str = "sqlite", async_mode: str = "eventlet", **env: str) -> Seeded:
        if backend == "sqlite":
            template: Seeded = request.getfixturevalue("sqlite_template")
            server = deployment(backend, async_mode, template=template.server.instance / DATABASE_FILE, **env)
            return Seeded(server, template.email, template.token, template.arena)
        server = deployment(backend, async_mode, **env)
        email = unique_email()
        token = server.create_user(email)
        return Seeded(server, email, token, server.create_arena(email, "Energy arena"))
    return make
