"""Helpers for the live-arena contract tests: database snapshots, direct arena settings, waiting."""
from __future__ import annotations

import time
from typing import Any, Callable

import sqlalchemy as sa

from app.extensions import db
from facilitation.models import Arena, Base

ITEM_KEYS = {"id", "kind", "text", "rev", "parent_id", "fields", "votes", "author",
             "created_at", "updated_at"}
ROOM_EVENTS = ("item:added", "item:edited", "item:deleted", "item:voted", "phase:changed")
# Who is connected where: rows that connecting and leaving write, not the events under test.
LIVENESS_TABLES = {"presence", "server_process"}
ERROR_CODES = {"unauthorized", "forbidden", "not_found", "invalid", "too_long", "rate_limited", "locked"}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, so a test can prove that a refused event wrote nothing at all.

    A participant's last_seen_at and the presence rows move on every (re)connect and departure, which is
    not a write of the event under test, so they are left out.
    """
    rows: dict[str, list[tuple]] = {}
    with db.engine.connect() as connection:
        for table in content_tables():
            columns = [c for c in table.columns
                       if not (table.name == "participant" and c.name == "last_seen_at")]
            result = connection.execute(sa.select(*columns))
            rows[table.name] = sorted((tuple(map(repr, row)) for row in result))
    return rows


def counts() -> dict[str, int]:
    """Row counts of every table but the liveness ones."""
    with db.engine.connect() as connection:
        return {t.name: connection.scalar(sa.select(sa.func.count()).select_from(t))
                for t in content_tables()}


def content_tables() -> list[sa.Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in LIVENESS_TABLES]


def set_arena(arena_id: int, **values: Any) -> None:
    """Change an arena's columns directly (lock, anonymity, dot budget, phase), as a control would."""
    with db.session() as session:
        session.execute(sa.update(Arena).where(Arena.id == arena_id).values(**values))
        session.commit()


def wait_for(condition: Callable[[], Any], timeout: float = 3.0) -> Any:
    """Poll until condition() is truthy (presence is sent from a background task); its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.01)


def assert_refused(ack: Any, code: str) -> None:
    """The exact refusal shape of CONTRACT.md, with the expected code and a message for people."""
    assert isinstance(ack, dict), ack
    assert set(ack) == {"ok", "error"}, ack
    assert ack["ok"] is False, ack
    assert set(ack["error"]) == {"code", "message"}, ack
    assert ack["error"]["code"] == code, ack
    assert isinstance(ack["error"]["message"], str) and ack["error"]["message"], ack


def assert_item(item: Any, **expected: Any) -> None:
    """An item has every key of CONTRACT.md, of the right types, and the expected values.

    The project may add keys of its own (moderation flags), as CONTRACT.md allows.
    """
    assert isinstance(item, dict) and ITEM_KEYS <= set(item), item
    assert isinstance(item["id"], int) and isinstance(item["rev"], int) and isinstance(item["votes"], int)
    assert isinstance(item["fields"], dict)
    assert item["created_at"].endswith("Z") and item["updated_at"].endswith("Z")
    for key, value in expected.items():
        assert item[key] == value, (key, item)


def room_events(phone) -> list[tuple[str, Any]]:
    """The room broadcasts (not presence) a phone has received so far, in order."""
    phone.events()
    return [(m["name"], m["args"][0] if m["args"] else None)
            for m in phone.received if m["name"] in ROOM_EVENTS]
