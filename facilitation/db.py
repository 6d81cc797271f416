"""The database engine and sessions, for SQLite (embedded) and PostgreSQL alike."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
import sqlalchemy.orm as so


def _tune_sqlite(engine: sa.Engine) -> None:
    """WAL for concurrent readers, a busy timeout instead of instant 'database is locked', and
    BEGIN IMMEDIATE so two writers queue up rather than deadlock when both upgrade a read lock."""

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL with WAL: a committed change survives the server being killed (the contract's promise);
        # only a power cut can lose the last moments. FULL's flush per commit was a third of an edit's
        # cost under load (bench/README.md); a city-wide event runs on PostgreSQL anyway.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def engine_url(url: str) -> str:
    """PostgreSQL through psycopg2, whatever SQLAlchemy's default driver: psycogreen makes that one
    cooperate with eventlet and gevent."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


class Database:
    """One engine and its session factory; configured once by whoever hosts the domain."""

    def __init__(self, url: str | None = None) -> None:
        self.engine: sa.Engine | None = None
        self._sessions: so.sessionmaker[so.Session] | None = None
        if url:
            self.configure(url)

    def configure(self, url: str, **engine_options) -> None:
        if self.engine is not None:
            self.engine.dispose()
        url = engine_url(url)
        if url.startswith("sqlite"):
            engine_options.setdefault("connect_args", {"check_same_thread": False, "timeout": 10})
        else:
            engine_options.setdefault("pool_pre_ping", True)
            engine_options.setdefault("pool_size", 10)
            engine_options.setdefault("max_overflow", 20)
        self.engine = sa.create_engine(url, **engine_options)
        if self.engine.dialect.name == "sqlite":
            _tune_sqlite(self.engine)
        self._sessions = so.sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[so.Session]:
        """A session that is closed (and rolled back if uncommitted) on leaving the block."""
        if self._sessions is None:
            raise RuntimeError("Database.configure() has not been called")
        with self._sessions() as session:
            yield session

    def dispose(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
