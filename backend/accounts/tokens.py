"""Login sessions and their tokens.

An access token is a short-lived JWT carrying the session id (``sid``). A refresh token is a JWT whose id (jti)
is recorded; exchanging it marks it used and issues a new pair in the same session. Presenting a used refresh
token again means someone holds a copy: the whole session is revoked (refresh-token rotation with reuse
detection, as in the OAuth 2.0 security BCP).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import uuid
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager
from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, get_jti

from backend.accounts.models import AuthSession, RefreshToken, User
from backend.extensions import db
from backend.models_base import utcnow


def _cfg():
    return current_app.extensions["doemee_config"]


def start_session(user: User) -> TokenPair:
    now = utcnow()
    session = AuthSession(id=uuid.uuid4(), user_id=user.id, last_used_at=now,
                          expires_at=now + timedelta(days=_cfg()["REFRESH_TOKEN_DAYS"]))
    db.session.add(session)
    return _issue_pair(user.id, session.id)


@dataclass(frozen=True)
class TokenPair:
    """A short-lived access token and the refresh token that renews it (rotated on every use)."""

    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token is valid
    token_type: str = "Bearer"


def _issue_pair(user_id, session_id) -> TokenPair:
    claims = {"sid": str(session_id)}
    access = create_access_token(identity=str(user_id), additional_claims=claims)
    refresh = create_refresh_token(identity=str(user_id), additional_claims=claims)
    db.session.add(RefreshToken(jti=get_jti(refresh), session_id=session_id))
    return TokenPair(access, refresh, _cfg()["ACCESS_TOKEN_MINUTES"] * 60)


def live_session_user(session_id, user_id=None) -> User | None:
    """The user of a live session (not revoked, not expired; the token's user when ``user_id`` is given), with
    their role grants, in one statement: what every authenticated request needs before its view runs.

    Revocation (logout, password change, refresh-token reuse, erasure) is an UPDATE of the session row, so the
    next request of any worker sees it: nothing about a session is remembered between requests."""
    try:
        sid = uuid.UUID(str(session_id))
        uid = uuid.UUID(str(user_id)) if user_id is not None else None
    except ValueError:
        return None
    return db.session.scalars(_live_session_stmt(uid is not None),
                              {"sid": sid, "uid": uid, "now": utcnow()}).unique().one_or_none()


@lru_cache(maxsize=2)
def _live_session_stmt(with_user: bool) -> sa.Select:
    """Built once (every authenticated request sends it; values bound at execution)."""
    stmt = (sa.select(User)
            .join(AuthSession, AuthSession.user_id == User.id)
            .outerjoin(User.roles)
            .options(contains_eager(User.roles))
            .where(AuthSession.id == sa.bindparam("sid", type_=AuthSession.id.type), AuthSession.revoked_at.is_(None),
                   AuthSession.expires_at > sa.bindparam("now", type_=AuthSession.expires_at.type)))
    return stmt.where(User.id == sa.bindparam("uid", type_=User.id.type)) if with_user else stmt


def parse_session(session_id, user_id) -> tuple[uuid.UUID, uuid.UUID] | None:
    """A token's (session id, user id) as UUIDs, or None when either is missing or malformed."""
    try:
        return uuid.UUID(str(session_id)), uuid.UUID(str(user_id))
    except ValueError:
        return None


def session_live_column() -> sa.ColumnElement:
    """``session_live``: true while the session is live for that user, as a column of some other statement, with
    the bound parameters ``session_params`` gives values to.

    For a view that does not need the user (a public list read with a token): the token's session is checked in
    the statement the view sends anyway, so that authentication costs no statement of its own; the same rule as
    ``live_session_user`` (not revoked, not expired, the token's own user), read in the same snapshot."""
    return sa.exists().where(
        AuthSession.id == sa.bindparam("session_id", type_=AuthSession.id.type),
        AuthSession.user_id == sa.bindparam("session_user", type_=AuthSession.user_id.type),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > sa.bindparam("session_now", type_=AuthSession.expires_at.type)).label("session_live")


def session_params(session: tuple[uuid.UUID, uuid.UUID]) -> dict:
    return {"session_id": session[0], "session_user": session[1], "session_now": utcnow()}


class RefreshReused(Exception):
    """A used refresh token came back; its session has been revoked (and committed)."""


def rotate(user_id: str, jti: str, session_id: str) -> TokenPair:
    """Exchange a refresh token once. The UPDATE ... WHERE used_at IS NULL is the atomic guard between racers."""
    now = utcnow()
    result = db.session.execute(
        sa.update(RefreshToken)
        .where(RefreshToken.jti == jti, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    sid = uuid.UUID(session_id)
    if result.rowcount != 1:
        revoke_session(sid, reason="refresh_reused")
        # Commit here although the request fails: the revocation is the point of detecting reuse.
        db.session.commit()
        raise RefreshReused()
    db.session.execute(sa.update(AuthSession).where(AuthSession.id == sid).values(last_used_at=now))
    return _issue_pair(uuid.UUID(user_id), sid)


def revoke_session(session_id, *, reason: str) -> None:
    db.session.execute(
        sa.update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )


def revoke_all_sessions(user_id, *, reason: str, except_session=None) -> None:
    stmt = (sa.update(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason))
    if except_session is not None:
        stmt = stmt.where(AuthSession.id != except_session)
    db.session.execute(stmt)
