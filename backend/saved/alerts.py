"""The alert of saved searches: vacancies published since the last alert that fit a person's saved searches, in one
message per person per run, listing them.

The job ``saved-search-alerts`` runs once a day. A search is due when its period (a day or a week) has passed since
its watermark ``checked_until``; the slack lets a run a little early or late count (the engine may start it some
minutes off). Each due search asks the open list's search (backend.opportunities.search, one statement per
search, leaving out what the person was already told), then moves its watermark to now, also when nothing was
found: nothing is sent then. What a message names is stored (saved_search_alerts), so a vacancy is never named to
the same person twice, whichever of their searches finds it; the message's key (person and local day) makes a
second run on the same day harmless. The relay applies the person's quiet hours and digest (priority low).
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from backend.accounts.models import User
from backend.errors import InvalidInput
from backend.extensions import db
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue_many
from backend.opportunities.search import Found, published_since
from backend.places.models import Municipality
from backend.saved.models import SavedSearch, SavedSearchAlert
from backend.saved.operations import stop_token

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
SLACK = timedelta(hours=4)
TEMPLATE = "saved_search_alert"
MAX_PER_SEARCH = 10
CHUNK = 10_000  # rows per statement (PostgreSQL takes at most 65,535 parameters)


def _due(now: datetime) -> list:
    """The due searches as plain rows: the job changes them with one statement, not one flush per search."""
    due = sa.or_(*[sa.and_(SavedSearch.frequency == name, SavedSearch.checked_until <= now - period + SLACK)
                   for name, period in PERIODS.items()])
    return list(db.session.execute(
        sa.select(SavedSearch.id, SavedSearch.user_id, SavedSearch.municipality_id, SavedSearch.name,
                  SavedSearch.filters, SavedSearch.channel, SavedSearch.checked_until)
        .where(due).order_by(SavedSearch.user_id, SavedSearch.created_at, SavedSearch.id)))


def _item(found: Found) -> dict:
    return {"id": str(found.id), "title": found.title, "organisation": found.organisation,
            "neighbourhood": found.neighbourhood}


def _new_for(search, municipality: Municipality, now: datetime) -> list[Found]:
    told = sa.select(SavedSearchAlert.opportunity_id).where(SavedSearchAlert.user_id == search.user_id)
    try:
        return published_since(municipality, search.filters, since=search.checked_until, now=now, exclude=told,
                               limit=MAX_PER_SEARCH)
    except InvalidInput:  # its place is no longer known (a neighbourhood renamed): nothing fits it
        return []


def send_saved_search_alerts() -> str:
    now = utcnow()
    searches = _due(now)
    municipalities = {m.id: m for m in db.session.scalars(
        sa.select(Municipality).where(Municipality.id.in_({s.municipality_id for s in searches})))}
    per_person: dict = defaultdict(list)
    for search in searches:
        named = {item["id"] for _s, items in per_person[search.user_id] for item in items}
        items = [_item(f) for f in _new_for(search, municipalities[search.municipality_id], now)
                 if str(f.id) not in named]
        if items:
            per_person[search.user_id].append((search, items))
    for start in range(0, len(searches), CHUNK):  # the watermarks move, also where nothing was new
        db.session.execute(sa.update(SavedSearch).where(SavedSearch.id.in_(
            [s.id for s in searches[start:start + CHUNK]])).values(checked_until=now))
    messages = _messages({person: found for person, found in per_person.items() if found}, now)
    _remember(messages, now)
    added = enqueue_many(messages)
    return f"{len(searches)} searches due, {len(messages)} people with new vacancies, {added} enqueued"


def _messages(per_person: dict, now: datetime) -> list[dict]:
    locales = dict(db.session.execute(sa.select(User.id, User.locale).where(User.id.in_(per_person))).all())
    day = now.astimezone(local_zone()).date().isoformat()
    out = []
    for person, found in per_person.items():
        channel = "push" if any(search.channel == "push" for search, _items in found) else "email"
        payload = {"count": sum(len(items) for _search, items in found),
                   "searches": [{"name": search.name, "stop_token": stop_token(search.id), "items": items}
                                for search, items in found]}
        out.append({"dedupe_key": f"saved-search:{person}:{day}", "user_id": person, "channel": channel,
                    "template": TEMPLATE, "locale": locales.get(person, "nl"), "payload": payload,
                    "priority": "low"})
    return out


def _remember(messages: list[dict], now: datetime) -> None:
    rows = [{"user_id": m["user_id"], "opportunity_id": uuid.UUID(item["id"]), "sent_at": now}
            for m in messages for search in m["payload"]["searches"] for item in search["items"]]
    if rows:  # executemany: one cached statement, sent in batches (not one literal VALUES list to compile)
        db.session.execute(insert(SavedSearchAlert).on_conflict_do_nothing(), rows)
