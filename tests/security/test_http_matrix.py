"""Every HTTP route × who asks × this arena or another: the status each gets, CSRF on every form, and no
internals in any answer.

The routes come from the app's url_map, so a new route without a row in EXPECTED fails
test_every_route_has_a_row, and a new POST route is in the CSRF check without anyone adding it.
"""
from __future__ import annotations

import re
from typing import Optional

import pytest
from flask import url_for

from app import create_app
from app.config import TestConfig
from app.extensions import db
from facilitation import accounts

from tests.realtime.support import snapshot

# session: logged in through /login; bearer: the organiser's API token; revoked: a revoked token;
# participant: a phone that went through the join page (a browser session, no account).
ROLES = ("anonymous", "participant", "facilitator", "organiser", "outsider", "bearer", "revoked")
LOGINS = {"facilitator": ("facilitator@example.org", "facilitator-pass"),
          "organiser": ("organiser@example.org", "organiser-pass"),
          "outsider": ("outsider@example.org", "outsider-pass")}

LOGIN = "login"  # a 302 to the login page, as opposed to any other redirect
OPEN_GET = (200,) * 7
ALL_REDIRECT = (302,) * 7
STAFF_HERE = (LOGIN, LOGIN, 200, 200, 403, 200, LOGIN)
STAFF_THERE = (LOGIN, LOGIN, 403, 403, 200, 403, LOGIN)

# (endpoint, method) → {place: expected per role in ROLES' order}. "here" is the arena of the facilitator,
# the organiser and the bearer token; "there" the arena the outsider organises. Routes without an arena
# in their path have the one place "-".
EXPECTED: dict[tuple[str, str], dict[str, tuple]] = {
    ("static", "GET"): {"-": OPEN_GET},
    ("web.home", "GET"): {"-": OPEN_GET},
    ("web.healthz", "GET"): {"-": OPEN_GET},
    ("web.join_form", "POST"): {"-": ALL_REDIRECT},
    ("web.join", "GET"): {"here": OPEN_GET, "there": OPEN_GET},
    ("web.join_submit", "POST"): {"here": ALL_REDIRECT, "there": ALL_REDIRECT},
    ("web.phone", "GET"): {"here": OPEN_GET, "there": OPEN_GET},
    ("staff.screen", "GET"): {"here": OPEN_GET, "there": OPEN_GET},
    ("auth.login", "GET"): {"-": OPEN_GET},
    # A wrong password: refused for everyone, whoever they are already.
    ("auth.login", "POST"): {"-": (401,) * 7},
    ("auth.logout", "POST"): {"-": ALL_REDIRECT},
    ("staff.arenas", "GET"): {"-": (LOGIN, LOGIN, 200, 200, 200, 200, LOGIN)},
    ("staff.create_arena", "POST"): {"-": (LOGIN, LOGIN, 302, 302, 302, 302, LOGIN)},
    # Only the arena's organiser invites facilitators.
    ("staff.invite_facilitator", "POST"): {"here": (LOGIN, LOGIN, 403, 302, 403, 302, LOGIN),
                                           "there": (LOGIN, LOGIN, 403, 403, 302, 403, LOGIN)},
    ("staff.console", "GET"): {"here": STAFF_HERE, "there": STAFF_THERE},
    ("archive.export_json", "GET"): {"here": STAFF_HERE, "there": STAFF_THERE},
    ("archive.items_csv", "GET"): {"here": STAFF_HERE, "there": STAFF_THERE},
    ("archive.agenda_md", "GET"): {"here": STAFF_HERE, "there": STAFF_THERE},
    # The PDF refuses (403) rather than sends a browser to the login page.
    ("files.agenda_pdf", "GET"): {"here": (403, 403, 200, 200, 403, 200, 403),
                                  "there": (403, 403, 403, 403, 200, 403, 403)},
    # Any account may import (as a new arena of its own); without a file a browser is sent back to its
    # list with a message, a script gets 400.
    ("archive.import_arena", "POST"): {"-": (LOGIN, LOGIN, 302, 302, 302, 400, LOGIN)},
}

# What each form is sent: enough to succeed where the role may, so a 302 is the work done. {role} is
# filled in, so that each role's wrong password counts against an account of its own (they are limited).
FORMS = {
    "web.join_form": {"code": "ABCDEF"},
    "web.join_submit": {"name": "Ann", "lang": "en"},
    "auth.login": {"email": "nobody-{role}@example.org", "password": "wrong-password"},
    "staff.create_arena": {"title": "A new arena", "lang": "en"},
    "staff.invite_facilitator": {"email": "facilitator@example.org"},
}


def _form(endpoint: str, role: str) -> dict:
    return {name: value.format(role=role) for name, value in FORMS.get(endpoint, {}).items()}


INTERNALS = ("Traceback", "sqlalchemy", "SELECT ", "psycopg2")


def _routes(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def _url(app, endpoint: str, code: Optional[str]) -> str:
    rule = next(r for r in app.url_map.iter_rules(endpoint=endpoint))
    values = {"filename": "src/base.css"}
    for name in rule.arguments:
        if name in ("code", "join_code"):
            values[name] = code
    with app.test_request_context():
        return url_for(endpoint, **{k: v for k, v in values.items() if k in rule.arguments})


def test_every_route_has_a_row(app):
    """A route added to the app without its row here fails, as does a row for a route that is gone."""
    assert _routes(app) == set(EXPECTED)
    for rows in EXPECTED.values():
        assert all(len(codes) == len(ROLES) for codes in rows.values())


def _revoked_token() -> str:
    with db.session() as session:
        user = accounts.user_by_email(session, "facilitator@example.org")
        token = accounts.issue_token(session, user)
        accounts.revoke_tokens(session, user)
    return token


def _client(app, world, role: str):
    """A browser (or script) of the role: logged in, joined, or carrying a token."""
    client = app.test_client()
    headers = {}
    if role in LOGINS:
        email, password = LOGINS[role]
        assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    elif role == "participant":
        assert client.get(f"/join/{world.code}").status_code == 200
        assert client.post(f"/join/{world.code}", data={"name": "Ann", "lang": "en"}).status_code == 302
    elif role == "bearer":
        headers["Authorization"] = f"Bearer {world.organiser_token}"
    elif role == "revoked":
        headers["Authorization"] = f"Bearer {_revoked_token()}"
    return client, headers


@pytest.fixture
def cheap_pdf(monkeypatch):
    """Who may download is under test, not WeasyPrint: the render returns a stub PDF at once."""
    from app.files import views
    from exports.pdf import Rendered

    monkeypatch.setattr(views, "render_agenda_pdf",
                        lambda agenda, lang, **limits: Rendered(b"%PDF-1.7 stub", 0.0, 0))


def _outcome(response) -> object:
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return LOGIN
    return response.status_code


CELLS = [(endpoint, method, place) for (endpoint, method), rows in EXPECTED.items() for place in rows]


@pytest.mark.parametrize("endpoint,method,place", CELLS, ids=[f"{m} {e} {p}" for e, m, p in CELLS])
def test_route_by_role(app, world, cheap_pdf, endpoint, method, place):
    code = {"here": world.code, "there": world.other_code}.get(place)
    url = _url(app, endpoint, code)
    seen = {}
    for role in ROLES:
        client, headers = _client(app, world, role)
        response = client.open(url, method=method, headers=headers, data=_form(endpoint, role))
        seen[role] = _outcome(response)
        body = response.get_data(as_text=True) if not response.is_streamed else ""
        for marker in INTERNALS:
            assert marker not in body, (role, url, marker)
        response.close()
    assert seen == dict(zip(ROLES, EXPECTED[(endpoint, method)][place]))


def _csrf_token(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_every_form_refuses_a_post_without_its_csrf_token(database_url, tmp_path, world):
    """A page on another site can make a logged-in organiser's browser post any form: each is refused
    (400) and changes nothing, while the same post with the token is not refused."""
    app = create_app(TestConfig(database_url, INSTANCE_PATH=str(tmp_path), WTF_CSRF_ENABLED=True))
    posts = sorted(endpoint for endpoint, method in _routes(app) if method == "POST")
    assert len(posts) >= 7, posts
    for endpoint in posts:
        with app.test_client() as client:
            token = _csrf_token(client)
            assert client.post("/login", data={"email": "organiser@example.org", "password": "organiser-pass",
                                               "csrf_token": token}).status_code == 302
            url = _url(app, endpoint, world.code)
            before = snapshot()
            refused = client.post(url, data=_form(endpoint, "organiser"))
            assert refused.status_code == 400, endpoint
            assert snapshot() == before, endpoint
            accepted = client.post(url, data={**_form(endpoint, "organiser"), "csrf_token": token})
            assert accepted.status_code != 400, endpoint
