"""Maassluis-scale demo data: volunteers with plausible skills, languages, availability and postcodes.

Deterministic (fixed seed) and idempotent: demo people are recognised by their e-mail address, and only the
missing ones are added. All demo accounts share one password (hashed once: Argon2 is slow on purpose, and
15,000 hashes would take minutes), printed at the end.
"""
from __future__ import annotations

import random
import uuid
from datetime import date

import sqlalchemy as sa
from tqdm import tqdm

from backend.accounts.models import ConsentRecord, RoleGrant, User
from backend.accounts.operations import create_admin, grant_role
from backend.accounts.passwords import hash_password
from backend.accounts.privacy import current_statement
from backend.extensions import db
from backend.models_base import utcnow
from backend.places.models import Municipality, Neighbourhood, PostcodeArea
from backend.taxonomy import taxonomy
from backend.volunteers.models import AvailabilitySlot, ProfileSkill, VolunteerProfile

DEMO_PASSWORD = "doemee-demo-2026"
DEMO_DOMAIN = "demo.doemee.invalid"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
STAFF_EMAIL = f"gemeente@{DEMO_DOMAIN}"
BATCH = 1000

_FIRST_NAMES = ("Anna", "Bram", "Chantal", "Daan", "Emma", "Fatima", "Gerrit", "Hanna", "Ibrahim", "Joke", "Kees",
                "Lotte", "Mohammed", "Noor", "Olga", "Piet", "Quinten", "Rosa", "Sem", "Tamara", "Umut", "Vera",
                "Willem", "Yara", "Zeynep", "Ans", "Bep", "Cor", "Dirk", "Els", "Fenna", "Gijs", "Henk", "Ilse",
                "Jan", "Kim", "Lieke", "Maarten", "Nadia", "Oksana", "Priya", "Ruud", "Sanne", "Tom", "Wim")
# (weight, languages other than Dutch) — a rough picture of who volunteers in the region
_LANGUAGE_MIX = ((50, ()), (25, ("en",)), (6, ("en", "de")), (5, ("tr",)), (4, ("ar",)), (3, ("pl",)),
                 (2, ("uk", "ru")), (2, ("pap",)), (1, ("so",)), (1, ("ti",)), (1, ("fa", "en")))
# (weight, pattern name, [(weekday, start, end)...]) in minutes, Europe/Amsterdam
_AVAILABILITY = (
    (30, "evenings", [(0, 1140, 1290), (2, 1140, 1290), (3, 1140, 1290)]),
    (20, "weekend", [(5, 540, 780), (6, 600, 840)]),
    (25, "daytime", [(0, 540, 720), (1, 540, 1020), (3, 540, 720), (4, 780, 1020)]),
    (15, "wednesday", [(2, 780, 1050)]),
    (10, "flexible", [(d, 540, 1260) for d in range(7)]),
)


def _weighted(rng: random.Random, options):
    return rng.choices(options, weights=[o[0] for o in options], k=1)[0]


def seed_demo(*, volunteers: int = 15000, progress: bool = True) -> list[str]:
    rng = random.Random(2026)
    lines = []
    maassluis = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "maassluis"))
    if maassluis is None:
        raise RuntimeError("load the reference data first (flask load-reference-data)")
    create_admin(email=ADMIN_EMAIL, password=DEMO_PASSWORD, display_name="Beheerder")
    staff = _ensure_staff()
    grant_role(staff, "municipality_staff", maassluis.id)

    areas = list(db.session.execute(
        sa.select(PostcodeArea, Neighbourhood).join(Neighbourhood, PostcodeArea.neighbourhood_id == Neighbourhood.id)
        .where(PostcodeArea.municipality_id == maassluis.id, PostcodeArea.pc4 != "3140")
        .order_by(PostcodeArea.pc4, PostcodeArea.letters_from)))
    skills = [s["code"] for s in taxonomy()["skills"]]
    interests = taxonomy()["interests"]
    existing = set(db.session.scalars(sa.select(User.email).where(User.email.like(f"vrijwilliger-%@{DEMO_DOMAIN}"))))
    if len(existing) >= volunteers:
        return [f"demo volunteers: all {volunteers} already there", _logins_line()]
    password_hash = hash_password(DEMO_PASSWORD)
    version = current_statement()["version"]
    now = utcnow()
    rows: dict[str, list] = {"users": [], "roles": [], "consents": [], "profiles": [], "skills": [], "slots": []}
    added = 0
    numbers = range(1, volunteers + 1)
    for n in tqdm(numbers, desc="demo volunteers", disable=not progress, unit="vol"):
        # Draw for every number, also the existing ones, so that each volunteer is the same on every run.
        person = _draw_person(rng, n, areas, skills, interests)
        email = f"vrijwilliger-{n:05d}@{DEMO_DOMAIN}"
        if email in existing:
            continue
        user_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        rows["users"].append({"id": user_id, "email": email, "password_hash": password_hash,
                              "display_name": person["name"], "locale": person["locale"], "created_at": now,
                              "updated_at": now})
        rows["roles"].append({"id": uuid.uuid4(), "user_id": user_id, "role": "volunteer", "created_at": now})
        rows["consents"].append({"id": uuid.uuid4(), "user_id": user_id, "purpose": "privacy_statement",
                                 "text_version": version, "given_at": now})
        hood = person["hood"]
        rows["profiles"].append({
            "user_id": user_id, "municipality_id": maassluis.id, "neighbourhood_id": hood.id,
            "postcode": person["postcode"], "latitude": hood.latitude, "longitude": hood.longitude,
            "travel_radius_km": person["radius"], "languages": person["languages"], "interests": person["interests"],
            "preference": person["preference"], "max_commitments_per_month": person["max_commitments"],
            "paused": person["paused"], "birth_year": person["birth_year"], "vog_status": person["vog_status"],
            "vog_valid_until": person["vog_valid_until"], "created_at": now, "updated_at": now})
        rows["skills"].extend({"user_id": user_id, "skill_code": code, "level": level}
                              for code, level in person["skills"])
        rows["slots"].extend({"id": uuid.uuid4(), "user_id": user_id, "weekday": d, "start_minute": s,
                              "end_minute": e} for d, s, e in person["slots"])
        added += 1
        if len(rows["users"]) >= BATCH:
            _flush(rows)
    _flush(rows)
    lines.append(f"demo volunteers: {added} added, {len(existing)} already there")
    lines.append(_logins_line())
    return lines


def _logins_line() -> str:
    return (f"demo logins (password {DEMO_PASSWORD}): {ADMIN_EMAIL} (admin), {STAFF_EMAIL} (gemeente Maassluis), "
            f"vrijwilliger-00001@{DEMO_DOMAIN} ... (volunteers)")


def _ensure_staff() -> User:
    user = db.session.scalar(sa.select(User).where(User.email == STAFF_EMAIL))
    if user is None:
        user = User(email=STAFF_EMAIL, password_hash=hash_password(DEMO_PASSWORD), display_name="Gemeente Maassluis",
                    locale="nl")
        db.session.add(user)
        db.session.flush()
    return user


def _flush(rows: dict[str, list]) -> None:
    for model, key in ((User, "users"), (RoleGrant, "roles"), (ConsentRecord, "consents"),
                       (VolunteerProfile, "profiles"), (ProfileSkill, "skills"), (AvailabilitySlot, "slots")):
        if rows[key]:
            db.session.execute(sa.insert(model), rows[key])
            rows[key].clear()


def _draw_person(rng: random.Random, n: int, areas, skills, interests) -> dict:
    area, hood = rng.choice(areas)
    first = _letters_between(rng, area.letters_from, area.letters_to)
    age = rng.choices([rng.randint(16, 24), rng.randint(25, 44), rng.randint(45, 66), rng.randint(67, 88)],
                      weights=[12, 25, 33, 30])[0]
    languages = ["nl", *_weighted(rng, _LANGUAGE_MIX)[1]]
    pattern = _weighted(rng, _AVAILABILITY)[2]
    if age >= 67 and rng.random() < 0.6:
        pattern = _AVAILABILITY[2][2]  # many retirees help in the daytime
    slots = sorted(rng.sample(pattern, k=max(1, min(len(pattern), rng.randint(1, len(pattern))))))
    chosen = rng.sample(skills, k=rng.choice((1, 2, 2, 3, 3, 4, 5)))
    vog_valid = rng.random() < 0.3
    return {
        "name": rng.choice(_FIRST_NAMES),
        "locale": "en" if "en" in languages and rng.random() < 0.15 else "nl",
        "hood": hood,
        "postcode": f"{area.pc4} {first}",
        "radius": rng.choice((1.0, 2.0, 3.0, 5.0, 5.0, 10.0)),
        "languages": languages,
        "interests": rng.sample(interests, k=rng.randint(1, 4)),
        "preference": rng.choices(("one_off", "regular", "both"), weights=(35, 30, 35))[0],
        "max_commitments": rng.choice((1, 2, 4, 4, 8)),
        "paused": rng.random() < 0.03,
        "birth_year": 2026 - age,
        "vog_status": "valid" if vog_valid else rng.choice(("none", "none", "requested")),
        "vog_valid_until": date(2027 + rng.randint(0, 2), rng.randint(1, 12), 1)
        if vog_valid else None,
        "skills": [(code, rng.randint(1, 3)) for code in sorted(chosen)],
        "slots": slots,
    }


def _letters_between(rng: random.Random, first: str, last: str) -> str:
    def index(letters):
        return (ord(letters[0]) - 65) * 26 + ord(letters[1]) - 65

    value = rng.randint(index(first), index(last))
    return chr(65 + value // 26) + chr(65 + value % 26)
