"""The one entry point: pick the async server, create the app, serve Socket.IO.

ASYNC_MODE=eventlet (default) or gevent. Only this file knows which: the rest of the code uses
socketio.start_background_task / socketio.sleep and the standard library, which the server patches.
"""
import gc
import os
import warnings

ASYNC_MODE = os.environ.setdefault("ASYNC_MODE", "eventlet")

if ASYNC_MODE == "eventlet":
    # The choice is documented in the README; operators need not be warned at every start. eventlet warns
    # when imported, so the filter comes first; its message starts with a newline.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="eventlet")
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()
elif ASYNC_MODE != "threading":
    raise SystemExit(f"ASYNC_MODE must be eventlet, gevent or threading, not {ASYNC_MODE!r}")

try:  # PostgreSQL queries must yield to the hub instead of blocking every connection.
    if ASYNC_MODE == "eventlet":
        from psycogreen.eventlet import patch_psycopg
        patch_psycopg()
    elif ASYNC_MODE == "gevent":
        from psycogreen.gevent import patch_psycopg
        patch_psycopg()
except ImportError:
    pass

from app import create_app  # noqa: E402  (after monkey-patching)
from app.extensions import socketio  # noqa: E402

app = create_app(async_mode=ASYNC_MODE)


def serve() -> None:
    host, port = app.config["HOST"], app.config["PORT"]
    # Everything loaded so far lives as long as the process: keep the garbage collector's full passes,
    # which stall every connection of the process, from walking it again and again.
    gc.collect()
    gc.freeze()
    options = {}
    if ASYNC_MODE == "eventlet":
        # eventlet's WSGI server accepts only 1,024 connections unless told otherwise.
        options["max_size"] = int(os.environ.get("MAX_CONNECTIONS", "10000"))
    print(f"Transition Arena on http://{host}:{port} ({ASYNC_MODE})", flush=True)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=ASYNC_MODE == "threading",
                 log_output=os.environ.get("ACCESS_LOG", "0") == "1", **options)


if __name__ == "__main__":
    serve()
