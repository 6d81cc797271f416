"""The `flask` command as an operator runs it (CONTRACT.md, "Command line"), against the real server."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

pytestmark = pytest.mark.e2e

EMAIL = "organiser@example.org"
# Flask-Login's strong session protection ties the session to the browser's User-Agent: send the same one.
USER_AGENT = "Mozilla/5.0 (end-to-end test)"


def log_in(url: str, email: str, password: str) -> tuple[int, str]:
    """Post the login form as a browser does (CSRF token from the form): the status and the cookies."""
    browser = requests.Session()
    browser.headers["User-Agent"] = USER_AGENT
    form = browser.get(url + "/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = browser.post(url + "/login", data={"email": email, "password": password, "csrf_token": csrf},
                            allow_redirects=False, timeout=10)
    return response.status_code, "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def test_accounts_and_arenas_from_the_command_line(deployment):
    server = deployment()  # a fresh database, migrated by `flask db upgrade`

    created = server.flask("users", "create", EMAIL, "--password-stdin", stdin="long enough password\n")
    assert EMAIL in created.stdout
    token = server.flask("users", "token", EMAIL).stdout
    assert token.endswith("\n") and token.count("\n") == 1 and len(token.split()) == 1, token
    token = token.strip()

    out = server.flask("arenas", "create", "--title", "Energy arena", "--owner", EMAIL, "--city", "Trondheim",
                       "--lang", "no").stdout
    assert out.count("\n") == 1, out
    arena = json.loads(out)
    assert isinstance(arena["id"], int) and arena["join_code"], arena
    assert (arena["lang"], arena["city"], arena["title"]) == ("nb", "Trondheim", "Energy arena")

    listed = server.flask("arenas", "list").stdout.splitlines()
    assert [line.split("\t")[:2] for line in listed] == [[str(arena["id"]), arena["join_code"]]]
    shown = json.loads(server.flask("arenas", "show", arena["join_code"]).stdout)
    assert (shown["id"], shown["owner"], shown["lang"]) == (arena["id"], EMAIL, "nb")

    # Wrong input: a non-zero exit and a message that says what is wrong, never a traceback.
    nobody = "nobody@example.org"
    wrong = {
        ("arenas", "create", "--title", "T", "--owner", nobody): f"No account for {nobody}",
        ("arenas", "show", "NOSUCH"): "No arena has this join code",
        ("users", "create", EMAIL, "--password-stdin"): "exists already",
    }
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(wrong, pool.map(lambda args: server.flask(*args, stdin="another password\n",
                                                                     check=False), wrong)))
    for args, result in results.items():
        assert result.returncode != 0, (args, result.stdout)
        assert wrong[args].lower() in result.stderr.lower(), (args, result.stderr)
        assert "Traceback" not in result.stderr, (args, result.stderr)

    server.start()
    # The password read from standard input is the one that logs in (and not, say, with its newline);
    # the browser session then opens the Socket.IO connection without a token.
    assert log_in(server.url, EMAIL, "long enough password\n")[0] == 401
    status, cookie = log_in(server.url, EMAIL, "long enough password")
    assert status == 302
    browser = server.connect(join_code=arena["join_code"],
                             headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    assert browser.state["me"]["role"] == "organiser"

    # A revoked token is refused by the running server at the next connection.
    assert server.connect(join_code=arena["join_code"], token=token).state["me"]["role"] == "organiser"
    revoked = server.flask("users", "revoke", EMAIL)
    assert "1" in revoked.stdout, revoked.stdout
    refusal = server.refusal(join_code=arena["join_code"], token=token)
    assert refusal["code"] == "unauthorized", refusal
