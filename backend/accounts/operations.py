"""Account operations. They flush when they need an id and never commit (the request or CLI boundary does),
except where a security record must survive a failing request (said so at the spot)."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from backend.accounts import tokens
from backend.accounts.models import MUNICIPAL_ROLES, ROLES, SELF_SERVICE_ROLES, ConsentRecord, PasswordResetToken, RoleGrant, User
from backend.accounts.passwords import burn_verification_time, hash_password, password_problems, verify_password
from backend.accounts.privacy import current_statement
from backend.audit.operations import record
from backend.errors import Conflict, InvalidInput, Unauthorized
from backend.extensions import db
from backend.i18n import LOCALES, N_, Msg, add_messages
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue


def normalise_email(email: str) -> str:
    return email.strip().lower()


def register(*, email: str, password: str, display_name: str, locale: str, accepted_privacy_version: str | None,
             roles: list[str] | None = None) -> User:
    email = normalise_email(email)
    errors: dict[str, list] = {}
    current = current_statement()["version"]
    if accepted_privacy_version != current:
        errors["accepted_privacy_version"] = [Msg("field.privacy_outdated", current=current)]
    problems = password_problems(password, email)
    if problems:
        errors["password"] = problems
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise Conflict("detail.email_taken")
    user = User(email=email, password_hash=hash_password(password), display_name=display_name.strip(),
                locale=locale)
    for role in sorted(set(roles or ["volunteer"])):
        assert role in SELF_SERVICE_ROLES  # the schema only lets these through
        user.roles.append(RoleGrant(role=role))
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # Two sign-ups with the same address raced past the SELECT; the unique index decided.
        db.session.rollback()
        raise Conflict("detail.email_taken") from None
    db.session.add(ConsentRecord(user_id=user.id, purpose="privacy_statement", text_version=current))
    record("account.registered", actor_id=user.id, subject_id=user.id)
    return user


def login(*, email: str, password: str) -> tokens.TokenPair:
    return tokens.start_session(authenticate(email=email, password=password))


def authenticate(*, email: str, password: str) -> User:
    """Check e-mail and password (audited either way); the caller starts the kind of session it needs."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        burn_verification_time()
        raise Unauthorized("detail.bad_credentials")
    if not verify_password(user.password_hash, password):
        record("auth.login_failed", subject_id=user.id)
        # Commit although the request fails: failed logins belong in the audit trail.
        db.session.commit()
        raise Unauthorized("detail.bad_credentials")
    record("auth.login", actor_id=user.id, subject_id=user.id)
    return user


def refresh(*, user_id: str, jti: str, session_id: str) -> tokens.TokenPair:
    try:
        return tokens.rotate(user_id, jti, session_id)
    except tokens.RefreshReused:
        record("auth.refresh_reused", subject_id=uuid.UUID(user_id), object_type="auth_session",
               object_id=uuid.UUID(session_id))
        db.session.commit()
        raise Unauthorized("detail.refresh_reused") from None


def logout(user: User, session_id: str) -> None:
    tokens.revoke_session(uuid.UUID(session_id), reason="logout")
    record("auth.logout", actor_id=user.id, subject_id=user.id)


def change_password(user: User, *, current_password: str, new_password: str, session_id: str) -> tokens.TokenPair:
    set_new_password(user, current_password=current_password, new_password=new_password)
    return tokens.start_session(user)


def set_new_password(user: User, *, current_password: str, new_password: str) -> None:
    """Change the password and end every login (API and web); the caller starts the session it needs."""
    if not verify_password(user.password_hash, current_password):
        raise InvalidInput("detail.validation", errors={"current_password": [Msg("field.password_wrong")]})
    problems = password_problems(new_password, user.email)
    if problems:
        raise InvalidInput("detail.validation", errors={"new_password": problems})
    user.password_hash = hash_password(new_password)
    # Every login ends, this one included; the caller gets a fresh pair in a new session.
    tokens.revoke_all_sessions(user.id, reason="password_changed")
    record("auth.password_changed", actor_id=user.id, subject_id=user.id)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_password_reset(*, email: str) -> None:
    """Always looks the same from outside, whether or not the address has an account."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        return
    token = secrets.token_urlsafe(32)
    minutes = current_app.extensions["doemee_config"]["PASSWORD_RESET_MINUTES"]
    reset = PasswordResetToken(user_id=user.id, token_hash=_token_hash(token),
                               expires_at=utcnow() + timedelta(minutes=minutes))
    db.session.add(reset)
    db.session.flush()
    enqueue(f"password-reset:{reset.id}", user_id=user.id, channel="email", template="password_reset",
            locale=user.locale, payload={"token": token, "valid_minutes": minutes}, priority="urgent")
    record("auth.password_reset_requested", subject_id=user.id)


def confirm_password_reset(*, token: str, new_password: str) -> None:
    now = utcnow()
    reset = db.session.scalar(sa.select(PasswordResetToken).where(PasswordResetToken.token_hash == _token_hash(token)))
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise InvalidInput("detail.reset_invalid", errors={"token": [Msg("detail.reset_invalid")]})
    user = db.session.get(User, reset.user_id)
    problems = password_problems(new_password, user.email)
    if problems:
        raise InvalidInput("detail.validation", errors={"new_password": problems})
    # Single use, also under a race: only one UPDATE finds used_at still empty.
    claimed = db.session.execute(
        sa.update(PasswordResetToken)
        .where(PasswordResetToken.id == reset.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        raise InvalidInput("detail.reset_invalid", errors={"token": [Msg("detail.reset_invalid")]})
    user.password_hash = hash_password(new_password)
    tokens.revoke_all_sessions(user.id, reason="password_reset")
    record("auth.password_reset", subject_id=user.id)


def grant_role(user: User, role: str, municipality_id=None, *, actor_id=None) -> None:
    if role not in ROLES:
        raise InvalidInput("detail.validation", errors={"role": [Msg("field.unknown_role", role=role)]})
    if (role in MUNICIPAL_ROLES) != (municipality_id is not None):
        raise InvalidInput("detail.validation", errors={"municipality": [Msg("field.staff_needs_municipality")]})
    if not user.has_role(role, municipality_id):
        user.roles.append(RoleGrant(role=role, municipality_id=municipality_id))
        record("account.role_granted", actor_id=actor_id, subject_id=user.id, role=role,
               municipality_id=str(municipality_id) if municipality_id else None)


def add_own_role(user: User, role: str) -> bool:
    """Take up a self-service role (volunteer or resident) next to the roles one has: a volunteer who needs a
    hand becomes a resident too. Returns whether the role is new (idempotent)."""
    if role not in SELF_SERVICE_ROLES:
        raise InvalidInput("detail.validation", errors={"role": [Msg("field.unknown_role", role=role)]})
    if user.has_role(role):
        return False
    grant_role(user, role, actor_id=user.id)
    db.session.flush()
    return True


def get_user(user_id) -> User:
    user = get_or_not_found(User, user_id, "User")
    return user


def create_admin(*, email: str, password: str, display_name: str) -> User:
    """Create an admin account, or make an existing account admin (idempotent for the CLI)."""
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        problems = password_problems(password, email)
        if problems:
            raise InvalidInput("detail.validation", errors={"password": problems})
        user = User(email=normalise_email(email), password_hash=hash_password(password),
                    display_name=display_name, locale="nl")
        db.session.add(user)
        db.session.flush()
    grant_role(user, "admin")
    return user


def set_locale(user: User, locale: str) -> None:
    """The language of the user's pages, e-mails and pushes."""
    if locale not in LOCALES:
        raise InvalidInput("detail.validation", errors={"locale": [Msg("field.unknown_locale", language=locale)]})
    user.locale = locale


add_messages({"field.unknown_locale": N_("Unknown language: {language}.")})
