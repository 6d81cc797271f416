"""The download and import routes (who may use them, what they send back) and the `flask arenas` commands."""
from __future__ import annotations

import io
import json
import re

import pytest
import sqlalchemy as sa

from app import create_app
from app.config import TestConfig
from app.extensions import db
from exports import archive
from facilitation.access import arena_by_code
from facilitation.models import Arena

from .conftest import row_counts

DOWNLOADS = [("export.json", "application/json"), ("items.csv", "text/csv; charset=utf-8"),
             ("agenda.md", "text/markdown; charset=utf-8")]


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("path, mimetype", DOWNLOADS)
@pytest.mark.parametrize("who", ["organiser", "facilitator"])
def test_staff_download_their_arena(client, world, who, path, mimetype):
    response = client.get(f"/arenas/{world.code}/{path}", headers=_bearer(getattr(world, f"{who}_token")))
    assert response.status_code == 200 and response.content_type == mimetype
    assert response.headers["Content-Disposition"] == f'attachment; filename="arena-{world.code}' + \
        {"export.json": '.json"', "items.csv": '-items.csv"', "agenda.md": '-agenda.md"'}[path]
    assert response.headers["Cache-Control"] == "no-store"
    if path == "export.json":
        assert response.get_json()["arena"]["join_code"] == world.code


@pytest.mark.parametrize("path", [p for p, _m in DOWNLOADS])
def test_others_cannot_download(client, world, path):
    outsider = client.get(f"/arenas/{world.code}/{path}", headers=_bearer(world.outsider_token))
    assert outsider.status_code == 403
    assert client.get(f"/arenas/NOSUCH/{path}", headers=_bearer(world.organiser_token)).status_code == 404
    anonymous = client.get(f"/arenas/{world.code}/{path}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert client.get(f"/arenas/{world.code}/{path}", headers=_bearer("ta_forged")).status_code == 302


def _export_of(client, world) -> bytes:
    return client.get(f"/arenas/{world.code}/export.json", headers=_bearer(world.organiser_token)).data


def _upload(client, data: bytes, **kwargs):
    return client.post("/arenas/import", data={"file": (io.BytesIO(data), "arena.json")},
                       content_type="multipart/form-data", **kwargs)


def test_import_by_token_creates_a_new_arena(client, world):
    response = _upload(client, _export_of(client, world), headers=_bearer(world.facilitator_token))
    assert response.status_code == 201
    body = response.get_json()
    assert body["ok"] and body["join_code"] != world.code
    with db.session() as session:
        arena = session.get(Arena, body["id"])
        assert arena.title == "Energy arena" and arena.owner.email == "facilitator@example.org"


@pytest.mark.parametrize("data, message", [
    (b'{"format": "transition-arena", "version": 7}', "Unsupported export version 7"),
    (b'{"format": "transition-', "not valid JSON"),
    (b"x" * (50 * 1024 * 1024), "larger than 20 MB"),
])
def test_a_bad_import_by_token_changes_nothing(client, world, data, message):
    before = row_counts(db.engine)
    response = _upload(client, data, headers=_bearer(world.organiser_token))
    assert response.status_code == 400 and message in response.get_json()["error"]["message"]
    assert row_counts(db.engine) == before


def _log_in(client, email: str, password: str) -> None:
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302


def test_import_in_the_browser_flashes_the_outcome(client, world):
    export = _export_of(client, world)
    _log_in(client, "organiser@example.org", "organiser-pass")
    before = row_counts(db.engine)
    refused = _upload(client, b"[]", follow_redirects=True)
    assert refused.status_code == 200 and "The file was not imported" in refused.get_data(as_text=True)
    assert row_counts(db.engine) == before
    done = _upload(client, export)
    assert done.status_code == 302 and done.headers["Location"].endswith("/console")
    assert row_counts(db.engine)["arena"] == before["arena"] + 1
    assert _upload(client, b"").status_code == 302  # no file chosen: sent back with a message


def test_import_needs_an_account(client, world):
    before = row_counts(db.engine)
    response = _upload(client, b"{}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert row_counts(db.engine) == before


def test_import_form_without_csrf_token_is_refused(app, world, database_url, tmp_path):
    guarded = create_app(TestConfig(database_url, INSTANCE_PATH=str(tmp_path / "guarded"),
                                    WTF_CSRF_ENABLED=True))
    client = guarded.test_client()
    export = _export_of(client, world)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": "organiser@example.org", "password": "organiser-pass",
                                       "csrf_token": token}).status_code == 302
    before = row_counts(db.engine)
    response = _upload(client, export)
    assert response.status_code == 400, response.headers.get("Location")
    assert row_counts(db.engine) == before
    with_token = client.post("/arenas/import", content_type="multipart/form-data",
                             data={"file": (io.BytesIO(export), "a.json"), "csrf_token": token})
    assert with_token.status_code == 302 and with_token.headers["Location"].endswith("/console")
    # A script with a Bearer token is not a page a browser was tricked into submitting.
    assert _upload(client, export, headers=_bearer(world.organiser_token)).status_code == 201


def test_cli_demo_creates_the_account_once_and_prints_the_ways_in(app, runner):
    first = runner.invoke(args=["arenas", "demo", "--lang", "no", "--owner", "demo@example.org"])
    assert first.exit_code == 0, first.output
    assert "Fjordvik" in first.output and "with password: " in first.output
    code = first.output.split("join code ")[1].split()[0]
    for path in (f"/join/{code}", f"/arenas/{code}/screen", f"/arenas/{code}/console"):
        assert path in first.output
    with db.session() as session:
        arena = arena_by_code(session, code)
        assert (arena.lang, arena.owner.email) == ("nb", "demo@example.org")
    second = runner.invoke(args=["arenas", "demo", "--owner", "demo@example.org"])
    assert second.exit_code == 0 and "password:" not in second.output and "Eastbridge" in second.output


def test_cli_export_then_import_makes_a_copy(app, runner, world, tmp_path):
    path = tmp_path / "arena.json"
    exported = runner.invoke(args=["arenas", "export", world.code, "--output", str(path)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(path.read_text("utf-8"))["format"] == archive.FORMAT
    imported = runner.invoke(args=["arenas", "import", str(path), "--owner", "outsider@example.org"])
    assert imported.exit_code == 0, imported.output
    line = json.loads(imported.output)
    assert line["join_code"] != world.code and line["title"] == "Energy arena"
    to_stdout = runner.invoke(args=["arenas", "export", world.code])
    assert json.loads(to_stdout.output)["arena"]["join_code"] == world.code


def test_cli_import_refuses_a_bad_file(app, runner, world, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "transition-arena", "version": 2}')
    with db.session() as session:
        before = session.scalar(sa.select(sa.func.count()).select_from(Arena))
    result = runner.invoke(args=["arenas", "import", str(path), "--owner", "organiser@example.org"])
    assert result.exit_code != 0 and "Unsupported export version 2" in result.output
    with db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Arena)) == before
