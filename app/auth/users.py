"""Flask-Login's view of an account: from the session cookie or an `Authorization: Bearer` token."""
from __future__ import annotations

from typing import Optional

from flask_login import LoginManager, UserMixin

from facilitation import accounts
from facilitation.models import User

from ..extensions import db


class SessionUser(UserMixin):
    """A detached snapshot of an account, safe to keep for the length of a request."""

    def __init__(self, user: User) -> None:
        self.id = user.id
        self.email = user.email
        self.name = user.name
        self.lang = user.lang

    def get_id(self) -> str:
        return str(self.id)


def load_user(user_id: str) -> Optional[SessionUser]:
    if not user_id.isdigit():
        return None
    with db.session() as session:
        user = session.get(User, int(user_id))
        return SessionUser(user) if user else None


def load_user_from_request(request) -> Optional[SessionUser]:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    with db.session() as session:
        user = accounts.user_for_token(session, header[len("Bearer "):].strip())
        return SessionUser(user) if user else None


def init_login(manager: LoginManager) -> None:
    manager.user_loader(load_user)
    manager.request_loader(load_user_from_request)
    manager.login_view = "auth.login"
    manager.session_protection = "strong"
