"""Who is acting: joining an arena as a participant or as an account, and what each role may see."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from .models import Arena, Participant, User, utcnow
from .schemas import CommandError, normalise_lang

PARTICIPANT = "participant"
FACILITATOR = "facilitator"
ORGANISER = "organiser"
SCREEN = "screen"


@dataclass(frozen=True)
class Actor:
    """The identity behind one connection, established when it joined and never taken from a payload."""

    arena_id: int
    participant_id: int
    role: str

    @property
    def is_staff(self) -> bool:
        """Facilitators and the organiser may do everything in their arena."""
        return self.role in (FACILITATOR, ORGANISER)

    @property
    def is_screen(self) -> bool:
        """A projector: sees what participants see, changes nothing, and is nobody in the presence list."""
        return self.role == SCREEN


def token_digest(token: str) -> str:
    """The stored form of a secret token: its SHA-256, so a leaked database leaks no usable token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def arena_by_code(session: so.Session, join_code: str) -> Arena:
    """The arena with this join code (case and spaces ignored), or not_found."""
    code = "".join(join_code.split()).upper()
    arena = session.scalar(sa.select(Arena).where(Arena.join_code == code))
    if arena is None:
        raise CommandError("not_found", "No arena has this join code.")
    return arena


def role_of(arena: Arena, user: User) -> Optional[str]:
    """The account's role in the arena, or None if it has none."""
    if arena.owner_id == user.id:
        return ORGANISER
    if any(f.id == user.id for f in arena.facilitators):
        return FACILITATOR
    return None


def join_as_participant(session: so.Session, join_code: str, *, name: Optional[str] = None,
                        lang: Optional[str] = None, participant_token: Optional[str] = None
                        ) -> tuple[Actor, str]:
    """Join, or rejoin with a participant token; returns the actor and the token to keep.

    A token of another arena, or an unknown one, is refused rather than silently starting a new person:
    the phone then knows to forget it.
    """
    arena = arena_by_code(session, join_code)
    if participant_token:
        participant = session.scalar(sa.select(Participant).where(
            Participant.token_hash == token_digest(participant_token), Participant.arena_id == arena.id))
        if participant is None:
            raise CommandError("unauthorized", "This participant token is not valid for this arena.")
        token = participant_token
    else:
        token = secrets.token_urlsafe(24)
        participant = Participant(arena_id=arena.id, token_hash=token_digest(token))
        session.add(participant)
    if name is not None and name.strip():
        participant.name = name.strip()
    participant.lang = normalise_lang(lang) or participant.lang
    participant.last_seen_at = utcnow()
    session.commit()
    return Actor(arena.id, participant.id, PARTICIPANT), token


def join_as_user(session: so.Session, join_code: str, user: User, *, lang: Optional[str] = None) -> Actor:
    """Join an arena with an account: its organiser or one of its facilitators, else forbidden."""
    arena = arena_by_code(session, join_code)
    role = role_of(arena, user)
    if role is None:
        raise CommandError("forbidden", "This account is not a facilitator of this arena.")
    participant = session.scalar(sa.select(Participant).where(
        Participant.arena_id == arena.id, Participant.user_id == user.id))
    if participant is None:
        participant = Participant(arena_id=arena.id, user_id=user.id)
        session.add(participant)
    participant.name = user.name or user.email.split("@")[0]
    participant.lang = normalise_lang(lang) or user.lang or participant.lang
    participant.last_seen_at = utcnow()
    session.commit()
    return Actor(arena.id, participant.id, role)


def watch_arena(session: so.Session, join_code: str) -> Actor:
    """A read-only viewer for the projector; anyone with the join code sees what the participants see."""
    arena = arena_by_code(session, join_code)
    return Actor(arena.id, 0, SCREEN)


def require_member(actor: Actor) -> None:
    """Refuse changes from a projector screen."""
    if actor.is_screen:
        raise CommandError("forbidden", "The projector view cannot change anything.")


def require_staff(actor: Actor) -> None:
    """Refuse the facilitator's controls to everyone else."""
    if not actor.is_staff:
        raise CommandError("forbidden", "Only a facilitator can do this.")


def update_me(session: so.Session, actor: Actor, name: Optional[str], lang: Optional[str]) -> dict:
    """A participant changes their own name or language."""
    require_member(actor)
    participant = session.get(Participant, actor.participant_id)
    if name is not None:
        participant.name = name.strip() or None
    if lang is not None:
        code = normalise_lang(lang)
        if code is None:
            raise CommandError("invalid", "Unsupported language.")
        participant.lang = code
    session.commit()
    return {"participant_id": participant.id, "name": participant.name, "lang": participant.lang}
