"""The servers of a run: set up our app's database and arena, start and stop the processes, watch their
memory and CPU, and profile them with py-spy."""
from __future__ import annotations

import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from .config import (CALL_TIMEOUT, CONNECT_TIMEOUT, FLASK, OUT, PG_DB, PG_URL, PYTHON, REDIS_URL, ROOT,
                     Run)


def free_port() -> int:
    """A port of 127.0.0.1 that nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([FLASK, "--app", "app:create_app", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return done.stdout


def _fresh_postgres() -> str:
    """An empty bench_live database, so every run starts from the same state."""
    for tool in ("dropdb", "createdb"):
        extra = ["--if-exists"] if tool == "dropdb" else []
        subprocess.run([tool, "-h", "127.0.0.1", "-U", "postgres", *extra, PG_DB], check=True, timeout=60)
    return PG_URL + PG_DB


def prepare_ours(run: Run, workdir: Path) -> tuple[dict, str, str]:
    """A migrated database with an organiser, a token and an arena: (server env, join code, token)."""
    url = f"sqlite:///{workdir / 'arena.sqlite3'}" if run.database == "sqlite" else _fresh_postgres()
    env = {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": str(workdir / "instance"),
           "SECRET_KEY": "bench-only-secret", "PYTHONUNBUFFERED": "1"}
    env.pop("ASYNC_MODE", None)  # the flask commands serve nothing
    _flask(env, "db", "upgrade")
    _flask(env, "users", "create", "bench@example.org", "--password-stdin", stdin="bench-password-123\n")
    token = _flask(env, "users", "token", "bench@example.org").strip().splitlines()[-1]
    arena = json.loads(_flask(env, "arenas", "create", "--title", "Bench arena",
                              "--owner", "bench@example.org").strip().splitlines()[-1])
    env.update({"ASYNC_MODE": run.mode, "MAX_CONNECTIONS": "20000", "EVENT_RATE": "1000",
                "EVENT_BURST": "1000", "ACCESS_LOG": "0"})
    if run.servers > 1:
        env["SOCKETIO_MESSAGE_QUEUE"] = REDIS_URL
    return env, arena["join_code"], token


def start_servers(run: Run, env: dict, workdir: Path) -> list[tuple[subprocess.Popen, str]]:
    """Start the servers of this run; returns (process, url) pairs once each answers."""
    script = ["wsgi.py"] if run.target == "ours" else ["bench/relay.py"]
    if run.target == "bare":
        env = {**os.environ, "ASYNC_MODE": run.mode, "MAX_CONNECTIONS": "20000", "PYTHONUNBUFFERED": "1"}
        if run.servers > 1:
            env["SOCKETIO_MESSAGE_QUEUE"] = REDIS_URL
    servers = []
    for index in range(run.servers):
        port = free_port()
        log = open(workdir / f"server{index}.log", "w")
        proc = subprocess.Popen([PYTHON, *script], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**env, "HOST": "127.0.0.1", "PORT": str(port)})
        servers.append((proc, f"http://127.0.0.1:{port}"))
    for proc, url in servers:
        _wait_ready(proc, url)
    return servers


def _wait_ready(proc: subprocess.Popen, url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server {url} exited with {proc.returncode} before it served")
        try:
            with urllib.request.urlopen(f"{url}/socket.io/?EIO=4&transport=polling", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server {url} did not answer within {timeout:.0f} s")


def stop_servers(servers: list[tuple[subprocess.Popen, str]]) -> None:
    """Terminate the servers, and kill any that has not stopped 10 s later."""
    for proc, _url in servers:
        proc.terminate()
    for proc, _url in servers:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


async def set_up_arena(url: str, join_code: str, token: str, count: int) -> list[dict]:
    """As the facilitator: open the envisioning phase and write `count` vision items to edit."""
    import socketio

    sio = socketio.AsyncClient(reconnection=False)
    await sio.connect(url, transports=["websocket"], auth={"join_code": join_code, "token": token},
                      wait_timeout=CONNECT_TIMEOUT)
    try:
        ack = await sio.call("phase:set", {"phase": "problem_structuring_envisioning"}, timeout=CALL_TIMEOUT)
        assert ack["ok"], ack
        items = []
        for number in range(count):
            ack = await sio.call("item:add", {"kind": "vision", "text": f"Bench vision {number}",
                                              "op_id": f"setup-{number}"}, timeout=CALL_TIMEOUT)
            assert ack["ok"], ack
            items.append({"id": ack["item"]["id"], "rev": ack["item"]["rev"]})
        return items
    finally:
        await sio.disconnect()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


class ServerWatch:
    """Memory and CPU of the server processes (and their children), sampled in a thread."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak_rss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def processes(self) -> list[int]:
        return [p for pid in self.pids for p in (pid, *_children(pid))]

    def rss_kb(self) -> int:
        return sum(_status_kb(pid, "VmRSS") for pid in self.processes())

    def hwm_kb(self) -> int:
        return sum(_status_kb(pid, "VmHWM") for pid in self.processes())

    def ticks(self) -> int:
        return sum(_cpu_ticks(pid) for pid in self.processes())

    def start(self) -> None:
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.peak_rss_kb = max(self.peak_rss_kb, self.rss_kb())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def spy(run: Run, pids: list[int], phase: str, duration: float | None = None) -> list:
    """py-spy on each server process for one phase (until stopped, or for `duration` seconds): collapsed
    stacks under bench/out/."""
    spies = []
    for number, pid in enumerate(pids):
        name = f"{run.target}-{run.mode}-{run.database}-{run.phones}-{run.servers}s-{phase}-{number}"
        path = OUT / f"profile-{name}.txt"
        limit = ["-d", str(int(duration))] if duration else []
        spy = subprocess.Popen([str(Path(PYTHON).with_name("py-spy")), "record", "--nonblocking", "-f", "raw",
                                "-r", "200", *limit, "-p", str(pid), "-o", str(path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spies.append((spy, path))
    return spies


def summarise_spies(spies: list, stop: bool) -> None:
    """Wait for (or interrupt) each py-spy and print where its server's time went."""
    for spy, path in spies:
        if stop:
            spy.send_signal(signal.SIGINT)  # py-spy writes its stacks when interrupted
        try:
            spy.wait(timeout=60)
        except subprocess.TimeoutExpired:
            spy.kill()
            continue
        print(profile_summary(path), flush=True)


def profile_summary(path: Path, top: int = 15) -> str:
    """Where the server's CPU went: functions by share of the samples that include them, and by own time."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        total += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    if not total:
        return f"{path.name}: no samples"
    lines = [f"{path.name}: {total} samples", "  inclusive:"]
    lines += [f"    {100 * n / total:5.1f}%  {frame}" for frame, n in inclusive.most_common(2 * top)]
    lines += ["  own time:"] + [f"    {100 * n / total:5.1f}%  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines)


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine: others' load shows in the figures."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def log_errors(workdir: Path, run: Run) -> int:
    """Tracebacks in the servers' output; a log that has any is kept in bench/out/ to read."""
    count = 0
    for log in workdir.glob("server*.log"):
        lines = log.read_text(errors="replace").splitlines()
        found = sum(1 for line in lines if line.startswith("Traceback"))
        if found:
            shutil.copy(log, OUT / f"{run.target}-{run.mode}-{run.phones}-{run.servers}s-{log.name}")
        count += found
    return count
