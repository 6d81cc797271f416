"""The arena's data as typed SQLAlchemy 2.0 models.

An arena spans several meetings; its participants come back with a token; every item keeps its revisions;
votes spend a per-participant dot budget; links record the challenge → … → action chain; the operation log
makes every client change idempotent by its op_id.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

import sqlalchemy as sa
import sqlalchemy.orm as so


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (stored the same way on SQLite and PostgreSQL)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(so.DeclarativeBase):
    metadata = sa.MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class User(Base):
    """An organiser's or facilitator's account."""

    __tablename__ = "user"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[Optional[str]] = so.mapped_column(sa.String(120))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    lang: so.Mapped[Optional[str]] = so.mapped_column(sa.String(8))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    tokens: so.Mapped[list[ApiToken]] = so.relationship(back_populates="user")


class ApiToken(Base):
    """A personal API token; only its SHA-256 is stored, and revoking it keeps the row for the record."""

    __tablename__ = "api_token"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    revoked_at: so.Mapped[Optional[datetime]]

    user: so.Mapped[User] = so.relationship(back_populates="tokens")


class Arena(Base):
    """A transition arena: one group's work across meetings, from challenges to experiments."""

    __tablename__ = "arena"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    city: so.Mapped[Optional[str]] = so.mapped_column(sa.String(120))
    lang: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    join_code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    owner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id"), index=True)
    phase: so.Mapped[str] = so.mapped_column(sa.String(40))
    vision_year: so.Mapped[int] = so.mapped_column(default=2050)
    anonymous: so.Mapped[bool] = so.mapped_column(default=False)
    locked: so.Mapped[bool] = so.mapped_column(default=False)
    # Write alone, then reveal: new contributions stay with their author (and the facilitators) until
    # the facilitator reveals them.
    write_alone: so.Mapped[bool] = so.mapped_column(default=False)
    dot_budget: so.Mapped[int] = so.mapped_column(default=5)
    # The kinds participants may add now; None means every kind of the current phase.
    open_kinds: so.Mapped[Optional[list[str]]] = so.mapped_column(sa.JSON)
    prompt: so.Mapped[Optional[str]] = so.mapped_column(sa.Text)
    # The board everyone is brought to ("bring everyone to this board"), if any.
    focus_kind: so.Mapped[Optional[str]] = so.mapped_column(sa.String(20))
    # The shared countdown: when it ends (UTC) and how long it was set for.
    timer_ends_at: so.Mapped[Optional[datetime]]
    timer_seconds: so.Mapped[int] = so.mapped_column(default=0)
    # Grows with every committed change, so that exports can be cached per version.
    version: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    owner: so.Mapped[User] = so.relationship()
    facilitators: so.Mapped[list[User]] = so.relationship(secondary="arena_facilitator")
    meetings: so.Mapped[list[Meeting]] = so.relationship(back_populates="arena", order_by="Meeting.number")


arena_facilitator = sa.Table(
    "arena_facilitator", Base.metadata,
    sa.Column("arena_id", sa.ForeignKey("arena.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(Base):
    """One meeting of an arena; the work carries over from one to the next."""

    __tablename__ = "meeting"
    __table_args__ = (sa.UniqueConstraint("arena_id", "number"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    arena_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("arena.id", ondelete="CASCADE"), index=True)
    number: so.Mapped[int]
    started_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    arena: so.Mapped[Arena] = so.relationship(back_populates="meetings")


class Participant(Base):
    """Someone in an arena: a phone with a resumable token, or an account acting as facilitator."""

    __tablename__ = "participant"
    __table_args__ = (sa.UniqueConstraint("arena_id", "user_id"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    arena_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("arena.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the participant token; None for accounts, who authenticate with their own credentials.
    token_hash: so.Mapped[Optional[str]] = so.mapped_column(sa.String(64), unique=True)
    user_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    name: so.Mapped[Optional[str]] = so.mapped_column(sa.String(80))
    lang: so.Mapped[Optional[str]] = so.mapped_column(sa.String(8))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Item(Base):
    """A contribution of any kind: challenge, principle, vision, pathway, milestone, action, …"""

    __tablename__ = "item"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    arena_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("arena.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    rev: so.Mapped[int] = so.mapped_column(default=1)
    parent_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("item.id", ondelete="SET NULL"))
    fields: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    author_id: so.Mapped[Optional[int]] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL"), index=True)
    meeting_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("meeting.id", ondelete="SET NULL"))
    votes: so.Mapped[int] = so.mapped_column(default=0)
    # Not yet revealed to the others (write alone, then reveal).
    pending_reveal: so.Mapped[bool] = so.mapped_column(default=False)
    # Hidden by a facilitator (moderation); kept, and restorable.
    hidden: so.Mapped[bool] = so.mapped_column(default=False)
    deleted_at: so.Mapped[Optional[datetime]]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    author: so.Mapped[Optional[Participant]] = so.relationship()


class Revision(Base):
    """The text of an item at one revision: the base that a late edit is merged from."""

    __tablename__ = "revision"
    __table_args__ = (sa.UniqueConstraint("item_id", "rev"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"), index=True)
    rev: so.Mapped[int]
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    author_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Vote(Base):
    """The dots one participant has put on one item."""

    __tablename__ = "vote"
    __table_args__ = (sa.UniqueConstraint("item_id", "participant_id"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"), index=True)
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    dots: so.Mapped[int] = so.mapped_column(default=0)


class Link(Base):
    """A typed link along the chain: source serves target (an action serves a pathway, …)."""

    __tablename__ = "link"
    __table_args__ = (sa.UniqueConstraint("source_id", "target_id"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    arena_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("arena.id", ondelete="CASCADE"), index=True)
    source_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"), index=True)
    target_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Operation(Base):
    """An applied client change and the acknowledgement it got, so a resent op_id is applied once.

    Keyed by participant as well as op_id: a client cannot collide with, or read, another's operation.
    """

    __tablename__ = "operation"
    __table_args__ = (sa.UniqueConstraint("participant_id", "op_id"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    op_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    event: so.Mapped[str] = so.mapped_column(sa.String(40))
    ack: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Presence(Base):
    """One open connection, whichever server process holds it, so presence is right across processes.

    A connection counts while its process is alive (ServerProcess); the rows of a process that died
    without closing them stop counting when its heartbeat is older than PRESENCE_TTL (facilitation.presence).
    """

    __tablename__ = "presence"
    sid: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    arena_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("arena.id", ondelete="CASCADE"), index=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    process: so.Mapped[str] = so.mapped_column(sa.String(100), index=True)
    # When the connection arrived.
    seen_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class ServerProcess(Base):
    """A live server process's heartbeat: one row per process, so keeping a thousand connections alive
    costs one small write, not a thousand."""

    __tablename__ = "server_process"
    process: so.Mapped[str] = so.mapped_column(sa.String(100), primary_key=True)
    seen_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
