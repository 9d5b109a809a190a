"""Jobs that use the matching service: the weekly digest of recommendations."""
from __future__ import annotations

from backend.models_base import utcnow
from backend.notifications.outbox import enqueue_many
from backend.recommendations.operations import weekly_digests


def send_recommendation_digests() -> str:
    """Each active volunteer gets at most one digest a week (key per ISO week), capped, rotating, nothing
    declined; low priority, so it respects quiet hours and the daily digest."""
    rows = weekly_digests(utcnow())
    return f"{len(rows)} digests prepared, {enqueue_many(rows)} enqueued"
