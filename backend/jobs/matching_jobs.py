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


def store_matching_tables() -> str:
    """Every municipality's volunteer and demand tables built and stored (stored_tables.REFRESH), so that no
    request builds one: a web worker loads a stored table in one statement."""
    from backend.recommendations.stored_tables import build_all

    built = build_all(utcnow())
    return (f"{len(built)} municipalities, {sum(v for v, _ in built.values())} volunteers, "
            f"{sum(d for _, d in built.values())} demands")
