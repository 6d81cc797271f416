"""Faults under load, on two server processes: one process SIGKILLed (its phones move over and resend their
outboxes), and the Redis carrying the broadcasts killed and restarted. Nothing acknowledged is lost or
doubled, and every phone ends with the same arena."""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from facilitation.phases import ENVISIONING

from .outbox import OutboxPhone

pytestmark = [pytest.mark.e2e, pytest.mark.heavy]

PHONES = 20
WRITERS = 5
PACE = 0.1  # seconds between a writer's changes: a quick typist, under the 10 events/s limit


class Writers:
    """Phones writing continuously in threads until stopped: odd steps add a challenge, even steps append
    a word to the shared vision on top of the last version the phone saw."""

    def __init__(self, phones: list[OutboxPhone], vision: dict) -> None:
        self.phones = phones
        self.vision = vision
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True)
                        for n in range(len(phones))]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)
        assert not any(thread.is_alive() for thread in self.threads), "a writer is stuck"
        assert not self.errors, self.errors

    def acked(self) -> int:
        return sum(len(phone.done) for phone in self.phones)

    def wait_for_acks(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.acked() < count:
            assert time.monotonic() < deadline, f"only {self.acked()} of {count} changes acknowledged"
            assert not self.errors, self.errors
            time.sleep(0.05)

    def _run(self, n: int) -> None:
        phone, vision = self.phones[n], self.vision
        try:
            for k in range(100_000):
                if self.stop.is_set():
                    return
                marker = f"w{n}-{k:04d}"
                if k % 2:
                    phone.submit("item:add", {"kind": "challenge", "text": f"add {marker}"}, marker)
                else:
                    phone.submit("item:edit", {"item_id": vision["id"], "base_rev": vision["rev"],
                                               "text": f"{vision['text']} edit-{marker}"}, marker)
                phone.flush()
                last = phone.done[-1]
                if last.event == "item:edit":
                    vision = last.ack["item"]
                time.sleep(PACE)
        except Exception as error:  # reported by the main thread, which would otherwise wait on nothing
            self.errors.append(f"writer {n}: {error!r}")


def check_exactly_once(state: dict, vision_id: int, phones: list[OutboxPhone]) -> None:
    """Every acknowledged change is in the arena exactly once, and nothing else was written."""
    changes = [change for phone in phones for change in phone.done]
    vision = next(item for item in state["items"] if item["id"] == vision_id)
    added = [item["text"] for item in state["items"] if item["kind"] == "challenge"]
    words = vision["text"].split()
    for change in changes:
        if change.event == "item:add":
            assert added.count(f"add {change.marker}") == 1, change
        else:
            assert words.count(f"edit-{change.marker}") == 1, (change, vision["text"])
    assert len(added) == sum(change.event == "item:add" for change in changes)
    assert vision["rev"] == 1 + sum(change.event == "item:edit" for change in changes), vision


def comparable(state: dict) -> dict:
    """What every phone of the arena must agree on (the timer's remaining seconds depend on the moment)."""
    arena = {key: value for key, value in state["arena"].items() if key != "timer"}
    return {"arena": arena, "items": state["items"], "links": state["links"],
            "participants": state["participants"]}


def start_arena(cluster, servers) -> tuple:
    """An arena in the envisioning phase with a shared vision, and PHONES phones spread over the servers
    (phone n prefers server n mod 2 and falls back on the other, as a balancer would)."""
    arena = cluster.arena()
    facilitator = servers[0].connect(join_code=arena.code, token=arena.token)
    assert facilitator.call("phase:set", {"phase": ENVISIONING})["ok"]
    vision = facilitator.call("item:add", {"kind": "vision", "text": "In 2050 our city",
                                           "op_id": str(uuid.uuid4())})["item"]
    facilitator.close()
    phones = []
    for n in range(PHONES):
        order = servers[n % 2:] + servers[:n % 2]
        phone = OutboxPhone(lambda order=order: [server.url for server in order], arena.code, f"Phone {n}")
        phone.connect()
        phones.append(phone)
    return phones, vision


def test_sigkill_one_process_under_load(cluster):
    a, b = cluster.server(), cluster.server()
    phones, vision = start_arena(cluster, [a, b])
    on_a = [phone for phone in phones if phone.url == a.url]
    writers = Writers(phones[:WRITERS], vision)
    writers.start()
    try:
        writers.wait_for_acks(40)
        killed_at, acked_before = time.monotonic(), writers.acked()
        a.kill()
        writers.wait_for_acks(acked_before + 40)
        moved_after = time.monotonic() - killed_at
        a.start()  # systemd's Restart=always: the process comes back on its port
        writers.wait_for_acks(writers.acked() + 30)
    finally:
        writers.join()
    states = [phone.sync() for phone in phones]  # idle phones notice the drop here, and reconnect

    try:
        assert all(phone.reconnects >= 1 for phone in on_a), [phone.reconnects for phone in on_a]
        assert not [phone.refused for phone in phones if phone.refused]
        resent = sum(change.sends - 1 for phone in phones for change in phone.done)
        print(f"\n{writers.acked()} changes acknowledged; {len(on_a)} phones moved off the killed process; "
              f"40 more changes acknowledged {moved_after:.2f} s after the kill; {resent} resends")
        check_exactly_once(states[0], vision["id"], phones)
        assert all(comparable(state) == comparable(states[0]) for state in states)
        everyone = {phone.me["participant_id"] for phone in phones}
        assert everyone <= {p["participant_id"] for p in states[0]["participants"] if p["online"]}
    finally:
        for phone in phones:
            phone.close()


def test_redis_restart_under_load(cluster):
    a, b = cluster.server(), cluster.server()
    phones, vision = start_arena(cluster, [a, b])
    prober, listener = phones[WRITERS], phones[WRITERS + 1]  # on B, on A
    assert (prober.url, listener.url) == (b.url, a.url)
    writers = Writers(phones[:WRITERS], vision)
    writers.start()
    probes: dict[str, float] = {}  # marker → when its acknowledgement came
    try:
        writers.wait_for_acks(30)
        killed_at = time.monotonic()
        cluster.redis.kill()
        time.sleep(1.0)
        cluster.redis.start()
        restarted_at = time.monotonic()
        # One new change a quarter second from B, until one reaches a phone on A.
        deadline = restarted_at + 15
        while not delivered(listener, probes):
            assert time.monotonic() < deadline, f"no delivery after restarting\n{cluster.output()}"
            change = prober.submit("item:add", {"kind": "challenge", "text": f"probe {len(probes)}"},
                                   f"probe-{len(probes)}")
            prober.flush()
            probes[change.payload["text"]] = time.monotonic()
            time.sleep(0.25)
        resumed_at = time.monotonic()
        writers.wait_for_acks(writers.acked() + 20)
    finally:
        writers.join()
    first = min(sent for text, sent in probes.items() if text in delivered(listener, probes))
    print(f"\nRedis down for {restarted_at - killed_at:.2f} s; delivery from B to A resumed "
          f"{first - restarted_at:.2f} s after the restart ({resumed_at - killed_at:.2f} s without "
          f"delivery in all); {writers.acked()} changes acknowledged")
    assert first - restarted_at <= 5.0
    states = [phone.sync() for phone in phones]
    try:
        assert not [phone.refused for phone in phones if phone.refused]
        assert all(phone.reconnects == 0 for phone in phones)  # their connections to the servers held
        check_exactly_once({**states[0], "items": [item for item in states[0]["items"]
                                                   if not item["text"].startswith("probe")]},
                           vision["id"], phones[:WRITERS])
        assert len([item for item in states[0]["items"] if item["text"].startswith("probe")]) == len(probes)
        assert all(comparable(state) == comparable(states[0]) for state in states)
    finally:
        for phone in phones:
            phone.close()


def delivered(phone: OutboxPhone, probes: dict[str, float]) -> set[str]:
    """The probes' texts that reached this phone as item:added."""
    return {data["item"]["text"] for event, data in list(phone.received)
            if event == "item:added" and data["item"]["text"] in probes}
