"""Who is connected, across every server process: one row per open connection."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from .access import Actor
from .models import Presence, utcnow

# A process refreshes its rows every HEARTBEAT; a row not refreshed for PRESENCE_TTL belongs to a process
# that died, and no longer counts.
HEARTBEAT = timedelta(seconds=20)
PRESENCE_TTL = timedelta(seconds=60)


def arrive(session: so.Session, sid: str, actor: Actor, process: str) -> None:
    session.merge(Presence(sid=sid, arena_id=actor.arena_id, participant_id=actor.participant_id,
                           process=process, seen_at=utcnow()))
    session.commit()


def leave(session: so.Session, sid: str) -> None:
    session.execute(sa.delete(Presence).where(Presence.sid == sid))
    session.commit()


def heartbeat(session: so.Session, process: str) -> None:
    """Keep this process's connections alive, and forget those of processes long gone."""
    now = utcnow()
    session.execute(sa.update(Presence).where(Presence.process == process).values(seen_at=now))
    session.execute(sa.delete(Presence).where(Presence.seen_at < now - 5 * PRESENCE_TTL))
    session.commit()


def forget_process(session: so.Session, process: str) -> None:
    """Drop every row of a process (on its shutdown)."""
    session.execute(sa.delete(Presence).where(Presence.process == process))
    session.commit()


def online_ids(session: so.Session, arena_id: int) -> set[int]:
    """Participants of an arena with a live connection to any process."""
    rows = session.scalars(sa.select(Presence.participant_id).where(
        Presence.arena_id == arena_id, Presence.seen_at >= utcnow() - PRESENCE_TTL).distinct())
    return set(rows)


def connections_of(session: so.Session, participant_id: int) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Presence).where(
        Presence.participant_id == participant_id, Presence.seen_at >= utcnow() - PRESENCE_TTL)) or 0
