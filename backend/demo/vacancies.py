"""Maassluis-scale demand for the demo: ~300 verified organisations, each with a coordinator, and ~2,000
published vacancies spread over the neighbourhoods, with shifts over the coming six weeks.

Deterministic (fixed seed; ids derived from the demo number) and idempotent: an organisation or vacancy whose
id exists is skipped with everything under it, so a second run adds nothing. Rows go in with bulk inserts;
coordinators share the demo password (hashed once). Shift dates are relative to the day of seeding.
"""
from __future__ import annotations

import random
import uuid
from datetime import timedelta

import sqlalchemy as sa
from tqdm import tqdm

from backend.accounts.models import ConsentRecord, RoleGrant, User
from backend.accounts.passwords import hash_password
from backend.accounts.privacy import current_statement
from backend.demo.people import DEMO_DOMAIN, DEMO_PASSWORD, STAFF_EMAIL
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import CHECKIN_CODE_ALPHABET, CHECKIN_CODE_LENGTH
from backend.organisations.models import Organisation, OrganisationMember
from backend.places.models import Municipality, Neighbourhood, PostcodeArea

_NAMESPACE = uuid.UUID("5b3f0d7e-9c1a-4c55-8d1e-6f1f3b7a2c10")
_KINDS_OF_ORGANISATION = ("Buurthuis", "Stichting", "Vereniging", "Sportclub", "Kerk", "Voedselbank", "Zorgcentrum",
                          "Speeltuinvereniging", "Muziekvereniging", "Natuurgroep", "Taalhuis", "Repair Café")
_NAMES = ("De Kapel", "Het Balkon", "De Waterweg", "Sluispolder", "Het Hoofd", "De Vlakte", "Koningshoek",
          "De Schans", "Het Veerplein", "De Haven", "Bomendal", "De Molen", "Steendijk", "Taanschuur",
          "De Lockhorst", "Maasland", "De Ark", "Het Anker", "De Vuurtoren", "Het Kruispunt")
# category -> (title, skills it asks for)
_WORK = {
    "groceries": [("Boodschappen rondbrengen", ["groceries"]), ("Voedselpakketten inpakken", ["groceries"])],
    "odd_jobs": [("Klusjes bij ouderen", ["odd_jobs", "carpentry"]), ("Fietsen repareren", ["bike_repair"])],
    "company": [("Wandelmaatje", ["walking_buddy", "companionship"]), ("Koffie en een praatje", ["companionship"])],
    "transport": [("Chauffeur voor ziekenhuisbezoek", ["driving"]), ("Rolstoelvervoer", ["wheelchair_transport"])],
    "digital_help": [("Tabletcafé begeleiden", ["digital_help"]), ("Hulp met DigiD", ["digital_help", "paperwork"])],
    "paperwork": [("Formulierenspreekuur", ["paperwork"]), ("Thuisadministratie", ["budgeting", "bookkeeping"])],
    "respite_care": [("Mantelzorger ontlasten", ["respite_care"]), ("Oppas bij dementie", ["dementia_care"])],
    "sports": [("Trainer jeugdvoetbal", ["sports_coaching"]), ("Beweegles voor senioren", ["sports_coaching"])],
    "culture": [("Muziekles geven", ["music"]), ("Knutselmiddag", ["crafts"])],
    "nature": [("Groenonderhoud park", ["gardening", "nature_management"]), ("Natuurwandeling gidsen", [])],
    "education": [("Huiswerkbegeleiding", ["homework_help"]), ("Voorlezen op school", ["reading_aloud"])],
    "events": [("Koffie schenken", ["catering"]), ("Steward bij de Furieade", ["stewarding"])],
    "care": [("Gastvrouw in het zorgcentrum", ["reception", "elderly_care"]), ("Maaltijden serveren", ["cooking"])],
    "youth": [("Speeltuin openhouden", ["childcare"]), ("Jongerenwerk ondersteunen", [])],
    "elderly": [("Bingomiddag", ["event_organising"]), ("Ouderen bezoeken", ["companionship"])],
    "newcomers": [("Taalmaatje", ["language_coaching"]), ("Tolk bij afspraken", ["translation"])],
    "animals": [("Dierenasiel helpen", ["animal_care"]), ("Uitlaatservice", ["animal_care"])],
    "environment": [("Zwerfafval prikken", ["litter_picking"]), ("Repair Café", ["odd_jobs"])],
}
# The coordinators' first names (made up; the surname says they are the demo's): what volunteers see of a contact.
_FIRST_NAMES = ("Ingrid", "Henk", "Fatima", "Kees", "Marloes", "Ahmed", "Joke", "Pieter", "Yvonne", "Mustafa",
                "Anneke", "Bas", "Linda", "Ruud", "Sanne", "Erik", "Nadia", "Wim", "Petra", "Jeroen")
_SHIFT_STARTS = ((9, 0), (10, 0), (13, 30), (14, 0), (18, 0), (19, 0), (19, 30))
WEEKS_AHEAD = 6


def _id(kind: str, n: int) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{kind}-{n}")


def seed_demand(*, organisations: int = 300, opportunities: int = 2000, progress: bool = True) -> list[str]:
    rng = random.Random(2027)
    maassluis = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "maassluis"))
    if maassluis is None:
        raise RuntimeError("load the reference data first (flask load-reference-data)")
    areas = list(db.session.execute(
        sa.select(PostcodeArea, Neighbourhood).join(Neighbourhood, PostcodeArea.neighbourhood_id == Neighbourhood.id)
        .where(PostcodeArea.municipality_id == maassluis.id, PostcodeArea.pc4 != "3140")
        .order_by(PostcodeArea.pc4, PostcodeArea.letters_from)))
    verifier = db.session.scalar(sa.select(User.id).where(User.email == STAFF_EMAIL))
    existing_orgs = set(db.session.scalars(sa.select(Organisation.id).where(
        Organisation.id.in_([_id("organisation", n) for n in range(1, organisations + 1)]))))
    existing_opps = set(db.session.scalars(sa.select(Opportunity.id).where(
        Opportunity.id.in_([_id("opportunity", n) for n in range(1, opportunities + 1)]))))
    if len(existing_orgs) >= organisations and len(existing_opps) >= opportunities:
        return [f"demo demand: all {organisations} organisations and {opportunities} vacancies already there"]

    now = utcnow()
    rows: dict[str, list] = {k: [] for k in ("users", "roles", "consents", "orgs", "members", "opps", "shifts")}
    added = _seed_organisations(rng, organisations, existing_orgs, maassluis, verifier, now, rows)
    _flush(rows)
    codes = set(db.session.scalars(sa.select(Shift.checkin_code)))
    numbers = range(1, opportunities + 1)
    added_opps = 0
    for n in tqdm(numbers, desc="demo vacancies", disable=not progress, unit="vac"):
        # Drawn for every number, existing ones too, so that each vacancy is the same on every run.
        vacancy, shifts = _draw_vacancy(rng, n, organisations, areas, now, codes)
        if vacancy["id"] in existing_opps:
            continue
        rows["opps"].append(vacancy)
        rows["shifts"].extend(shifts)
        added_opps += 1
        if len(rows["opps"]) >= 500:
            _flush(rows)
    _flush(rows)
    return [f"demo demand: {added} organisations and {added_opps} vacancies added, "
            f"{len(existing_orgs)} and {len(existing_opps)} already there; coordinators "
            f"coordinator-001@{DEMO_DOMAIN} ... (password {DEMO_PASSWORD})"]


def _seed_organisations(rng, count, existing, maassluis, verifier, now, rows) -> int:
    password_hash = hash_password(DEMO_PASSWORD) if len(existing) < count else None
    version = current_statement()["version"]
    added = 0
    for n in range(1, count + 1):
        name = f"{rng.choice(_KINDS_OF_ORGANISATION)} {rng.choice(_NAMES)} {n}"
        org_id, user_id = _id("organisation", n), _id("coordinator", n)
        if org_id in existing:
            continue
        email = f"coordinator-{n:03d}@{DEMO_DOMAIN}"
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
            rows["users"].append({"id": user_id, "email": email, "password_hash": password_hash,
                                  "display_name": f"{_FIRST_NAMES[n % len(_FIRST_NAMES)]} Coördinator-{n}",
                                  "locale": "nl", "created_at": now, "updated_at": now})
            rows["roles"].append({"id": uuid.uuid4(), "user_id": user_id, "role": "coordinator", "created_at": now})
            rows["consents"].append({"id": uuid.uuid4(), "user_id": user_id, "purpose": "privacy_statement",
                                     "text_version": version, "given_at": now})
        rows["orgs"].append({"id": org_id, "municipality_id": maassluis.id, "name": name,
                             "description": f"{name} werkt met vrijwilligers in Maassluis.", "website": None,
                             "verified_at": now, "verified_by": verifier, "reminder_hours": [24, 2],
                             "created_at": now, "updated_at": now})
        rows["members"].append({"id": uuid.uuid4(), "organisation_id": org_id, "user_id": user_id,
                                "status": "active", "created_at": now, "accepted_at": now})
        added += 1
    return added


def _draw_vacancy(rng, n, organisations, areas, now, codes) -> tuple[dict, list[dict]]:
    org_number = rng.randint(1, organisations)
    category = rng.choice(sorted(_WORK))
    title, skills = rng.choice(_WORK[category])
    area, hood = rng.choice(areas)
    regular = rng.random() < 0.4
    hour, minute = rng.choice(_SHIFT_STARTS)
    hours = rng.choice((1, 2, 2, 3, 4))
    capacity = rng.choice((1, 2, 2, 3, 4, 6, 10))
    today = recurrence.local_today(now)
    rule = None
    if regular:
        weekdays = sorted(rng.sample(range(7), k=rng.choice((1, 1, 2))))
        rule = {"weekdays": [recurrence.WEEKDAYS[d] for d in weekdays], "start": f"{hour:02d}:{minute:02d}",
                "end": f"{hour + hours:02d}:{minute:02d}", "capacity": capacity, "weeks": WEEKS_AHEAD,
                "starting": (today + timedelta(days=1)).isoformat()}
        times = recurrence.occurrences(rule, first_day=today + timedelta(days=1),
                                       last_day=today + timedelta(weeks=WEEKS_AHEAD))
    else:
        days = sorted(rng.sample(range(1, WEEKS_AHEAD * 7), k=rng.choice((1, 1, 2, 3))))
        times = [recurrence.local_span(today + timedelta(days=d), f"{hour:02d}:{minute:02d}",
                                       f"{hour + hours:02d}:{minute:02d}") for d in days]
    opp_id = _id("opportunity", n)
    vacancy = {
        "id": opp_id, "municipality_id": hood.municipality_id, "kind": "vacancy",
        "organisation_id": _id("organisation", org_number), "initiative_id": None, "title": title,
        "description": f"{title} in {hood.name}.", "category": category, "required_skills": skills,
        "nice_skills": [], "remote": False, "postcode": f"{area.pc4} {area.letters_from}",
        "neighbourhood_id": hood.id, "latitude": hood.latitude, "longitude": hood.longitude,
        "max_distance_km": None, "requires_vog": category in ("respite_care", "care", "youth") and rng.random() < .7,
        "min_age": rng.choice((None, None, 16, 18)), "languages": ["nl"], "commitment": "regular" if regular
        else "one_off", "recurrence": rule, "status": "published", "created_by": None, "published_at": now,
        "created_at": now, "updated_at": now,
    }
    shifts = [{"id": _id(f"shift-{n}", k), "opportunity_id": opp_id, "starts_at": s, "ends_at": e,
               "capacity": capacity, "accepted_count": 0, "status": "open", "checkin_code": _code(rng, codes),
               "created_at": now, "updated_at": now} for k, (s, e) in enumerate(times)]
    return vacancy, shifts


def _code(rng, codes: set) -> str:
    while True:
        code = "".join(rng.choice(CHECKIN_CODE_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))
        if code not in codes:
            codes.add(code)
            return code


def _flush(rows: dict[str, list]) -> None:
    for model, key in ((User, "users"), (RoleGrant, "roles"), (ConsentRecord, "consents"), (Organisation, "orgs"),
                       (OrganisationMember, "members"), (Opportunity, "opps"), (Shift, "shifts")):
        if rows[key]:
            db.session.execute(sa.insert(model), rows[key])
            rows[key].clear()
