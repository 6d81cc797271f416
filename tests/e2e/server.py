"""The real server as a subprocess: `python wsgi.py` on a free port, and the `flask` command beside it.

Both run from the project's root with the same environment (database, instance directory, secret key),
as an operator would run them. The server's output goes to a file so that a failing test can show it.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import socketio

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
DATABASE_FILE = "arena.sqlite3"


def free_port() -> int:
    """A port nobody listens on now: the kernel picks it when binding to port 0."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerError(AssertionError):
    """The server did not come up, or a command failed; the message carries its output."""


class Server:
    """One deployment: a database, an instance directory, and the server process when it runs."""

    def __init__(self, workdir: Path, database_url: str, async_mode: str = "eventlet", **env: str) -> None:
        self.workdir = workdir
        self.instance = workdir / "instance"
        self.instance.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.env = {
            **os.environ,
            "INSTANCE_PATH": str(self.instance),
            "DATABASE_URL": database_url,
            "ASYNC_MODE": async_mode,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "SECRET_KEY": "end-to-end-tests",
            "PYTHONUNBUFFERED": "1",
            # Empty, not unset: a message queue from the caller's shell or a .env file would make this
            # server a member of someone else's cluster.
            "SOCKETIO_MESSAGE_QUEUE": "",
            **env,
        }
        self.process: subprocess.Popen | None = None
        self.phones: list[Phone] = []
        self.starts = 0
        self.log_path = workdir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------------------- the flask command

    def flask(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Run `flask ARGS` against this deployment; with check, a non-zero exit fails with its output."""
        result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=self.env, input=stdin,
                                capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise ServerError(f"flask {' '.join(args)} exited {result.returncode}:\n"
                              f"{result.stdout}{result.stderr}")
        return result

    def prepare(self) -> None:
        """Create or update the schema, as `make run` does before serving."""
        self.flask("db", "upgrade")

    def create_user(self, email: str, name: str = "Femi", password: str = "e2e-password") -> str:
        """An account and a personal API token for it."""
        self.flask("users", "create", email, "--name", name, "--password-stdin", stdin=password + "\n")
        return self.flask("users", "token", email).stdout.strip()

    def create_arena(self, owner: str, title: str = "E2E arena", *options: str) -> dict:
        return json.loads(self.flask("arenas", "create", "--title", title, "--owner", owner, *options).stdout)

    # ------------------------------------------------------------------------------------- the process

    def start(self) -> None:
        """Start `python wsgi.py` and return once /healthz answers; on another port if this one was taken
        between choosing it and binding it (by another test run on the same machine)."""
        try:
            self._start()
        except ServerError as error:
            if "Address already in use" not in str(error):
                raise
            self.port = free_port()
            self.env["PORT"] = str(self.port)
            self._start()

    def _start(self) -> None:
        assert self.process is None, "already running"
        self.starts += 1
        with open(self.log_path, "a") as log:
            log.write(f"----- start {self.starts}\n")
            log.flush()
            self.process = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise ServerError(f"wsgi.py exited {code} while starting:\n{self.output()}")
            if self._healthy():
                return
            time.sleep(0.05)
        self.kill()
        raise ServerError(f"wsgi.py did not answer /healthz within {STARTUP_TIMEOUT}s:\n{self.output()}")

    def _healthy(self) -> bool:
        """True once /healthz answers {"ok": true}, False while nothing listens; any other answer fails."""
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                answer = response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:  # it serves, but not the health check
            answer = f"HTTP {error.code}"
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False
        try:
            if json.loads(answer) == {"ok": True}:
                return True
        except ValueError:
            pass
        self.kill()
        raise ServerError(f"/healthz answered {answer[:200]!r}:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to flush or clean up, like a crash or a pulled plug."""
        self._signal(signal.SIGKILL, wait=10)

    def stop(self) -> int:
        """SIGTERM, then SIGKILL if it does not go within 10 s; returns the exit status."""
        return self._signal(signal.SIGTERM, wait=10)

    def _signal(self, signum: int, wait: float) -> int:
        process, self.process = self.process, None
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(signum)
            try:
                return process.wait(wait)
            except subprocess.TimeoutExpired:
                process.kill()
        return process.wait()

    def close_clients(self) -> None:
        for phone in self.phones:
            phone.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # ------------------------------------------------------------------------------------ clients

    def connect(self, headers: dict | None = None, **auth) -> "Phone":
        """A Socket.IO client over WebSocket, connected with this auth (and HTTP headers, such as a browser's
        cookie); fails with the server's output."""
        phone = Phone()
        self.phones.append(phone)
        try:
            phone.sio.connect(self.url, auth=auth, headers=headers or {}, transports=["websocket"],
                              wait_timeout=10)
        except socketio.exceptions.ConnectionError as error:
            raise ServerError(f"connect {auth} refused: {error} {phone.refusal}\n{self.output()}") from None
        phone.wait_for("arena:state")
        return phone

    def refusal(self, **auth) -> dict | None:
        """The connect_error data for a connection that must be refused."""
        phone = Phone()
        self.phones.append(phone)
        try:
            phone.sio.connect(self.url, auth=auth, transports=["websocket"], wait_timeout=10)
        except socketio.exceptions.ConnectionError:
            return phone.refusal
        phone.sio.disconnect()
        raise AssertionError(f"connection with {auth} was accepted")


class Phone:
    """A python-socketio client that records what the server sends it, by event name."""

    def __init__(self) -> None:
        # No reconnection: after a kill, a test reconnects on purpose, with the credentials it chooses.
        self.sio = socketio.Client(reconnection=False)
        self.received: list[tuple[str, object]] = []
        self.refusal: dict | None = None
        self.sio.on("*", self._record)

        @self.sio.event
        def connect_error(data):
            self.refusal = data

    def _record(self, event: str, *args) -> None:
        self.received.append((event, args[0] if args else None))

    def events(self, name: str) -> list:
        return [data for event, data in list(self.received) if event == name]

    def wait_for(self, name: str, count: int = 1, timeout: float = 10.0, where=None) -> list:
        """The first `count` payloads of an event (matching `where`), waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        while True:
            found = [data for data in self.events(name) if where is None or where(data)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"no {count} × {name} within {timeout}s; got {self.received}")
            time.sleep(0.02)

    @property
    def state(self) -> dict:
        return self.events("arena:state")[-1]

    def call(self, event: str, data: dict | None = None, timeout: float = 15.0) -> dict:
        return self.sio.call(event, data, timeout=timeout)

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
