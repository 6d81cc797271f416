"""Every change to an arena as a function: check, apply in one transaction, return what happened.

A command takes a session, the acting Actor and a parsed payload. It raises CommandError (and writes
nothing) when refused; otherwise it commits and returns an Outcome: the acknowledgement for the sender and
the events for the others, which the caller sends only after the commit. Commands that carry an op_id run
through `_once`, so a resent change is applied once and answered the same way again.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import sqlalchemy as sa
import sqlalchemy.exc
import sqlalchemy.orm as so

from . import schemas
from .access import Actor, require_member, require_staff
from .merge import merge
from .models import Arena, Item, Link, Meeting, Operation, Participant, Revision, User, Vote, utcnow
from .phases import EXPERIMENT_STATUSES, KINDS, PREPARATION
from .schemas import CommandError
from .views import arena_view, can_see, item_view, open_kinds

YEAR_RANGE = (1900, 2200)
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read off a projector


@dataclass(frozen=True)
class Event:
    """Something for the arena's room. visible_to=None: everyone; otherwise only those participants and
    the staff (an unrevealed or hidden item must not reach the others)."""

    name: str
    payload: dict[str, Any]
    visible_to: Optional[frozenset[int]] = None


@dataclass
class Outcome:
    ack: dict[str, Any]
    events: list[Event] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- helpers

def arena_for_update(session: so.Session, actor: Actor) -> Arena:
    """The actor's arena, locked for this transaction: one arena's changes are applied one at a time, so
    revisions, vote budgets and the version never race (SQLite's BEGIN IMMEDIATE does the same)."""
    arena = session.scalar(sa.select(Arena).where(Arena.id == actor.arena_id).with_for_update())
    if arena is None:
        raise CommandError("not_found", "This arena no longer exists.")
    return arena


def visible_item(session: so.Session, actor: Actor, item_id: int) -> Item:
    """An item the actor can see, else not_found: nobody learns whether another arena's id exists."""
    item = session.get(Item, item_id)
    if item is None or not can_see(item, actor):
        raise CommandError("not_found", "This item does not exist.")
    return item


def audience(item: Item) -> Optional[frozenset[int]]:
    """Who may see events about an item: everyone, or only its author (and the staff)."""
    if item.hidden or item.pending_reveal:
        return frozenset({item.author_id}) if item.author_id else frozenset()
    return None


def _may_contribute(arena: Arena, actor: Actor, kind: str) -> None:
    """Participants write only on the boards open now, and not while contributions are locked."""
    if actor.is_staff:
        return
    if arena.locked:
        raise CommandError("locked", "The facilitator has paused contributions.")
    if kind not in open_kinds(arena):
        raise CommandError("forbidden", "This board is not open now.")


def _may_change(arena: Arena, actor: Actor, item: Item, *, editing: bool) -> None:
    """Shared texts are co-written by all; other items, and every deletion, are their author's."""
    if actor.is_staff:
        return
    _may_contribute(arena, actor, item.kind)
    if editing and KINDS[item.kind].shared:
        return
    if item.author_id != actor.participant_id:
        raise CommandError("forbidden", "Only its author or a facilitator can change this item.")


def _check_text(kind: str, text: str, *, allow_empty: bool) -> str:
    limit = KINDS[kind].max_length
    if len(text) > limit:
        raise CommandError("too_long", "This text can have at most %(limit)s characters.", limit=limit)
    if not allow_empty and not text.strip():
        raise CommandError("invalid", "The text is empty.")
    return text


def _check_fields(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The structured fields of a kind, each of its declared type; unknown fields are refused."""
    allowed = KINDS[kind].fields
    checked: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in allowed:
            raise CommandError("invalid", "A “%(kind)s” has no field “%(field)s”.", kind=kind, field=name)
        if value is None or value == "":
            checked[name] = None
        elif allowed[name] == "year":
            if not isinstance(value, int) or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
                raise CommandError("invalid", "“%(field)s” must be a year.", field=name)
            checked[name] = value
        else:
            if not isinstance(value, str):
                raise CommandError("invalid", "“%(field)s” must be text.", field=name)
            value = schemas.clean_text(value).strip()
            if len(value) > schemas.MAX_FIELD_TEXT:
                raise CommandError("too_long", "“%(field)s” can have at most %(limit)s characters.",
                                   field=name, limit=schemas.MAX_FIELD_TEXT)
            if kind == "experiment" and name == "status" and value not in EXPERIMENT_STATUSES:
                raise CommandError("invalid", "The status must be one of: %(statuses)s.",
                                   statuses=", ".join(EXPERIMENT_STATUSES))
            checked[name] = value
    return checked


def _check_parent(session: so.Session, actor: Actor, kind: str, parent_id: Optional[int]) -> Optional[int]:
    spec = KINDS[kind]
    if parent_id is None:
        if spec.parent_required:
            raise CommandError("invalid", "A “%(kind)s” needs a parent (%(parents)s).",
                               kind=kind, parents=", ".join(spec.parents))
        return None
    parent = visible_item(session, actor, parent_id)
    if parent.kind not in spec.parents:
        raise CommandError("invalid", "A “%(kind)s” cannot hang under a “%(parent)s”.",
                           kind=kind, parent=parent.kind)
    return parent.id


def _current_meeting_id(session: so.Session, arena: Arena) -> Optional[int]:
    return session.scalar(sa.select(Meeting.id).where(Meeting.arena_id == arena.id)
                          .order_by(Meeting.number.desc()).limit(1))


def _once(session: so.Session, actor: Actor, op_id: str, event: str,
          apply: Callable[[Arena], Outcome]) -> Outcome:
    """Apply a client change exactly once per (participant, op_id), remembering its acknowledgement.

    A resend, even one that races the original on another server process, gets the stored
    acknowledgement and produces no events: the original's events were sent already.
    """
    def replay() -> Optional[Outcome]:
        done = session.scalar(sa.select(Operation).where(
            Operation.participant_id == actor.participant_id, Operation.op_id == op_id))
        if done is None:
            return None
        if done.event != event:
            raise CommandError("invalid", "This op_id was used for another change.")
        return Outcome(ack=done.ack)

    require_member(actor)
    try:
        arena = arena_for_update(session, actor)
        previous = replay()
        if previous is not None:
            session.rollback()
            return previous
        outcome = apply(arena)
        arena.version += 1
        session.add(Operation(participant_id=actor.participant_id, op_id=op_id, event=event, ack=outcome.ack))
        session.commit()
    except CommandError:
        session.rollback()
        raise
    except sa.exc.IntegrityError:
        # The same op_id committed concurrently: answer as the one that won.
        session.rollback()
        previous = replay()
        if previous is None:
            raise
        return previous
    return outcome


# --------------------------------------------------------------------------------------------- commands

def add_item(session: so.Session, actor: Actor, payload: schemas.AddItem) -> Outcome:
    """A new contribution on one of the boards."""
    if payload.kind not in KINDS:
        raise CommandError("invalid", "Unknown kind “%(kind)s”.", kind=payload.kind)

    def apply(arena: Arena) -> Outcome:
        _may_contribute(arena, actor, payload.kind)
        text = _check_text(payload.kind, payload.text.strip(), allow_empty=False)
        fields = _check_fields(payload.kind, payload.fields)
        parent_id = _check_parent(session, actor, payload.kind, payload.parent_id)
        item = Item(arena_id=arena.id, kind=payload.kind, text=text, rev=1, parent_id=parent_id,
                    fields=fields, author_id=actor.participant_id,
                    meeting_id=_current_meeting_id(session, arena),
                    pending_reveal=arena.write_alone and not actor.is_staff)
        session.add(item)
        session.flush()
        session.add(Revision(item_id=item.id, rev=1, text=text, author_id=actor.participant_id))
        view = item_view(item, arena)
        return Outcome({"ok": True, "item": view}, [Event("item:added", {"item": view}, audience(item))])

    return _once(session, actor, payload.op_id, "item:add", apply)


def edit_item(session: so.Session, actor: Actor, payload: schemas.EditItem) -> Outcome:
    """Merge a client's text, typed on top of revision base_rev, onto the current text."""
    def apply(arena: Arena) -> Outcome:
        item = visible_item(session, actor, payload.item_id)
        _may_change(arena, actor, item, editing=True)
        if payload.base_rev > item.rev:
            raise CommandError("invalid", "base_rev is newer than the item.")
        _check_text(item.kind, payload.text, allow_empty=True)
        fields = _check_fields(item.kind, payload.fields) if payload.fields else {}
        base = session.scalar(sa.select(Revision.text).where(
            Revision.item_id == item.id, Revision.rev == payload.base_rev))
        if base is None:
            raise CommandError("invalid", "base_rev is unknown.")
        merged = merge(base, payload.text, item.text)
        # A merge keeps both sides, so it can outgrow the limit that each side respected.
        _check_text(item.kind, merged, allow_empty=True)
        if merged != item.text:
            item.rev += 1
            item.text = merged
            session.add(Revision(item_id=item.id, rev=item.rev, text=merged, author_id=actor.participant_id))
            item.updated_at = utcnow()
        if fields:
            item.fields = {**(item.fields or {}), **fields}
            item.updated_at = utcnow()
        view = item_view(item, arena)
        return Outcome({"ok": True, "item": view}, [Event("item:edited", {"item": view}, audience(item))])

    return _once(session, actor, payload.op_id, "item:edit", apply)


def delete_item(session: so.Session, actor: Actor, payload: schemas.DeleteItem) -> Outcome:
    """Remove an item (kept in the database, out of every view), with what hangs under it; dots return."""
    def apply(arena: Arena) -> Outcome:
        item = visible_item(session, actor, payload.item_id)
        _may_change(arena, actor, item, editing=False)
        now = utcnow()
        doomed, frontier = [item], [item.id]
        while frontier:
            children = session.scalars(sa.select(Item).where(
                Item.parent_id.in_(frontier), Item.deleted_at.is_(None))).all()
            doomed.extend(children)
            frontier = [child.id for child in children]
        ids = [d.id for d in doomed]
        for doomed_item in doomed:
            doomed_item.deleted_at = now
        session.execute(sa.delete(Vote).where(Vote.item_id.in_(ids)))
        session.execute(sa.delete(Link).where(sa.or_(Link.source_id.in_(ids), Link.target_id.in_(ids))))
        events = [Event("item:deleted", {"item_id": d.id}, audience(d)) for d in doomed]
        return Outcome({"ok": True, "item_id": item.id}, events)

    return _once(session, actor, payload.op_id, "item:delete", apply)


def vote_item(session: so.Session, actor: Actor, payload: schemas.VoteItem) -> Outcome:
    """Place (+1) or take back (−1) a dot; each board (kind) has its own budget of dots per person."""
    def apply(arena: Arena) -> Outcome:
        item = visible_item(session, actor, payload.item_id)
        vote = session.scalar(sa.select(Vote).where(
            Vote.item_id == item.id, Vote.participant_id == actor.participant_id))
        if vote is None:
            vote = Vote(item_id=item.id, participant_id=actor.participant_id, dots=0)
            session.add(vote)
        used = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Vote.dots), 0))
                              .join(Item, Item.id == Vote.item_id).where(
            Vote.participant_id == actor.participant_id, Item.kind == item.kind,
            Item.arena_id == arena.id, Item.deleted_at.is_(None))) or 0
        if payload.delta > 0 and used >= arena.dot_budget:
            raise CommandError("forbidden", "You have used all your dots on this board.")
        if payload.delta < 0 and vote.dots <= 0:
            raise CommandError("invalid", "You have no dot on this item to take back.")
        vote.dots += payload.delta
        item.votes += payload.delta
        view = item_view(item, arena)
        ack = {"ok": True, "item": view, "my_dots": vote.dots, "dots_left": arena.dot_budget - used - payload.delta}
        return Outcome(ack, [Event("item:voted", {"item": view}, audience(item))])

    return _once(session, actor, payload.op_id, "item:vote", apply)


def set_phase(session: so.Session, actor: Actor, payload: schemas.SetPhase) -> Outcome:
    """Move the arena to a phase; its boards open for participants."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    changed = arena.phase != payload.phase
    if changed:
        arena.phase = payload.phase
        arena.open_kinds = None
        arena.version += 1
    view = arena_view(arena)
    session.commit()
    return Outcome({"ok": True, "arena": view}, [Event("phase:changed", {"phase": arena.phase})] if changed else [])


# ----------------------------------------------------------------------------------------------- arenas

def new_join_code(session: so.Session, length: int = 6) -> str:
    """A fresh random join code, easy to read off a projector and type on a phone."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(length))
        if session.scalar(sa.select(Arena.id).where(Arena.join_code == code)) is None:
            return code


def create_arena(session: so.Session, owner: User, title: str, *, city: Optional[str] = None,
                 lang: Optional[str] = None, vision_year: int = 2050, anonymous: bool = False,
                 dot_budget: int = 5) -> Arena:
    """A new arena owned by an organiser, in the first phase, with its first meeting opened."""
    title = schemas.clean_text(title).strip()
    if not title or len(title) > 200:
        raise CommandError("invalid", "The title must have 1 to 200 characters.")
    code = schemas.normalise_lang(lang) if lang else "en"
    if code is None:
        raise CommandError("invalid", "Unsupported language “%(lang)s”; use one of %(languages)s.",
                           lang=lang, languages=", ".join(schemas.LANGUAGES))
    if not YEAR_RANGE[0] <= vision_year <= YEAR_RANGE[1]:
        raise CommandError("invalid", "The vision year must be a year.")
    arena = Arena(title=title, city=(city or "").strip() or None, lang=code, join_code=new_join_code(session),
                  owner_id=owner.id, phase=PREPARATION, vision_year=vision_year, anonymous=anonymous,
                  dot_budget=dot_budget)
    session.add(arena)
    session.flush()
    session.add(Meeting(arena_id=arena.id, number=1))
    session.commit()
    return arena


def add_facilitator(session: so.Session, arena: Arena, user: User) -> None:
    if user not in arena.facilitators and user.id != arena.owner_id:
        arena.facilitators.append(user)
    session.commit()


def touch_participant(session: so.Session, participant_id: int) -> None:
    """Note that a participant was seen (on disconnect), for the console's presence list."""
    session.execute(sa.update(Participant).where(Participant.id == participant_id)
                    .values(last_seen_at=utcnow()))
    session.commit()
