"""Fixtures for the export tests: a migrated SQLite database of their own (exports need no Flask), a
sample arena built through the commands, and a local web server that records any request made to it."""
from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager
from datetime import date

import pytest

from exports.agenda import build_agenda
from facilitation import migrate
from facilitation.db import Database
from facilitation.models import Arena

from .arenas import build_sample_arena, make_owner

TODAY = date(2025, 3, 14)


@pytest.fixture(scope="module")
def domain_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'arena.sqlite3'}"
    migrate.upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { background: red }")

    def log_message(self, *args):
        pass


@contextmanager
def recording_server():
    """A web server on a free port that remembers every path asked of it."""
    handler = type("Handler", (RecordingHandler,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler.requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def web_trap():
    with recording_server() as trap:
        yield trap


@pytest.fixture(scope="module")
def sample(domain_db, web_trap):
    """(named arena, anonymous arena), both with the whole chain and hostile texts."""
    port, _requests = web_trap
    with domain_db.session() as session:
        owner = make_owner(session)
        named = build_sample_arena(session, owner, port=port)
        anonymous = build_sample_arena(session, owner, title="Anonieme arena", anonymous=True, port=port)
    return named, anonymous


@pytest.fixture(scope="module")
def agendas(domain_db, sample):
    """The agendas of the sample arenas: (named, anonymous)."""
    with domain_db.session() as session:
        return tuple(build_agenda(session, session.get(Arena, s.arena_id), today=TODAY) for s in sample)
