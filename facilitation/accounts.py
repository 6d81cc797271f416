"""Organiser and facilitator accounts: hashed passwords and revocable personal API tokens."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from .access import token_digest
from .models import ApiToken, User, utcnow
from .schemas import CommandError, normalise_lang

# scrypt with n=2**15, r=8, p=1: about 32 MB and 0.1 s per check; slow for guessing, fine for a login.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """A salted scrypt hash in a self-describing string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=64 * 1024 * 1024, **_SCRYPT)
    encode = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${encode(salt).decode()}${encode(digest).decode()}"


def check_password(stored: str, password: str) -> bool:
    """Whether a password matches a hash from hash_password, in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                   p=int(p), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(session: so.Session, email: str, password: str, *, name: Optional[str] = None,
                lang: Optional[str] = None) -> User:
    """A new account; refuses a taken address or a password under 8 characters."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise CommandError("invalid", "That is not an e-mail address.")
    if len(password) < 8:
        raise CommandError("invalid", "The password must have at least 8 characters.")
    if session.scalar(sa.select(User).where(User.email == email)):
        raise CommandError("invalid", "An account with this e-mail address exists already.")
    user = User(email=email, password_hash=hash_password(password), name=name, lang=normalise_lang(lang))
    session.add(user)
    session.commit()
    return user


def user_by_email(session: so.Session, email: str) -> Optional[User]:
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(session: so.Session, email: str, password: str) -> Optional[User]:
    """The account for this e-mail and password, or None (after the same work either way)."""
    user = user_by_email(session, email)
    if user is None:
        check_password(hash_password("timing-equaliser"), password)
        return None
    return user if check_password(user.password_hash, password) else None


def issue_token(session: so.Session, user: User) -> str:
    """A new personal API token; only its hash is kept, so it is shown once."""
    token = "ta_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_digest(token)))
    session.commit()
    return token


def user_for_token(session: so.Session, token: str) -> Optional[User]:
    """The account a live (not revoked) token belongs to, or None."""
    row = session.scalar(sa.select(ApiToken).where(
        ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None)))
    return row.user if row else None


def revoke_tokens(session: so.Session, user: User) -> int:
    """Revoke every live token of an account; returns how many."""
    rows = session.scalars(sa.select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).all()
    for row in rows:
        row.revoked_at = utcnow()
    session.commit()
    return len(rows)
