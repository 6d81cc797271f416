"""An acknowledged change survives a crash (SIGKILL right after the last ack), exactly once, and a phone
that resends what it sent after reconnecting gets the same acknowledgements without doubling anything."""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

import pytest

from facilitation.phases import ENVISIONING

pytestmark = pytest.mark.e2e

PHONES = 3
ACKS_BEFORE_KILL = 200


@dataclass
class Op:
    phone: int
    event: str
    payload: dict
    marker: str
    ack: dict | None = None


@dataclass
class Burst:
    """Changes sent by several phones at once; the main thread kills the server when enough are acked."""

    vision: dict
    ops: list[Op] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)
    killed: threading.Event = field(default_factory=threading.Event)
    refusals: list[dict] = field(default_factory=list)  # refused acks and exceptions: none expected

    def acked(self) -> list[Op]:
        return [op for op in self.ops if op.ack is not None]

    def unsure(self) -> list[Op]:
        """Sent, but the server died before answering: applied once or not at all."""
        return [op for op in self.ops if op.ack is None]


def next_op(n: int, k: int, vision: dict) -> Op:
    """Odd steps add a challenge; even steps append a word to the shared vision, on top of the text this
    phone last saw (so the others' edits since then must be merged in)."""
    marker = f"p{n}-{k:03d}"
    if k % 2:
        payload = {"kind": "challenge", "text": f"add {marker}"}
        event = "item:add"
    else:
        payload = {"item_id": vision["id"], "base_rev": vision["rev"],
                   "text": f"{vision['text']} edit-{marker}"}
        event = "item:edit"
    return Op(n, event, {**payload, "op_id": str(uuid.uuid4())}, marker)


def emit(phone, op: Op, burst: Burst) -> dict | None:
    """Send and wait for the acknowledgement, or give up once the server has been killed."""
    answered, box = threading.Event(), []
    phone.sio.emit(op.event, op.payload, callback=lambda ack: (box.append(ack), answered.set()))
    while not answered.wait(0.02):
        if burst.killed.is_set():
            return None
    return box[0]


def run_phone(n: int, phone, burst: Burst) -> None:
    try:
        send_until_enough(n, phone, burst)
    except Exception as error:
        if burst.enough.is_set():
            return  # a send that raced the kill: that op stays unsure, as it should
        burst.refusals.append({"phone": n, "exception": repr(error)})  # else the main thread waits in vain
        burst.enough.set()


def send_until_enough(n: int, phone, burst: Burst) -> None:
    vision = burst.vision
    for k in range(10_000):
        if burst.enough.is_set():
            return
        op = next_op(n, k, vision)
        with burst.lock:
            burst.ops.append(op)
        ack = emit(phone, op, burst)
        if ack is None:
            return
        if not ack["ok"]:
            burst.refusals.append(ack)
            burst.enough.set()
            return
        with burst.lock:
            op.ack = ack
            if len(burst.acked()) >= ACKS_BEFORE_KILL:
                burst.enough.set()
        if op.event == "item:edit":
            vision = ack["item"]


def check_exactly_once(items: list[dict], vision_id: int, must: list[Op], may: list[Op]) -> dict:
    """Every op in `must` is in the arena exactly once, every op in `may` at most once; returns the vision."""
    vision = next(item for item in items if item["id"] == vision_id)
    added = [item["text"] for item in items if item["kind"] == "challenge"]
    for op in must + may:
        if op.event == "item:add":
            found = added.count(f"add {op.marker}")
        else:
            found = vision["text"].split().count(f"edit-{op.marker}")
        limit_ok = found == 1 if any(op is m for m in must) else found <= 1
        assert limit_ok, (op, found, vision["text"])
    # Every accepted edit appended a word, so the revisions count exactly the edits that are there.
    assert vision["rev"] == 1 + vision["text"].count(" edit-p"), vision
    return vision


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_acknowledged_changes_survive_sigkill_exactly_once(seeded, backend):
    # The per-phone rate limit is set for people typing; this burst is a machine's, so it is lifted.
    deployment = seeded(backend, EVENT_RATE="1000", EVENT_BURST="1000")
    server, code = deployment.server, deployment.code
    server.start()
    facilitator = server.connect(join_code=code, token=deployment.token)
    assert facilitator.call("phase:set", {"phase": ENVISIONING})["ok"]
    ack = facilitator.call("item:add", {"kind": "vision", "text": "In 2050 our city",
                                        "op_id": str(uuid.uuid4())})
    burst = Burst(ack["item"])
    phones = [server.connect(join_code=code, name=f"Phone {n}") for n in range(PHONES)]
    identities = [phone.state["me"] for phone in phones]

    threads = [threading.Thread(target=run_phone, args=(n, phone, burst), daemon=True)
               for n, phone in enumerate(phones)]
    for thread in threads:
        thread.start()
    assert burst.enough.wait(60), server.output()
    server.kill()
    burst.killed.set()
    for thread in threads:
        thread.join(10)
    assert not burst.refusals, burst.refusals
    acked = burst.acked()
    assert len(acked) >= ACKS_BEFORE_KILL
    assert {op.phone for op in acked} == set(range(PHONES))

    server.close_clients()
    server.start()
    items = server.connect(join_code=code, token=deployment.token).state["items"]
    vision = check_exactly_once(items, burst.vision["id"], acked, burst.unsure())

    # Each phone comes back as itself and resends: its last acknowledged ops, and everything unanswered.
    again = [server.connect(join_code=code, participant_token=me["participant_token"]) for me in identities]
    for n, phone in enumerate(again):
        me = phone.state["me"]
        assert (me["participant_id"], me["role"]) == (identities[n]["participant_id"], "participant")
        adds = [op for op in acked if op.phone == n and op.event == "item:add"]
        edits = [op for op in acked if op.phone == n and op.event == "item:edit"]
        for op in adds[-2:] + edits[-2:]:
            assert phone.call(op.event, op.payload) == op.ack, op
    for op in burst.unsure():
        ack = again[op.phone].call(op.event, op.payload)
        assert ack["ok"], (op, ack)
        op.ack = ack

    items = again[0].call("arena:sync")["state"]["items"]
    resent = check_exactly_once(items, burst.vision["id"], burst.acked(), [])
    assert "Traceback" not in server.output(), server.output()
    words = vision["text"].split()
    assert resent["rev"] == vision["rev"] + sum(op.event == "item:edit" and f"edit-{op.marker}" not in words
                                                for op in burst.ops)
