"""One Config, read from the environment (and a .env file); TestConfig beside it."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _instance_path() -> Path:
    return Path(os.environ.get("INSTANCE_PATH", ROOT / "instance")).resolve()


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept under instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


class Config:
    """Settings for a real server; every one can be set through an environment variable of its name."""

    def __init__(self) -> None:
        instance = _instance_path()
        self.INSTANCE_PATH = str(instance)
        self.SECRET_KEY = _secret_key(instance)
        self.DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'arena.sqlite3'}"
        self.SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
        # Only wsgi.py serves, and it passes its own mode to create_app(); `flask` commands serve nothing.
        self.ASYNC_MODE = "threading"
        self.HOST = os.environ.get("HOST", "127.0.0.1")
        self.PORT = int(os.environ.get("PORT", "5000"))
        self.BEHIND_HTTPS = _flag("BEHIND_HTTPS", False)
        # How many reverse proxies (nginx) stand in front; their X-Forwarded-* headers are trusted only then.
        self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
        self.MAX_CONNECTIONS_PER_PARTICIPANT = int(os.environ.get("MAX_CONNECTIONS_PER_PARTICIPANT", "5"))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.BEHIND_HTTPS
        self.REMEMBER_COOKIE_SECURE = self.BEHIND_HTTPS
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.WTF_CSRF_TIME_LIMIT = None
        # Events per participant: a steady rate and a burst, so a flooding phone is slowed alone.
        self.EVENT_RATE = float(os.environ.get("EVENT_RATE", "10"))
        self.EVENT_BURST = int(os.environ.get("EVENT_BURST", "40"))
        self.MAX_PAYLOAD_BYTES = int(os.environ.get("MAX_PAYLOAD_BYTES", str(64 * 1024)))
        # Phones on venue Wi-Fi: pages, scripts and styles go compressed, static files (streamed) included.
        self.COMPRESS_ALGORITHM_STREAMING = ["br", "gzip", "deflate"]
        self.TESTING = False


class TestConfig(Config):
    """For tests: a database of the test's choice, the threading server, no CSRF tokens to fetch."""

    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, database_url: str, **overrides) -> None:
        super().__init__()
        self.DATABASE_URL = database_url
        self.TESTING = True
        self.WTF_CSRF_ENABLED = False
        self.SOCKETIO_MESSAGE_QUEUE = None
        for key, value in overrides.items():
            setattr(self, key, value)
