"""Who is connected, across every server process: one row per open connection, one heartbeat per process."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from .access import Actor
from .models import Presence, ServerProcess, utcnow

# A process beats every HEARTBEAT; the connections of a process silent for PRESENCE_TTL belong to a process
# that died, and no longer count.
HEARTBEAT = timedelta(seconds=20)
PRESENCE_TTL = timedelta(seconds=60)


def _live_connections():
    """Presence rows whose process has beaten within the TTL."""
    return sa.select(Presence).join(ServerProcess, ServerProcess.process == Presence.process).where(
        ServerProcess.seen_at >= utcnow() - PRESENCE_TTL)


def _beat(session: so.Session, process: str) -> None:
    """Insert or refresh the process's row in one statement: many connections of one process arrive at
    once, and a read-then-insert would race between them."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.get_bind().dialect.name]
    now = utcnow()
    session.execute(insert(ServerProcess).values(process=process, seen_at=now).on_conflict_do_update(
        index_elements=[ServerProcess.process], set_={"seen_at": now}))


def arrive(session: so.Session, sid: str, actor: Actor, process: str) -> None:
    _beat(session, process)
    session.merge(Presence(sid=sid, arena_id=actor.arena_id, participant_id=actor.participant_id,
                           process=process, seen_at=utcnow()))
    session.commit()


def leave(session: so.Session, sid: str) -> None:
    session.execute(sa.delete(Presence).where(Presence.sid == sid))
    session.commit()


def heartbeat(session: so.Session, process: str) -> None:
    """Mark this process alive, and forget the connections of processes long gone."""
    now = utcnow()
    _beat(session, process)
    gone = sa.select(ServerProcess.process).where(ServerProcess.seen_at < now - 5 * PRESENCE_TTL)
    session.execute(sa.delete(Presence).where(Presence.process.in_(gone)))
    session.execute(sa.delete(ServerProcess).where(ServerProcess.seen_at < now - 5 * PRESENCE_TTL))
    session.commit()


def online_ids(session: so.Session, arena_id: int) -> set[int]:
    """Participants of an arena with a live connection to any process."""
    live = _live_connections().where(Presence.arena_id == arena_id).subquery()
    return set(session.scalars(sa.select(live.c.participant_id).distinct()))


def connections_of(session: so.Session, participant_id: int) -> int:
    live = _live_connections().where(Presence.participant_id == participant_id).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(live)) or 0
