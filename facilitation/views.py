"""What a client sees: items, arenas and whole states as the JSON shapes of docs/protocol.md."""
from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so

from .access import Actor
from .models import Arena, Item, Link, Meeting, Participant, Vote, utcnow
from .phases import kinds_of_phase


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC, with a Z."""
    return moment.isoformat(timespec="milliseconds") + "Z"


def open_kinds(arena: Arena) -> list[str]:
    """The kinds participants may add now: the facilitator's choice, else those of the phase."""
    return list(arena.open_kinds) if arena.open_kinds is not None else list(kinds_of_phase(arena.phase))


def item_view(item: Item, arena: Arena) -> dict[str, Any]:
    """An item as every client sees it; the author is withheld when the arena is anonymous."""
    author = None
    if not arena.anonymous and item.author is not None:
        author = {"participant_id": item.author.id, "name": item.author.name}
    return {
        "id": item.id,
        "kind": item.kind,
        "text": item.text,
        "rev": item.rev,
        "parent_id": item.parent_id,
        "fields": dict(item.fields or {}),
        "votes": item.votes,
        "author": author,
        "created_at": timestamp(item.created_at),
        "updated_at": timestamp(item.updated_at),
        "hidden": item.hidden,
        "pending": item.pending_reveal,
    }


def arena_view(arena: Arena) -> dict[str, Any]:
    return {
        "id": arena.id,
        "title": arena.title,
        "city": arena.city,
        "lang": arena.lang,
        "join_code": arena.join_code,
        "phase": arena.phase,
        "open_kinds": open_kinds(arena),
        "prompt": arena.prompt,
        "vision_year": arena.vision_year,
        "anonymous": arena.anonymous,
        "locked": arena.locked,
        "write_alone": arena.write_alone,
        "dot_budget": arena.dot_budget,
        "version": arena.version,
        "focus_kind": arena.focus_kind,
        "timer": timer_view(arena),
        "meeting": meeting_view(arena.meetings[-1]) if arena.meetings else None,
    }


def timer_view(arena: Arena) -> dict[str, Any]:
    """The countdown as seconds left now: phones count down from when they receive it, whatever their clock."""
    remaining = 0
    if arena.timer_ends_at is not None:
        remaining = max(0, math.ceil((arena.timer_ends_at - utcnow()).total_seconds()))
    return {"running": remaining > 0, "remaining": remaining, "seconds": arena.timer_seconds}


def meeting_view(meeting: Meeting) -> dict[str, Any]:
    return {"number": meeting.number, "started_at": timestamp(meeting.started_at)}


def can_see(item: Item, actor: Actor) -> bool:
    """Deleted items are gone for all; hidden and unrevealed ones stay with their author and the staff."""
    if item.deleted_at is not None or item.arena_id != actor.arena_id:
        return False
    if actor.is_staff:
        return True
    if item.hidden:
        return False
    return not item.pending_reveal or item.author_id == actor.participant_id


def visible_items(session: so.Session, actor: Actor) -> list[Item]:
    items = session.scalars(sa.select(Item).where(
        Item.arena_id == actor.arena_id, Item.deleted_at.is_(None)
    ).options(so.joinedload(Item.author)).order_by(Item.id)).all()
    return [item for item in items if can_see(item, actor)]


def participants_view(session: so.Session, arena: Arena, online_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Everyone who has joined the arena, with who is connected now.

    Sent to every phone at each wave of arrivals, so it reads plain columns rather than ORM objects.
    """
    online = set(online_ids)
    staff = {arena.owner_id: "organiser", **{u.id: "facilitator" for u in arena.facilitators}}
    rows = session.execute(sa.select(Participant.id, Participant.name, Participant.user_id)
                           .where(Participant.arena_id == arena.id).order_by(Participant.id))
    return [{"participant_id": pid, "name": name,
             "role": staff.get(user_id, "participant") if user_id else "participant", "online": pid in online}
            for pid, name, user_id in rows]


def dots_of(session: so.Session, actor: Actor) -> dict[int, int]:
    """The dots this participant has placed, by item id."""
    rows = session.execute(sa.select(Vote.item_id, Vote.dots).join(Item, Item.id == Vote.item_id).where(
        Vote.participant_id == actor.participant_id, Item.deleted_at.is_(None), Vote.dots > 0)).all()
    return {item_id: dots for item_id, dots in rows}


def arena_state(session: so.Session, actor: Actor, *, participant_token: str | None,
                online_ids: Iterable[int]) -> dict[str, Any]:
    """The whole arena as this actor may see it: what arena:state and arena:sync send."""
    arena = session.get(Arena, actor.arena_id)
    items = visible_items(session, actor)
    visible_ids = {item.id for item in items}
    links = session.scalars(sa.select(Link).where(Link.arena_id == arena.id).order_by(Link.id)).all()
    return {
        "arena": arena_view(arena),
        "me": {
            "participant_id": actor.participant_id,
            "participant_token": participant_token,
            "role": actor.role,
            "own_item_ids": [item.id for item in items if item.author_id == actor.participant_id],
            "dots": {str(k): v for k, v in dots_of(session, actor).items()},
        },
        "items": [item_view(item, arena) for item in items],
        "links": [{"source_id": link.source_id, "target_id": link.target_id} for link in links
                  if link.source_id in visible_ids and link.target_id in visible_ids],
        "participants": participants_view(session, arena, online_ids),
    }
