"""Two server processes sharing Redis and PostgreSQL, phones connected to each as sticky sessions place
them (issue 5): everything a phone on one process does reaches the phones on the other, presence counts
both, and another arena on the same processes hears nothing of it."""
from __future__ import annotations

import threading
import uuid

import pytest

from facilitation.phases import BACKCASTING, ENVISIONING

pytestmark = pytest.mark.e2e


def op(**payload) -> dict:
    return {**payload, "op_id": str(uuid.uuid4())}


def online(participants: list[dict]) -> set[int]:
    return {person["participant_id"] for person in participants if person["online"]}


def test_two_processes_serve_one_arena(cluster):
    a, b = cluster.server(), cluster.server()
    city, other = cluster.arena("Energy arena"), cluster.arena("Another city's arena")
    facilitator = a.connect(join_code=city.code, token=city.token)
    ann = a.connect(join_code=city.code, name="Ann")
    bob = b.connect(join_code=city.code, name="Bob")
    cleo = b.connect(join_code=city.code, name="Cleo")
    stranger = b.connect(join_code=other.code, name="Stranger")
    phones = {"facilitator@A": facilitator, "ann@A": ann, "bob@B": bob, "cleo@B": cleo}
    everyone = {phone.state["me"]["participant_id"] for phone in phones.values()}

    # Presence: whichever process a phone is on, it sees everyone online, pushed and on request.
    for name, phone in phones.items():
        phone.wait_for("presence", where=lambda data: online(data["participants"]) >= everyone)
        assert online(phone.call("arena:sync")["state"]["participants"]) == everyone, name

    # A phase change made on A reaches every phone on both processes.
    assert facilitator.call("phase:set", {"phase": ENVISIONING})["ok"]
    for name in ("ann@A", "bob@B", "cleo@B"):
        assert phones[name].wait_for("phase:changed")[0] == {"phase": ENVISIONING}, name

    # A contribution on A reaches B, and one on B reaches A.
    from_a = ann.call("item:add", op(kind="challenge", text="Too many cars in the old town"))["item"]
    from_b = bob.call("item:add", op(kind="challenge", text="Heat waves in stone streets"))["item"]
    for sender, item in (("ann@A", from_a), ("bob@B", from_b)):
        for name, phone in phones.items():
            if name != sender:  # the sender has its acknowledgement instead
                got = phone.wait_for("item:added", where=lambda data: data["item"]["id"] == item["id"])
                assert got[0]["item"] == item, (sender, name)

    # The facilitator's timer, started on A, counts down on B's phones too.
    assert facilitator.call("timer:start", {"seconds": 300})["ok"]
    for name in ("ann@A", "bob@B", "cleo@B"):
        timer = phones[name].wait_for("timer", where=lambda data: data["running"])[0]
        assert timer["seconds"] == 300 and 295 <= timer["remaining"] <= 300, (name, timer)

    # Ann (on A) and Bob (on B) type into the same vision at once, both on top of revision 1.
    vision = facilitator.call("item:add", op(kind="vision", text="In 2050 our city"))["item"]
    edits = {"ann@A": (ann, "Green and quiet: in 2050 our city"), "bob@B": (bob, "In 2050 our city breathes")}
    acks: dict[str, dict] = {}
    barrier = threading.Barrier(len(edits))

    def type_in(name: str) -> None:
        phone, text = edits[name]
        barrier.wait(5)
        acks[name] = phone.call("item:edit", op(item_id=vision["id"], base_rev=vision["rev"], text=text))

    threads = [threading.Thread(target=type_in, args=(name,)) for name in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert all(ack["ok"] for ack in acks.values()), acks
    last = max((ack["item"] for ack in acks.values()), key=lambda item: item["rev"])
    assert last["rev"] == 3
    for word in ("Green and quiet:", "breathes", "2050 our city"):
        assert last["text"].count(word) == 1, last["text"]
    # Every phone ends on the same merged text, whichever process it is on.
    for name, phone in phones.items():
        if name in edits:
            assert acks[name]["item"] == last or phone.wait_for(
                "item:edited", where=lambda data: data["item"]["rev"] == 3)[0]["item"] == last, name
        else:
            edited = phone.wait_for("item:edited", where=lambda data: data["item"]["rev"] == 3)
            assert edited[0]["item"] == last, name
    states = {name: phone.call("arena:sync")["state"] for name, phone in phones.items()}
    assert len({repr(state["items"]) for state in states.values()}) == 1, states

    # The next phase, set on A, reaches B.
    assert facilitator.call("phase:set", {"phase": BACKCASTING})["ok"]
    for name in ("bob@B", "cleo@B"):
        phones[name].wait_for("phase:changed", where=lambda data: data["phase"] == BACKCASTING)

    # Isolation: another arena's phone on B heard nothing of all this, only its own arrival.
    assert {event for event, _ in stranger.received} <= {"arena:state", "presence"}, stranger.received
    mine = {stranger.state["me"]["participant_id"]}
    for data in stranger.events("presence"):
        assert {person["participant_id"] for person in data["participants"]} == mine, data
    assert stranger.call("arena:sync")["state"]["items"] == []
