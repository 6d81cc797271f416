"""Hostile input for every event: each gets {"ok": false, "error": {code, message}} with the right code,
writes nothing, broadcasts nothing, and leaves the connection up. A fuzz test backs the list up."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.phases import ENVISIONING

from .support import ERROR_CODES, assert_refused, counts, room_events, set_arena, snapshot

NOTHING = object()  # emit the event with no argument at all
BIG = 2**31
OP = {"op_id": "hostile-op"}


@pytest.fixture
def b(connect, in_phase, world):
    in_phase(ENVISIONING)
    set_arena(world.other_arena_id, phase=ENVISIONING)
    phone, staff = connect(name="Ann"), connect("facilitator")
    foreign = connect(code=world.other_code, name="Sam").add("vision", "Elsewhere")
    return SimpleNamespace(
        phone=phone, staff=staff, watcher=connect(name="Wes"),
        c=phone.add("challenge", "Mine")["id"], v=phone.add("vision", "Ours")["id"],
        p=staff.add("pathway", "A pathway")["id"], foreign=foreign["id"])


def add(**fields):
    return lambda b: {"kind": "challenge", "text": "A challenge", **OP, **fields}


def edit(**fields):
    return lambda b: {"item_id": b.v, "base_rev": 1, "text": "Ours, edited", **OP, **fields}


def delete(**fields):
    return lambda b: {"item_id": b.c, **OP, **fields}


def vote(**fields):
    return lambda b: {"item_id": b.v, "delta": 1, **OP, **fields}


def without(build, key):
    return lambda b: {k: v for k, v in build(b).items() if k != key}


def deep(levels: int):
    value: object = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


# (case id, role, event, payload builder, expected code)
CASES = [
    *[(f"{e}-{name}", "phone", e, (lambda raw: lambda b: raw)(raw), "invalid")
      for e in ("item:add", "item:edit", "item:delete", "item:vote", "phase:set")
      for name, raw in (("string", "hello"), ("number", 42), ("list", [1, 2]), ("null", None),
                        ("none at all", NOTHING), ("empty object", {}))],
    # item:add
    ("add-no-kind", "phone", "item:add", without(add(), "kind"), "invalid"),
    ("add-no-text", "phone", "item:add", without(add(), "text"), "invalid"),
    ("add-no-op-id", "phone", "item:add", without(add(), "op_id"), "invalid"),
    ("add-kind-number", "phone", "item:add", add(kind=3), "invalid"),
    ("add-kind-list", "phone", "item:add", add(kind=["challenge"]), "invalid"),
    ("add-kind-unknown", "phone", "item:add", add(kind="dragon"), "invalid"),
    ("add-text-number", "phone", "item:add", add(text=5), "invalid"),
    ("add-text-null", "phone", "item:add", add(text=None), "invalid"),
    ("add-text-object", "phone", "item:add", add(text={"a": 1}), "invalid"),
    ("add-text-blank", "phone", "item:add", add(text="   \n "), "invalid"),
    ("add-text-only-controls", "phone", "item:add", add(text="\x00\x01\x7f"), "invalid"),
    ("add-lone-surrogate", "phone", "item:add", add(text="abc\ud800"), "invalid"),
    ("add-challenge-too-long", "phone", "item:add", add(text="x" * 501), "too_long"),
    ("add-vision-too-long", "phone", "item:add", add(kind="vision", text="x" * 4001), "too_long"),
    ("add-text-over-schema", "phone", "item:add", add(text="x" * 10_001), "too_long"),
    ("add-payload-over-limit", "phone", "item:add", add(fields={"cluster": "x" * 20_001}), "too_long"),
    ("add-parent-string", "phone", "item:add", lambda b: add(parent_id=str(b.v))(b), "invalid"),
    ("add-parent-bool", "phone", "item:add", add(parent_id=True), "invalid"),
    ("add-parent-float", "phone", "item:add", add(parent_id=1.0), "invalid"),
    ("add-parent-zero", "phone", "item:add", add(parent_id=0), "invalid"),
    ("add-parent-huge", "phone", "item:add", add(parent_id=BIG), "invalid"),
    ("add-parent-unknown", "phone", "item:add", add(parent_id=BIG - 1), "not_found"),
    ("add-parent-foreign", "phone", "item:add", lambda b: add(parent_id=b.foreign)(b), "not_found"),
    ("add-challenge-under-vision", "phone", "item:add", lambda b: add(parent_id=b.v)(b), "invalid"),
    ("add-fields-string", "phone", "item:add", add(fields="cluster"), "invalid"),
    ("add-fields-list", "phone", "item:add", add(fields=["cluster"]), "invalid"),
    ("add-fields-unknown-key", "phone", "item:add", add(fields={"owner": "me"}), "invalid"),
    ("add-fields-wrong-type", "phone", "item:add", add(fields={"cluster": 5}), "invalid"),
    ("add-field-too-long", "phone", "item:add", add(fields={"cluster": "x" * 201}), "too_long"),
    ("add-deep-nesting", "phone", "item:add", add(fields=deep(8)), "invalid"),
    ("add-year-too-late", "phone", "item:add", add(kind="vision", fields={"horizon": 3000}), "invalid"),
    ("add-year-string", "phone", "item:add", add(kind="vision", fields={"horizon": "2050"}), "invalid"),
    ("add-year-bool", "phone", "item:add", add(kind="vision", fields={"horizon": True}), "invalid"),
    ("add-year-float", "phone", "item:add", add(kind="vision", fields={"horizon": 2050.5}), "invalid"),
    ("add-op-id-empty", "phone", "item:add", add(op_id=""), "invalid"),
    ("add-op-id-spaces", "phone", "item:add", add(op_id="a b"), "invalid"),
    ("add-op-id-number", "phone", "item:add", add(op_id=7), "invalid"),
    ("add-op-id-too-long", "phone", "item:add", add(op_id="x" * 65), "too_long"),
    ("add-milestone-no-parent", "staff", "item:add", add(kind="milestone"), "invalid"),
    ("add-milestone-under-vision", "staff", "item:add", lambda b: add(kind="milestone", parent_id=b.v)(b),
     "invalid"),
    ("add-action-under-challenge", "staff", "item:add", lambda b: add(kind="action", parent_id=b.c)(b),
     "invalid"),
    ("add-milestone-bad-year", "staff", "item:add",
     lambda b: add(kind="milestone", parent_id=b.p, fields={"year": 1200})(b), "invalid"),
    ("add-experiment-bad-status", "staff", "item:add",
     add(kind="experiment", fields={"status": "maybe"}), "invalid"),
    # item:edit
    ("edit-no-item", "phone", "item:edit", without(edit(), "item_id"), "invalid"),
    ("edit-no-base-rev", "phone", "item:edit", without(edit(), "base_rev"), "invalid"),
    ("edit-no-text", "phone", "item:edit", without(edit(), "text"), "invalid"),
    ("edit-id-string", "phone", "item:edit", lambda b: edit(item_id=str(b.v))(b), "invalid"),
    ("edit-id-bool", "phone", "item:edit", edit(item_id=True), "invalid"),
    ("edit-id-list", "phone", "item:edit", lambda b: edit(item_id=[b.v])(b), "invalid"),
    ("edit-id-null", "phone", "item:edit", edit(item_id=None), "invalid"),
    ("edit-id-huge", "phone", "item:edit", edit(item_id=BIG), "invalid"),
    ("edit-id-negative", "phone", "item:edit", edit(item_id=-1), "invalid"),
    ("edit-id-unknown", "phone", "item:edit", edit(item_id=BIG - 1), "not_found"),
    ("edit-id-foreign", "phone", "item:edit", lambda b: edit(item_id=b.foreign)(b), "not_found"),
    ("edit-base-rev-ahead", "phone", "item:edit", edit(base_rev=2), "invalid"),
    ("edit-base-rev-float", "phone", "item:edit", edit(base_rev=1.0), "invalid"),
    ("edit-base-rev-huge", "phone", "item:edit", edit(base_rev=BIG), "invalid"),
    ("edit-text-null", "phone", "item:edit", edit(text=None), "invalid"),
    ("edit-lone-surrogate", "phone", "item:edit", edit(text="\udfff"), "invalid"),
    ("edit-too-long", "phone", "item:edit", edit(text="x" * 4001), "too_long"),
    ("edit-own-kind-too-long", "phone", "item:edit", lambda b: edit(item_id=b.c, text="x" * 501)(b),
     "too_long"),
    ("edit-fields-unknown", "phone", "item:edit", edit(fields={"owner": "me"}), "invalid"),
    ("edit-fields-bad-year", "phone", "item:edit", edit(fields={"horizon": 99999}), "invalid"),
    ("edit-deep-nesting", "phone", "item:edit", edit(fields=deep(7)), "invalid"),
    # item:delete
    ("delete-no-item", "phone", "item:delete", without(delete(), "item_id"), "invalid"),
    ("delete-no-op-id", "phone", "item:delete", without(delete(), "op_id"), "invalid"),
    ("delete-id-string", "phone", "item:delete", delete(item_id="all"), "invalid"),
    ("delete-id-float", "phone", "item:delete", delete(item_id=1.5), "invalid"),
    ("delete-id-huge", "phone", "item:delete", delete(item_id=2**63), "invalid"),
    ("delete-id-unknown", "phone", "item:delete", delete(item_id=BIG - 1), "not_found"),
    ("delete-id-foreign", "phone", "item:delete", lambda b: delete(item_id=b.foreign)(b), "not_found"),
    # item:vote
    ("vote-no-delta", "phone", "item:vote", without(vote(), "delta"), "invalid"),
    ("vote-delta-two", "phone", "item:vote", vote(delta=2), "invalid"),
    ("vote-delta-zero", "phone", "item:vote", vote(delta=0), "invalid"),
    ("vote-delta-string", "phone", "item:vote", vote(delta="1"), "invalid"),
    ("vote-delta-bool", "phone", "item:vote", vote(delta=True), "invalid"),
    ("vote-delta-float", "phone", "item:vote", vote(delta=1.0), "invalid"),
    ("vote-delta-null", "phone", "item:vote", vote(delta=None), "invalid"),
    ("vote-id-huge", "phone", "item:vote", vote(item_id=BIG), "invalid"),
    ("vote-id-unknown", "phone", "item:vote", vote(item_id=BIG - 1), "not_found"),
    ("vote-id-foreign", "phone", "item:vote", lambda b: vote(item_id=b.foreign)(b), "not_found"),
    ("vote-take-back-none", "phone", "item:vote", vote(delta=-1), "invalid"),
    # phase:set
    ("phase-unknown", "staff", "phase:set", lambda b: {"phase": "utopia"}, "invalid"),
    ("phase-number", "staff", "phase:set", lambda b: {"phase": 2}, "invalid"),
    ("phase-null", "staff", "phase:set", lambda b: {"phase": None}, "invalid"),
    ("phase-list", "staff", "phase:set", lambda b: {"phase": [ENVISIONING]}, "invalid"),
    # events that do not exist, or that name Socket.IO's own connection events
    *[(f"unknown-{name}", "phone", name, lambda b: {}, "invalid")
      for name in ("item:explode", "admin:drop", "x" * 300, "connect", "disconnect")],
]


def emit(phone, event: str, payload):
    if payload is NOTHING:
        return phone.client.emit(event, callback=True)
    return phone.client.emit(event, payload, callback=True)


@pytest.mark.parametrize("role, event, build, code", [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_hostile_payload_is_refused_and_changes_nothing(b, role, event, build, code):
    phone = getattr(b, role)
    before, seen = snapshot(), len(room_events(b.watcher))
    assert_refused(emit(phone, event, build(b)), code)
    assert snapshot() == before, "a refusal writes nothing"
    assert room_events(b.watcher)[seen:] == [], "a refusal broadcasts nothing"
    assert phone.client.is_connected()
    follow_up = phone.send("item:add", kind="challenge", text="Still here")
    assert follow_up["ok"] is True, "the connection still works"
    assert phone.send("arena:sync")["state"]["me"]["participant_id"] == phone.me["participant_id"]


def test_control_characters_are_dropped_and_newlines_kept(b):
    item = b.phone.add("challenge", "Line one\r\nLine\x00 two\x1b\tend")
    assert item["text"] == "Line one\nLine two\tend"


def test_unknown_top_level_keys_are_ignored(b):
    ack = b.phone.send("item:add", kind="challenge", text="Fine", future_key={"x": 1}, author_id=999)
    assert ack["ok"] is True and ack["item"]["author"]["participant_id"] == b.phone.me["participant_id"]


# ------------------------------------------------------------------------------------------------ fuzz

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**40, max_value=2**40) | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=12)
TEXT = st.text(max_size=600).map(lambda text: "t" + text)
FIELDS = st.dictionaries(st.sampled_from(["cluster", "horizon", "year", "owner"]),
                         st.integers(1890, 2210) | st.text(max_size=20), max_size=2)
IDS = st.sampled_from(["c", "v", "p", "foreign"]) | st.integers(min_value=-5, max_value=2**32)
VALID = {
    "item:add": st.fixed_dictionaries({"kind": st.sampled_from(["challenge", "vision", "milestone", "x"]),
                                       "text": TEXT, "op_id": st.uuids().map(str)},
                                      optional={"parent_id": IDS, "fields": FIELDS}),
    "item:edit": st.fixed_dictionaries({"item_id": IDS, "base_rev": st.integers(0, 3),
                                        "text": TEXT, "op_id": st.uuids().map(str)},
                                       optional={"fields": FIELDS}),
    "item:delete": st.fixed_dictionaries({"item_id": IDS, "op_id": st.uuids().map(str)}),
    "item:vote": st.fixed_dictionaries({"item_id": IDS, "delta": st.sampled_from([1, -1, 0, True, 1.0]),
                                        "op_id": st.uuids().map(str)}),
    "phase:set": st.fixed_dictionaries({"phase": st.sampled_from([ENVISIONING, "utopia", 1, None])}),
    "arena:sync": st.just({}),
}


def mutated(event: str):
    """A valid-looking payload, or one with a key's value replaced by arbitrary JSON, or any JSON at all."""
    def replace(payload, data):
        if payload:
            key = data.draw(st.sampled_from(sorted(payload)))
            payload = {**payload, key: data.draw(JSON)}
        return payload
    return st.one_of(VALID[event], st.builds(replace, VALID[event], st.data()), JSON)


@pytest.mark.parametrize("event", list(VALID))
def test_fuzz_every_event(b, event):
    phones = {"phone": b.phone, "staff": b.staff}

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(payload=mutated(event), who=st.sampled_from(sorted(phones)))
    def run(payload, who):
        if isinstance(payload, dict) and isinstance(payload.get("item_id"), str):
            payload = {**payload, "item_id": getattr(b, payload["item_id"], payload["item_id"])}
        before = counts()
        ack = phones[who].client.emit(event, payload, callback=True)
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
        if ack["ok"]:
            assert "error" not in ack
        else:
            assert ack["error"]["code"] in ERROR_CODES, ack
            assert isinstance(ack["error"]["message"], str)
            assert counts() == before, (payload, ack)
        assert phones[who].client.is_connected()

    run()
    assert b.phone.send("arena:sync")["ok"] is True
