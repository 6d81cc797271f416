"""A phone that behaves like the real front end on bad Wi-Fi: every change waits in an outbox with its op_id
until the server acknowledges it; when the connection drops, the phone reconnects as the same participant
(to any server that answers, as a balancer would send it), resends the outbox with the same op_ids, then
calls arena:sync."""
from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from typing import Callable, Optional

import socketio

ACK_TIMEOUT = 10.0
RECONNECT_TIMEOUT = 30.0


class Disconnected(Exception):
    """The connection dropped before the server answered."""


@dataclass
class Change:
    event: str
    payload: dict
    marker: str
    ack: Optional[dict] = None
    sends: int = 0


class OutboxPhone:
    """One participant's phone. `urls()` names the servers to try, preferred first, at each reconnect."""

    def __init__(self, urls: Callable[[], list[str]], join_code: str, name: str) -> None:
        self.urls = urls
        self.auth = {"join_code": join_code, "name": name}
        self.outbox: list[Change] = []
        self.done: list[Change] = []
        self.refused: list[dict] = []  # refusals other than "try again later": none expected
        self.reconnects = 0
        self.received: list[tuple[str, object]] = []
        self.sio: Optional[socketio.Client] = None
        self.url: Optional[str] = None
        self.me: Optional[dict] = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------------------------ connection

    def connect(self, timeout: float = RECONNECT_TIMEOUT) -> None:
        """Connect (again) to the first server that accepts, as the same participant once known."""
        deadline = time.monotonic() + timeout
        last_error: object = None
        while time.monotonic() < deadline:
            for url in self.urls():
                client = socketio.Client(reconnection=False)
                states: list[dict] = []
                client.on("arena:state", states.append)
                client.on("*", self._record)
                try:
                    client.connect(url, auth=self.auth, transports=["websocket"], wait_timeout=5)
                except socketio.exceptions.ConnectionError as error:
                    last_error = error
                    continue
                if not self._wait(lambda: bool(states), 5):
                    client.disconnect()
                    continue
                if self.me is not None:
                    assert states[0]["me"]["participant_id"] == self.me["participant_id"], states[0]["me"]
                    self.reconnects += 1
                self.me = states[0]["me"]
                self.auth["participant_token"] = self.me["participant_token"]
                self.sio, self.url = client, url
                return
            time.sleep(0.1)
        raise AssertionError(f"{self.auth['name']} could not reconnect within {timeout}s: {last_error}")

    def _record(self, event: str, *args) -> None:
        self.received.append((event, args[0] if args else None))

    @staticmethod
    def _wait(condition: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    @property
    def connected(self) -> bool:
        return self.sio is not None and self.sio.connected

    def close(self) -> None:
        if self.connected:
            self.sio.disconnect()

    # ------------------------------------------------------------------------------------ changes

    def submit(self, event: str, payload: dict, marker: str) -> Change:
        """Put a change in the outbox with a fresh op_id; flush() sends it."""
        change = Change(event, {**payload, "op_id": str(uuid.uuid4())}, marker)
        with self._lock:
            self.outbox.append(change)
        return change

    def call(self, event: str, payload: object = None) -> dict:
        """Emit and wait for the acknowledgement; Disconnected if the connection drops meanwhile."""
        sio = self.sio
        if sio is None or not sio.connected:
            raise Disconnected(event)
        answered, box = threading.Event(), []
        try:
            sio.emit(event, payload, callback=lambda ack: (box.append(ack), answered.set()))
        except socketio.exceptions.SocketIOError as error:
            raise Disconnected(event) from error
        deadline = time.monotonic() + ACK_TIMEOUT
        while not answered.wait(0.02):
            if not sio.connected or time.monotonic() > deadline:
                raise Disconnected(event)
        return box[0]

    def flush(self) -> None:
        """Send the outbox in order until it is empty, reconnecting whenever the connection drops."""
        while self.outbox:
            change = self.outbox[0]
            try:
                change.sends += 1
                ack = self.call(change.event, change.payload)
            except Disconnected:
                self.reconnect()
                continue
            if ack["ok"]:
                change.ack = ack
                with self._lock:
                    self.outbox.pop(0)
                    self.done.append(change)
            elif ack["error"]["code"] in ("rate_limited", "unavailable"):
                time.sleep(float(ack["error"].get("retry_after", 0.2)))
            else:
                self.refused.append({"change": change, "ack": ack})
                with self._lock:
                    self.outbox.pop(0)

    def reconnect(self) -> None:
        """A new connection as the same participant; the outbox is resent by flush()."""
        self.close()
        self.connect()

    def sync(self) -> dict:
        """The arena's state, reconnecting if need be (after resending the outbox, as the front end does)."""
        while True:
            self.flush()
            try:
                ack = self.call("arena:sync")
            except Disconnected:
                self.reconnect()
                continue
            assert ack["ok"], ack
            return ack["state"]
