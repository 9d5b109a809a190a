"""Favourites and saved searches of the signed-in person: add, list, change, remove; the signed link that stops a
saved search's alerts without logging in; and their part of the data export.

A favourite is kept while its vacancy exists: a closed or paused one stays in the list, marked as no longer open
(the person may still want to know what it was); a deleted one goes with its row (ON DELETE CASCADE).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from backend.errors import InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.models_base import iso, utcnow
from backend.opportunities.models import Opportunity
from backend.opportunities.search import OPEN_KINDS, check_filters
from backend.organisations.models import Organisation
from backend.places.operations import get_municipality
from backend.saved import messages  # noqa: F401  (registers the message keys)
from backend.saved.models import MAX_SAVED_SEARCHES, Favourite, SavedSearch, SavedSearchAlert

_STOP_SALT = "doemee.saved-search-stop"


# --- favourites ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SavedVacancy:
    opportunity_id: uuid.UUID
    title: str
    organisation: str | None
    is_open: bool  # published: a closed, paused or filled one is shown as such
    saved_at: datetime


def add_favourite(user, opportunity_id) -> SavedVacancy:
    """Keep an open vacancy or initiative task (again: nothing changes)."""
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.kind not in OPEN_KINDS or opportunity.status != "published":
        raise NotFound("detail.saved.not_open")
    if db.session.get(Favourite, (user.id, opportunity.id)) is None:
        db.session.add(Favourite(user_id=user.id, opportunity_id=opportunity.id, created_at=utcnow()))
        db.session.flush()
    return next(f for f in list_favourites(user) if f.opportunity_id == opportunity.id)


def remove_favourite(user, opportunity_id) -> None:
    removed = db.session.execute(sa.delete(Favourite).where(Favourite.user_id == user.id,
                                                            Favourite.opportunity_id == opportunity_id)).rowcount
    if removed != 1:
        raise NotFound("detail.saved.favourite_not_found")


def list_favourites(user) -> list[SavedVacancy]:
    """My favourites, the open ones first, newest saved first (one statement)."""
    is_open = Opportunity.status == "published"
    rows = db.session.execute(
        sa.select(Favourite.opportunity_id, Opportunity.title, Organisation.name, is_open, Favourite.created_at)
        .join(Opportunity, Opportunity.id == Favourite.opportunity_id)
        .outerjoin(Organisation, Organisation.id == Opportunity.organisation_id)
        .where(Favourite.user_id == user.id)
        .order_by(is_open.desc(), Favourite.created_at.desc(), Favourite.opportunity_id))
    return [SavedVacancy(*row) for row in rows]


def favourite_ids(user, opportunity_ids) -> set[uuid.UUID]:
    """Which of these (a page of the open list) the person saved: one statement; none for a visitor."""
    if user is None or not opportunity_ids:
        return set()
    return set(db.session.scalars(sa.select(Favourite.opportunity_id).where(
        Favourite.user_id == user.id, Favourite.opportunity_id.in_(list(opportunity_ids)))))


# --- saved searches -----------------------------------------------------------------------------------------------

def _given(filters: dict) -> dict:
    """Only the filters given (the schema fills in the others as None or empty)."""
    return {name: value for name, value in (filters or {}).items() if value not in (None, "", [])}


def create_saved_search(user, data: dict) -> SavedSearch:
    """Save the open list's filters with a name; alerts come weekly by e-mail unless said otherwise. Only
    vacancies published from now on are new to it."""
    municipality = get_municipality(data["municipality"])
    filters = _given(data.get("filters"))
    try:
        check_filters(municipality, filters)
    except InvalidInput as exc:  # named as the saved search's input names them
        raise InvalidInput(exc.detail, errors={f"filters.{name}": m for name, m in exc.errors.items()}) from None
    count = db.session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)
                              .where(SavedSearch.user_id == user.id))
    if count >= MAX_SAVED_SEARCHES:
        raise RuleViolation("detail.saved.too_many", max=MAX_SAVED_SEARCHES)
    search = SavedSearch(user_id=user.id, municipality_id=municipality.id, name=data["name"].strip(),
                         filters=filters, frequency=data.get("frequency", "weekly"),
                         channel=data.get("channel", "email"), checked_until=utcnow(), created_at=utcnow())
    db.session.add(search)
    db.session.flush()
    return search


def my_saved_search(user, search_id) -> SavedSearch:
    search = db.session.get(SavedSearch, search_id)
    if search is None or search.user_id != user.id:  # someone else's answers like one that does not exist
        raise NotFound("detail.saved.search_not_found")
    return search


def update_saved_search(user, search_id, data: dict) -> SavedSearch:
    """Rename it, or change how often and how its alerts come (off: none, the search stays)."""
    search = my_saved_search(user, search_id)
    if data.get("frequency") not in (None, search.frequency) and search.frequency == "off":
        search.checked_until = utcnow()  # switched on again: what was published meanwhile is not "new"
    for name in ("name", "frequency", "channel"):
        if name in data:
            setattr(search, name, data[name].strip() if name == "name" else data[name])
    db.session.flush()
    return search


def delete_saved_search(user, search_id) -> None:
    db.session.delete(my_saved_search(user, search_id))
    db.session.flush()


def list_saved_searches(user) -> list[SavedSearch]:
    return list(db.session.scalars(sa.select(SavedSearch).where(SavedSearch.user_id == user.id)
                                   .order_by(SavedSearch.created_at, SavedSearch.id)))


# --- the stop link ------------------------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.extensions["doemee_config"]["SECRET_KEY"], salt=_STOP_SALT)


def stop_token(search_id) -> str:
    """The signed id in an alert's stop link. It does not expire: an old e-mail's link must still stop them."""
    return _serializer().dumps(str(search_id))


def search_of_stop_token(token: str) -> SavedSearch:
    try:
        search_id = uuid.UUID(_serializer().loads(token))
    except (BadSignature, ValueError, TypeError):
        raise NotFound("detail.saved.stop_invalid") from None
    search = db.session.get(SavedSearch, search_id)
    if search is None:
        raise NotFound("detail.saved.search_not_found")
    return search


def stop_alerts(token: str) -> SavedSearch:
    """One tap from an alert: no more alerts for this search (it stays saved, with frequency off)."""
    search = search_of_stop_token(token)
    search.frequency = "off"
    db.session.flush()
    return search


# --- export (AVG art. 15/20) --------------------------------------------------------------------------------------

def export_saved(user) -> dict:
    alerted = db.session.execute(sa.select(SavedSearchAlert.opportunity_id, SavedSearchAlert.sent_at)
                                 .where(SavedSearchAlert.user_id == user.id)
                                 .order_by(SavedSearchAlert.sent_at, SavedSearchAlert.opportunity_id))
    return {
        "favourites": [{"opportunity_id": str(f.opportunity_id), "title": f.title, "open": f.is_open,
                        "saved_at": iso(f.saved_at)} for f in list_favourites(user)],
        "saved_searches": [{"id": str(s.id), "name": s.name, "filters": s.filters, "frequency": s.frequency,
                            "channel": s.channel, "created_at": iso(s.created_at),
                            "checked_until": iso(s.checked_until)} for s in list_saved_searches(user)],
        "alerted_vacancies": [{"opportunity_id": str(r.opportunity_id), "sent_at": iso(r.sent_at)}
                              for r in alerted],
    }
