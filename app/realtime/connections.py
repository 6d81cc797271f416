"""Who is behind each Socket.IO connection of this process, and which rooms reach whom.

The identity is set once, when the connection is accepted, and every event handler reads it from here:
never from a payload. A connection lives on one process (sticky sessions), so a process-local table is
enough; presence across processes is assembled from each process's broadcasts.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from facilitation.access import Actor


@dataclass(frozen=True)
class Connection:
    actor: Actor
    participant_token: Optional[str]
    lang: Optional[str]


def arena_room(arena_id: int) -> str:
    return f"arena:{arena_id}"


def staff_room(arena_id: int) -> str:
    return f"arena:{arena_id}:staff"


def participant_room(participant_id: int) -> str:
    return f"participant:{participant_id}"


class Registry:
    """sid → Connection, and how many connections each participant has open."""

    def __init__(self) -> None:
        self._by_sid: dict[str, Connection] = {}
        self._open: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self._lock = threading.Lock()

    def add(self, sid: str, connection: Connection) -> None:
        with self._lock:
            self._by_sid[sid] = connection
            self._open[connection.actor.arena_id][connection.actor.participant_id] += 1

    def remove(self, sid: str) -> Optional[Connection]:
        with self._lock:
            connection = self._by_sid.pop(sid, None)
            if connection is not None:
                counts = self._open[connection.actor.arena_id]
                counts[connection.actor.participant_id] -= 1
                if counts[connection.actor.participant_id] <= 0:
                    del counts[connection.actor.participant_id]
            return connection

    def get(self, sid: str) -> Optional[Connection]:
        return self._by_sid.get(sid)

    def online(self, arena_id: int) -> set[int]:
        """Participants of an arena with at least one open connection to this process."""
        with self._lock:
            return set(self._open.get(arena_id, {}))

    def connections_of(self, participant_id: int) -> int:
        with self._lock:
            return sum(1 for c in self._by_sid.values() if c.actor.participant_id == participant_id)


registry = Registry()
