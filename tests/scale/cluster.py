"""A city-wide deployment in miniature: several `python wsgi.py` processes sharing one PostgreSQL database
and a private redis-server, as docs/deployment.md runs them behind nginx.

The redis-server is this test run's own, on a free port, so it can be killed and restarted without
touching the machine's shared Redis. The database is `test_scale` on the server TEST_DATABASE_URL names,
so these tests never empty the shared `test` database under the feet of other tests.
"""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa

from facilitation import accounts, commands
from facilitation.db import Database, engine_url
from tests.e2e.server import Server, free_port

DATABASE_NAME = "test_scale"
REDIS_STARTUP_TIMEOUT = 10.0


def scale_database_url(shared_url: str) -> str:
    """The URL of this suite's own database, on the same PostgreSQL server as `shared_url`; created when
    missing (through the server's `postgres` maintenance database)."""
    parts = urlsplit(shared_url)
    own = urlunsplit(parts._replace(path="/" + DATABASE_NAME))
    engine = sa.create_engine(engine_url(urlunsplit(parts._replace(path="/postgres"))),
                              isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                       {"name": DATABASE_NAME})
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{DATABASE_NAME}"'))
    finally:
        engine.dispose()
    return own


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


class RedisServer:
    """A redis-server of our own, without persistence (Redis keeps nothing that matters here)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it (again, on the same port) and return once it answers PING."""
        assert self.process is None, "already running"
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no", "--dir", str(self.workdir)],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + REDIS_STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                raise AssertionError(f"redis-server exited while starting:\n{self.output()}")
            if self.ping():
                return
            time.sleep(0.02)
        self.kill()
        raise AssertionError(f"redis-server did not answer within {REDIS_STARTUP_TIMEOUT}s:\n{self.output()}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL: every subscriber and publisher loses its connection at once."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
        if process is not None:
            process.wait(10)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@dataclass
class Arena:
    """An arena of the shared database, with its organiser's API token."""

    id: int
    code: str
    token: str


class Cluster:
    """N server processes on one database and one Redis; every process is killed at close()."""

    def __init__(self, workdir: Path, database_url: str, redis: RedisServer) -> None:
        self.workdir = workdir
        self.database_url = database_url
        self.redis = redis
        self.servers: list[Server] = []

    def server(self, start: bool = True, **env: str) -> Server:
        """One more `python wsgi.py` (eventlet) in the cluster; extra settings through `env`."""
        server = Server(self.workdir / f"server-{len(self.servers)}", self.database_url, "eventlet",
                        SOCKETIO_MESSAGE_QUEUE=self.redis.url, **env)
        self.servers.append(server)
        if start:
            server.start()
        return server

    def arena(self, title: str = "City arena") -> Arena:
        """A new organiser (with an API token) and their arena, written straight into the database."""
        database = Database(self.database_url)
        try:
            with database.session() as session:
                owner = accounts.create_user(session, f"organiser-{uuid.uuid4().hex[:10]}@example.org",
                                             "scale-password", name="Olga")
                arena = commands.create_arena(session, owner, title, city="Ghent")
                return Arena(arena.id, arena.join_code, accounts.issue_token(session, owner))
        finally:
            database.dispose()

    def output(self) -> str:
        """Every process's log, for a failing assertion's message."""
        logs = [f"===== {server.url}\n{server.output()[-4000:]}" for server in self.servers]
        return "\n".join(logs + [f"===== redis\n{self.redis.output()[-2000:]}"])

    def close(self) -> None:
        for server in self.servers:
            server.close_clients()
            server.kill()
