"""The bare relay: the ceiling of our stack for the live load benchmark.

A python-socketio server under the same async mode and the same WSGI server as wsgi.py, handling the
events the benchmark sends (item:add, item:edit) with no database, no checks and no Flask: each change is
acknowledged and relayed to the room, sender skipped, exactly as the app does. Whatever the app costs on
top of this is the price of its database, checks and bookkeeping.

Run: ASYNC_MODE=eventlet|gevent|threading HOST=127.0.0.1 PORT=5055 python bench/relay.py
(SOCKETIO_MESSAGE_QUEUE=redis://… for several processes sharing rooms, like the app).
"""
import os

ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")

if ASYNC_MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import itertools  # noqa: E402  (after monkey-patching)
import threading  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

import socketio  # noqa: E402

ROOM = "arena"
_ids = itertools.count(1)
_lock = threading.Lock()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _item(item_id: int, kind: str, text: str, rev: int) -> dict:
    """An item of the same shape and size as the app's, so both send the same bytes."""
    stamp = _now()
    return {"id": item_id, "kind": kind, "text": text, "rev": rev, "parent_id": None, "fields": {},
            "votes": 0, "author": None, "created_at": stamp, "updated_at": stamp, "hidden": False,
            "pending": False}


def build_server() -> socketio.Server:
    """The relay's Socket.IO server with its handlers."""
    queue = os.environ.get("SOCKETIO_MESSAGE_QUEUE")
    manager = socketio.RedisManager(queue) if queue else None
    sio = socketio.Server(async_mode=ASYNC_MODE, client_manager=manager, ping_interval=15, ping_timeout=20,
                          max_http_buffer_size=64 * 1024, cors_allowed_origins=[])

    @sio.on("connect")
    def connect(sid, environ, auth=None):
        sio.enter_room(sid, ROOM)
        sio.emit("arena:state", {"arena": {"join_code": (auth or {}).get("join_code")}, "items": []}, to=sid)

    @sio.on("item:add")
    def add(sid, data):
        with _lock:
            item_id = next(_ids)
        item = _item(item_id, data.get("kind", "vision"), data.get("text", ""), 1)
        sio.emit("item:added", {"item": item}, room=ROOM, skip_sid=sid)
        return {"ok": True, "item": item}

    @sio.on("item:edit")
    def edit(sid, data):
        item = _item(data.get("item_id", 0), "vision", data.get("text", ""), data.get("base_rev", 0) + 1)
        sio.emit("item:edited", {"item": item}, room=ROOM, skip_sid=sid)
        return {"ok": True, "item": item}

    return sio


def serve() -> None:
    """Serve the relay the way Flask-SocketIO's run() serves the app in this async mode."""
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5055"))
    app = socketio.WSGIApp(build_server())
    print(f"Bare relay on http://{host}:{port} ({ASYNC_MODE})", flush=True)
    if ASYNC_MODE == "eventlet":
        import eventlet.wsgi

        eventlet.wsgi.server(eventlet.listen((host, port)), app, log_output=False,
                             max_size=int(os.environ.get("MAX_CONNECTIONS", "10000")))
    elif ASYNC_MODE == "gevent":
        from gevent import pywsgi
        from geventwebsocket.handler import WebSocketHandler

        pywsgi.WSGIServer((host, port), app, handler_class=WebSocketHandler, log=None).serve_forever()
    else:
        from werkzeug.serving import run_simple

        run_simple(host, port, app, threaded=True)


if __name__ == "__main__":
    serve()
