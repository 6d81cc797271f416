"""Who is behind each Socket.IO connection of this process, and which rooms reach whom.

The identity is set once, when the connection is accepted, and every event handler reads it from here:
never from a payload. A connection lives on one process (sticky sessions), so a process-local table is
enough for identity; who is online across processes is in the database (facilitation.presence).
"""
from __future__ import annotations

import threading
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
    """sid → Connection for the connections of this process."""

    def __init__(self) -> None:
        self._by_sid: dict[str, Connection] = {}
        self._lock = threading.Lock()

    def add(self, sid: str, connection: Connection) -> None:
        with self._lock:
            self._by_sid[sid] = connection

    def remove(self, sid: str) -> Optional[Connection]:
        with self._lock:
            return self._by_sid.pop(sid, None)

    def get(self, sid: str) -> Optional[Connection]:
        return self._by_sid.get(sid)

    def __len__(self) -> int:
        return len(self._by_sid)
