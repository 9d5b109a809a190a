"""The weekly digest of recommendations (the job ``recommendation-digest``)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

import matching
from backend.accounts.models import User
from backend.extensions import db
from backend.localtime import local_zone
from backend.places.models import Municipality
from backend.recommendations.common import by_volunteer, exclusions, weights_for
from backend.recommendations.demand_table import build_snapshot
from backend.recommendations.encode import load_volunteers, local_naive

DIGEST_ITEMS = 3
DIGEST_HORIZON = timedelta(days=14)


def weekly_digests(now: datetime) -> list[dict]:
    """One digest message per active volunteer with something new for them: at most DIGEST_ITEMS demands,
    none they declined or engaged with, none their previous digest already showed (rotation). Returns the
    outbox rows (the job enqueues them with a key per ISO week)."""
    week = now.astimezone(local_zone()).strftime("%G-W%V")
    rows = []
    for municipality_id in db.session.scalars(sa.select(Municipality.id)):
        snapshot = build_snapshot(municipality_id, None, now, until=now + DIGEST_HORIZON)
        if not len(snapshot.table):
            continue
        volunteers = [v for v in load_volunteers(snapshot.codebook, municipality_id=municipality_id, now=now)
                      if not v.paused]
        if not volunteers:
            continue
        exclude = by_volunteer(exclusions([v.id for v in volunteers], now))
        shown_before = _previous_digest_items([v.id for v in volunteers])
        weights = weights_for(municipality_id)
        locales = dict(db.session.execute(sa.select(User.id, User.locale).where(
            User.id.in_([uuid.UUID(v.id) for v in volunteers]))).all())
        for v in volunteers:
            matches = matching.recommend(v, snapshot.table, DIGEST_ITEMS + len(shown_before.get(v.id, ())),
                                         now=local_naive(now), weights=weights, exclude=exclude.get(v.id, ()))
            fresh = [m for m in matches if m.demand_id not in shown_before.get(v.id, ())][:DIGEST_ITEMS]
            if not fresh:
                continue
            user_id = uuid.UUID(v.id)
            rows.append({
                "dedupe_key": f"digest:recommendations:{v.id}:{week}", "user_id": user_id, "channel": "any",
                "template": "recommendations_digest", "locale": locales.get(user_id, "nl"), "priority": "low",
                "payload": {"items": [_item(snapshot.info[m.demand_id], m) for m in fresh]}})
    return rows


def _item(info, match) -> dict:
    return {"demand_id": match.demand_id, "kind": info.kind, "title": info.title,
            "starts_at": info.starts_at.isoformat(),
            "reasons": [{"code": r.code, "params": dict(r.params)} for r in match.reasons]}


def _previous_digest_items(volunteer_ids) -> dict[str, set[str]]:
    """What each volunteer's latest digest showed (read back from the outbox, which keeps it for a while)."""
    from backend.notifications.models import OutboxMessage

    latest: dict[str, tuple] = {}
    for user_id, created, payload in db.session.execute(
            sa.select(OutboxMessage.user_id, OutboxMessage.created_at, OutboxMessage.payload)
            .where(OutboxMessage.template == "recommendations_digest",
                   OutboxMessage.user_id.in_([uuid.UUID(v) for v in volunteer_ids]))):
        key = str(user_id)
        if key not in latest or created > latest[key][0]:
            latest[key] = (created, {item["demand_id"] for item in payload.get("items", [])})
    return {key: shown for key, (_, shown) in latest.items()}
