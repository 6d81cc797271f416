"""HTTP hardening: headers, cookies, CSRF, guessing limits, and errors that show no internals."""
from __future__ import annotations

import re

import pytest

from app import create_app
from app.config import TestConfig
from app.security import CONTENT_SECURITY_POLICY
from facilitation.accounts import hash_password


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style_in_the_pages(client):
    """The policy forbids them, so a page that has them is broken in the browser."""
    for path in ("/", "/login", "/join/ABCDEF"):
        html = client.get(path).get_data(as_text=True)
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            attributes, body = match.groups()
            assert "src=" in attributes or 'type="application/json"' in attributes, (path, match.group(0)[:200])
            assert "src=" not in attributes or not body.strip(), path
        assert " style=" not in html, path
        assert "<style" not in html, path


def test_session_cookie_is_httponly_and_samesite_lax(app, client, world):
    response = client.post("/login", data={"email": "organiser@example.org", "password": "organiser-pass"})
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_behind_https(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("BEHIND_HTTPS", "1")
    app = create_app(TestConfig(database_url, INSTANCE_PATH=str(tmp_path)))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.test_client() as client:
        assert "max-age" in client.get("/").headers["Strict-Transport-Security"]


def test_login_form_needs_a_csrf_token(database_url, tmp_path, world):
    app = create_app(TestConfig(database_url, INSTANCE_PATH=str(tmp_path), WTF_CSRF_ENABLED=True))
    with app.test_client() as client:
        response = client.post("/login", data={"email": "organiser@example.org", "password": "organiser-pass"})
        assert response.status_code == 400
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"email": "organiser@example.org", "password": "organiser-pass",
                                               "csrf_token": token})
        assert response.status_code == 302


def test_failed_logins_are_limited_per_account(client, world):
    for _ in range(5):
        assert client.post("/login", data={"email": "organiser@example.org", "password": "wrong"}).status_code == 401
    blocked = client.post("/login", data={"email": "organiser@example.org", "password": "organiser-pass"})
    assert blocked.status_code == 429
    # Another account from the same address may still log in.
    assert client.post("/login", data={"email": "facilitator@example.org",
                                       "password": "facilitator-pass"}).status_code == 302


def test_failed_join_codes_are_limited_per_address(connect, world):
    for _ in range(30):
        assert not connect(code="ZZZZZZ").client.is_connected()
    # The address is now blocked, even with the right code, for a while.
    assert not connect().client.is_connected()


def test_login_redirects_only_to_this_site(client, world):
    response = client.post("/login?next=//evil.example/x",
                           data={"email": "organiser@example.org", "password": "organiser-pass"})
    assert response.headers["Location"] == "/"


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_scrypt():
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$32768$8$1$") and "correct horse" not in stored
    assert hash_password("correct horse battery") != stored  # salted


@pytest.mark.parametrize("path", ["/no/such/page", "/join/" + "X" * 500])
def test_errors_show_no_internals(client, path):
    response = client.get(path)
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "sqlalchemy" not in body.lower()


def test_a_server_error_page_shows_no_stack_trace_or_sql(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("SELECT secret FROM user")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "SELECT" not in body and "Traceback" not in body and "RuntimeError" not in body
