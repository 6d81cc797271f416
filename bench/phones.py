"""The load generator: one process's phones, each a python-socketio AsyncClient on its own asyncio loop;
some of them write, all of them time what reaches them."""
from __future__ import annotations

import array
import asyncio
import collections
import time
from dataclasses import dataclass, field

from .config import CALL_TIMEOUT, CONNECT_TIMEOUT, DRAIN, MARKER


@dataclass
class WorkerPlan:
    """What one load-generator process does: its phones, which of them write, and where they connect."""
    index: int
    phones: list[int]  # global phone numbers
    writers: dict[int, int]  # phone number → writer number
    urls: list[str]
    join_code: str
    items: list[dict]
    rate: float
    duration: float
    op: str


@dataclass
class WorkerResult:
    """What one load-generator process measured; sent back to the parent through a queue."""
    index: int
    connect_start: float = 0.0
    connect_end: float = 0.0
    connected: int = 0
    connect_times: list = field(default_factory=list)
    connect_errors: dict = field(default_factory=dict)
    delays: bytes = b""  # array('d') of edit-to-screen delays, seconds
    acks: list = field(default_factory=list)  # acknowledgement delays, seconds
    ack_errors: dict = field(default_factory=dict)
    acked: list = field(default_factory=list)  # (writer, seq) acknowledged ok
    sent: int = 0
    late_sends: int = 0
    seen: dict = field(default_factory=dict)  # (writer, seq) → phones of this process that saw it
    disconnects: int = 0
    cpu: float = 0.0  # this process's CPU share over the measurement, 1.0 = one core
    loop_lag_p99: float = 0.0
    loop_lag_max: float = 0.0


class Phone:
    """One phone: a Socket.IO client that records when each marked change reaches it."""

    def __init__(self, number: int, url: str, result: WorkerResult, delays: array.array) -> None:
        import socketio

        self.number = number
        self.url = url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.state = asyncio.Event()
        self.seen: set[tuple[int, int]] = set()
        self.measuring = False
        self._result = result
        self._delays = delays
        self.sio.on("arena:state", self._on_state)
        self.sio.on("item:edited", self._on_item)
        self.sio.on("item:added", self._on_item)
        self.sio.on("disconnect", self._on_disconnect)

    async def _on_state(self, _data) -> None:
        self.state.set()

    async def _on_item(self, data) -> None:
        now = time.monotonic()
        match = MARKER.search(data.get("item", {}).get("text", ""))
        if match:
            key = (int(match.group(2)), int(match.group(1)))
            if key not in self.seen:
                self.seen.add(key)
                self._delays.append(now - float(match.group(3)))

    async def _on_disconnect(self, *_args) -> None:
        if self.measuring:
            self._result.disconnects += 1

    async def connect(self, join_code: str) -> None:
        await self.sio.connect(self.url, transports=["websocket"], wait_timeout=CONNECT_TIMEOUT,
                               auth={"join_code": join_code, "name": f"Phone {self.number}"})
        await asyncio.wait_for(self.state.wait(), CONNECT_TIMEOUT)


def _count(errors: dict, key: str) -> None:
    errors[key] = errors.get(key, 0) + 1


async def _connect_all(plan: WorkerPlan, result: WorkerResult, delays: array.array) -> list[Phone]:
    phones = [Phone(n, plan.urls[n % len(plan.urls)], result, delays) for n in plan.phones]
    gate = asyncio.Semaphore(100)  # at most this many handshakes in flight per generator process

    async def one(phone: Phone) -> None:
        async with gate:
            started = time.monotonic()
            try:
                await phone.connect(plan.join_code)
                result.connect_times.append(time.monotonic() - started)
                result.connected += 1
            except Exception as error:  # every failure is a figure, not a crash
                _count(result.connect_errors, f"{type(error).__name__}: {str(error)[:80]}")

    result.connect_start = time.monotonic()
    await asyncio.gather(*(one(phone) for phone in phones))
    result.connect_end = time.monotonic()
    return [phone for phone in phones if phone.sio.connected]


async def _write(phone: Phone, writer: int, plan: WorkerPlan, start: float, result: WorkerResult) -> None:
    """One writer: R changes a second on its own item, each sent after the previous one's ack."""
    item = dict(plan.items[writer % len(plan.items)])
    interval = 1.0 / plan.rate
    due = start + (writer % 10) * interval / 10  # spread the writers over the interval
    seq = 0
    while due < start + plan.duration:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        seq += 1
        sent = time.monotonic()
        text = f"Bench vision #{seq} w{writer} @{sent:.6f}"
        if plan.op == "edit":
            event, payload = "item:edit", {"item_id": item["id"], "base_rev": item["rev"], "text": text}
        else:
            event, payload = "item:add", {"kind": "vision", "text": text}
        payload["op_id"] = f"bench-{writer}-{seq}"
        result.sent += 1
        try:
            ack = await phone.sio.call(event, payload, timeout=CALL_TIMEOUT)
        except Exception as error:
            _count(result.ack_errors, type(error).__name__)
        else:
            result.acks.append(time.monotonic() - sent)
            if ack.get("ok"):
                result.acked.append((writer, seq))
                item["rev"] = ack["item"]["rev"]
            else:
                _count(result.ack_errors, ack.get("error", {}).get("code", "?"))
        due += interval
        if time.monotonic() > due:
            result.late_sends += 1
            due = time.monotonic()


async def _watch_loop(lags: list, until: float) -> None:
    """How late this process's event loop wakes up: a saturated generator shows it here first."""
    while time.monotonic() < until:
        asked = time.monotonic()
        await asyncio.sleep(0.05)
        lags.append(time.monotonic() - asked - 0.05)


async def _worker(plan: WorkerPlan, go, start_at, out) -> None:
    result = WorkerResult(plan.index)
    delays = array.array("d")
    phones = await _connect_all(plan, result, delays)
    out.put(("ready", plan.index, result.connected))
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, go.wait, 600)  # the loop keeps answering pings meanwhile
    start = start_at.value
    for phone in phones:
        phone.measuring = True
    lags: list[float] = []
    cpu0, wall0 = time.process_time(), time.monotonic()
    writers = [_write(p, plan.writers[p.number], plan, start, result)
               for p in phones if p.number in plan.writers]
    await asyncio.gather(_watch_loop(lags, start + plan.duration + DRAIN), *writers)
    await asyncio.sleep(max(0.0, start + plan.duration + DRAIN - time.monotonic()))
    result.cpu = (time.process_time() - cpu0) / (time.monotonic() - wall0)
    for phone in phones:
        phone.measuring = False
    lags.sort()
    result.loop_lag_p99 = lags[int(len(lags) * 0.99)] if lags else 0.0
    result.loop_lag_max = lags[-1] if lags else 0.0
    seen: collections.Counter = collections.Counter()
    for phone in phones:
        seen.update(phone.seen)
    result.seen = dict(seen)
    result.delays = delays.tobytes()
    out.put(("done", plan.index, result))
    await asyncio.gather(*(phone.sio.disconnect() for phone in phones), return_exceptions=True)


def worker_main(plan: WorkerPlan, go, start_at, out) -> None:
    """A load-generator process: connect, report 'ready', write when `go` is set, report 'done'."""
    asyncio.run(_worker(plan, go, start_at, out))
