"""Two arenas side by side: nothing of one reaches the other, and its ids are unknown there."""
from __future__ import annotations

from facilitation.phases import ENVISIONING

from .support import assert_refused, set_arena, snapshot, wait_for


def test_two_arenas_share_nothing(connect, in_phase, world):
    in_phase(ENVISIONING)
    set_arena(world.other_arena_id, phase=ENVISIONING)
    here = [connect(name=f"Here {n}") for n in range(3)]
    there = [connect(code=world.other_code, name=f"There {n}") for n in range(3)]
    here_staff = connect("facilitator")

    mine = here[0].add("vision", "Here's vision")
    theirs = there[0].add("vision", "There's vision")
    assert here[0].send("item:edit", item_id=mine["id"], base_rev=1, text="Here's vision, edited")["ok"]
    assert here[1].send("item:vote", item_id=mine["id"], delta=1)["ok"]
    assert here[0].send("item:delete", item_id=here[0].add("challenge", "Gone soon")["id"])["ok"]
    assert here_staff.send("phase:set", phase="backcasting_pathways_agenda")["ok"]

    here_ids = {p.me["participant_id"] for p in here} | {here_staff.me["participant_id"]}
    there_ids = {p.me["participant_id"] for p in there}
    wait_for(lambda: all(p.events("presence") for p in here + there))
    for phone in there:
        names = [m["name"] for m in phone.received]
        assert "phase:changed" not in names
        for m in phone.received:
            text = repr(m["args"])
            assert "Here" not in text and "Gone soon" not in text, m
        for listing in phone.events("presence"):
            assert there_ids & {p["participant_id"] for p in listing["participants"]}
            assert not {p["participant_id"] for p in listing["participants"]} & here_ids
        state = phone.send("arena:sync")["state"]
        assert state["arena"]["id"] == world.other_arena_id
        assert [i["id"] for i in state["items"]] == [theirs["id"]]
        assert not {p["participant_id"] for p in state["participants"]} & here_ids
    for phone in here[1:]:
        added = [e["item"]["id"] for e in phone.events("item:added")]
        assert mine["id"] in added and theirs["id"] not in added


def test_ids_of_one_arena_are_not_found_from_the_other(connect, in_phase, world):
    in_phase(ENVISIONING)
    set_arena(world.other_arena_id, phase=ENVISIONING)
    mine = connect(name="Ann").add("vision", "Ours")
    for stranger in (connect(code=world.other_code, name="Sam"), ):
        before = snapshot()
        for event, payload in (("item:edit", {"item_id": mine["id"], "base_rev": 1, "text": "Theirs"}),
                               ("item:delete", {"item_id": mine["id"]}),
                               ("item:vote", {"item_id": mine["id"], "delta": 1}),
                               ("item:add", {"kind": "principle", "text": "Under theirs",
                                             "parent_id": mine["id"]})):
            assert_refused(stranger.send(event, op_id=f"x-{event}", **payload), "not_found")
        assert snapshot() == before
    # Their own facilitator cannot reach it either: staff rights end at their own arena.
    with_other_staff = connect("outsider", code=world.other_code)
    assert with_other_staff.me["role"] == "organiser"
    assert_refused(with_other_staff.send("item:delete", item_id=mine["id"]), "not_found")
    assert_refused(with_other_staff.send("item:edit", item_id=mine["id"], base_rev=1, text="x"), "not_found")


def test_an_account_of_another_arena_cannot_connect_here(connect):
    assert not connect("outsider").client.is_connected()
