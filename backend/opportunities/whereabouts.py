"""Where and whom: a vacancy's place (one of its organisation's meeting places, or at home/online) and its contact
person (one of the organisation's coordinators, by first name and the channel they chose).

The place is public, like the vacancy. The contact person is a person: the surfaces show their first name to a
logged-in volunteer, and how to reach them only to a volunteer who is on one of the vacancy's shifts (invited,
signed up, waiting or accepted), see ``contact_for``.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import sqlalchemy as sa

from backend.accounts.models import User, first_name
from backend.extensions import db
from backend.i18n import N_, Msg, add_messages
from backend.opportunities.models import MeetingPlace, Opportunity, VacancyContact
from backend.organisations.models import Organisation, OrganisationMember
from backend.phone import NotADutchNumber, display, normalise

add_messages({
    "field.place_not_remote": N_("A vacancy at home or online has no address."),
    "field.coordinates_pair": N_("Give both the latitude and the longitude, or neither."),
    "field.contact_not_coordinator": N_("Choose one of this organisation's coordinators."),
    "field.contact_phone_needed": N_("Give the phone number to call."),
    "field.contact_phone_dutch": N_("Use a Dutch phone number, like 06 1234 5678 or 010 123 4567."),
})


@dataclass(frozen=True)
class Place:
    """Where to go, as shown to volunteers; ``remote``: at home or online (no address)."""

    remote: bool
    name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    directions: str = ""
    latitude: float | None = None
    longitude: float | None = None

    @property
    def address(self) -> str:
        """One line: 'Uiverstraat 2, 3142 AB Maassluis'."""
        return ", ".join(part for part in (self.street, f"{self.postcode} {self.city}".strip()) if part)

    @property
    def geo_uri(self) -> str:
        """Opens the phone's map app (RFC 5870); without coordinates it asks the app to search the address."""
        if self.latitude is not None:
            point = f"{self.latitude:.6f},{self.longitude:.6f}"
            return f"geo:{point}?q={point}({quote(self.name or self.street)})"
        return f"geo:0,0?q={quote(self.address)}"

    @property
    def map_url(self) -> str:
        """The same place on OpenStreetMap's own site, for a browser without a map app: a marker, no tiles here."""
        if self.latitude is not None:
            query = urlencode({"mlat": f"{self.latitude:.6f}", "mlon": f"{self.longitude:.6f}"})
            return f"https://www.openstreetmap.org/?{query}#map=18/{self.latitude:.6f}/{self.longitude:.6f}"
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address})


@dataclass(frozen=True, kw_only=True)
class Reach:
    """How to reach a person: the channel they chose, and their e-mail address or phone number (+31...)."""

    channel: str
    email: str | None = None
    phone: str | None = None

    @property
    def phone_shown(self) -> str | None:
        return display(self.phone) if self.phone else None


@dataclass(frozen=True, kw_only=True)
class Contact(Reach):
    """A vacancy's contact person by first name, and how to reach them (e-mail or phone)."""

    person_id: uuid.UUID
    first_name: str


@dataclass(frozen=True)
class Whereabouts:
    place: Place | None
    contact: Contact | None


REMOTE = Place(remote=True)


def place_of(opportunity: Opportunity, meeting_place: MeetingPlace | None) -> Place | None:
    if opportunity.remote:
        return REMOTE
    if meeting_place is None:
        return None
    return Place(False, meeting_place.name, meeting_place.street, meeting_place.postcode, meeting_place.city,
                 meeting_place.directions, meeting_place.latitude, meeting_place.longitude)


def place_dict(meeting_place: MeetingPlace | None) -> dict | None:
    """A meeting place as the schema's ``place`` (for an edit form and to keep it when the postcode changes)."""
    if meeting_place is None:
        return None
    return {"name": meeting_place.name, "street": meeting_place.street, "directions": meeting_place.directions,
            "latitude": meeting_place.latitude, "longitude": meeting_place.longitude}


def contact_dict(opportunity: Opportunity) -> dict | None:
    row = opportunity.contact
    if row is None:
        return None
    return {"person_id": row.user_id, "channel": row.channel,
            "phone": display(row.phone) if row.phone else None}


def contact_people(organisation_id) -> list[tuple[uuid.UUID, str]]:
    """The organisation's active coordinators (id, name), who may be a vacancy's contact person."""
    rows = db.session.execute(
        sa.select(User.id, User.display_name).join(OrganisationMember, OrganisationMember.user_id == User.id)
        .where(OrganisationMember.organisation_id == organisation_id, OrganisationMember.status == "active")
        .order_by(User.display_name, User.id))
    return [(user_id, name) for user_id, name in rows]


# --- checking and setting (called by the vacancy's create and update) -------------------------------------------

def check(data: dict, wanted: set, org: Organisation, errors: dict) -> None:
    """The rules of ``place`` and ``contact`` beyond their shape; the contact's phone is normalised in place."""
    place = data.get("place")
    if "place" in wanted and place:
        if data.get("remote"):
            errors["place"] = [Msg("field.place_not_remote")]
        if (place.get("latitude") is None) != (place.get("longitude") is None):
            errors["place.latitude"] = [Msg("field.coordinates_pair")]
    contact = data.get("contact")
    if "contact" in wanted and contact:
        if contact["person_id"] not in {user_id for user_id, _name in contact_people(org.id)}:
            errors["contact.person_id"] = [Msg("field.contact_not_coordinator")]
        contact["phone"] = _phone(contact, errors)


def _phone(contact: dict, errors: dict) -> str | None:
    if contact["channel"] != "phone":
        return None
    if not (contact.get("phone") or "").strip():
        errors["contact.phone"] = [Msg("field.contact_phone_needed")]
        return None
    try:
        return normalise(contact["phone"])
    except NotADutchNumber:
        errors["contact.phone"] = [Msg("field.contact_phone_dutch")]
        return None


def set_place(opportunity: Opportunity, org: Organisation, place: dict | None, placement) -> None:
    """Point the vacancy at the organisation's meeting place with this address (made when new); None: no place."""
    if not place or placement is None:
        opportunity.meeting_place_id, opportunity.meeting_place = None, None
        return
    values = {"name": place.get("name") or "", "street": place["street"], "postcode": placement.postcode,
              "city": placement.municipality.name, "directions": place.get("directions") or "",
              "latitude": place.get("latitude"), "longitude": place.get("longitude")}
    found = db.session.scalar(sa.select(MeetingPlace).where(
        MeetingPlace.organisation_id == org.id,
        *(getattr(MeetingPlace, key).is_(value) if value is None else getattr(MeetingPlace, key) == value
          for key, value in values.items())).limit(1))
    if found is None:
        found = MeetingPlace(id=uuid.uuid4(), organisation_id=org.id, **values)
        db.session.add(found)
    opportunity.meeting_place_id, opportunity.meeting_place = found.id, found


def set_contact(opportunity: Opportunity, contact: dict | None) -> None:
    if contact is None:
        opportunity.contact = None
        return
    row = opportunity.contact or VacancyContact()
    row.user_id, row.channel, row.phone = contact["person_id"], contact["channel"], contact.get("phone")
    opportunity.contact = row


# --- reading -------------------------------------------------------------------------------------------------------

def whereabouts_of(opportunity_ids, *, with_contact: bool) -> dict:
    """opportunity id -> Whereabouts, in two statements whatever the number; ``with_contact``: how to reach the
    contact person too (only for a volunteer on the vacancy, or its coordinators), else their first name only."""
    ids = {i for i in opportunity_ids if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Opportunity, MeetingPlace).outerjoin(
        MeetingPlace, MeetingPlace.id == Opportunity.meeting_place_id).where(Opportunity.id.in_(ids)))
    places = {opportunity.id: place_of(opportunity, place) for opportunity, place in rows}
    contacts = {}
    for row, name, email in db.session.execute(
            sa.select(VacancyContact, User.display_name, User.email).join(User, User.id == VacancyContact.user_id)
            .where(VacancyContact.opportunity_id.in_(ids))):
        reach = {"email": email if row.channel == "email" else None, "phone": row.phone} if with_contact else {}
        contacts[row.opportunity_id] = Contact(person_id=row.user_id, first_name=first_name(name),
                                               channel=row.channel, **reach)
    return {i: Whereabouts(places.get(i), contacts.get(i)) for i in ids}


def message_facts(where: Whereabouts | None) -> dict:
    """What a message (e-mail, push) about a shift says of where and whom, as plain values for its payload."""
    facts: dict = {}
    if where is not None and where.place is not None:
        place = where.place
        facts.update({"remote": True} if place.remote else {
            "place": ", ".join(part for part in (place.name, place.address) if part), "map_url": place.map_url})
    if where is not None and where.contact is not None:
        facts["contact_name"] = where.contact.first_name
        facts["contact_reach"] = where.contact.email or where.contact.phone_shown
    return facts


def whereabouts(opportunity: Opportunity) -> Whereabouts:
    """A vacancy's place and contact person's first name, as its page shows them to anyone logged in."""
    return whereabouts_of([opportunity.id], with_contact=False)[opportunity.id]


def export_vacancy_contacts(user: User) -> list[dict]:
    """The "contact_person_of" section of the personal data export: the vacancies naming the person as contact."""
    rows = db.session.execute(sa.select(VacancyContact, Opportunity.title).join(
        Opportunity, Opportunity.id == VacancyContact.opportunity_id).where(VacancyContact.user_id == user.id)
        .order_by(Opportunity.title, Opportunity.id))
    return [{"opportunity_id": str(row.opportunity_id), "title": title, "channel": row.channel, "phone": row.phone}
            for row, title in rows]
