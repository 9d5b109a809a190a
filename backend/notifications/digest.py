"""The daily digest: low-priority notices wait in one outbox row per person and day, sent at the digest hour."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from flask import current_app

from backend.extensions import db
from backend.localtime import local_zone
from backend.notifications import preferences as rules
from backend.notifications.models import OutboxMessage

DIGEST_TEMPLATE = "daily_digest"


def fold_into_digests(batch, messages: list, now: datetime) -> None:
    """Move low-priority notices into the person's next daily digest (an outbox row of its own, due at the
    digest hour), in the transaction that marks them done. The digest row is locked while items are added, so
    two relays folding for one person do not lose each other's items."""
    config = current_app.extensions["doemee_config"]
    tz = local_zone()
    due = rules.next_digest_at(now, config["DIGEST_HOUR"], tz)
    for m in messages:
        key = f"digest:{m.user_id}:{due.astimezone(tz).date().isoformat()}"
        _insert_ignore_duplicate(OutboxMessage.__table__, dict(
            id=uuid.uuid4(), dedupe_key=key, user_id=m.user_id, channel="any", template=DIGEST_TEMPLATE,
            locale=m.locale, payload={"items": []}, priority="normal", status="pending", attempts=0,
            next_attempt_at=due, created_at=now))
        digest = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key == key)
                                   .with_for_update().execution_options(populate_existing=True))
        digest.payload = {"items": [*digest.payload.get("items", []),
                                    {"template": m.template, "payload": m.payload, "message_id": str(m.id)}]}
        db.session.execute(sa.update(OutboxMessage).where(
            OutboxMessage.id == m.id, OutboxMessage.status == "sending",
            OutboxMessage.lease_until == batch.lease_until).values(
            status="sent", sent_at=now, lease_until=None, last_error=f"folded into {key}"[:300]))


def _insert_ignore_duplicate(table: sa.Table, values: dict) -> None:
    db.session.execute(insert(table).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"]))
