"""The account's own part of the data subject's rights (AVG/GDPR art. 15, 17, 20): the sections about the
account, its consents, sessions, messages and audit events, and deleting the account row at the end of an erasure.

The whole export and erasure, with every feature's part listed as data, is backend/data_rights.py.
"""
from __future__ import annotations

import sqlalchemy as sa

from backend.accounts import tokens
from backend.accounts.models import AuthSession, ConsentRecord, User
from backend.accounts.passwords import verify_password
from backend.audit.models import AuditEvent
from backend.errors import InvalidInput
from backend.extensions import db
from backend.models_base import iso
from backend.i18n import Msg
from backend.notifications.models import OutboxMessage


def export_account(user: User) -> dict:
    """The account's sections of the export (format, account, consents, sessions, messages, audit_events)."""
    return {
        "account": {"id": str(user.id), "email": user.email, "display_name": user.display_name,
                    "locale": user.locale, "created_at": iso(user.created_at),
                    "roles": [{"role": g.role, "municipality_id": str(g.municipality_id) if g.municipality_id else None}
                              for g in user.roles]},
        "consents": [{"purpose": c.purpose, "text_version": c.text_version, "given_at": iso(c.given_at),
                      "withdrawn_at": iso(c.withdrawn_at)}
                     for c in db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.user_id == user.id)
                                                 .order_by(ConsentRecord.given_at))],
        "sessions": [{"created_at": iso(s.created_at), "last_used_at": iso(s.last_used_at),
                      "revoked_at": iso(s.revoked_at)}
                     for s in db.session.scalars(sa.select(AuthSession).where(AuthSession.user_id == user.id)
                                                 .order_by(AuthSession.created_at))],
        "messages": [{"template": m.template, "channel": m.channel, "status": m.status,
                      "created_at": iso(m.created_at), "sent_at": iso(m.sent_at)}
                     for m in db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.user_id == user.id)
                                                 .order_by(OutboxMessage.created_at))],
        "audit_events": [{"action": e.action, "at": iso(e.at)}
                         for e in db.session.scalars(sa.select(AuditEvent).where(
                             sa.or_(AuditEvent.subject_id == user.id, AuditEvent.actor_id == user.id))
                             .order_by(AuditEvent.at))],
    }


def require_password(user: User, password: str) -> None:
    """An erasure is confirmed with the password (a stolen access token alone must not erase an account)."""
    if not verify_password(user.password_hash, password):
        raise InvalidInput("detail.validation", errors={"password": [Msg("field.password_wrong")]})


def erase_account(user: User) -> None:
    """The last step of an erasure: rows that belong to the person go (foreign keys cascade); the audit trail keeps
    its events but loses the link to the person."""
    user_id = user.id
    tokens.revoke_all_sessions(user_id, reason="erased")
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None))
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.subject_id == user_id).values(subject_id=None))
    db.session.delete(user)
    db.session.flush()
