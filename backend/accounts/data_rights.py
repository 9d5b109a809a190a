"""The data subject's rights (AVG/GDPR art. 15, 17, 20): export everything we hold, erase it all.

Each feature that stores personal data adds its part to ``export_user_data`` and makes sure erasure reaches it
(usually by a foreign key to users.id with ON DELETE CASCADE; otherwise by an explicit step in ``erase_user``).
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from backend.accounts import tokens
from backend.accounts.models import AuthSession, ConsentRecord, User
from backend.accounts.passwords import verify_password
from backend.audit.models import AuditEvent
from backend.audit.operations import record
from backend.errors import InvalidInput
from backend.extensions import db
from backend.models_base import iso
from backend.i18n import Msg
from backend.notifications.models import OutboxMessage
from backend.volunteers.models import VolunteerProfile
from backend.volunteers.operations import WEEKDAYS, format_minutes


# Features that store personal data add a section to the export: register_exporter("engagements", fn) where
# fn(user) -> JSON-ready data. Erasure reaches their rows through ON DELETE CASCADE (or SET NULL where a record
# must outlive the person without pointing at them).
_EXPORTERS: dict[str, Callable[[User], object]] = {}


# Features whose data the foreign keys alone cannot erase cleanly (places to give back, requests to reopen)
# register a function fn(user) that runs in the erasure's transaction before the account row is deleted.
_ERASERS: list[Callable[[User], None]] = []


def register_eraser(eraser: Callable[[User], None]) -> None:
    if eraser not in _ERASERS:
        _ERASERS.append(eraser)


def register_exporter(section: str, exporter: Callable[[User], object]) -> None:
    if section in _EXPORTERS and _EXPORTERS[section] is not exporter:
        raise ValueError(f"export section {section!r} registered twice")
    _EXPORTERS[section] = exporter


def export_user_data(user: User) -> dict:
    profile = db.session.get(VolunteerProfile, user.id)
    data = {
        "format": "doemee-export/1",
        "account": {"id": str(user.id), "email": user.email, "display_name": user.display_name,
                    "locale": user.locale, "created_at": iso(user.created_at),
                    "roles": [{"role": g.role, "municipality_id": str(g.municipality_id) if g.municipality_id else None}
                              for g in user.roles]},
        "volunteer_profile": _export_profile(profile) if profile else None,
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
    for section, exporter in sorted(_EXPORTERS.items()):
        data[section] = exporter(user)
    record("account.exported", actor_id=user.id, subject_id=user.id)
    return data


def _export_profile(p: VolunteerProfile) -> dict:
    return {
        "postcode": p.postcode,
        "neighbourhood": p.neighbourhood.name,
        "approximate_location": {"latitude": p.latitude, "longitude": p.longitude},
        "travel_radius_km": p.travel_radius_km,
        "languages": p.languages,
        "interests": p.interests,
        "skills": [{"code": s.skill_code, "level": s.level} for s in p.skills],
        "availability": [{"weekday": WEEKDAYS[a.weekday], "start": format_minutes(a.start_minute),
                          "end": format_minutes(a.end_minute)} for a in p.availability],
        "availability_exceptions": [
            {"date": e.date.isoformat(), "start": format_minutes(e.start_minute) if e.start_minute is not None else None,
             "end": format_minutes(e.end_minute) if e.end_minute is not None else None, "available": e.available}
            for e in p.exceptions],
        "preference": p.preference,
        "max_commitments_per_month": p.max_commitments_per_month,
        "paused": p.paused,
        "birth_year": p.birth_year,
        "vog": {"status": p.vog_status, "valid_until": iso(p.vog_valid_until)},
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
    }


def erase_user(user: User, *, password: str) -> None:
    """Erase the account in one transaction. Rows that belong to the person go (foreign keys cascade); the audit
    trail keeps its events but loses the link to the person; nothing personal stays behind."""
    if not verify_password(user.password_hash, password):
        raise InvalidInput("detail.validation", errors={"password": [Msg("field.password_wrong")]})
    user_id = user.id
    for eraser in _ERASERS:
        eraser(user)
    tokens.revoke_all_sessions(user_id, reason="erased")
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None))
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.subject_id == user_id).values(subject_id=None))
    db.session.execute(sa.update(VolunteerProfile).where(VolunteerProfile.vog_verified_by == user_id)
                       .values(vog_verified_by=None))
    db.session.delete(user)
    db.session.flush()
    record("account.erased")
