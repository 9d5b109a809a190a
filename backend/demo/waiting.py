"""What waits for the municipality in the demo: two organisations that registered and a shop that was added, not
yet verified, and someone of a neighbourhood team who asked to post for residents - so that the demo's staff
account (gemeente@...) finds a verification queue at /gemeente/verificatie.

Deterministic ids (uuid5) and idempotent: an item whose id exists is left as it is (also once it is decided).
"""
from __future__ import annotations

import sqlalchemy as sa

from backend.accounts.models import ConsentRecord, RoleGrant, User
from backend.accounts.passwords import hash_password
from backend.accounts.privacy import current_statement
from backend.campaigns.models import Merchant
from backend.demo.common import _id
from backend.demo.people import DEMO_DOMAIN, DEMO_PASSWORD
from backend.extensions import db
from backend.models_base import utcnow
from backend.organisations.models import IntermediaryApplication, Organisation, OrganisationMember
from backend.places.models import Municipality

APPLICANT_EMAIL = f"wijkteam-aanvraag@{DEMO_DOMAIN}"
_ORGANISATIONS = [
    ("Repair Café Maassluis", "Elke eerste zaterdag van de maand repareren vrijwilligers kapotte spullen: "
     "fietsen, lampen, kleding en koffiezetapparaten.", "https://repaircafe-maassluis.example"),
    ("Taalmaatjes Waterweg", "Vrijwilligers oefenen een uur per week Nederlands met nieuwkomers.", None),
]


def seed_waiting() -> list[str]:
    maassluis = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "maassluis"))
    now = utcnow()
    applicant_id = _id("waiting-applicant", 1)
    added = []
    if db.session.get(User, applicant_id) is None:
        db.session.add(User(id=applicant_id, email=APPLICANT_EMAIL, password_hash=hash_password(DEMO_PASSWORD),
                            display_name="Samira Wijkteam", locale="nl"))
        db.session.flush()  # the account before the rows that point at it (no relationship orders them)
        db.session.add(ConsentRecord(id=_id("waiting-consent", 1), user_id=applicant_id, purpose="privacy_statement",
                                     text_version=current_statement()["version"]))
        db.session.add(RoleGrant(id=_id("waiting-role", 1), user_id=applicant_id, role="coordinator"))
        db.session.flush()
    for n, (name, description, website) in enumerate(_ORGANISATIONS, start=1):
        org_id = _id("waiting-organisation", n)
        if db.session.get(Organisation, org_id) is None:
            db.session.add(Organisation(id=org_id, municipality_id=maassluis.id, name=name, description=description,
                                        website=website))
            db.session.flush()
            # The applicant registered it, so it has its first coordinator (who sees the municipality's answer).
            db.session.add(OrganisationMember(organisation_id=org_id, user_id=applicant_id, status="active",
                                              accepted_at=now))
            added.append(name)
    application_id = _id("waiting-application", 1)
    if db.session.get(IntermediaryApplication, application_id) is None:
        db.session.add(IntermediaryApplication(
            id=application_id, user_id=applicant_id, municipality_id=maassluis.id, status="pending",
            organisation_name="Wijkteam Maassluis West", job_title="Wijkcoach",
            motivation="Ouderen in de Koningshoek en de Bloemenbuurt die hulp bij boodschappen nodig hebben."))
        added.append("an intermediary's application")
    merchant_id = _id("waiting-merchant", 1)
    if db.session.get(Merchant, merchant_id) is None:
        db.session.add(Merchant(id=merchant_id, municipality_id=maassluis.id, name="Fietsenmaker Het Wiel",
                                address="Fenacoliuslaan 2, Maassluis", kvk_number="87654321"))
        added.append("Fietsenmaker Het Wiel")
    db.session.flush()
    if not added:
        return ["waiting for verification: all already there"]
    return [f"waiting for verification: {', '.join(added)} (log in as {APPLICANT_EMAIL} to see the answer)"]
