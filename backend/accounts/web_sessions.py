"""Login sessions of the web pages: the same AuthSession rows as the API's logins, so that logout, a password
change or reset and erasure (which revoke or delete a user's sessions) end web logins as well.

The browser holds an opaque random token in a cookie; the database keeps only a digest of it (the session's id is
derived from the token's SHA-256), so a copy of the database opens no session. No JWT is ever issued for a web
session, so its id never leaves the server.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from flask import current_app

from backend.accounts import operations, tokens
from backend.accounts.models import AuthSession, User
from backend.extensions import db
from backend.models_base import utcnow


def _session_id(token: str) -> uuid.UUID:
    return uuid.UUID(bytes=hashlib.sha256(token.encode()).digest()[:16])


def start(user: User) -> str:
    """A new web login for ``user``; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    days = current_app.extensions["doemee_config"]["REFRESH_TOKEN_DAYS"]
    db.session.add(AuthSession(id=_session_id(token), user_id=user.id, last_used_at=now,
                               expires_at=now + timedelta(days=days)))
    return token


def login(*, email: str, password: str) -> tuple[User, str]:
    user = operations.authenticate(email=email, password=password)
    return user, start(user)


def user_of(token: str | None) -> User | None:
    """The user of an active web session, or None (unknown, revoked, expired or malformed token)."""
    if not token or len(token) > 100:
        return None
    # The cookie is the session itself (no separate user claim): it is valid for the user it was started for.
    return tokens.live_session_user(_session_id(token))


def logout(user: User, token: str) -> None:
    operations.logout(user, str(_session_id(token)))


def change_password(user: User, *, current_password: str, new_password: str) -> str:
    """Every login of the user ends (this one too); returns the cookie value of a fresh web login."""
    operations.set_new_password(user, current_password=current_password, new_password=new_password)
    return start(user)


def register(**fields) -> tuple[User, str]:
    """Create the account (operations.register: its rules, consent record and audit) and sign it in."""
    user = operations.register(**fields)
    return user, start(user)
