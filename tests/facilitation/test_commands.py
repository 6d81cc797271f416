"""The commands, driven with a plain session as a script or a worker would drive them."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitation import commands, controls, schemas
from facilitation.access import join_as_participant
from facilitation.models import Item, Link, Operation, Revision, Vote
from facilitation.phases import BACKCASTING, ENVISIONING, PREPARATION
from facilitation.schemas import CommandError

from .conftest import op


def revisions(session, item_id: int) -> list[tuple[int, str]]:
    query = sa.select(Revision.rev, Revision.text).where(Revision.item_id == item_id).order_by(Revision.rev)
    return [tuple(row) for row in session.execute(query).all()]


def test_an_edit_that_changes_the_text_adds_one_revision(room):
    room.phase(ENVISIONING)
    item = room.add(room.ann, "vision", "A city that breathes").ack["item"]
    first = room.edit(room.bob, item["id"], 1, "A green city that breathes").ack["item"]
    unchanged = room.edit(room.ann, item["id"], 2, "A green city that breathes").ack["item"]
    assert (first["rev"], unchanged["rev"]) == (2, 2)
    assert revisions(room.session, item["id"]) == [
        (1, "A city that breathes"), (2, "A green city that breathes")]


def test_two_edits_from_one_base_both_keep_their_words(room):
    room.phase(ENVISIONING)
    item = room.add(room.ann, "vision", "In 2050 the city runs on sun").ack["item"]
    room.edit(room.ann, item["id"], 1, "In 2050 the whole city runs on sun")
    merged = room.edit(room.bob, item["id"], 1, "In 2050 the city runs on sun and wind").ack["item"]
    assert merged["text"] == "In 2050 the whole city runs on sun and wind"
    assert merged["rev"] == 3
    assert [rev for rev, _ in revisions(room.session, item["id"])] == [1, 2, 3]


@pytest.mark.parametrize("base_rev, code", [(5, "invalid")])
def test_a_base_rev_from_the_future_is_refused(room, base_rev, code):
    room.phase(ENVISIONING)
    item = room.add(room.ann, "vision", "Clean air").ack["item"]
    with pytest.raises(CommandError) as refused:
        room.edit(room.bob, item["id"], base_rev, "Clean air for all")
    assert refused.value.code == code
    assert room.session.get(Item, item["id"]).text == "Clean air"


def test_delete_takes_the_milestones_of_a_pathway_and_refunds_their_dots(room):
    room.phase(BACKCASTING)
    pathway = room.add(room.ann, "pathway", "Renovate every home").ack["item"]
    milestone = room.add(room.bob, "milestone", "Half the homes", parent_id=pathway["id"],
                         fields={"year": 2035}).ack["item"]
    other = room.add(room.bob, "milestone", "A second pathway's step", parent_id=room.add(
        room.bob, "pathway", "Heat networks").ack["item"]["id"]).ack["item"]
    for _ in range(3):
        room.vote(room.bob, milestone["id"])
    with pytest.raises(CommandError) as spent:
        room.vote(room.bob, other["id"])
    assert spent.value.code == "forbidden"

    outcome = room.delete(room.ann, pathway["id"])
    assert {e.payload["item_id"] for e in outcome.events} == {pathway["id"], milestone["id"]}
    assert room.session.scalars(sa.select(Vote).where(Vote.item_id == milestone["id"])).all() == []
    assert room.session.get(Item, milestone["id"]).deleted_at is not None
    assert room.vote(room.bob, other["id"]).ack["dots_left"] == 2


def test_only_its_author_deletes_a_participants_item(room):
    room.phase(ENVISIONING)
    item = room.add(room.ann, "challenge", "Traffic noise").ack["item"]
    with pytest.raises(CommandError) as refused:
        room.delete(room.bob, item["id"])
    assert refused.value.code == "forbidden"
    room.delete(room.staff, item["id"])
    assert room.session.get(Item, item["id"]).deleted_at is not None


def test_each_board_has_its_own_dot_budget(room):
    room.phase(ENVISIONING)
    challenge = room.add(room.ann, "challenge", "Heat islands").ack["item"]
    vision = room.add(room.ann, "vision", "Shade on every street").ack["item"]
    acks = [room.vote(room.bob, challenge["id"]).ack for _ in range(3)]
    assert [a["dots_left"] for a in acks] == [2, 1, 0]
    assert acks[-1]["item"]["votes"] == 3
    with pytest.raises(CommandError) as spent:
        room.vote(room.bob, challenge["id"])
    assert spent.value.code == "forbidden"
    assert room.vote(room.bob, vision["id"]).ack["dots_left"] == 2
    taken_back = room.vote(room.bob, challenge["id"], -1).ack
    assert (taken_back["my_dots"], taken_back["dots_left"], taken_back["item"]["votes"]) == (2, 1, 2)
    with pytest.raises(CommandError) as nothing:
        room.vote(room.ann, challenge["id"], -1)
    assert nothing.value.code == "invalid"


def test_written_alone_items_reach_only_their_author(room):
    room.phase(ENVISIONING)
    controls.update_arena(room.session, room.staff, schemas.UpdateArena(write_alone=True))
    hidden = room.add(room.ann, "challenge", "Loneliness")
    assert hidden.events[0].visible_to == frozenset({room.ann.participant_id})
    with pytest.raises(CommandError) as unseen:
        room.vote(room.bob, hidden.ack["item"]["id"])
    assert unseen.value.code == "not_found"
    # The facilitator's own items are not held back.
    assert room.add(room.staff, "challenge", "Framing").events[0].visible_to is None
    revealed = controls.update_arena(room.session, room.staff, schemas.UpdateArena(write_alone=False))
    shown = [e for e in revealed.events if e.name == "items:revealed"]
    assert [i["text"] for i in shown[0].payload["items"]] == ["Loneliness"]
    assert room.vote(room.bob, hidden.ack["item"]["id"]).events[0].visible_to is None


def test_set_phase_opens_the_boards_of_the_new_phase(room):
    controls.update_arena(room.session, room.staff, schemas.UpdateArena(open_kinds=["actor"]))
    with pytest.raises(CommandError) as closed:
        room.add(room.ann, "trend", "Ageing population")
    assert closed.value.code == "forbidden"
    outcome = commands.set_phase(room.session, room.staff, schemas.SetPhase(phase=ENVISIONING))
    assert outcome.ack["arena"]["open_kinds"] == ["challenge", "principle", "vision"]
    assert [(e.name, e.payload) for e in outcome.events] == [("phase:changed", {"phase": ENVISIONING})]
    room.session.refresh(room.arena)
    assert room.arena.open_kinds is None
    assert commands.set_phase(room.session, room.staff, schemas.SetPhase(phase=ENVISIONING)).events == []
    with pytest.raises(CommandError) as forbidden:
        commands.set_phase(room.session, room.ann, schemas.SetPhase(phase=PREPARATION))
    assert forbidden.value.code == "forbidden"


@pytest.mark.parametrize("send", [
    lambda room, item, op_id: room.edit(room.bob, item["id"], 1, item["text"] + ", together", op_id),
    lambda room, item, op_id: room.vote(room.bob, item["id"], 1, op_id),
    lambda room, item, op_id: room.delete(room.staff, item["id"], op_id),
])
def test_a_resent_op_id_is_applied_once_and_answered_the_same(room, send):
    room.phase(ENVISIONING)
    item = room.add(room.ann, "vision", "Cycling first").ack["item"]
    version = room.session.get(type(room.arena), room.arena.id).version
    op_id = op()
    first = send(room, item, op_id)
    again = send(room, item, op_id)
    assert again.ack == first.ack
    assert first.events and again.events == []
    room.session.expire_all()
    stored = room.session.get(Item, item["id"])
    assert (stored.rev, stored.votes) in {(2, 0), (1, 1), (1, 0)}
    assert room.session.get(type(room.arena), room.arena.id).version == version + 1
    assert room.session.scalar(sa.select(sa.func.count()).select_from(Operation).where(
        Operation.op_id == op_id)) == 1


def test_an_op_id_reused_for_another_change_is_refused(room):
    room.phase(ENVISIONING)
    item = room.add(room.ann, "vision", "Cycling first").ack["item"]
    op_id = op()
    room.vote(room.bob, item["id"], 1, op_id)
    with pytest.raises(CommandError) as refused:
        room.edit(room.bob, item["id"], 1, "Walking first", op_id)
    assert refused.value.code == "invalid"


def test_op_ids_belong_to_their_participant(room):
    room.phase(ENVISIONING)
    op_id = op()
    mine = room.add(room.ann, "challenge", "Ann's", op_id=op_id).ack["item"]
    theirs = room.add(room.bob, "challenge", "Bob's", op_id=op_id).ack["item"]
    assert mine["id"] != theirs["id"]


@pytest.mark.parametrize("source, target, code", [
    ("pathway", "vision", None),
    ("vision", "pathway", "invalid"),
])
def test_link_items_follows_the_chain(room, source, target, code):
    room.phase(BACKCASTING)
    made = {kind: room.add(room.staff, kind, f"a {kind}").ack["item"]["id"] for kind in (source, target)}
    payload = schemas.LinkItems(source_id=made[source], target_id=made[target])
    if code:
        with pytest.raises(CommandError) as refused:
            controls.link_items(room.session, room.staff, payload)
        assert refused.value.code == code
        return
    assert [e.name for e in controls.link_items(room.session, room.staff, payload).events] == ["item:linked"]
    assert controls.link_items(room.session, room.staff, payload).events == []
    assert room.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 1
    with pytest.raises(CommandError) as forbidden:
        controls.link_items(room.session, room.ann, payload)
    assert forbidden.value.code == "forbidden"


@pytest.mark.parametrize("title, lang, code", [
    ("", None, "invalid"),
    ("x" * 201, None, "invalid"),
    ("Arena", "xx", "invalid"),
])
def test_create_arena_refuses_bad_settings(room, title, lang, code):
    with pytest.raises(CommandError) as refused:
        commands.create_arena(room.session, room.owner, title, lang=lang)
    assert refused.value.code == code


def test_create_arena_opens_the_first_meeting_in_the_first_phase(room):
    arena = commands.create_arena(room.session, room.owner, "  Water arena ", lang="no")
    assert (arena.title, arena.lang, arena.phase) == ("Water arena", "nb", PREPARATION)
    assert [m.number for m in arena.meetings] == [1]
    assert arena.join_code != room.arena.join_code and len(arena.join_code) == 6


def test_nobody_acts_on_an_arena_they_did_not_join(room):
    other = commands.create_arena(room.session, room.owner, "Other arena")
    stranger, _ = join_as_participant(room.session, other.join_code)
    room.phase(ENVISIONING)
    item = room.add(room.ann, "vision", "Ours").ack["item"]
    with pytest.raises(CommandError) as refused:
        room.edit(stranger, item["id"], 1, "Theirs")
    assert refused.value.code == "not_found"
