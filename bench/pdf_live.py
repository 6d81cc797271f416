"""The live half of the PDF benchmark (issue 4): how much six agenda PDFs rendering at once slow the
acknowledgements of live edits, on the real server (`python wsgi.py`).

Phones (python-socketio clients, WebSocket only) join the arena as participants and each edits its own
vision item at a fixed rate; the time from sending `item:edit` to its acknowledgement is recorded. First
for a window with nothing else going on (idle), then for as long as six concurrent GETs of
/arenas/<code>/agenda.pdf (one per language, the organiser's token as Bearer) take, for a number of
rounds. The edits raise the arena's version, so every round misses the server's PDF cache. Traffic goes
to 127.0.0.1 only; every wait has a timeout and the server is stopped at the end whatever happens.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALL_TIMEOUT = 30.0
PDF_TIMEOUT = 180.0


@dataclass
class Sample:
    sent: float  # time.monotonic() when the edit left
    delay: float  # seconds until its acknowledgement
    ok: bool


@dataclass
class LiveResult:
    idle: list[Sample] = field(default_factory=list)
    loaded: list[Sample] = field(default_factory=list)
    pdf_seconds: dict[str, list[float]] = field(default_factory=dict)
    pdf_failures: list[str] = field(default_factory=list)
    windows: list[tuple[float, float]] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def summary(samples: list[Sample]) -> dict:
    """Count, failures and p50/p95/p99/max of the acknowledgement delays, in milliseconds."""
    delays = [s.delay * 1000 for s in samples if s.ok]
    return {"count": len(samples), "failed": sum(not s.ok for s in samples),
            **{f"p{q}": round(percentile(delays, q), 1) for q in (50, 95, 99)},
            "max": round(max(delays, default=0.0), 1)}


# ------------------------------------------------------------------------------------------ the server

def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python wsgi.py` on a free port of 127.0.0.1 against a prepared database, as the e2e tests run it."""

    def __init__(self, database_url: str, instance: Path, async_mode: str, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.env = {**os.environ, "DATABASE_URL": database_url, "INSTANCE_PATH": str(instance),
                    "ASYNC_MODE": async_mode, "HOST": "127.0.0.1", "PORT": str(self.port),
                    "SECRET_KEY": "bench-only-secret", "PYTHONUNBUFFERED": "1", "SOCKETIO_MESSAGE_QUEUE": "",
                    # The limiter would slow the writers down, which is not what is measured here.
                    "EVENT_RATE": "1000", "EVENT_BURST": "1000", "ACCESS_LOG": "0"}
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"wsgi.py exited {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if json.loads(response.read()) == {"ok": True}:
                        return
            except (OSError, ValueError):
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"wsgi.py did not answer /healthz within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


# ------------------------------------------------------------------------------------------ the writers

class Writer(threading.Thread):
    """One phone: joins as a participant and edits one vision item `rate` times a second, each edit after
    the previous acknowledgement (as a phone's outbox does), recording every acknowledgement's delay."""

    def __init__(self, number: int, url: str, join_code: str, item: dict, rate: float,
                 stop: threading.Event, samples: list[Sample]) -> None:
        super().__init__(daemon=True, name=f"writer-{number}")
        import socketio

        self.number, self.url, self.join_code, self.item = number, url, join_code, item
        self.interval, self.stop_event, self.samples = 1.0 / rate, stop, samples
        self.sio = socketio.Client(reconnection=False)
        self.error: str | None = None

    def connect(self) -> None:
        self.sio.connect(self.url, auth={"join_code": self.join_code, "name": f"Bench phone {self.number}"},
                         transports=["websocket"], wait_timeout=20)

    def run(self) -> None:
        base_text, rev = self.item["text"], self.item["rev"]
        next_at, sequence = time.monotonic(), 0
        try:
            while not self.stop_event.is_set():
                pause = next_at - time.monotonic()
                if pause > 0 and self.stop_event.wait(pause):
                    break
                next_at += self.interval
                sequence += 1
                payload = {"item_id": self.item["id"], "base_rev": rev, "op_id": f"w{self.number}-{sequence}",
                           "text": f"{base_text} [{self.number}.{sequence}]"}
                sent = time.monotonic()
                ack = self.sio.call("item:edit", payload, timeout=CALL_TIMEOUT)
                ok = bool(ack and ack.get("ok"))
                self.samples.append(Sample(sent, time.monotonic() - sent, ok))
                if ok:
                    rev = ack["item"]["rev"]
        except Exception as error:  # a dropped connection or a timed-out call ends this writer
            self.error = f"{type(error).__name__}: {error}"
        finally:
            self.sio.disconnect()


def vision_items(url: str, join_code: str, token: str, count: int) -> list[dict]:
    """The first `count` vision items of the arena, as the organiser sees them on connecting."""
    import socketio

    sio = socketio.Client(reconnection=False)
    state = {}
    sio.on("arena:state", lambda data: state.update(data))
    sio.connect(url, auth={"join_code": join_code, "token": token}, transports=["websocket"], wait_timeout=20)
    try:
        deadline = time.monotonic() + 20
        while not state and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sio.disconnect()
    visions = [item for item in state.get("items", []) if item["kind"] == "vision"]
    if len(visions) < count:
        raise SystemExit(f"the arena has {len(visions)} vision items, {count} writers need one each")
    return [{"id": item["id"], "rev": item["rev"], "text": item["text"]} for item in visions[:count]]


def fetch_pdf(url: str, token: str, lang: str) -> tuple[float, str | None]:
    """One agenda download: (seconds, None) or (seconds, what went wrong)."""
    request = urllib.request.Request(url + f"?lang={lang}", headers={"Authorization": f"Bearer {token}"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=PDF_TIMEOUT) as response:
            body = response.read()
        problem = None if body.startswith(b"%PDF-") else f"{lang}: not a PDF"
    except urllib.error.HTTPError as error:
        problem = f"{lang}: HTTP {error.code}"
    except OSError as error:
        problem = f"{lang}: {error}"
    return time.monotonic() - started, problem


def pdf_round(url: str, token: str, langs: list[str], result: LiveResult) -> tuple[float, float]:
    """Six (or len(langs)) concurrent downloads; returns the window from the first start to the last end."""
    outcomes: dict[str, tuple[float, str | None]] = {}

    def download(lang: str) -> None:
        outcomes[lang] = fetch_pdf(url, token, lang)

    threads = [threading.Thread(target=download, args=(lang,)) for lang in langs]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PDF_TIMEOUT + 5)
    ended = time.monotonic()
    for lang in langs:
        seconds, problem = outcomes.get(lang, (PDF_TIMEOUT, f"{lang}: no answer"))
        result.pdf_seconds.setdefault(lang, []).append(seconds)
        if problem:
            result.pdf_failures.append(problem)
    return started, ended


def run_live(database_url: str, workdir: Path, join_code: str, token: str, *, langs: list[str],
             async_mode: str = "eventlet", writers: int = 10, rate: float = 2.0, idle_seconds: float = 15.0,
             rounds: int = 2) -> LiveResult:
    """Start the server, measure the idle window, then `rounds` rounds of concurrent PDFs."""
    server = Server(database_url, workdir / "instance", async_mode, workdir / "server.log")
    server.start()
    result = LiveResult()
    samples: list[Sample] = []
    stop = threading.Event()
    phones: list[Writer] = []
    try:
        items = vision_items(server.url, join_code, token, writers)
        phones = [Writer(n, server.url, join_code, items[n], rate, stop, samples) for n in range(writers)]
        for phone in phones:
            phone.connect()
        time.sleep(2)  # let the presence wave of the joins pass
        for phone in phones:
            phone.start()
        idle_from = time.monotonic() + 1  # the first second warms the server's paths up
        time.sleep(1 + idle_seconds)
        idle_to = time.monotonic()
        pdf_url = f"{server.url}/arenas/{join_code}/agenda.pdf"
        for _ in range(rounds):
            time.sleep(1)
            result.windows.append(pdf_round(pdf_url, token, langs, result))
        stop.set()
        for phone in phones:
            phone.join(CALL_TIMEOUT + 5)
    finally:
        stop.set()
        server.stop()
    errors = [phone.error for phone in phones if phone.error]
    if errors:
        print("writers that stopped early:", "; ".join(errors))
    result.idle = [s for s in samples if idle_from <= s.sent < idle_to]
    result.loaded = [s for s in samples if any(start <= s.sent < end for start, end in result.windows)]
    return result
