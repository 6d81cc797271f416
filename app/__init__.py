"""The Flask application: create_app() wires configuration, extensions, pages, sockets and commands."""
from __future__ import annotations

import logging

import flask_babel
from dotenv import load_dotenv
from flask import Flask, render_template

from .config import Config
from .extensions import babel, compress, csrf, db, login_manager, socketio


def create_app(config: Config | None = None, async_mode: str | None = None) -> Flask:
    """An application for a real server (configured from the environment) or for a test.

    `async_mode` is given by wsgi.py, the only place that knows the server (eventlet, gevent, threading).
    """
    load_dotenv(override=False)
    config = config or Config()
    if async_mode:
        config.ASYNC_MODE = async_mode
    app = Flask(__name__, instance_path=config.INSTANCE_PATH, instance_relative_config=True)
    app.config.from_object(config)
    register_extensions(app)
    register_blueprints(app)
    register_socket_handlers(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import i18n, security
    from .auth import users

    db.configure(app.config["DATABASE_URL"])
    csrf.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    users.init_login(login_manager)
    babel.init_app(app, locale_selector=i18n.select_locale, default_translation_directories="../translations")
    # base.html names the page's language in <html lang>; Flask-Babel 4 no longer offers this to templates.
    app.jinja_env.globals["get_locale"] = flask_babel.get_locale
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        max_http_buffer_size=app.config["MAX_PAYLOAD_BYTES"],
        # Phones on venue Wi-Fi stall for a few seconds; do not drop them for it.
        ping_interval=15,
        ping_timeout=20,
    )
    # Last, so that its proxy fix wraps the Socket.IO middleware too: connections see the client's address.
    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .auth.views import bp as auth_bp
    from .files.views import bp as files_bp
    from .files.archive_views import bp as archive_bp
    from .web.staff_views import bp as staff_bp
    from .web.views import bp as web_bp

    app.register_blueprint(web_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(files_bp)
    app.register_blueprint(archive_bp)
    app.register_blueprint(staff_bp)


def register_socket_handlers(app: Flask) -> None:
    from .realtime import handlers

    handlers.register(app, socketio)


def register_errorhandlers(app: Flask) -> None:
    def render_error(error):
        code = getattr(error, "code", 500) or 500
        if code >= 500:
            logging.getLogger(__name__).exception("Unhandled error")
        return render_template("error.html", code=code), code

    for code in (400, 401, 403, 404, 405, 413, 429, 500):
        app.errorhandler(code)(render_error)


def register_commands(app: Flask) -> None:
    from .cli import arenas, db_group, users

    app.cli.add_command(users)
    app.cli.add_command(arenas)
    app.cli.add_command(db_group)
