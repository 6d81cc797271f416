"""CONTRACT.md's "Who may do what": open boards by phase, the lock, shared texts against own texts,
deleting one's own, the dot budget per board, staff rights, anonymity and item hierarchy."""
from __future__ import annotations

import pytest

from facilitation.phases import BACKCASTING, ENVISIONING, KINDS, PHASES, PREPARATION

from .support import assert_item, assert_refused, room_events, set_arena, snapshot

SHARED = ("principle", "vision", "pathway", "milestone", "action", "experiment", "lesson")
OWN = ("challenge", "actor", "trend")
FIELDS = {"milestone": {"year": 2035}, "vision": {"horizon": 2050},
          "action": {"owner": "City", "start": 2026},
          "experiment": {"lead": "Library", "status": "planned"}, "actor": {"role": "niche"}}


def payload(kind: str, parent_id: int | None = None) -> dict:
    data = {"kind": kind, "text": f"Our {kind}", "fields": FIELDS.get(kind, {})}
    if parent_id is not None:
        data["parent_id"] = parent_id
    return data


def test_shared_and_own_kinds_are_the_contract_lists():
    assert {k for k, spec in KINDS.items() if spec.shared} == set(SHARED)
    assert set(KINDS) == set(SHARED) | set(OWN)


@pytest.mark.parametrize("phase", PHASES)
def test_participants_add_only_the_kinds_the_phase_opens(connect, in_phase, phase):
    staff = connect("facilitator")
    pathway = staff.add("pathway", "A pathway for milestones")
    in_phase(phase)
    phone = connect(name="Ann")
    for kind in KINDS:
        before = snapshot()
        ack = phone.send("item:add", **payload(kind, pathway["id"] if kind == "milestone" else None))
        if KINDS[kind].phase == phase:
            assert ack["ok"] is True, (kind, ack)
            assert_item(ack["item"], kind=kind, fields=FIELDS.get(kind, {}))
        else:
            assert_refused(ack, "forbidden")
            assert snapshot() == before, kind


@pytest.mark.parametrize("role", ["facilitator", "organiser"])
@pytest.mark.parametrize("phase", PHASES)
def test_staff_add_every_kind_in_every_phase(connect, in_phase, role, phase):
    in_phase(phase)
    staff = connect(role)
    pathway = staff.add("pathway", "A pathway")
    for kind in KINDS:
        item = staff.add(**payload(kind, pathway["id"] if kind == "milestone" else None))
        assert_item(item, kind=kind, author={"participant_id": staff.me["participant_id"],
                                             "name": "Femi" if role == "facilitator" else "Olga"})


@pytest.mark.parametrize("kind", list(KINDS))
def test_shared_kinds_are_co_written_and_the_others_are_their_authors(connect, in_phase, kind):
    staff = connect("facilitator")
    pathway = staff.add("pathway", "A pathway")
    in_phase(KINDS[kind].phase)
    author, peer = connect(name="Ann"), connect(name="Ben")
    item = author.add(**payload(kind, pathway["id"] if kind == "milestone" else None))
    before = snapshot()
    ack = peer.send("item:edit", item_id=item["id"], base_rev=1, text=item["text"] + " and more")
    if kind in SHARED:
        assert ack["ok"] is True and ack["item"]["text"] == "Our " + kind + " and more"
        assert ack["item"]["author"]["participant_id"] == author.me["participant_id"]
    else:
        assert_refused(ack, "forbidden")
        assert snapshot() == before
        assert author.send("item:edit", item_id=item["id"], base_rev=1, text="Ours, edited")["ok"]
    # Deleting is the author's alone, whatever the kind; the staff may delete anything.
    before = snapshot()
    assert_refused(peer.send("item:delete", item_id=item["id"]), "forbidden")
    assert snapshot() == before
    assert author.send("item:delete", item_id=item["id"])["ok"] is True
    other = author.add(**payload(kind, pathway["id"] if kind == "milestone" else None))
    assert staff.send("item:delete", item_id=other["id"])["ok"] is True


def test_staff_edit_and_delete_any_item(connect, in_phase):
    in_phase(ENVISIONING)
    author = connect(name="Ann")
    challenge = author.add("challenge", "Too much traffic")
    for role in ("facilitator", "organiser"):
        staff = connect(role)
        ack = staff.send("item:edit", item_id=challenge["id"], base_rev=challenge["rev"],
                         text=f"{role} wrote")
        assert ack["ok"] is True and ack["item"]["text"] == f"{role} wrote"
        challenge = ack["item"]
    assert connect("organiser").send("item:delete", item_id=challenge["id"])["ok"] is True


def test_lock_stops_participants_but_not_staff(connect, in_phase, world):
    in_phase(ENVISIONING)
    phone, watcher, staff = connect(name="Ann"), connect(name="Wes"), connect("facilitator")
    vision = phone.add("vision", "A green city")
    challenge = phone.add("challenge", "Heat in summer")
    set_arena(world.arena_id, locked=True)
    before, seen = snapshot(), len(room_events(watcher))
    assert_refused(phone.send("item:add", kind="challenge", text="Floods"), "locked")
    assert_refused(phone.send("item:edit", item_id=vision["id"], base_rev=1, text="A greener city"), "locked")
    assert_refused(phone.send("item:delete", item_id=challenge["id"]), "locked")
    assert snapshot() == before and room_events(watcher)[seen:] == []
    assert staff.send("item:add", kind="challenge", text="Floods")["ok"] is True
    assert staff.send("item:edit", item_id=vision["id"], base_rev=1, text="A greener city")["ok"] is True
    set_arena(world.arena_id, locked=False)
    assert phone.send("item:add", kind="challenge", text="Floods, again")["ok"] is True


def test_dot_budget_is_per_board(connect, in_phase, world):
    in_phase(ENVISIONING)
    set_arena(world.arena_id, dot_budget=2)
    staff, phone, peer = connect("facilitator"), connect(name="Ann"), connect(name="Ben")
    first, second, third = (staff.add("challenge", f"Challenge {n}") for n in (1, 2, 3))
    vision = staff.add("vision", "A vision")
    ack = phone.send("item:vote", item_id=first["id"], delta=1)
    assert ack["ok"] is True and ack["item"]["votes"] == 1
    assert phone.send("item:vote", item_id=first["id"], delta=1)["item"]["votes"] == 2
    before = snapshot()
    assert_refused(phone.send("item:vote", item_id=second["id"], delta=1), "forbidden")
    assert snapshot() == before
    # Another board has its own budget; another participant has their own dots.
    assert phone.send("item:vote", item_id=vision["id"], delta=1)["ok"] is True
    assert peer.send("item:vote", item_id=second["id"], delta=1)["ok"] is True
    # Taking a dot back frees it; taking back a dot one does not have is refused.
    assert phone.send("item:vote", item_id=first["id"], delta=-1)["item"]["votes"] == 1
    assert_refused(phone.send("item:vote", item_id=third["id"], delta=-1), "invalid")
    assert phone.send("item:vote", item_id=third["id"], delta=1)["item"]["votes"] == 1
    state = phone.send("arena:sync")["state"]
    votes = {i["id"]: i["votes"] for i in state["items"]}
    assert votes == {first["id"]: 1, second["id"]: 1, third["id"]: 1, vision["id"]: 1}


def test_anonymous_arena_withholds_authors_everywhere(connect, in_phase, world):
    in_phase(ENVISIONING)
    set_arena(world.arena_id, anonymous=True)
    phone, watcher = connect(name="Ann"), connect(name="Wes")
    item = phone.add("challenge", "Nobody knows who wrote this")
    assert item["author"] is None
    assert watcher.events("item:added")[-1]["item"]["author"] is None
    edited = phone.send("item:edit", item_id=item["id"], base_rev=1, text="Still nobody")["item"]
    assert edited["author"] is None
    assert all(i["author"] is None for i in watcher.send("arena:sync")["state"]["items"])
    # The author still knows their own items, and may still edit them.
    assert phone.send("arena:sync")["state"]["me"]["own_item_ids"] == [item["id"]]


def test_milestones_hang_under_pathways_and_actions_under_pathways_or_milestones(connect, in_phase):
    in_phase(BACKCASTING)
    phone = connect(name="Ann")
    pathway = phone.add("pathway", "Fewer cars")
    milestone = phone.add("milestone", "Half the streets", parent_id=pathway["id"], fields={"year": 2035})
    assert milestone["parent_id"] == pathway["id"] and milestone["fields"] == {"year": 2035}
    action = phone.add("action", "Close Main Street", parent_id=milestone["id"])
    assert action["parent_id"] == milestone["id"]
    assert phone.add("action", "Free buses")["parent_id"] is None
    # Deleting a pathway takes what hangs under it along.
    watcher = connect(name="Wes")
    assert phone.send("item:delete", item_id=pathway["id"])["ok"] is True
    gone = {e["item_id"] for e in watcher.events("item:deleted")}
    assert gone == {pathway["id"], milestone["id"], action["id"]}


def test_participants_may_not_set_the_phase_and_staff_may(connect, world):
    phone = connect(name="Ann")
    before = snapshot()
    assert_refused(phone.send("phase:set", phase=ENVISIONING), "forbidden")
    assert snapshot() == before
    for role, phase in (("facilitator", ENVISIONING), ("organiser", PREPARATION)):
        ack = connect(role).send("phase:set", phase=phase)
        assert ack["ok"] is True and ack["arena"]["phase"] == phase
    assert phone.events("phase:changed") == [{"phase": ENVISIONING}, {"phase": PREPARATION}]
