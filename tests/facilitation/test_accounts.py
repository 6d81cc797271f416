"""Accounts: scrypt password hashes, and personal API tokens kept only as hashes and revocable."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from facilitation import accounts
from facilitation.models import ApiToken
from facilitation.schemas import CommandError


@pytest.mark.real_password_hashing
def test_password_hashes_are_salted_scrypt():
    first, second = accounts.hash_password("correct horse"), accounts.hash_password("correct horse")
    assert first.startswith("scrypt$32768$8$1$") and first != second
    assert accounts.check_password(first, "correct horse")
    assert not accounts.check_password(first, "correct horsE")


@pytest.mark.parametrize("stored", [
    "", "plain", "bcrypt$1$2$3$c2FsdA==$ZGlnZXN0", "scrypt$x$8$1$c2FsdA==$ZA==",
])
def test_a_malformed_hash_never_matches(stored):
    assert accounts.check_password(stored, "anything") is False


@pytest.mark.parametrize("email, password", [("not-an-address", "long enough"), ("a@example.org", "short")])
def test_create_user_refuses_bad_input(session, email, password):
    with pytest.raises(CommandError) as refused:
        accounts.create_user(session, email, password)
    assert refused.value.code == "invalid"


def test_an_address_is_taken_once_whatever_its_case(session):
    accounts.create_user(session, "Olga@Example.org", "password-1")
    with pytest.raises(CommandError):
        accounts.create_user(session, " olga@example.ORG ", "password-2")
    assert accounts.authenticate(session, "OLGA@example.org", "password-1").email == "olga@example.org"
    assert accounts.authenticate(session, "olga@example.org", "password-2") is None
    assert accounts.authenticate(session, "nobody@example.org", "password-1") is None


def test_tokens_are_stored_hashed_and_revocable(session):
    user = accounts.create_user(session, "femi@example.org", "facilitator-pass")
    token = accounts.issue_token(session, user)
    second = accounts.issue_token(session, user)
    stored = session.scalars(sa.select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored) == 2
    assert accounts.user_for_token(session, token).id == user.id
    assert accounts.user_for_token(session, token + "x") is None
    assert accounts.revoke_tokens(session, user) == 2
    assert accounts.user_for_token(session, token) is None
    assert accounts.user_for_token(session, second) is None
    assert accounts.revoke_tokens(session, user) == 0
