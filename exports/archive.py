"""An arena as one JSON document, and back: to keep it, move it to another server, or start a new round.

`export_arena` writes everything the arena holds (settings, meetings, participants by name, items with
their revisions, votes and links), with the ids of the source. `import_arena` reads such a document into a
NEW arena owned by the importer, with a new join code and new ids, in one transaction: the file is parsed
with size limits, validated strictly (the limits of facilitation/schemas.py and phases.KINDS), every
reference is checked, and a bad file changes nothing. Secrets never travel: no participant tokens, no
accounts; the participant who was the organiser becomes the importer.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import IO, Annotated, Any, Literal, Optional, Union

import pydantic
import sqlalchemy as sa
import sqlalchemy.exc
import sqlalchemy.orm as so
from pydantic import BaseModel, ConfigDict, Field

from facilitation import commands, schemas
from facilitation.models import Arena, Item, Link, Meeting, Participant, Revision, User, Vote, utcnow
from facilitation.phases import CHAIN_LINKS, KINDS, PHASES
from facilitation.schemas import CleanStr, CommandError, Id, Phrase

FORMAT = "transition-arena"
VERSION = 1
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_PROMPT = 500  # as the facilitator's settings allow


# ------------------------------------------------------------------------------------------------ export

def _moment(value: Optional[datetime]) -> Optional[str]:
    """A stored (naive UTC) time as ISO 8601 with a Z, to the microsecond so a round trip keeps it."""
    return None if value is None else value.isoformat(timespec="microseconds") + "Z"


def export_arena(session: so.Session, arena: Arena) -> dict[str, Any]:
    """Everything the arena holds, as a JSON-ready dict that import_arena can restore."""
    participants = session.scalars(sa.select(Participant).where(Participant.arena_id == arena.id)
                                   .order_by(Participant.id)).all()
    items = session.scalars(sa.select(Item).where(Item.arena_id == arena.id).order_by(Item.id)).all()
    item_ids = [item.id for item in items]
    revisions = session.scalars(sa.select(Revision).where(Revision.item_id.in_(item_ids))
                                .order_by(Revision.item_id, Revision.rev)).all() if item_ids else []
    votes = session.scalars(sa.select(Vote).where(Vote.item_id.in_(item_ids))
                            .order_by(Vote.item_id, Vote.participant_id)).all() if item_ids else []
    links = session.scalars(sa.select(Link).where(Link.arena_id == arena.id).order_by(Link.id)).all()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _moment(utcnow()),
        "arena": {
            "id": arena.id, "title": arena.title, "city": arena.city, "lang": arena.lang,
            "join_code": arena.join_code, "phase": arena.phase, "vision_year": arena.vision_year,
            "anonymous": arena.anonymous, "locked": arena.locked, "write_alone": arena.write_alone,
            "dot_budget": arena.dot_budget, "open_kinds": arena.open_kinds, "prompt": arena.prompt,
            "focus_kind": arena.focus_kind, "version": arena.version, "created_at": _moment(arena.created_at),
        },
        "meetings": [{"id": m.id, "number": m.number, "started_at": _moment(m.started_at)}
                     for m in arena.meetings],
        "participants": [{
            "id": p.id, "name": p.name, "lang": p.lang, "organiser": p.user_id == arena.owner_id,
            "created_at": _moment(p.created_at), "last_seen_at": _moment(p.last_seen_at),
        } for p in participants],
        "items": [{
            "id": i.id, "kind": i.kind, "text": i.text, "rev": i.rev, "parent_id": i.parent_id,
            "fields": dict(i.fields or {}), "author_id": i.author_id, "meeting_id": i.meeting_id,
            "votes": i.votes, "pending_reveal": i.pending_reveal, "hidden": i.hidden,
            "deleted_at": _moment(i.deleted_at), "created_at": _moment(i.created_at),
            "updated_at": _moment(i.updated_at),
        } for i in items],
        "revisions": [{"item_id": r.item_id, "rev": r.rev, "text": r.text, "author_id": r.author_id,
                       "created_at": _moment(r.created_at)} for r in revisions],
        "votes": [{"item_id": v.item_id, "participant_id": v.participant_id, "dots": v.dots} for v in votes],
        "links": [{"source_id": link.source_id, "target_id": link.target_id,
                   "created_at": _moment(link.created_at)} for link in links],
    }


def export_json(session: so.Session, arena: Arena) -> str:
    """The export as JSON text (UTF-8 characters kept as they are, for people who open the file)."""
    return json.dumps(export_arena(session, arena), ensure_ascii=False, indent=1)


# ----------------------------------------------------------------------------------------------- schema

def _parse_moment(value: Any) -> datetime:
    """An ISO 8601 string as a naive UTC datetime (how the database stores times); nothing else."""
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("must be an ISO 8601 date and time")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


Moment = Annotated[datetime, pydantic.BeforeValidator(_parse_moment)]
Text = Annotated[CleanStr, Field(max_length=schemas.MAX_TEXT)]
Count = Annotated[int, Field(ge=0, le=10**6)]
KindName = Literal[tuple(KINDS)]  # type: ignore[valid-type]
Language = Literal[schemas.LANGUAGES]  # type: ignore[valid-type]
FieldValue = Optional[Union[int, Annotated[str, Field(max_length=schemas.MAX_FIELD_TEXT)]]]


class Record(BaseModel):
    # Strict ("3" is not an id, true is not 1) and closed: a key we do not know is a file we do not know.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ArenaRecord(Record):
    id: Id
    title: Annotated[CleanStr, Field(min_length=1, max_length=200)]
    city: Optional[Annotated[CleanStr, Field(max_length=120)]]
    lang: Language
    join_code: Annotated[str, Field(max_length=16)]
    phase: Literal[PHASES]  # type: ignore[valid-type]
    vision_year: Annotated[int, Field(ge=commands.YEAR_RANGE[0], le=commands.YEAR_RANGE[1])]
    anonymous: bool
    locked: bool
    write_alone: bool
    dot_budget: Annotated[int, Field(ge=0, le=50)]
    open_kinds: Optional[list[KindName]] = Field(max_length=len(KINDS))
    prompt: Optional[Annotated[CleanStr, Field(max_length=MAX_PROMPT)]]
    focus_kind: Optional[KindName]
    version: Count
    created_at: Moment


class MeetingRecord(Record):
    id: Id
    number: Annotated[int, Field(ge=1, le=10_000)]
    started_at: Moment


class ParticipantRecord(Record):
    id: Id
    name: Optional[Annotated[CleanStr, Field(max_length=schemas.MAX_NAME)]]
    lang: Optional[Language]
    organiser: bool
    created_at: Moment
    last_seen_at: Moment


class ItemRecord(Record):
    id: Id
    kind: KindName
    text: Text
    rev: Annotated[int, Field(ge=1, le=10**6)]
    parent_id: Optional[Id]
    fields: dict[Annotated[str, Field(max_length=40)], FieldValue] = Field(max_length=20)
    author_id: Optional[Id]
    meeting_id: Optional[Id]
    votes: Count
    pending_reveal: bool
    hidden: bool
    deleted_at: Optional[Moment]
    created_at: Moment
    updated_at: Moment


class RevisionRecord(Record):
    item_id: Id
    rev: Annotated[int, Field(ge=1, le=10**6)]
    text: Text
    author_id: Optional[Id]
    created_at: Moment


class VoteRecord(Record):
    item_id: Id
    participant_id: Id
    dots: Annotated[int, Field(ge=0, le=50)]


class LinkRecord(Record):
    source_id: Id
    target_id: Id
    created_at: Moment


class ArchiveRecord(Record):
    format: Literal[FORMAT]  # type: ignore[valid-type]
    version: Literal[VERSION]  # type: ignore[valid-type]
    exported_at: Moment
    arena: ArenaRecord
    meetings: list[MeetingRecord]
    participants: list[ParticipantRecord]
    items: list[ItemRecord]
    revisions: list[RevisionRecord]
    votes: list[VoteRecord]
    links: list[LinkRecord]


# ------------------------------------------------------------------------------------------------ parse

# What a refusal names in a file (translated with the refusal's message).
ITEM, MEETING, PARTICIPANT = Phrase("item"), Phrase("meeting"), Phrase("participant")
A_REVISION, A_VOTE, A_LINK = Phrase("A revision"), Phrase("A vote"), Phrase("A link")


def read_limited(stream: IO[bytes], limit: int = MAX_ARCHIVE_BYTES) -> bytes:
    """At most `limit` bytes of an upload; a larger one is refused before any of it is parsed."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise CommandError("too_long", "The file is larger than %(mb)s MB.", mb=limit // (1024 * 1024))
    return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def parse_archive(data: Union[bytes, str, dict[str, Any]]) -> ArchiveRecord:
    """A validated archive from JSON text (or an already decoded dict), or a CommandError saying why not."""
    if isinstance(data, (bytes, str)):
        if len(data) > MAX_ARCHIVE_BYTES:
            raise CommandError("too_long", "The file is larger than %(mb)s MB.",
                               mb=MAX_ARCHIVE_BYTES // 2**20)
        try:
            data = json.loads(data, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise CommandError("invalid", "The file is not valid JSON (%(detail)s).",
                               detail=_short(error)) from None
    if not isinstance(data, dict):
        raise CommandError("invalid", "The file does not hold an arena export (expected a JSON object).")
    if data.get("format") != FORMAT:
        raise CommandError("invalid", "The file is not a transition arena export.")
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        raise CommandError("invalid", "Unsupported export version %(version)s; this server reads version "
                                      "%(supported)s.", version=repr(data.get("version")), supported=VERSION)
    try:
        archive = ArchiveRecord.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        code = "too_long" if first["type"] in ("string_too_long", "too_long") else "invalid"
        raise CommandError(code, "Invalid %(where)s: %(detail)s.", where=where, detail=first["msg"]) from None
    _check_references(archive)
    return archive


def _short(error: BaseException) -> str:
    return str(error)[:200] or type(error).__name__


def _unique(values: list, what: Phrase) -> set:
    seen: set = set()
    for value in values:
        if value in seen:
            raise CommandError("invalid", "Duplicate %(what)s: %(value)s.", what=what, value=value)
        seen.add(value)
    return seen


def _check_references(archive: ArchiveRecord) -> None:
    """Every id the file refers to must be one it defines, and every item must obey its kind's rules."""
    meeting_ids = _unique([m.id for m in archive.meetings], Phrase("meeting id"))
    _unique([m.number for m in archive.meetings], Phrase("meeting number"))
    people = _unique([p.id for p in archive.participants], Phrase("participant id"))
    if sum(p.organiser for p in archive.participants) > 1:
        raise CommandError("invalid", "More than one participant is marked as the organiser.")
    items = {item.id: item for item in archive.items}
    _unique([item.id for item in archive.items], Phrase("item id"))

    def known(value: Optional[int], ids, what: Phrase, where: Phrase) -> None:
        if value is not None and value not in ids:
            raise CommandError("invalid", "%(where)s refers to %(what)s %(value)s, which is not in the file.",
                               where=where, what=what, value=value)

    for item in archive.items:
        where = Phrase("Item %(id)s", id=item.id)
        spec = KINDS[item.kind]
        if len(item.text) > spec.max_length:
            raise CommandError("too_long", "%(where)s: a “%(kind)s” can have at most %(limit)s characters.",
                               where=where, kind=item.kind, limit=spec.max_length)
        try:
            commands._check_fields(item.kind, dict(item.fields))
        except CommandError as error:
            raise CommandError(error.code, "%(where)s: %(reason)s", where=where, reason=error) from None
        known(item.author_id, people, PARTICIPANT, where)
        known(item.meeting_id, meeting_ids, MEETING, where)
        known(item.parent_id, items, ITEM, where)
        if item.parent_id is None and spec.parent_required:
            raise CommandError("invalid", "%(where)s: a “%(kind)s” needs a parent.",
                               where=where, kind=item.kind)
        if item.parent_id is not None and items[item.parent_id].kind not in spec.parents:
            raise CommandError("invalid", "%(where)s: a “%(kind)s” cannot hang under a “%(parent)s”.",
                               where=where, kind=item.kind, parent=items[item.parent_id].kind)
    _unique([(r.item_id, r.rev) for r in archive.revisions], Phrase("revision (item, rev)"))
    for revision in archive.revisions:
        known(revision.item_id, items, ITEM, A_REVISION)
        known(revision.author_id, people, PARTICIPANT, A_REVISION)
        if len(revision.text) > KINDS[items[revision.item_id].kind].max_length:
            raise CommandError("too_long", "A revision of item %(id)s is too long.", id=revision.item_id)
    _unique([(v.item_id, v.participant_id) for v in archive.votes], Phrase("vote (item, participant)"))
    for vote in archive.votes:
        known(vote.item_id, items, ITEM, A_VOTE)
        known(vote.participant_id, people, PARTICIPANT, A_VOTE)
    _unique([(link.source_id, link.target_id) for link in archive.links], Phrase("link"))
    for link in archive.links:
        known(link.source_id, items, ITEM, A_LINK)
        known(link.target_id, items, ITEM, A_LINK)
        pair = (items[link.source_id].kind, items[link.target_id].kind)
        if pair not in CHAIN_LINKS:
            raise CommandError("invalid", "A “%(source)s” cannot be linked to a “%(target)s”.",
                               source=pair[0], target=pair[1])


# ----------------------------------------------------------------------------------------------- import

def import_arena(session: so.Session, data: Union[bytes, str, dict[str, Any]], owner: User) -> Arena:
    """A NEW arena, owned by `owner`, restored from an export; all or nothing.

    The arena gets a new join code and new ids throughout, with every reference remapped. A file that is
    too large, malformed, of another version or with dangling references raises CommandError, and the
    database is left as it was.
    """
    archive = parse_archive(data)
    try:
        arena = _restore(session, archive, owner)
        session.commit()
    except sa.exc.SQLAlchemyError as error:
        session.rollback()
        raise CommandError("invalid", "The file could not be stored (%(detail)s).",
                           detail=type(error).__name__) from None
    except BaseException:
        # A refusal found while restoring, or an interruption: nothing of the file stays.
        session.rollback()
        raise
    return arena


def _restore(session: so.Session, archive: ArchiveRecord, owner: User) -> Arena:
    source = archive.arena
    arena = Arena(title=source.title.strip(), city=source.city, lang=source.lang,
                  join_code=commands.new_join_code(session), owner_id=owner.id, phase=source.phase,
                  vision_year=source.vision_year, anonymous=source.anonymous, locked=source.locked,
                  write_alone=source.write_alone, dot_budget=source.dot_budget,
                  open_kinds=list(source.open_kinds) if source.open_kinds is not None else None,
                  prompt=source.prompt, focus_kind=source.focus_kind, version=source.version,
                  created_at=source.created_at)
    session.add(arena)
    session.flush()

    meetings = {m.id: Meeting(arena_id=arena.id, number=m.number, started_at=m.started_at)
                for m in archive.meetings}
    people = {p.id: Participant(arena_id=arena.id, user_id=owner.id if p.organiser else None, name=p.name,
                                lang=p.lang, created_at=p.created_at, last_seen_at=p.last_seen_at)
              for p in archive.participants}
    session.add_all([*meetings.values(), *people.values()])
    session.flush()

    def person(old: Optional[int]) -> Optional[int]:
        return None if old is None else people[old].id

    items = {i.id: Item(arena_id=arena.id, kind=i.kind, text=i.text, rev=i.rev,
                        fields=commands._check_fields(i.kind, dict(i.fields)), author_id=person(i.author_id),
                        meeting_id=meetings[i.meeting_id].id if i.meeting_id is not None else None,
                        votes=i.votes, pending_reveal=i.pending_reveal, hidden=i.hidden,
                        deleted_at=i.deleted_at,
                        created_at=i.created_at, updated_at=i.updated_at)
             for i in archive.items}
    session.add_all(items.values())
    session.flush()
    # Parents are set once every item has its new id: a parent may come after its child in the file.
    for record in archive.items:
        if record.parent_id is not None:
            items[record.id].parent_id = items[record.parent_id].id
    session.add_all([Revision(item_id=items[r.item_id].id, rev=r.rev, text=r.text,
                              author_id=person(r.author_id), created_at=r.created_at)
                     for r in archive.revisions])
    session.add_all([Vote(item_id=items[v.item_id].id, participant_id=people[v.participant_id].id,
                          dots=v.dots)
                     for v in archive.votes])
    session.add_all([Link(arena_id=arena.id, source_id=items[link.source_id].id,
                          target_id=items[link.target_id].id, created_at=link.created_at)
                     for link in archive.links])
    session.flush()
    return arena
