"""Writing outbox rows. Delivery is the relay's job (issue: scheduler and notifications)."""
from __future__ import annotations

import sqlalchemy as sa

from backend.extensions import db
from backend.notifications.models import OutboxMessage


def enqueue(dedupe_key: str, *, user_id, channel: str, template: str, locale: str, payload: dict,
            priority: str = "normal") -> bool:
    """Add a message to the current transaction unless one with this key exists. Returns True if added.

    The unique key is the real guard (two transactions racing both pass the SELECT; one INSERT then fails and
    its whole unit of work is retried by the caller); the SELECT only keeps the common case quiet.
    """
    exists = db.session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
    if exists is not None:
        return False
    db.session.add(OutboxMessage(dedupe_key=dedupe_key, user_id=user_id, channel=channel, template=template,
                                 locale=locale, payload=payload, priority=priority))
    return True
