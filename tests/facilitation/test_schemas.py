"""Payload parsing: every bad input becomes a CommandError with the code a client should see."""
from __future__ import annotations

import pytest

from facilitation import schemas
from facilitation.schemas import CommandError, parse


@pytest.mark.parametrize("schema, payload, code", [
    (schemas.AddItem, None, "invalid"),
    (schemas.AddItem, ["kind", "text"], "invalid"),
    (schemas.AddItem, {"kind": "vision", "text": "x"}, "invalid"),                      # no op_id
    (schemas.AddItem, {"kind": "vision", "text": 5, "op_id": "a"}, "invalid"),
    (schemas.AddItem, {"kind": "vision", "text": "x", "op_id": "bad id!"}, "invalid"),
    (schemas.AddItem, {"kind": "vision", "text": "x" * 10_001, "op_id": "a"}, "too_long"),
    (schemas.AddItem, {"kind": "vision", "text": "\ud800", "op_id": "a"}, "invalid"),  # lone surrogate
    (schemas.AddItem, {"kind": "vision", "text": "x", "op_id": "a", "fields": {"a": {"b": 1}}}, "invalid"),
    (schemas.EditItem, {"item_id": "3", "base_rev": 1, "text": "x", "op_id": "a"}, "invalid"),
    (schemas.EditItem, {"item_id": 0, "base_rev": 1, "text": "x", "op_id": "a"}, "invalid"),
    (schemas.EditItem, {"item_id": 2**31, "base_rev": 1, "text": "x", "op_id": "a"}, "invalid"),
    (schemas.VoteItem, {"item_id": 1, "delta": 2, "op_id": "a"}, "invalid"),
    (schemas.VoteItem, {"item_id": 1, "delta": True, "op_id": "a"}, "invalid"),
    (schemas.SetPhase, {"phase": "brainstorm"}, "invalid"),
    (schemas.AddItem, {"kind": "vision", "text": "x", "op_id": "a", "junk": ["y" * 9_000] * 3}, "too_long"),
    (schemas.AddItem, {"kind": "vision", "text": "x", "op_id": "a", "junk": [[[[[[["deep"]]]]]]]}, "invalid"),
])
def test_bad_payloads_get_their_code(schema, payload, code):
    with pytest.raises(CommandError) as refused:
        parse(schema, payload)
    assert refused.value.code == code
    assert refused.value.as_ack() == {"ok": False, "error": {"code": code, "message": refused.value.message}}


def test_a_good_payload_is_cleaned():
    payload = {"kind": "vision", "text": "a\x00b\r\nc 😀", "op_id": "1f-2:3", "extra": 1}
    parsed = parse(schemas.AddItem, payload)
    assert (parsed.text, parsed.fields, parsed.parent_id) == ("ab\nc 😀", {}, None)
    assert parse(schemas.Empty, None) == schemas.Empty()


@pytest.mark.parametrize("given, code", [("no", "nb"), ("nn", "nb"), ("fr-BE", "fr"), ("NL", "nl"),
                                         ("pt", None), ("", None), (None, None)])
def test_normalise_lang(given, code):
    assert schemas.normalise_lang(given) == code
