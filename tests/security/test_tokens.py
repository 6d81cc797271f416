"""Secrets at rest: API and participant tokens are kept only as hashes, API tokens can be revoked (and then
open nothing, over HTTP or Socket.IO), passwords are salted scrypt, and the session cookie is Secure
behind HTTPS."""
from __future__ import annotations

import base64
import hashlib

import pytest
import sqlalchemy as sa

from app import create_app
from app.config import TestConfig
from app.extensions import db
from facilitation import accounts
from facilitation.models import Base


def _database_holds(secret: str) -> bool:
    """Whether any column of any row, read as text, contains the secret."""
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                if any(secret in str(value) for value in row):
                    return True
    return False


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def test_api_tokens_are_stored_hashed(runner, world, connect):
    token = runner.invoke(args=["users", "token", "organiser@example.org"]).output.strip()
    assert token.startswith("ta_")
    assert connect("organiser", token=token).client.is_connected()
    assert not _database_holds(token)
    assert _database_holds(_sha256(token))


def test_participant_tokens_are_stored_hashed(connect):
    phone = connect(name="Ann")
    token = phone.me["participant_token"]
    assert token and not _database_holds(token)
    assert _database_holds(_sha256(token))
    phone.disconnect()
    assert connect(participant_token=token).me["participant_id"] == phone.me["participant_id"]


def _export(app, code: str, token: str):
    """The export as a script fetches it: a Bearer token and no cookies from earlier requests."""
    return app.test_client().get(f"/arenas/{code}/export.json", headers={"Authorization": f"Bearer {token}"})


def test_revoked_tokens_open_nothing(app, runner, world, connect):
    token = runner.invoke(args=["users", "token", "organiser@example.org"]).output.strip()
    assert _export(app, world.code, token).status_code == 200
    assert connect("organiser", token=token).client.is_connected()

    result = runner.invoke(args=["users", "revoke", "organiser@example.org"])
    assert result.exit_code == 0 and "Revoked 2 token(s)" in result.output  # this one and world's

    refused = _export(app, world.code, token)
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")
    assert not connect("organiser", token=token).client.is_connected()
    # A token issued afterwards works again: revoking is not locking the account out.
    fresh = runner.invoke(args=["users", "token", "organiser@example.org"]).output.strip()
    assert _export(app, world.code, fresh).status_code == 200


@pytest.mark.real_password_hashing
def test_passwords_are_salted_scrypt_in_the_database(runner, app):
    password = "correct horse battery"
    for email in ("ann@example.org", "ben@example.org"):
        result = runner.invoke(args=["users", "create", email, "--password-stdin"], input=password + "\n")
        assert result.exit_code == 0, result.output
    with db.session() as session:
        ann, ben = (accounts.user_by_email(session, e) for e in ("ann@example.org", "ben@example.org"))
        assert ann.password_hash.startswith("scrypt$32768$8$1$")
        assert ann.password_hash != ben.password_hash  # the same password, salted differently
        assert accounts.check_password(ann.password_hash, password)
        assert not accounts.check_password(ann.password_hash, password + "!")
    assert not _database_holds(password)
    assert not _database_holds(base64.b64encode(password.encode()).decode())


@pytest.mark.parametrize("behind_https", ["1", "0"])
def test_session_cookie_is_secure_only_behind_https(database_url, tmp_path, monkeypatch, world,
                                                    behind_https):
    monkeypatch.setenv("BEHIND_HTTPS", behind_https)
    app = create_app(TestConfig(database_url, INSTANCE_PATH=str(tmp_path)))
    with app.test_client() as client:
        response = client.post("/login", data={"email": "organiser@example.org",
                                               "password": "organiser-pass"})
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    flags = {part.strip().split("=")[0] for part in cookie.split(";")[1:]}
    assert {"HttpOnly", "SameSite"} <= flags
    assert ("Secure" in flags) is (behind_https == "1")
