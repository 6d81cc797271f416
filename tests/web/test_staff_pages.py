"""The staff's pages over HTTP: who may open them, creating an arena, inviting a facilitator, the QR code."""
from __future__ import annotations

import re

import pytest
import segno
import sqlalchemy as sa

from app.extensions import db
from facilitation import accounts
from facilitation.models import Arena

PASSWORDS = {"organiser@example.org": "organiser-pass", "facilitator@example.org": "facilitator-pass",
             "outsider@example.org": "outsider-pass"}


def log_in(client, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": PASSWORDS[email]})
    assert response.status_code == 302, response.text


def arena_named(title: str) -> Arena | None:
    with db.session() as session:
        arena = session.scalar(sa.select(Arena).where(Arena.title == title))
        if arena is not None:
            arena.facilitators  # loaded before the session closes
        return arena


@pytest.mark.parametrize("path", ["/arenas", "/arenas/{code}/console"])
def test_anonymous_visitor_is_sent_to_login(client, world, path):
    response = client.get(path.format(code=world.code))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("email, status", [
    ("organiser@example.org", 200),
    ("facilitator@example.org", 200),
    ("outsider@example.org", 403),
])
def test_console_is_for_the_arenas_staff_only(client, world, email, status):
    log_in(client, email)
    response = client.get(f"/arenas/{world.code}/console")
    assert response.status_code == status
    if status == 200:
        assert world.code in response.text
        assert 'id="page-data"' in response.text
        assert f'action="/arenas/{world.code}/agenda.pdf"' in response.text


def test_console_of_unknown_arena_is_not_found(client, world):
    log_in(client, "organiser@example.org")
    assert client.get("/arenas/NOSUCH/console").status_code == 404


def test_screen_is_open_with_the_join_code_and_404_without(client, world):
    response = client.get(f"/arenas/{world.code.lower()}/screen")
    assert response.status_code == 200
    assert f'<p class="join-code" id="join-code">{world.code}</p>' in response.text
    assert client.get("/arenas/NOSUCH/screen").status_code == 404


def qr_matrix_of(svg: str) -> list[list[int]]:
    """Read the dark modules back out of segno's SVG path (absolute M, relative m, horizontal runs h)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, args in re.findall(r"([MmHh])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            for column in range(int(x), int(x + numbers[0])):
                grid[int(y)][column] = 1
            x += numbers[0]
    return grid


def test_screen_qr_code_is_an_inline_svg_of_the_absolute_join_url(client, world):
    page = client.get(f"/arenas/{world.code}/screen").text
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    join_url = f"http://localhost/join/{world.code}"
    assert join_url in svg  # in its accessible title
    expected = segno.make(join_url, error="m", micro=False)
    border = 2
    modules = [row[border:-border] for row in qr_matrix_of(svg)[border:-border]]
    assert modules == [[int(bool(cell)) for cell in row] for row in expected.matrix]
    other = segno.make(f"http://localhost/join/{world.other_code}", error="m", micro=False)
    assert modules != [[int(bool(cell)) for cell in row] for row in other.matrix]


@pytest.mark.parametrize("email, sees, does_not_see", [
    ("organiser@example.org", ["Energy arena"], ["Another city"]),
    ("facilitator@example.org", ["Energy arena"], ["Another city"]),
    ("outsider@example.org", ["Another city"], ["Energy arena"]),
])
def test_arena_list_shows_owned_and_facilitated_arenas_only(client, world, email, sees, does_not_see):
    log_in(client, email)
    page = client.get("/arenas").text
    for title in sees:
        assert title in page
    for title in does_not_see:
        assert title not in page


def test_invite_form_is_offered_to_the_organiser_only(client, world):
    log_in(client, "organiser@example.org")
    assert f"/arenas/{world.code}/facilitators" in client.get("/arenas").text
    client.post("/logout")
    log_in(client, "facilitator@example.org")
    assert f"/arenas/{world.code}/facilitators" not in client.get("/arenas").text


def test_create_arena(client, world):
    log_in(client, "outsider@example.org")
    response = client.post("/arenas", data={"title": "Ghent climate arena", "city": "Ghent", "lang": "nl",
                                            "vision_year": "2045", "anonymous": "on"})
    assert response.status_code == 302
    arena = arena_named("Ghent climate arena")
    assert (arena.city, arena.lang, arena.vision_year, arena.anonymous) == ("Ghent", "nl", 2045, True)
    with db.session() as session:
        assert arena.owner_id == accounts.user_by_email(session, "outsider@example.org").id
    assert "Ghent climate arena" in client.get("/arenas").text


@pytest.mark.parametrize("form", [
    {"title": "", "vision_year": "2050"},
    {"title": "Bad year", "vision_year": "1066"},
    {"title": "Bad language", "lang": "xx", "vision_year": "2050"},
])
def test_create_arena_refuses_invalid_input_and_creates_nothing(client, world, form):
    log_in(client, "outsider@example.org")
    response = client.post("/arenas", data=form)
    assert response.status_code == 400
    with db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Arena)) == 2


def test_invite_adds_an_existing_account(client, world):
    log_in(client, "organiser@example.org")
    response = client.post(f"/arenas/{world.code}/facilitators", data={"email": "Outsider@Example.org"})
    assert response.status_code == 302
    assert "outsider@example.org" in [u.email for u in arena_named("Energy arena").facilitators]
    client.post("/logout")
    log_in(client, "outsider@example.org")
    assert client.get(f"/arenas/{world.code}/console").status_code == 200


def test_invite_creates_an_account_with_a_one_time_password_shown_once(client, world):
    log_in(client, "organiser@example.org")
    response = client.post(f"/arenas/{world.code}/facilitators", data={"email": "new.person@example.org"})
    assert response.status_code == 200
    password = re.search(r'<code class="password">([^<]+)</code>', response.text).group(1)
    assert len(password) >= 12
    with db.session() as session:
        assert accounts.authenticate(session, "new.person@example.org", password) is not None
    assert "new.person@example.org" in [u.email for u in arena_named("Energy arena").facilitators]
    assert password not in client.get("/arenas").text


def test_invite_is_refused_to_a_facilitator_and_to_an_outsider(client, world):
    for email in ("facilitator@example.org", "outsider@example.org"):
        log_in(client, email)
        response = client.post(f"/arenas/{world.code}/facilitators", data={"email": "x@example.org"})
        assert response.status_code == 403
        client.post("/logout")
    with db.session() as session:
        assert accounts.user_by_email(session, "x@example.org") is None


def test_forms_need_a_csrf_token(app, client, world):
    log_in(client, "organiser@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/arenas", data={"title": "No token"}).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/arenas").text).group(1)
    assert client.post("/arenas", data={"title": "With token", "csrf_token": token}).status_code == 302
    assert arena_named("No token") is None and arena_named("With token") is not None


def test_invite_refuses_an_address_that_is_not_one(client, world):
    log_in(client, "organiser@example.org")
    response = client.post(f"/arenas/{world.code}/facilitators", data={"email": "not-an-address"})
    assert response.status_code == 400
    assert [u.email for u in arena_named("Energy arena").facilitators] == ["facilitator@example.org"]
