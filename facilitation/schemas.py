"""What a client may send, and the error codes it gets back.

Every payload from a phone is parsed here before any command sees it: wrong shapes, hostile strings and
oversized input are refused with a code from ERROR_CODES and nothing is written.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Callable, Literal, Optional, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from .phases import PHASES

ERROR_CODES = ("unauthorized", "forbidden", "not_found", "invalid", "too_long", "rate_limited", "locked",
               # Not a refusal: the server could not save the change now (database down); resend later.
               "unavailable")

LANGUAGES = ("nl", "fr", "de", "nb", "es", "en")
LANGUAGE_ALIASES = {"no": "nb", "nn": "nb"}

# Limits that hold for every payload, whatever its kind (the per-kind text limits are in phases.KINDS).
MAX_TEXT = 10_000          # no kind allows more; the per-kind limit is checked by the command
MAX_FIELD_TEXT = 200       # a field such as an owner or an indicator
MAX_NAME = 80
MAX_DEPTH = 6              # nesting of objects and arrays in one payload
MAX_STRING_CHARS = 20_000  # all strings of one payload together
MAX_ID = 2**31 - 1         # ids are 32-bit integers in the database

# Control characters other than tab and newline would corrupt the PDF or be refused by PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Phrase:
    """A sentence for a person, kept as an English template with %(name)s marks and its values.

    Rendered in each reader's language by the app (pybabel extracts the template: babel.cfg, setup.cfg).
    A value that is itself a Phrase (or a CommandError) is rendered in the same language.
    """

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params

    def render(self, translate: Optional[Callable[[str], str]] = None) -> str:
        """The text in the language of `translate`, a gettext (English without one)."""
        text = translate(self.template) if translate else self.template
        if not self.params:
            return text
        return text % {name: value.render(translate) if hasattr(value, "render") else value
                       for name, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()


class CommandError(Exception):
    """A refusal: carries the error code and a message meant for the person in the room.

    The message is a Phrase: an English template and its values, e.g.
    `CommandError("too_long", "This text can have at most %(limit)s characters.", limit=500)`.
    `message` is the English text; `render(translate)` the text in the language of that gettext.
    """

    def __init__(self, code: str, template: str, **params: Any) -> None:
        assert code in ERROR_CODES, code
        self.code = code
        self.phrase = Phrase(template, **params)
        self.template = template
        self.params = params
        self.message = self.phrase.render()
        super().__init__(self.message)

    def render(self, translate: Optional[Callable[[str], str]] = None) -> str:
        """The message in the language of `translate`, a gettext (English without one)."""
        return self.phrase.render(translate)

    def as_ack(self, translate: Optional[Callable[[str], str]] = None) -> dict[str, Any]:
        return {"ok": False, "error": {"code": self.code, "message": self.render(translate)}}


def clean_text(value: str) -> str:
    """Drop control characters and refuse text that is not valid Unicode (lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode") from None
    return _CONTROL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


CleanStr = Annotated[str, pydantic.AfterValidator(clean_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
OpId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
FieldValue = Optional[int | str]


class Payload(BaseModel):
    # Strict: "3" is not an id and true is not 1. Unknown keys are ignored, for clients newer than us.
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class AddItem(Payload):
    kind: str = Field(max_length=20)
    text: CleanStr = Field(max_length=MAX_TEXT)
    parent_id: Optional[Id] = None
    fields: dict[Annotated[str, Field(max_length=40)], FieldValue] = Field(default_factory=dict, max_length=20)
    op_id: OpId


class EditItem(Payload):
    item_id: Id
    base_rev: Id
    text: CleanStr = Field(max_length=MAX_TEXT)
    fields: Optional[dict[Annotated[str, Field(max_length=40)], FieldValue]] = Field(default=None, max_length=20)
    op_id: OpId


class DeleteItem(Payload):
    item_id: Id
    op_id: OpId


def _one_dot(delta: int) -> int:
    if delta not in (1, -1):
        raise ValueError("delta must be 1 or -1")
    return delta


class VoteItem(Payload):
    item_id: Id
    # Not Literal[1, -1]: a Literal compares by equality, so it lets true through as 1.
    delta: Annotated[int, pydantic.AfterValidator(_one_dot)]
    op_id: OpId


class SetPhase(Payload):
    phase: Literal[PHASES]  # type: ignore[valid-type]


class Empty(Payload):
    pass


class ConnectAuth(Payload):
    """The auth object of a Socket.IO connection."""

    join_code: str = Field(min_length=1, max_length=16)
    name: Optional[CleanStr] = Field(default=None, max_length=MAX_NAME)
    lang: Optional[str] = Field(default=None, max_length=16)
    participant_token: Optional[str] = Field(default=None, max_length=128)
    token: Optional[str] = Field(default=None, max_length=128)
    view: Optional[Literal["screen"]] = None


class UpdateArena(Payload):
    """The facilitator's settings; a key left out is left as it is."""

    locked: Optional[bool] = None
    write_alone: Optional[bool] = None
    anonymous: Optional[bool] = None
    dot_budget: Optional[Annotated[int, Field(ge=0, le=50)]] = None
    open_kinds: Optional[list[Annotated[str, Field(max_length=20)]]] = Field(default=None, max_length=10)
    prompt: Optional[CleanStr] = Field(default=None, max_length=500)


class RevealItems(Payload):
    kind: Optional[str] = Field(default=None, max_length=20)


class HideItem(Payload):
    item_id: Id
    hidden: bool


class ClusterItem(Payload):
    item_id: Id
    cluster: Optional[CleanStr] = Field(default=None, max_length=80)


class LinkItems(Payload):
    source_id: Id
    target_id: Id


class StartTimer(Payload):
    seconds: Annotated[int, Field(ge=10, le=7200)]


class FocusBoard(Payload):
    kind: Optional[str] = Field(default=None, max_length=20)


class MeetingChanges(Payload):
    since_meeting: Optional[Annotated[int, Field(ge=1, le=10_000)]] = None


class UpdateMe(Payload):
    name: Optional[CleanStr] = Field(default=None, max_length=MAX_NAME)
    lang: Optional[str] = Field(default=None, max_length=16)


P = TypeVar("P", bound=Payload)


def normalise_lang(value: Optional[str]) -> Optional[str]:
    """A supported language code from what a client or browser says, or None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    code = LANGUAGE_ALIASES.get(code, code)
    return code if code in LANGUAGES else None


def _check_shape(payload: Any) -> None:
    """Refuse deep nesting and huge payloads before validation walks them."""
    stack = [(payload, 1)]
    chars = 0
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CommandError("invalid", "The message is nested too deeply.")
        if isinstance(value, dict):
            for key, child in value.items():
                chars += len(key) if isinstance(key, str) else 0
                stack.append((child, depth + 1))
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
        elif isinstance(value, str):
            chars += len(value)
        if chars > MAX_STRING_CHARS:
            raise CommandError("too_long", "The message is too long.")


def parse(schema: type[P], payload: Any) -> P:
    """The payload as a schema instance, or a CommandError with the code a client should see."""
    if payload is None and not schema.model_fields:
        payload = {}
    if not isinstance(payload, dict):
        raise CommandError("invalid", "The message must be an object.")
    _check_shape(payload)
    try:
        return schema.model_validate(payload)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        if any(e["type"] in ("string_too_long", "too_long") for e in errors):
            raise CommandError("too_long", "The text is too long.") from None
        first = errors[0]
        where = ".".join(str(p) for p in first["loc"]) or "message"
        raise CommandError("invalid", "Invalid %(where)s: %(detail)s.",
                           where=where, detail=first["msg"]) from None
