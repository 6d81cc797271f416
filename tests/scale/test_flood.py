"""Flooding from one address, as at a venue where every phone is behind one: limits follow the participant,
so the flooder is slowed (or dropped, for oversized packets) while the others keep their pace; too many
connections per participant and too many wrong join codes per address are refused."""
from __future__ import annotations

import multiprocessing
import statistics
import threading
import time
import uuid

import pytest
import socketio

from facilitation.phases import ENVISIONING
from tests.e2e.server import ServerError

pytestmark = [pytest.mark.e2e, pytest.mark.heavy]

EDITORS = 5
EDIT_PACE = 0.2  # seconds between an editor's changes: five a second, half the per-participant limit
PHASE_SECONDS = 4.0
# Packets the flooder mixes in: non-objects, and one far over MAX_PAYLOAD_BYTES (64 KB).
GARBAGE = [[1, 2, 3], "text", 42, None, True]
IN_FLIGHT = 100  # events sent and not yet answered
OVERSIZED = {"kind": "challenge", "text": "x" * (100 * 1024), "op_id": "big"}


def p95(delays: list[float]) -> float:
    return statistics.quantiles(delays, n=20)[-1]


def flood(url: str, auth: dict, seconds: float, results) -> None:
    """Run in a process of its own (so that its CPU does not slow the editors' client): send events as fast
    as the socket takes them, with garbage and oversized packets mixed in, reconnecting when dropped."""
    counts = {"sent": 0, "ok": 0, "garbage_invalid": 0, "rate_limited": 0, "other": 0, "dropped": 0,
              "retry_after": 0.0}
    lock = threading.Lock()

    def count(kind: str, ack: dict) -> None:
        with lock:
            if ack.get("ok"):
                counts["ok"] += 1
            elif ack["error"]["code"] == "rate_limited":
                counts["rate_limited"] += 1
                counts["retry_after"] = max(counts["retry_after"], float(ack["error"]["retry_after"]))
            elif kind == "garbage" and ack["error"]["code"] == "invalid":
                counts["garbage_invalid"] += 1
            else:
                counts["other"] += 1

    def answered() -> int:
        return counts["ok"] + counts["garbage_invalid"] + counts["rate_limited"] + counts["other"] + lost

    lost = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lost = counts["sent"] - answered() + lost  # unanswered when the connection dropped
        client = socketio.Client(reconnection=False)
        refusals: list = []
        client.on("connect_error", refusals.append)
        try:
            client.connect(url, auth=auth, transports=["websocket"], wait_timeout=10)
        except socketio.exceptions.ConnectionError:
            counts.setdefault("refused", []).append(refusals[-1] if refusals else None)
            time.sleep(0.2)
            continue
        try:
            while client.connected and time.monotonic() < deadline:
                # The client queues what it emits; keep the queue short so that it reaches the server now.
                while counts["sent"] - answered() > IN_FLIGHT and client.connected:
                    time.sleep(0.001)
                n = counts["sent"]
                if n % 500 == 499:
                    client.emit("item:add", OVERSIZED)
                elif n % 10 == 9:
                    client.emit("item:add", GARBAGE[n % len(GARBAGE)],
                                callback=lambda ack: count("garbage", ack))
                else:
                    client.emit("item:add", {"kind": "challenge", "text": f"flood {n}", "op_id": f"f{n}"},
                                callback=lambda ack: count("event", ack))
                counts["sent"] += 1
        except socketio.exceptions.SocketIOError:
            pass
        if time.monotonic() < deadline:
            counts["dropped"] += 1
            time.sleep(0.05)
        else:
            time.sleep(1.0)  # the last acknowledgements
        client.disconnect()
    results.put(counts)


class Editors:
    """EDITORS phones each editing their own vision at a person's pace, timing every acknowledgement."""

    def __init__(self, phones, visions) -> None:
        self.phones, self.visions = phones, visions
        self.refusals: list[dict] = []

    def run(self, seconds: float) -> list[float]:
        delays: list[float] = []
        threads = [threading.Thread(target=self._edit, args=(n, seconds, delays)) for n in range(EDITORS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 60)
        return delays

    def _edit(self, n: int, seconds: float, delays: list[float]) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            vision = self.visions[n]
            payload = {"item_id": vision["id"], "base_rev": vision["rev"], "text": vision["text"] + " word",
                       "op_id": str(uuid.uuid4())}
            started = time.monotonic()
            ack = self.phones[n].call("item:edit", payload)
            delays.append(time.monotonic() - started)
            if ack["ok"]:
                self.visions[n] = ack["item"]
            else:
                self.refusals.append(ack)
            time.sleep(EDIT_PACE)


def test_one_flooder_does_not_slow_the_others(cluster):
    server = cluster.server()
    arena = cluster.arena()
    facilitator = server.connect(join_code=arena.code, token=arena.token)
    assert facilitator.call("phase:set", {"phase": ENVISIONING})["ok"]
    visions = [facilitator.call("item:add", {"kind": "vision", "text": f"Vision {n}",
                                             "op_id": str(uuid.uuid4())})["item"] for n in range(EDITORS)]
    phones = [server.connect(join_code=arena.code, name=f"Editor {n}") for n in range(EDITORS)]
    flooder = server.connect(join_code=arena.code, name="Flooder")
    flooder_auth = {"join_code": arena.code, "participant_token": flooder.state["me"]["participant_token"]}
    flooder.close()
    editors = Editors(phones, visions)

    baseline = editors.run(PHASE_SECONDS)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=flood, args=(server.url, flooder_auth, PHASE_SECONDS + 1, results))
    process.start()
    try:
        time.sleep(1.0)  # the flood is under way (and the flooder's burst spent) before measuring
        flooded = editors.run(PHASE_SECONDS)
        counts = results.get(timeout=30)
    finally:
        process.join(10)
        if process.is_alive():
            process.kill()
    ratio = p95(flooded) / p95(baseline)
    print(f"\nflooder: {counts}\neditors' ack delay p95: {p95(baseline) * 1000:.1f} ms alone, "
          f"{p95(flooded) * 1000:.1f} ms under the flood (× {ratio:.2f}); "
          f"{len(baseline)} and {len(flooded)} edits")

    assert editors.refusals == []  # not one rate_limited (nor anything else) for the editors
    assert counts["rate_limited"] > counts["ok"] and counts["retry_after"] > 0, counts
    # Ten a second on average, plus the burst of 40.
    assert counts["ok"] <= 40 + 10 * (PHASE_SECONDS + 3), counts
    assert counts["garbage_invalid"] > 0 and counts["dropped"] >= 1, counts
    # Generous: the machine is shared and noisy (a flooder left unchecked measured ×18 to ×22 here).
    assert ratio <= 5.0, (p95(baseline), p95(flooded))
    assert server.process.poll() is None, server.output()


def test_a_sixth_connection_of_one_participant_is_refused(cluster):
    server = cluster.server()
    arena = cluster.arena()
    first = server.connect(join_code=arena.code, name="Ann")
    auth = {"join_code": arena.code, "participant_token": first.state["me"]["participant_token"]}
    others = [server.connect(**auth) for _ in range(4)]
    assert {phone.state["me"]["participant_id"] for phone in others} == {first.state["me"]["participant_id"]}
    assert server.refusal(**auth)["code"] == "rate_limited"
    # Someone else on the same address is not concerned.
    assert server.connect(join_code=arena.code, name="Bob").state["me"]["role"] == "participant"
    # One connection closed: there is room again.
    others[0].close()
    deadline = time.monotonic() + 5
    while True:  # the server forgets the closed connection as it notices the close
        try:
            server.connect(**auth)
            return
        except ServerError:
            assert time.monotonic() < deadline, "the closed connection still counts"
            time.sleep(0.1)


def test_wrong_join_codes_from_one_address_are_refused_for_a_while(cluster):
    # A server of its own: this address is blocked there, and nowhere else.
    server = cluster.server()
    arena = cluster.arena()
    present = server.connect(join_code=arena.code, name="Already here")
    for n in range(30):
        assert server.refusal(join_code=f"WRONG{n:02d}")["code"] == "not_found"
    refusal = server.refusal(join_code=arena.code, name="Late")
    assert refusal["code"] == "rate_limited", refusal
    # Those already in keep working.
    assert present.call("arena:sync")["ok"]
    # The block passes: 30 a minute, so a token comes back within about 2 s.
    time.sleep(2.5)
    assert server.connect(join_code=arena.code, name="Late").state["me"]["role"] == "participant"
