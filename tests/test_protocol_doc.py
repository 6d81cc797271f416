"""docs/protocol.md documents every event the server handles or sends, with payloads of the real shape."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from app.extensions import socketio
from app.realtime.handlers import COMMANDS
from facilitation import schemas
from facilitation.phases import BACKCASTING, ENVISIONING

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "protocol.md").read_text()
SECTION = re.compile(r"^### `([a-z:]+)`.*?$(.*?)(?=^### |^## |\Z)", re.S | re.M)
# Some names are both a request and the room event it causes (board:focus): keep the two parts apart.
CLIENT_PART, _, SERVER_PART = DOC.partition("## Server → room")
CLIENT_SECTIONS = {name: body for name, body in SECTION.findall(CLIENT_PART)}
SERVER_SECTIONS = {name: body for name, body in SECTION.findall(SERVER_PART)}
# Handlers that are part of Socket.IO itself, not events of ours.
BUILT_IN = {"connect", "disconnect", "*"}


def first_json(sections: dict[str, str], name: str, after: str = ""):
    """The first JSON example of an event's section (the first after a match of `after`)."""
    match = re.search(rf"{after}```json\n(.*?)```", sections[name], re.S)
    return json.loads(match.group(1)) if match else None


def documented_payload(name: str):
    return first_json(CLIENT_SECTIONS, name, after=r"Payload[^\n]*:\n")


def emitted_in_code() -> set[str]:
    names = set()
    for path in [*ROOT.glob("facilitation/*.py"), *ROOT.glob("app/realtime/*.py")]:
        source = path.read_text()
        names |= set(re.findall(r'Event\(\s*"([a-z:]+)"', source))
        names |= set(re.findall(r'socketio\.emit\(\s*"([a-z:]+)"', source))
    return names


def test_every_handled_event_is_documented(app):
    handled = set(socketio.server.handlers["/"]) - BUILT_IN
    assert handled >= set(COMMANDS) | {"arena:sync", "me:update"}
    missing = sorted(handled - set(CLIENT_SECTIONS))
    assert not missing, f"events without a section in docs/protocol.md: {missing}"


@pytest.mark.parametrize("event", sorted(COMMANDS))
def test_documented_payload_has_the_schema_fields(event):
    schema = COMMANDS[event][0]
    example = documented_payload(event)
    if not schema.model_fields:
        assert example is None or example == {}, event
        return
    assert example is not None, f"{event}: no payload example"
    assert set(example) == set(schema.model_fields), event
    schemas.parse(schema, example)  # the documented example is itself a valid payload


def test_every_sent_event_is_documented():
    missing = sorted(emitted_in_code() - set(SERVER_SECTIONS) - {"arena:state"})
    assert not missing, f"server events without a section in docs/protocol.md: {missing}"


def shape(value):
    """Keys all the way down (lists by their first element), values ignored."""
    if isinstance(value, dict):
        return {key: shape(child) for key, child in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def same_shape(documented, actual) -> bool:
    if isinstance(documented, dict) and isinstance(actual, dict):
        return documented.keys() == actual.keys() and all(
            same_shape(documented[k], actual[k]) for k in documented
            # "fields" and "dots" are open maps: their keys depend on the kind or the item.
            if k not in ("fields", "dots"))
    if isinstance(documented, list) and isinstance(actual, list):
        return not documented or not actual or same_shape(documented[0], actual[0])
    return True


def test_sent_payloads_match_the_documented_examples(connect, in_phase):
    """Trigger every room event and compare what a facilitator receives with the documented example."""
    in_phase(ENVISIONING)
    staff = connect("facilitator")
    phone = connect(name="Ann")
    challenge = phone.add("challenge", "Heat in summer")
    vision = phone.add("vision", "Shade everywhere", fields={"horizon": 2050})
    phone.send("item:edit", item_id=vision["id"], base_rev=1, text="Shade and water everywhere")
    phone.send("item:vote", item_id=challenge["id"], delta=1)
    phone.send("me:update", {"name": "Anna"})
    helper = connect("organiser")
    helper.send("arena:update", {"write_alone": True})
    pending = phone.add("challenge", "Noise at night")
    helper.send("items:reveal", {})
    helper.send("item:hide", {"item_id": pending["id"], "hidden": False})
    helper.send("item:cluster", {"item_id": challenge["id"], "cluster": "Climate"})
    helper.send("item:link", {"source_id": vision["id"], "target_id": challenge["id"]})
    helper.send("item:unlink", {"source_id": vision["id"], "target_id": challenge["id"]})
    helper.send("timer:start", {"seconds": 60})
    helper.send("board:focus", {"kind": "vision"})
    helper.send("meeting:start", {})
    helper.send("phase:set", {"phase": BACKCASTING})
    helper.send("item:delete", item_id=challenge["id"])
    time.sleep(0.1)  # presence is sent from a background task

    received = {}
    for message in staff.received + staff.client.get_received():
        received.setdefault(message["name"], message["args"][0])
    expected = emitted_in_code() | {"arena:state"}
    assert expected <= set(received), sorted(expected - set(received))
    for name in expected:
        documented = first_json(SERVER_SECTIONS if name in SERVER_SECTIONS else CLIENT_SECTIONS, name)
        assert documented is not None, f"{name}: no JSON example"
        assert same_shape(shape(documented), shape(received[name])), (name, received[name])
