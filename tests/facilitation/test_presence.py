"""Presence across processes: one row per connection, one heartbeat per process."""
from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from facilitation import presence
from facilitation.models import ServerProcess, utcnow


def test_connections_count_while_their_process_beats(room, domain_db):
    presence.arrive(room.session, "sid-a", room.ann, "process-1")
    presence.arrive(room.session, "sid-b", room.bob, "process-2")
    assert presence.online_ids(room.session, room.arena.id) == {room.ann.participant_id, room.bob.participant_id}
    assert presence.connections_of(room.session, room.ann.participant_id) == 1

    # process-2 died without closing its connections: they stop counting once its beat is too old.
    room.session.execute(sa.update(ServerProcess).where(ServerProcess.process == "process-2").values(
        seen_at=utcnow() - presence.PRESENCE_TTL - timedelta(seconds=1)))
    room.session.commit()
    assert presence.online_ids(room.session, room.arena.id) == {room.ann.participant_id}

    presence.leave(room.session, "sid-a")
    assert presence.online_ids(room.session, room.arena.id) == set()


def test_many_connections_of_one_process_arrive_at_once(room, domain_db):
    """The process's heartbeat row is upserted in one statement: simultaneous arrivals must not collide."""
    errors = []

    def arrive(number: int) -> None:
        try:
            with domain_db.session() as session:
                presence.arrive(session, f"sid-{number}", room.ann, "one-process")
        except Exception as error:  # noqa: BLE001 (the test reports whatever went wrong)
            errors.append(repr(error))

    threads = [threading.Thread(target=arrive, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert presence.connections_of(room.session, room.ann.participant_id) == 20
    assert room.session.scalar(sa.select(sa.func.count()).select_from(ServerProcess)) == 1


def test_a_long_gone_process_is_forgotten_by_the_heartbeat_of_another(room):
    presence.arrive(room.session, "sid-old", room.ann, "old-process")
    room.session.execute(sa.update(ServerProcess).values(seen_at=utcnow() - 6 * presence.PRESENCE_TTL))
    room.session.commit()
    presence.heartbeat(room.session, "new-process")
    assert presence.connections_of(room.session, room.ann.participant_id) == 0
    assert room.session.scalars(sa.select(ServerProcess.process)).all() == ["new-process"]
