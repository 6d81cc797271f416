"""The JSON export and its import: a faithful round trip into an empty database, and bad files refused."""
from __future__ import annotations

import copy
import json

import pytest
import sqlalchemy as sa

from app.extensions import db
from exports import archive
from facilitation import accounts, commands, controls, migrate, schemas
from facilitation.access import arena_by_code, join_as_user
from facilitation.db import Database
from facilitation.models import Arena, Item, Participant, User

from .conftest import row_counts


def _normalised(data: dict) -> dict:
    """An export with ids replaced by their position, so two exports of the same content compare equal."""
    data = copy.deepcopy(data)
    data.pop("exported_at")
    for key in ("id", "join_code"):
        data["arena"].pop(key)
    maps = {name: {record["id"]: n for n, record in enumerate(data[name])}
            for name in ("meetings", "participants", "items")}
    for name in maps:
        for record in data[name]:
            record["id"] = maps[name][record["id"]]
    refs = {"parent_id": "items", "item_id": "items", "source_id": "items", "target_id": "items",
            "author_id": "participants", "participant_id": "participants", "meeting_id": "meetings"}
    for name in ("items", "revisions", "votes", "links"):
        for record in data[name]:
            for key, target in refs.items():
                if record.get(key) is not None:
                    record[key] = maps[target][record[key]]
    return data


def _enrich(code: str) -> None:
    """Give the demo arena what a live one also has: an edited text, a deleted and a hidden item."""
    with db.session() as session:
        arena = arena_by_code(session, code)
        staff = join_as_user(session, code, arena.owner)
        vision = session.scalar(sa.select(Item).where(Item.arena_id == arena.id, Item.kind == "vision"))
        commands.edit_item(session, staff, schemas.EditItem(item_id=vision.id, base_rev=1, op_id="e1",
                                                            text=vision.text + " Together."))
        lesson = session.scalar(sa.select(Item).where(Item.arena_id == arena.id, Item.kind == "lesson"))
        commands.delete_item(session, staff, schemas.DeleteItem(item_id=lesson.id, op_id="d1"))
        trend = session.scalar(sa.select(Item).where(Item.arena_id == arena.id, Item.kind == "trend"))
        controls.hide_item(session, staff, schemas.HideItem(item_id=trend.id, hidden=True))


def _export(code: str) -> dict:
    with db.session() as session:
        return archive.export_arena(session, arena_by_code(session, code))


_EXPORTS: list[dict] = []


@pytest.fixture
def exported(request, owner_id) -> dict:
    """An export of the enriched demo arena; built once, since an export does not depend on its source."""
    if not _EXPORTS:
        code = request.getfixturevalue("demo_code")
        _enrich(code)
        _EXPORTS.append(json.loads(json.dumps(_export(code))))
    return copy.deepcopy(_EXPORTS[0])


def test_round_trip_into_an_empty_database_keeps_everything(exported, tmp_path):
    assert {r["rev"] for r in exported["revisions"]} == {1, 2}
    assert any(i["deleted_at"] for i in exported["items"]) and any(i["hidden"] for i in exported["items"])
    url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    migrate.upgrade(url)
    target = Database(url)
    try:
        with target.session() as session:
            owner = accounts.create_user(session, "new-owner@example.org", "new-owner-pass")
            arena = archive.import_arena(session, json.dumps(exported).encode(), owner)
            assert arena.join_code != exported["arena"]["join_code"] and arena.owner_id == owner.id
            again = archive.export_arena(session, arena)
            organiser = session.scalar(sa.select(Participant).where(Participant.user_id == owner.id))
            assert organiser is not None and organiser.token_hash is None
    finally:
        target.dispose()
    assert _normalised(json.loads(json.dumps(again))) == _normalised(exported)
    # Names travel, secrets do not.
    assert set(exported["participants"][0]) == {"id", "name", "lang", "organiser", "created_at",
                                                "last_seen_at"}


def test_import_into_the_same_database_makes_a_new_arena(demo_code, owner_id):
    exported = _export(demo_code)
    with db.session() as session:
        arena = archive.import_arena(session, exported, session.get(User, owner_id))
        assert arena.id != exported["arena"]["id"]
        item_ids = {i["id"] for i in exported["items"]}
        new_ids = set(session.scalars(sa.select(Item.id).where(Item.arena_id == arena.id)))
        assert len(new_ids) == len(item_ids) and not new_ids & item_ids
        assert _normalised(archive.export_arena(session, arena)) == _normalised(exported)


def _mutate(path: str, value):
    """A change to one place of the export, given as dotted keys and list indices."""
    def apply(data: dict) -> dict:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value
        return data
    return apply


def _first_of(kind: str, data: dict) -> int:
    return next(n for n, item in enumerate(data["items"]) if item["kind"] == kind)


BAD_FILES = [
    ("truncated", lambda raw, data: raw[: len(raw) // 2], "not valid JSON"),
    ("not an object", lambda raw, data: b"[1, 2, 3]", "expected a JSON object"),
    ("another format", lambda raw, data: _mutate("format", "trello")(data), "not a transition arena export"),
    ("wrong version", lambda raw, data: _mutate("version", 99)(data), "Unsupported export version 99"),
    ("version as text", lambda raw, data: _mutate("version", "1")(data), "Unsupported export version"),
    ("id as text", lambda raw, data: _mutate("items.0.id", "1")(data), "Invalid items.0.id"),
    ("votes as boolean", lambda raw, data: _mutate("items.0.votes", True)(data), "Invalid items.0.votes"),
    ("unknown kind", lambda raw, data: _mutate("items.0.kind", "spell")(data), "Invalid items.0.kind"),
    ("unknown key", lambda raw, data: _mutate("arena.admin", True)(data), "Invalid arena.admin"),
    ("NaN", lambda raw, data: raw.replace(b'"votes": 0', b'"votes": NaN', 1), "not valid JSON"),
    ("deep nesting", lambda raw, data: b"[" * 200_000 + b"]" * 200_000, "not valid JSON"),
    ("lone surrogate", lambda raw, data: _mutate("items.0.text", "\ud800")(data), "not valid Unicode"),
    ("text too long for its kind",
     lambda raw, data: _mutate(f"items.{_first_of('challenge', data)}.text", "x" * 501)(data), "at most 500"),
    ("unknown field", lambda raw, data: _mutate("items.0.fields", {"colour": "red"})(data), "has no field"),
    ("status not allowed",
     lambda raw, data: _mutate(f"items.{_first_of('experiment', data)}.fields.status", "vibes")(data),
     "status must be one of"),
    ("dangling parent",
     lambda raw, data: _mutate(f"items.{_first_of('milestone', data)}.parent_id", 2**31 - 1)(data),
     "refers to item"),
    ("dangling author", lambda raw, data: _mutate("items.0.author_id", 2**31 - 1)(data),
     "refers to participant"),
    ("dangling link", lambda raw, data: _mutate("links.0.target_id", 2**31 - 1)(data), "refers to item"),
    ("dangling vote", lambda raw, data: _mutate("votes.0.participant_id", 2**31 - 1)(data),
     "refers to participant"),
    ("link against the chain",
     lambda raw, data: _mutate("links.0", {**data["links"][0], "source_id": data["links"][0]["target_id"],
                                           "target_id": data["links"][0]["source_id"]})(data),
     "cannot be linked"),
    ("duplicate item id",
     lambda raw, data: _mutate("items.1.id", data["items"][0]["id"])(data), "Duplicate item id"),
    ("milestone under a vision",
     lambda raw, data: _mutate(f"items.{_first_of('milestone', data)}.parent_id",
                               data["items"][_first_of('vision', data)]["id"])(data), "cannot hang under"),
    ("bad date", lambda raw, data: _mutate("arena.created_at", "yesterday")(data),
     "Invalid arena.created_at"),
]


@pytest.mark.parametrize("make_bad", [case[1] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_a_bad_file_is_refused_clearly_and_changes_nothing(exported, owner_id, make_bad):
    expected = next(case[2] for case in BAD_FILES if case[1] is make_bad)
    raw = json.dumps(exported, indent=1).encode()
    bad = make_bad(raw, copy.deepcopy(exported))
    before = row_counts(db.engine)
    with db.session() as session, pytest.raises(schemas.CommandError) as refusal:
        archive.import_arena(session, bad if isinstance(bad, bytes) else json.dumps(bad).encode(),
                             session.get(User, owner_id))
    assert expected in refusal.value.message
    assert row_counts(db.engine) == before


def test_a_file_over_20_mb_is_refused_before_parsing(app, owner_id, monkeypatch):
    parsed = []
    monkeypatch.setattr(archive.json, "loads", lambda *a, **k: parsed.append(1))
    huge = b'{"format": "transition-arena", "padding": "' + b"x" * (50 * 1024 * 1024) + b'"}'
    before = row_counts(db.engine)
    with db.session() as session, pytest.raises(schemas.CommandError) as refusal:
        archive.import_arena(session, huge, session.get(User, owner_id))
    assert refusal.value.code == "too_long" and "20 MB" in refusal.value.message
    assert parsed == [] and row_counts(db.engine) == before


def test_read_limited_stops_reading_at_the_limit():
    class Stream:
        asked = []

        def read(self, size):
            self.asked.append(size)
            return b"x" * size

    with pytest.raises(schemas.CommandError):
        archive.read_limited(Stream(), limit=1000)
    assert Stream.asked == [1001]


def test_a_failure_while_storing_rolls_everything_back(exported, owner_id, monkeypatch):
    def broken_link(**_kwargs):
        raise schemas.CommandError("invalid", "storage failed")

    monkeypatch.setattr(archive, "Link", broken_link)
    before = row_counts(db.engine)
    with db.session() as session, pytest.raises(schemas.CommandError):
        archive.import_arena(session, exported, session.get(User, owner_id))
    assert row_counts(db.engine) == before


def test_hostile_strings_stay_text_but_are_cleaned(exported, owner_id):
    hostile = "<script>alert('x')</script>\x00\x07 =cmd|'/C calc'!A0\r\nnext \u202eline"
    n = _first_of("lesson", exported)
    exported["items"][n]["text"] = hostile
    exported["participants"][1]["name"] = "<b>Bob</b>\x1b"
    exported["arena"]["title"] = "  Title\x00  "
    with db.session() as session:
        arena = archive.import_arena(session, exported, session.get(User, owner_id))
        texts = session.scalars(sa.select(Item.text).where(Item.arena_id == arena.id)).all()
        names = session.scalars(sa.select(Participant.name).where(Participant.arena_id == arena.id)).all()
        title = session.get(Arena, arena.id).title
    assert "<script>alert('x')</script> =cmd|'/C calc'!A0\nnext \u202eline" in texts
    assert "<b>Bob</b>" in names and title == "Title"
