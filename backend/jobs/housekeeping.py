"""Deleting what has served its purpose (AVG: keep data no longer than needed).

- password-reset tokens past their expiry (used or not: a used one is no longer needed either),
- Idempotency-Key records past their expiry,
- outbox rows sent more than OUTBOX_RETENTION_DAYS ago (dead letters stay for an operator to look at),
- login sessions revoked or expired more than SESSION_RETENTION_DAYS ago (with their refresh tokens). This is
  longer than the inactivity check looks back (8 + 4 weeks), which reads the sessions' last use.
- the log of changed volunteers older than an hour (backend.recommendations.volunteer_changes.KEEP),
- the job engine's finished jobs older than ENGINE_JOBS_RETENTION_HOURS (the last of each kind stays: health.py),
- files made for staff (downloads.py) past their day.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.accounts.models import AuthSession, PasswordResetToken
from backend.engagements.models import IdempotencyKey
from backend.extensions import db
from backend.jobs.common import config
from backend.jobs.downloads import delete_expired as delete_expired_downloads
from backend.jobs.health import prune_finished
from backend.models_base import utcnow
from backend.notifications.models import OutboxMessage
from backend.recommendations import volunteer_changes


def clean_up() -> str:
    now = utcnow()
    cfg = config()
    counts = {
        "reset tokens": db.session.execute(sa.delete(PasswordResetToken)
                                           .where(PasswordResetToken.expires_at < now)).rowcount,
        "idempotency keys": db.session.execute(sa.delete(IdempotencyKey)
                                               .where(IdempotencyKey.expires_at < now)).rowcount,
        "sent messages": db.session.execute(sa.delete(OutboxMessage).where(
            OutboxMessage.status == "sent",
            OutboxMessage.sent_at < now - timedelta(days=cfg["OUTBOX_RETENTION_DAYS"]))).rowcount,
    }
    ended_before = now - timedelta(days=cfg["SESSION_RETENTION_DAYS"])
    counts["sessions"] = db.session.execute(sa.delete(AuthSession).where(sa.or_(
        AuthSession.revoked_at < ended_before, AuthSession.expires_at < ended_before))).rowcount
    counts["volunteer changes"] = volunteer_changes.prune(now)
    counts["finished engine jobs"] = prune_finished(now)
    counts["expired downloads"] = delete_expired_downloads(now)
    return ", ".join(f"{n} {what}" for what, n in counts.items()) + " deleted"
