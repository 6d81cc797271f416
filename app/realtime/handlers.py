"""Socket.IO handlers: authenticate the connection, parse each payload, run the command, acknowledge the
sender and broadcast to the arena's room after the commit. Every event gets an acknowledgement, even a
refusal or an unknown event: a phone must never wait on silence."""
from __future__ import annotations

import dataclasses
import logging
import os
import socket
import threading
import uuid
from typing import Any, Callable, Optional

from flask import current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, SocketIO, disconnect, join_room

from facilitation import commands, controls, presence, schemas
from facilitation.access import join_as_participant, join_as_user, update_me, watch_arena
from facilitation.accounts import user_for_token
from facilitation.commands import Event, Outcome
from facilitation.models import Arena, Participant, User
from facilitation.schemas import CommandError, normalise_lang, parse
from facilitation.views import arena_state, participants_view

from ..extensions import db, socketio
from ..i18n import connection_lang, error_ack, in_language
from ..limits import RateLimiter
from ..security import client_address, guess_limit
from .connections import Connection, Registry, arena_room, participant_room, staff_room

log = logging.getLogger(__name__)

# Client events that change the arena: name → (payload schema, command).
COMMANDS: dict[str, tuple[type[schemas.Payload], Callable[..., Outcome]]] = {
    "item:add": (schemas.AddItem, commands.add_item),
    "item:edit": (schemas.EditItem, commands.edit_item),
    "item:delete": (schemas.DeleteItem, commands.delete_item),
    "item:vote": (schemas.VoteItem, commands.vote_item),
    "phase:set": (schemas.SetPhase, commands.set_phase),
    # The facilitator's controls.
    "arena:update": (schemas.UpdateArena, controls.update_arena),
    "items:reveal": (schemas.RevealItems, controls.reveal_items),
    "item:hide": (schemas.HideItem, controls.hide_item),
    "item:cluster": (schemas.ClusterItem, controls.cluster_item),
    "item:link": (schemas.LinkItems, controls.link_items),
    "item:unlink": (schemas.LinkItems, controls.unlink_items),
    "timer:start": (schemas.StartTimer, controls.start_timer),
    "timer:stop": (schemas.Empty, controls.stop_timer),
    "board:focus": (schemas.FocusBoard, controls.focus_board),
    "meeting:start": (schemas.Empty, controls.start_meeting),
    "meeting:changes": (schemas.MeetingChanges, controls.meeting_changes),
}

UNAVAILABLE = CommandError("unavailable", "The server could not save this change now; try again.")

# A client may name its own event "connect" or "disconnect"; Socket.IO hands that to the same handlers as
# the real connection events, so they answer it as an unknown event instead of re-joining or forgetting.
RESERVED = CommandError("invalid", "'connect' and 'disconnect' are not events a client can send.")


class Realtime:
    """This process's live state for one app: connections, rate limits and pending presence updates."""

    def __init__(self, app) -> None:
        self.app = app
        self.registry = Registry()
        self.limiter = RateLimiter(app.config["EVENT_RATE"], app.config["EVENT_BURST"])
        self.presence_delay = app.config.get("PRESENCE_DELAY", 0.5)
        self.max_connections_per_participant = app.config.get("MAX_CONNECTIONS_PER_PARTICIPANT", 5)
        # Names this process in the presence table, so its rows can be refreshed and told apart.
        self.process = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._presence_pending: set[int] = set()
        # sid → events refused as rate_limited in a row. A client that keeps sending while told to wait is
        # dropped: answering its refusals alone would slow everyone else on this process.
        self._ignored: dict[str, int] = {}
        self.max_ignored = 2 * app.config["EVENT_BURST"]
        self._heartbeat_started = False
        self._lock = threading.Lock()

    def start_heartbeat(self) -> None:
        """On a connection: keep this process's presence rows fresh while it holds any connection."""
        with self._lock:
            if self._heartbeat_started:
                return
            self._heartbeat_started = True
        socketio.start_background_task(self._heartbeat)

    def _heartbeat(self) -> None:
        while True:
            socketio.sleep(presence.HEARTBEAT.total_seconds())
            with self._lock:
                # Nothing left to keep alive: stop, and let the next connection start a new heartbeat.
                if not len(self.registry):
                    self._heartbeat_started = False
                    return
            try:
                with self.app.app_context(), db.session() as session:
                    presence.heartbeat(session, self.process)
            except Exception:
                log.exception("Presence heartbeat failed")

    def ignores_limit(self, sid: str, limited: bool) -> bool:
        """Count a connection's refused events in a row; True once it has ignored retry_after too often."""
        with self._lock:
            if not limited:
                self._ignored.pop(sid, None)
                return False
            self._ignored[sid] = self._ignored.get(sid, 0) + 1
            return self._ignored[sid] > self.max_ignored

    def schedule_presence(self, arena_id: int) -> None:
        """Send the arena's presence list soon, once for a whole wave of arrivals and departures."""
        with self._lock:
            if arena_id in self._presence_pending:
                return
            self._presence_pending.add(arena_id)
        socketio.start_background_task(self._send_presence, arena_id)

    def _send_presence(self, arena_id: int) -> None:
        # The list goes to every phone, so its cost grows with the square of the room: a big room gets it
        # less often (half a second per 250 connections more), which also gathers a wave of arrivals.
        socketio.sleep(self.presence_delay * (1 + len(self.registry) / 250))
        with self._lock:
            self._presence_pending.discard(arena_id)
        try:
            with self.app.app_context(), db.session() as session:
                arena = session.get(Arena, arena_id)
                if arena is None:
                    return
                people = participants_view(session, arena, presence.online_ids(session, arena_id))
            socketio.emit("presence", {"participants": people}, to=arena_room(arena_id))
        except Exception:
            log.exception("Could not send presence for arena %s", arena_id)


def realtime() -> Realtime:
    return current_app.extensions["realtime"]


def _refuse(error: CommandError, lang: Optional[str]) -> None:
    """Refuse a connection with connect_error data {"code", "message"}, as CONTRACT.md has it."""
    refusal = ConnectionRefusedError()
    refusal.error_args = {"code": error.code, "message": in_language(error, lang)}
    raise refusal


def _asked_lang(auth: Any) -> str:
    """The language a connection asks for in its auth object, else its browser's: for refusals."""
    return connection_lang(auth.get("lang") if isinstance(auth, dict) and isinstance(auth.get("lang"), str)
                           else None)


def _lang_of(session, actor, asked: Optional[str]) -> str:
    """The connection's language: asked for, else the participant's (kept from the join page, or the
    account's preference for staff), else the arena's."""
    participant = None if actor.is_screen else session.get(Participant, actor.participant_id)
    arena = session.get(Arena, actor.arena_id)
    return connection_lang(asked, participant and participant.lang, arena and arena.lang)


def _account(session, token: Optional[str]) -> Optional[User]:
    """The account behind the connection: an API token, else the browser's login session, else none."""
    if token:
        user = user_for_token(session, token)
        if user is None:
            raise CommandError("unauthorized", "This API token is not valid.")
        return user
    if current_user and current_user.is_authenticated:
        return session.get(User, current_user.id)
    return None


def on_connect(auth: Any = None) -> Optional[dict[str, Any]]:
    live = realtime()
    connection = live.registry.get(request.sid)
    if connection is not None:
        return error_ack(RESERVED, connection.lang)
    lang = _asked_lang(auth)
    join_guesses = guess_limit("join_address")
    try:
        if join_guesses.blocked(client_address()):
            raise CommandError("rate_limited", "Too many wrong join codes from this network; wait a minute.")
        data = parse(schemas.ConnectAuth, auth)
        with db.session() as session:
            user = _account(session, data.token)
            if data.view == "screen":
                actor, participant_token = watch_arena(session, data.join_code), None
            elif user is not None:
                actor, participant_token = join_as_user(session, data.join_code, user, lang=data.lang), None
            else:
                actor, participant_token = join_as_participant(
                    session, data.join_code, name=data.name, lang=data.lang,
                    participant_token=data.participant_token)
            if not actor.is_screen:
                if presence.connections_of(session, actor.participant_id) >= live.max_connections_per_participant:
                    raise CommandError("rate_limited", "This participant has too many open connections.")
                presence.arrive(session, request.sid, actor, live.process)
            live.registry.add(request.sid, Connection(actor, participant_token,
                                                      _lang_of(session, actor, normalise_lang(data.lang))))
            state = arena_state(session, actor, participant_token=participant_token,
                                online_ids=presence.online_ids(session, actor.arena_id))
    except CommandError as error:
        if error.code == "not_found":
            join_guesses.check(client_address())
        _refuse(error, lang)
    except Exception:
        live.registry.remove(request.sid)
        log.exception("Connection failed")
        _refuse(CommandError("unavailable", "The server could not accept this connection now."), lang)
    live.start_heartbeat()
    join_room(arena_room(actor.arena_id))
    if not actor.is_screen:
        join_room(participant_room(actor.participant_id))
    if actor.is_staff:
        join_room(staff_room(actor.arena_id))
    socketio.emit("arena:state", state, to=request.sid)
    live.schedule_presence(actor.arena_id)


def on_disconnect(*_args) -> Optional[dict[str, Any]]:
    live = realtime()
    if socketio.server.manager.is_connected(request.sid, request.namespace):
        connection = live.registry.get(request.sid)
        return error_ack(RESERVED, connection.lang if connection else None)
    connection = live.registry.remove(request.sid)
    live.ignores_limit(request.sid, False)
    if connection is None:
        return
    if connection.actor.is_screen:
        return
    try:
        with db.session() as session:
            presence.leave(session, request.sid)
            commands.touch_participant(session, connection.actor.participant_id)
    except Exception:
        log.exception("Could not record a departure")
    live.schedule_presence(connection.actor.arena_id)


def broadcast(arena_id: int, events: list[Event], skip_sid: Optional[str] = None) -> None:
    """Send events to those of the arena who may see them; the sender has its acknowledgement."""
    for event in events:
        if event.visible_to is None:
            rooms: Any = arena_room(arena_id)
        else:
            rooms = [staff_room(arena_id), *(participant_room(pid) for pid in sorted(event.visible_to))]
        socketio.emit(event.name, event.payload, to=rooms, skip_sid=skip_sid)


def _guarded(name: str, run: Callable[[Connection, Any], dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """The common part of every client event: identity from the connection, rate limit, refusals as acks."""
    def handler(*args: Any) -> dict[str, Any]:
        live = realtime()
        connection = live.registry.get(request.sid)
        if connection is None:
            return error_ack(CommandError("unauthorized", "Join the arena first."), connection_lang(None))
        wait = live.limiter.check(connection.actor.participant_id or request.sid)
        if live.ignores_limit(request.sid, bool(wait)):
            disconnect()
        if wait:
            ack = error_ack(CommandError("rate_limited", "Too many changes at once; wait a moment."),
                            connection.lang)
            ack["error"]["retry_after"] = wait
            return ack
        try:
            return run(connection, args[0] if args else None)
        except CommandError as error:
            return error_ack(error, connection.lang)
        except Exception:
            log.exception("Event %s failed", name)
            return error_ack(UNAVAILABLE, connection.lang)

    handler.__name__ = "on_" + name.replace(":", "_")
    return handler


def _command(name: str, schema: type[schemas.Payload], command: Callable[..., Outcome]):
    def run(connection: Connection, raw: Any) -> dict[str, Any]:
        payload = parse(schema, raw)
        with db.session() as session:
            outcome = command(session, connection.actor, payload)
        broadcast(connection.actor.arena_id, outcome.events, skip_sid=request.sid)
        return outcome.ack
    return _guarded(name, run)


def _sync(connection: Connection, _raw: Any) -> dict[str, Any]:
    with db.session() as session:
        state = arena_state(session, connection.actor, participant_token=connection.participant_token,
                            online_ids=presence.online_ids(session, connection.actor.arena_id))
    return {"ok": True, "state": state}


def _update_me(connection: Connection, raw: Any) -> dict[str, Any]:
    payload = parse(schemas.UpdateMe, raw)
    with db.session() as session:
        me = update_me(session, connection.actor, payload.name, payload.lang)
    if me["lang"] and me["lang"] != connection.lang:
        # From now on this connection's refusals are in the language the participant chose.
        realtime().registry.add(request.sid, dataclasses.replace(connection, lang=me["lang"]))
    realtime().schedule_presence(connection.actor.arena_id)
    return {"ok": True, "me": me}


def on_unknown(event: str, *_args: Any) -> dict[str, Any]:
    connection = realtime().registry.get(request.sid)
    return error_ack(CommandError("invalid", "Unknown event “%(event)s”.", event=str(event)[:40]),
                     connection.lang if connection else connection_lang(None))


def register(app, server: SocketIO) -> None:
    """Give the app its live state and attach the handlers to its Socket.IO server.

    Called after socketio.init_app(): Flask-SocketIO then registers handlers on that app's server only,
    so each app gets its own set.
    """
    app.extensions["realtime"] = Realtime(app)
    server.on_event("connect", on_connect)
    server.on_event("disconnect", on_disconnect)
    for name, (schema, command) in COMMANDS.items():
        server.on_event(name, _command(name, schema, command))
    server.on_event("arena:sync", _guarded("arena:sync", _sync))
    server.on_event("me:update", _guarded("me:update", _update_me))
    server.on_event("*", on_unknown)
