"""The facilitator's controls for the room: settings, reveal, moderation, clusters, links, timer, focus and
meetings. Each is a command like those in commands.py: check, apply in one transaction, return an Outcome."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from . import schemas
from .access import Actor, require_staff
from .commands import Event, Outcome, arena_for_update, audience, visible_item
from .models import Arena, Item, Link, Meeting, utcnow
from .phases import CHAIN_LINKS, KINDS
from .schemas import CommandError
from .views import arena_view, item_view, meeting_view, timer_view


def _arena_changed(arena: Arena) -> Outcome:
    view = arena_view(arena)
    return Outcome({"ok": True, "arena": view}, [Event("arena:updated", {"arena": view})])


def _reveal(session: so.Session, arena: Arena, kind: str | None) -> list[Item]:
    """Make pending items visible to all; returns them."""
    query = sa.select(Item).where(Item.arena_id == arena.id, Item.pending_reveal.is_(True),
                                  Item.deleted_at.is_(None))
    if kind is not None:
        query = query.where(Item.kind == kind)
    items = session.scalars(query.order_by(Item.id)).all()
    for item in items:
        item.pending_reveal = False
    return list(items)


def _revealed_event(arena: Arena, items: list[Item]) -> list[Event]:
    shown = [item_view(item, arena) for item in items if not item.hidden]
    return [Event("items:revealed", {"items": shown})] if shown else []


def update_arena(session: so.Session, actor: Actor, payload: schemas.UpdateArena) -> Outcome:
    """Change the room's settings: lock, write alone, anonymity, dot budget, open boards, prompt."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    given = payload.model_fields_set
    if "open_kinds" in given and payload.open_kinds is not None:
        unknown = [kind for kind in payload.open_kinds if kind not in KINDS]
        if unknown:
            raise CommandError("invalid", "Unknown kind “%(kind)s”.", kind=unknown[0])
        arena.open_kinds = list(dict.fromkeys(payload.open_kinds))
    elif "open_kinds" in given:
        arena.open_kinds = None
    for name in ("locked", "anonymous", "dot_budget"):
        value = getattr(payload, name)
        if value is not None:
            setattr(arena, name, value)
    if "prompt" in given:
        arena.prompt = (payload.prompt or "").strip() or None
    revealed: list[Item] = []
    if payload.write_alone is not None:
        arena.write_alone = payload.write_alone
        if not payload.write_alone:
            revealed = _reveal(session, arena, None)
    arena.version += 1
    outcome = _arena_changed(arena)
    outcome.events += _revealed_event(arena, revealed)
    session.commit()
    return outcome


def reveal_items(session: so.Session, actor: Actor, payload: schemas.RevealItems) -> Outcome:
    """Show everyone what was written alone (one board, or all)."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    if payload.kind is not None and payload.kind not in KINDS:
        raise CommandError("invalid", "Unknown kind “%(kind)s”.", kind=payload.kind)
    items = _reveal(session, arena, payload.kind)
    if items:
        arena.version += 1
    outcome = Outcome({"ok": True, "revealed": [item.id for item in items]}, _revealed_event(arena, items))
    session.commit()
    return outcome


def hide_item(session: so.Session, actor: Actor, payload: schemas.HideItem) -> Outcome:
    """Moderation: hide an item from everyone but the facilitators, or restore it."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    item = visible_item(session, actor, payload.item_id)
    item.hidden = payload.hidden
    arena.version += 1
    view = item_view(item, arena)
    event: dict[str, Any] = {"item_id": item.id, "hidden": item.hidden}
    if not item.hidden:
        event["item"] = view
    outcome = Outcome({"ok": True, "item": view},
                      [Event("item:hidden", event, None if item.hidden else audience(item))])
    session.commit()
    return outcome


def cluster_item(session: so.Session, actor: Actor, payload: schemas.ClusterItem) -> Outcome:
    """Put a challenge in a cluster (or take it out), as the facilitator groups the wall."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    item = visible_item(session, actor, payload.item_id)
    if "cluster" not in KINDS[item.kind].fields:
        raise CommandError("invalid", "A “%(kind)s” is not clustered.", kind=item.kind)
    item.fields = {**(item.fields or {}), "cluster": (payload.cluster or "").strip() or None}
    item.updated_at = utcnow()
    arena.version += 1
    view = item_view(item, arena)
    outcome = Outcome({"ok": True, "item": view}, [Event("item:edited", {"item": view}, audience(item))])
    session.commit()
    return outcome


def _link_pair(session: so.Session, actor: Actor, payload: schemas.LinkItems) -> tuple[Item, Item]:
    source, target = visible_item(session, actor, payload.source_id), visible_item(session, actor, payload.target_id)
    if (source.kind, target.kind) not in CHAIN_LINKS:
        raise CommandError("invalid", "A “%(source)s” cannot be linked to a “%(target)s”.",
                           source=source.kind, target=target.kind)
    return source, target


def link_items(session: so.Session, actor: Actor, payload: schemas.LinkItems) -> Outcome:
    """Record that one item serves another along the chain challenge → … → action."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    source, target = _link_pair(session, actor, payload)
    exists = session.scalar(sa.select(Link).where(Link.source_id == source.id, Link.target_id == target.id))
    link = {"source_id": source.id, "target_id": target.id}
    events = []
    if exists is None:
        session.add(Link(arena_id=arena.id, source_id=source.id, target_id=target.id))
        arena.version += 1
        events.append(Event("item:linked", link))
    session.commit()
    return Outcome({"ok": True, "link": link}, events)


def unlink_items(session: so.Session, actor: Actor, payload: schemas.LinkItems) -> Outcome:
    """Remove a link of the chain."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    source, target = visible_item(session, actor, payload.source_id), visible_item(session, actor, payload.target_id)
    removed = session.execute(sa.delete(Link).where(
        Link.source_id == source.id, Link.target_id == target.id)).rowcount
    link = {"source_id": source.id, "target_id": target.id}
    if removed:
        arena.version += 1
    session.commit()
    return Outcome({"ok": True, "link": link}, [Event("item:unlinked", link)] if removed else [])


def _timer_changed(session: so.Session, arena: Arena) -> Outcome:
    timer = timer_view(arena)
    session.commit()
    return Outcome({"ok": True, "timer": timer}, [Event("timer", timer)])


def start_timer(session: so.Session, actor: Actor, payload: schemas.StartTimer) -> Outcome:
    """Start (or restart) the shared countdown."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    arena.timer_seconds = payload.seconds
    arena.timer_ends_at = utcnow() + timedelta(seconds=payload.seconds)
    return _timer_changed(session, arena)


def stop_timer(session: so.Session, actor: Actor, payload: schemas.Empty) -> Outcome:
    require_staff(actor)
    arena = arena_for_update(session, actor)
    arena.timer_ends_at = None
    return _timer_changed(session, arena)


def focus_board(session: so.Session, actor: Actor, payload: schemas.FocusBoard) -> Outcome:
    """Bring every phone and the screen to one board (or release them with None)."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    if payload.kind is not None and payload.kind not in KINDS:
        raise CommandError("invalid", "Unknown kind “%(kind)s”.", kind=payload.kind)
    arena.focus_kind = payload.kind
    view = arena_view(arena)
    session.commit()
    return Outcome({"ok": True, "arena": view}, [Event("board:focus", {"kind": payload.kind})])


def _changes_since(session: so.Session, arena: Arena, since) -> dict[str, dict[str, int]]:
    """How many items of each kind were added, edited and deleted since a moment."""
    def count(condition) -> dict[str, int]:
        rows = session.execute(sa.select(Item.kind, sa.func.count()).where(
            Item.arena_id == arena.id, condition).group_by(Item.kind)).all()
        return {kind: n for kind, n in rows}

    return {
        "added": count(sa.and_(Item.created_at >= since, Item.deleted_at.is_(None))),
        "edited": count(sa.and_(Item.created_at < since, Item.updated_at >= since, Item.deleted_at.is_(None))),
        "deleted": count(sa.and_(Item.created_at < since, Item.deleted_at >= since)),
    }


def start_meeting(session: so.Session, actor: Actor, payload: schemas.Empty) -> Outcome:
    """Open the arena's next meeting; the work carries over. Returns what changed since the last one began."""
    require_staff(actor)
    arena = arena_for_update(session, actor)
    previous = arena.meetings[-1] if arena.meetings else None
    changes = _changes_since(session, arena, previous.started_at) if previous else None
    meeting = Meeting(arena_id=arena.id, number=(previous.number + 1) if previous else 1)
    session.add(meeting)
    arena.timer_ends_at = None
    arena.locked = False
    arena.version += 1
    session.flush()
    view = meeting_view(meeting)
    session.commit()
    return Outcome({"ok": True, "meeting": view, "changes": changes}, [Event("meeting:started", {"meeting": view})])


def meeting_changes(session: so.Session, actor: Actor, payload: schemas.MeetingChanges) -> Outcome:
    """What changed since a meeting began (by default the one before the current meeting)."""
    require_staff(actor)
    arena = session.get(Arena, actor.arena_id)
    meetings = {m.number: m for m in arena.meetings}
    number = payload.since_meeting or max(1, max(meetings, default=1) - 1)
    meeting = meetings.get(number)
    if meeting is None:
        raise CommandError("not_found", "This arena has no such meeting.")
    return Outcome({"ok": True, "since": meeting_view(meeting),
                    "changes": _changes_since(session, arena, meeting.started_at)})
