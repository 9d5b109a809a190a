"""Where and whom for the demo's vacancies: every published vacancy of an organisation in Maassluis that has no
place yet gets a meeting place of its organisation in the vacancy's neighbourhood (a real-looking address on a
Maassluis street, near the neighbourhood's centre; nobody lives there in our data) and, where it has none, its
organisation's first coordinator as contact person, reachable by e-mail.

Run after the rest of the demo (``flask seed-demo``): it fills in only what is missing, so a second run changes
nothing and a demo database made before places existed gets them too. Deterministic: each vacancy's draw is seeded
by its id.
"""
from __future__ import annotations

import random
import uuid

import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities.models import MeetingPlace, Opportunity, VacancyContact
from backend.organisations.models import OrganisationMember
from backend.places.models import Municipality, Neighbourhood

_NAMESPACE = uuid.UUID("0c9d6a52-3f0e-4b8e-9d8a-1f6b2e7c4d21")
_VENUES = ("Buurthuis", "Wijkcentrum", "Clubhuis", "Ontmoetingsruimte", "Kerkzaal", "Sporthal", "Activiteitenruimte")
_STREETS = ("Uiverstraat", "Noordvliet", "Hoogstraat", "Markt", "Zuiddijk", "Govert van Wijnkade", "Sportlaan",
            "Elzenlaan", "Lijsterlaan", "Merelstraat", "Haydnlaan", "Mozartlaan", "Chopinlaan", "Weverstraat",
            "Westlandseweg", "Koningshoek", "Laan van Bol'es", "Taanschuurstraat", "Fenacoliuslaan", "Veerplein")
_DIRECTIONS = ("", "", "Ingang aan de zijkant, bel aan.", "Meld je bij de balie.", "Achteringang bij het plein.")


def seed_whereabouts() -> list[str]:
    maassluis = db.session.scalar(sa.select(Municipality.id).where(Municipality.slug == "maassluis"))
    if maassluis is None:
        return []
    rows = db.session.execute(
        sa.select(Opportunity.id, Opportunity.organisation_id, Opportunity.postcode, Neighbourhood)
        .join(Neighbourhood, Neighbourhood.id == Opportunity.neighbourhood_id)
        .where(Opportunity.municipality_id == maassluis, Opportunity.organisation_id.is_not(None),
               Opportunity.meeting_place_id.is_(None), Opportunity.remote.is_(False),
               Opportunity.postcode.is_not(None))
        .order_by(Opportunity.id)).all()
    places: dict[tuple, dict] = {}
    for opportunity_id, organisation_id, postcode, hood in rows:
        if (organisation_id, hood.id) not in places:
            places[(organisation_id, hood.id)] = _place(random.Random(str(opportunity_id)), organisation_id, postcode,
                                                        hood)
    known = set(db.session.scalars(sa.select(MeetingPlace.id).where(
        MeetingPlace.id.in_([p["id"] for p in places.values()])))) if places else set()
    new = [p for p in places.values() if p["id"] not in known]
    if new:
        db.session.execute(sa.insert(MeetingPlace), new)
    if rows:  # one statement, executed for many rows
        db.session.connection().execute(
            sa.update(Opportunity.__table__).where(Opportunity.__table__.c.id == sa.bindparam("opportunity"))
            .values(meeting_place_id=sa.bindparam("place")),
            [{"opportunity": o, "place": places[(org, hood.id)]["id"]} for o, org, _postcode, hood in rows])
    contacts = _contacts(maassluis)
    return [f"demo places: {len(rows)} vacancies got a place ({len(new)} meeting places), {contacts} a contact"]


def _place(rng: random.Random, organisation_id, postcode: str, hood: Neighbourhood) -> dict:
    return {"id": uuid.uuid5(_NAMESPACE, f"{organisation_id}:{hood.id}"), "organisation_id": organisation_id,
            "name": f"{rng.choice(_VENUES)} {hood.name}", "street": f"{rng.choice(_STREETS)} {rng.randint(1, 140)}",
            "postcode": postcode, "city": "Maassluis", "directions": rng.choice(_DIRECTIONS),
            "latitude": round(hood.latitude + rng.uniform(-0.002, 0.002), 6),
            "longitude": round(hood.longitude + rng.uniform(-0.003, 0.003), 6), "created_at": utcnow()}


def _contacts(municipality_id) -> int:
    """Each demo vacancy without a contact person gets its organisation's first coordinator (by e-mail)."""
    first = (sa.select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == Opportunity.organisation_id, OrganisationMember.status == "active")
        .order_by(OrganisationMember.created_at, OrganisationMember.user_id).limit(1).scalar_subquery())
    missing = sa.select(Opportunity.id, first.label("user_id")).where(
        Opportunity.municipality_id == municipality_id, Opportunity.organisation_id.is_not(None),
        ~sa.exists().where(VacancyContact.opportunity_id == Opportunity.id))
    rows = [{"opportunity_id": o, "user_id": u, "channel": "email", "phone": None}
            for o, u in db.session.execute(missing) if u is not None]
    if rows:
        db.session.execute(sa.insert(VacancyContact), rows)
    return len(rows)
