"""The demo's community side, after the volunteers and the organisations' vacancies: resident initiatives, open
requests for help, and a history of engagements on the vacancies' shifts.

- Demo residents (``bewoner-001@...``) propose initiatives and post requests for help themselves; demo wijkteam
  workers (``wijkteam-01@...``, intermediaries of Maassluis) post on residents' behalf, with the resident's
  first name and recorded consent. Addresses use invented street names (no real address of Maassluis).
- Initiatives: a mix of statuses; supporters; supported ones often have tasks (opportunities with one shift).
- Requests for help: open, windows in the coming two weeks, an urgency mix, some with open offers.
- Engagements: the regular vacancies' past four weeks get shifts with completed engagements and approved hours
  (some no-shows, some check-ins still awaiting approval, some withdrawals and declined invitations); upcoming
  shifts get sign-ups (accepted_count in step, never over capacity), waitlists, invitations.

Deterministic: every row's id is derived from what it is (uuid5), and every item draws from a random generator
seeded with its own name, so an item is the same whatever else exists. Idempotent: an initiative or request whose
id exists is skipped; a past shift is added with its engagements or not at all; an upcoming shift gets demo
sign-ups only while it has no engagement at all (so sign-ups people made in the running demo are never counted
twice). Rows go in with bulk inserts. Times are relative to the day of seeding.
"""
from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from functools import cached_property

import sqlalchemy as sa
from tqdm import tqdm

from backend.accounts.models import ConsentRecord, RoleGrant, User
from backend.accounts.passwords import hash_password
from backend.accounts.privacy import current_statement
from backend.demo import DEMO_DOMAIN, DEMO_PASSWORD, STAFF_EMAIL, _letters_between
from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from backend.help.models import CATEGORIES, HelpRequest, HelpRequestAddress
from backend.help.requests import CATEGORY_SKILL
from backend.initiatives.models import Initiative, InitiativeSupport
from backend.models_base import utcnow
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import CHECKIN_CODE_ALPHABET, CHECKIN_CODE_LENGTH
from backend.organisations.models import OrganisationMember
from backend.places.models import Municipality, Neighbourhood, PostcodeArea
from backend.volunteers.models import VolunteerProfile

_NAMESPACE = uuid.UUID("0c6f3a52-7d64-4b0e-9a8e-2f4d1c9b7e31")
RESIDENTS = 200
INTERMEDIARIES = 12
PAST_WEEKS = 4
HELP_WINDOW_DAYS = 14
BATCH = 5000

_FIRST_NAMES = ("Truus", "Gerard", "Aaltje", "Hassan", "Ria", "Johan", "Mien", "Kemal", "Nel", "Bert", "Fatma",
                "Cor", "Wilma", "Joop", "Dini", "Ahmed", "Greet", "Henk", "Sientje", "Ton")
# Invented on purpose: no demo address may point at a real front door.
_STREETS = ("Denkbeeldstraat", "Verzinselhof", "Fantasielaan", "Droomerf", "Voorbeeldweg", "Proefpolderkade",
            "Nergenshof", "Luchtkasteellaan", "Zomaarstraat", "Verbeeldingspad", "Schetsboekhof", "Ontwerpsingel",
            "Bedachtstraat", "Speelgoedkade", "Papierenweg", "Inktvishof")
_HELP = {
    "groceries": ("Boodschappen doen", "Wekelijkse boodschappen bij de supermarkt om de hoek."),
    "odd_jobs": ("Klusje in huis", "Een lamp ophangen en een kastdeur die klemt."),
    "company": ("Koffie en een praatje", "Af en toe iemand om mee te praten of te wandelen."),
    "transport": ("Rit naar het ziekenhuis", "Vervoer naar een afspraak in het Franciscus Vlietland en terug."),
    "digital_help": ("Hulp met de tablet", "Uitleg over videobellen met de kleinkinderen."),
    "paperwork": ("Formulieren invullen", "Hulp bij een aanvraag voor de zorgtoeslag."),
    "respite_care": ("Mantelzorger even vrij", "Een middag gezelschap zodat de mantelzorger even weg kan."),
}
_HELP_WEIGHTS = {"groceries": 22, "odd_jobs": 18, "company": 18, "transport": 14, "digital_help": 12,
                 "paperwork": 10, "respite_care": 6}
_URGENCIES = (("low", 25), ("normal", 45), ("high", 20), ("urgent", 10))
# (title, help needed, category of its tasks, task title)
_INITIATIVES = (
    ("Geveltuintjes in de straat", "Mensen die tegels willen wippen en planten.", "nature", "Tegels wippen"),
    ("Buurtbarbecue", "Handen bij opbouw, eten en opruimen.", "events", "Opbouwen en opruimen"),
    ("Speeltuin opknappen", "Schilders en klussers voor een zaterdag.", "youth", "Schilderen speeltoestellen"),
    ("Buurtmoestuin", "Wekelijks wieden en water geven.", "nature", "Moestuin onderhouden"),
    ("Zwerfvuilactie", "Prikkers en zakken zijn er; wij zoeken prikkers.", "environment", "Zwerfvuil prikken"),
    ("Ontmoetingsochtend voor ouderen", "Gastvrouwen en -heren voor koffie.", "elderly", "Koffie schenken"),
    ("Huiswerkklas in het buurthuis", "Begeleiders voor groep 7 en 8.", "education", "Huiswerk begeleiden"),
    ("Buurtbibliotheekje", "Iemand die het kastje bijhoudt.", "culture", "Boekenkast bijhouden"),
    ("Schoolplein groener", "Helpers voor een plantdag.", "environment", "Plantdag"),
    ("Burendag", "Vrijwilligers voor spelletjes en muziek.", "events", "Spelletjes begeleiden"),
    ("Jeu-de-boulesbaan aanleggen", "Sterke handen voor een dag.", "sports", "Baan aanleggen"),
    ("Taalcafé voor nieuwkomers", "Taalmaatjes op dinsdagavond.", "newcomers", "Taalmaatje aan tafel"),
)
_INITIATIVE_STATUSES = (("received", 25), ("in_discussion", 25), ("supported", 38), ("declined", 12))
_DECLINE_REASONS = ("Dit past binnen een bestaand plan van de gemeente.", "De grond is niet van de gemeente.",
                    "Het budget voor dit jaar is op; dien het volgend jaar opnieuw in.")


def _id(kind: str, key) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{kind}-{key}")


def _rng(kind: str, key) -> random.Random:
    return random.Random(f"demo-demand-{kind}-{key}")


def _weighted(rng: random.Random, options) -> str:
    return rng.choices([o[0] for o in options], weights=[o[1] for o in options], k=1)[0]


def _days_ago(rng: random.Random, now: datetime, low: int, high: int) -> datetime:
    return now - timedelta(days=rng.randint(low, high), minutes=rng.randint(0, 1439))


class _Context:
    """What every part needs: the municipality, its postcode areas, the demo people, the time of seeding."""

    def __init__(self):
        self.now = utcnow()
        self.today = recurrence.local_today(self.now)
        self.maassluis = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "maassluis"))
        if self.maassluis is None:
            raise RuntimeError("load the reference data first (flask load-reference-data)")
        self.areas = list(db.session.execute(
            sa.select(PostcodeArea, Neighbourhood)
            .join(Neighbourhood, PostcodeArea.neighbourhood_id == Neighbourhood.id)
            .where(PostcodeArea.municipality_id == self.maassluis.id, PostcodeArea.pc4 != "3140")
            .order_by(PostcodeArea.pc4, PostcodeArea.letters_from)))
        self.staff_id = db.session.scalar(sa.select(User.id).where(User.email == STAFF_EMAIL))
        self.version = current_statement()["version"]
        self.residents = [_id("resident", n) for n in range(1, RESIDENTS + 1)]
        self.intermediaries = [_id("intermediary", n) for n in range(1, INTERMEDIARIES + 1)]

    @cached_property
    def supporters(self) -> list:
        return [v.user_id for v in self.volunteers] + self.residents

    @cached_property
    def volunteers(self) -> list:
        # Loaded only when something is added: a second run (make run) stays quick.
        return _volunteer_pool()


def _volunteer_pool() -> list:
    """Demo volunteers (id, neighbourhood, paused, VOG valid, birth year), in a fixed order."""
    return list(db.session.execute(
        sa.select(VolunteerProfile.user_id, VolunteerProfile.neighbourhood_id, VolunteerProfile.paused,
                  VolunteerProfile.vog_status == "valid", VolunteerProfile.birth_year)
        .join(User, User.id == VolunteerProfile.user_id)
        .where(User.email.like(f"vrijwilliger-%@{DEMO_DOMAIN}")).order_by(User.email)))


def seed_community(*, initiatives: int = 150, help_requests: int = 500, progress: bool = True) -> list[str]:
    """Add what is missing of the demo's initiatives, requests for help and engagement history."""
    ctx = _Context()
    lines = [_ensure_people(ctx), _seed_initiatives(ctx, initiatives), _seed_help_requests(ctx, help_requests)]
    lines.append(_History(ctx).seed(progress))
    _refresh_statistics()
    return lines


def _refresh_statistics() -> None:
    """PostgreSQL plans from table statistics, which autovacuum refreshes only a while after a bulk load; until
    then the planner takes the freshly loaded tables for nearly empty (the shift listing ran a nested loop over
    22 million row pairs, 2.4 s, instead of an index scan). ANALYZE here also counts this transaction's rows."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("ANALYZE"))


# --- residents and wijkteam workers --------------------------------------------------------------------------

def _ensure_people(ctx: _Context) -> str:
    wanted = [(uid, f"bewoner-{n:03d}@{DEMO_DOMAIN}", "resident", None, _FIRST_NAMES[n % len(_FIRST_NAMES)])
              for n, uid in enumerate(ctx.residents, start=1)]
    wanted += [(uid, f"wijkteam-{n:02d}@{DEMO_DOMAIN}", "intermediary", ctx.maassluis.id, f"Wijkteam {n}")
               for n, uid in enumerate(ctx.intermediaries, start=1)]
    existing = set(db.session.scalars(sa.select(User.email).where(
        User.email.in_([w[1] for w in wanted]))))
    missing = [w for w in wanted if w[1] not in existing]
    if not missing:
        return f"demo residents and wijkteam workers: all {len(wanted)} already there"
    password_hash = hash_password(DEMO_PASSWORD)
    now = ctx.now
    db.session.execute(sa.insert(User), [
        {"id": uid, "email": email, "password_hash": password_hash, "display_name": name, "locale": "nl",
         "created_at": now, "updated_at": now} for uid, email, _, _, name in missing])
    db.session.execute(sa.insert(RoleGrant), [
        {"id": _id("role", uid), "user_id": uid, "role": role, "municipality_id": municipality_id, "created_at": now}
        for uid, _, role, municipality_id, _ in missing])
    db.session.execute(sa.insert(ConsentRecord), [
        {"id": _id("consent", uid), "user_id": uid, "purpose": "privacy_statement", "text_version": ctx.version,
         "given_at": now} for uid, *_ in missing])
    return (f"demo residents and wijkteam workers: {len(missing)} added (bewoner-001@{DEMO_DOMAIN}, "
            f"wijkteam-01@{DEMO_DOMAIN} ...)")


# --- initiatives ---------------------------------------------------------------------------------------------

def _seed_initiatives(ctx: _Context, count: int) -> str:
    ids = [_id("initiative", n) for n in range(1, count + 1)]
    existing = set(db.session.scalars(sa.select(Initiative.id).where(Initiative.id.in_(ids))))
    rows: dict[str, list] = {"initiatives": [], "supports": [], "opps": [], "shifts": []}
    codes = _CheckinCodes()
    for n in range(1, count + 1):
        if _id("initiative", n) not in existing:
            _draw_initiative(ctx, n, rows, codes)
    for model, key in ((Initiative, "initiatives"), (InitiativeSupport, "supports"), (Opportunity, "opps"),
                       (Shift, "shifts")):
        if rows[key]:
            db.session.execute(sa.insert(model), rows[key])
    return (f"demo initiatives: {len(rows['initiatives'])} added with {len(rows['supports'])} supporters and "
            f"{len(rows['opps'])} tasks, {len(existing)} already there")


def _draw_initiative(ctx: _Context, n: int, rows: dict, codes: "_CheckinCodes") -> None:
    rng = _rng("initiative", n)
    title, help_needed, category, task_title = rng.choice(_INITIATIVES)
    _, hood = rng.choice(ctx.areas)
    status = _weighted(rng, _INITIATIVE_STATUSES)
    created = _days_ago(rng, ctx.now, 5, 150)
    changed = None if status == "received" else min(ctx.now, created + timedelta(days=rng.randint(2, 30)))
    initiative_id, proposer = _id("initiative", n), rng.choice(ctx.residents)
    rows["initiatives"].append({
        "id": initiative_id, "municipality_id": ctx.maassluis.id, "neighbourhood_id": hood.id,
        "proposer_id": proposer, "title": f"{title} {hood.name}"[:120],
        "description": f"{title} in {hood.name}: een plan van bewoners voor bewoners.", "help_needed": help_needed,
        "status": status, "decline_reason": rng.choice(_DECLINE_REASONS) if status == "declined" else None,
        "status_changed_by": ctx.staff_id if changed else None, "status_changed_at": changed,
        "created_at": created, "updated_at": changed or created})
    people = ctx.supporters
    supporters = rng.sample(people, k=min(len(people), rng.randint(8, 60) if status == "supported"
                                          else rng.randint(0, 25)))
    rows["supports"].extend({"initiative_id": initiative_id, "user_id": uid, "created_at": created}
                            for uid in supporters if uid != proposer)
    if status == "supported" and rng.random() < 0.7:
        for k in range(rng.randint(1, 3)):
            _draw_task(ctx, rng, initiative_id, k, hood, category, task_title, proposer, rows, codes)


def _draw_task(ctx, rng, initiative_id, k, hood, category, title, proposer, rows, codes) -> None:
    opp_id = _id(f"task-{initiative_id}", k)
    hour = rng.choice((10, 13, 14, 19))
    starts, ends = recurrence.local_span(ctx.today + timedelta(days=rng.randint(2, 35)), f"{hour:02d}:00",
                                         f"{hour + rng.choice((2, 3, 4)):02d}:00")
    rows["opps"].append({
        "id": opp_id, "municipality_id": ctx.maassluis.id, "kind": "initiative_task", "organisation_id": None,
        "initiative_id": initiative_id, "title": title, "description": f"{title} voor het bewonersinitiatief.",
        "category": category, "required_skills": [], "nice_skills": [], "remote": False, "postcode": None,
        "neighbourhood_id": hood.id, "latitude": hood.latitude, "longitude": hood.longitude,
        "max_distance_km": None, "requires_vog": False, "min_age": None, "languages": [], "commitment": "one_off",
        "recurrence": None, "status": "published", "created_by": proposer, "published_at": ctx.now,
        "created_at": ctx.now, "updated_at": ctx.now})
    rows["shifts"].append({
        "id": _id("task-shift", opp_id), "opportunity_id": opp_id, "starts_at": starts, "ends_at": ends,
        "capacity": rng.choice((2, 4, 6, 8)), "accepted_count": 0, "status": "open",
        "checkin_code": codes.new(rng), "created_at": ctx.now, "updated_at": ctx.now})


# --- requests for help ---------------------------------------------------------------------------------------

def _seed_help_requests(ctx: _Context, count: int) -> str:
    ids = [_id("help-request", n) for n in range(1, count + 1)]
    existing = set(db.session.scalars(sa.select(HelpRequest.id).where(HelpRequest.id.in_(ids))))
    rows: dict[str, list] = {"opps": [], "requests": [], "addresses": [], "offers": []}
    by_hood = _active_by_neighbourhood(ctx.volunteers) if len(existing) < count else {}
    for n in range(1, count + 1):
        if _id("help-request", n) not in existing:
            _draw_help_request(ctx, n, rows, by_hood)
    for model, key in ((Opportunity, "opps"), (HelpRequest, "requests"), (HelpRequestAddress, "addresses"),
                       (Engagement, "offers")):
        if rows[key]:
            db.session.execute(sa.insert(model), rows[key])
    return (f"demo requests for help: {len(rows['requests'])} added with {len(rows['offers'])} open offers, "
            f"{len(existing)} already there")


def _active_by_neighbourhood(volunteers) -> dict:
    by_hood = defaultdict(list)
    for v in volunteers:
        if not v.paused:
            by_hood[v.neighbourhood_id].append(v.user_id)
    return by_hood


def _draw_help_request(ctx: _Context, n: int, rows: dict, by_hood: dict) -> None:
    rng = _rng("help-request", n)
    category = rng.choices(list(_HELP_WEIGHTS), weights=list(_HELP_WEIGHTS.values()), k=1)[0]
    assert category in CATEGORIES
    title, description = _HELP[category]
    area, hood = rng.choice(ctx.areas)
    urgency = _weighted(rng, _URGENCIES)
    start, end = _help_window(ctx, rng, urgency)
    recurring = rng.random() < 0.12
    created = ctx.now - timedelta(hours=rng.randint(1, 96))
    on_behalf = rng.random() < 0.45
    poster = rng.choice(ctx.intermediaries if on_behalf else ctx.residents)
    request_id, opp_id = _id("help-request", n), _id("help-opportunity", n)
    rows["opps"].append({
        "id": opp_id, "municipality_id": ctx.maassluis.id, "kind": "help_request", "organisation_id": None,
        "initiative_id": None, "title": title, "description": description, "category": category,
        "required_skills": [CATEGORY_SKILL[category]], "nice_skills": [], "remote": False, "postcode": None,
        "neighbourhood_id": hood.id, "latitude": hood.latitude, "longitude": hood.longitude,
        "max_distance_km": None, "requires_vog": False, "min_age": None,
        "languages": rng.choice(([], [], [], [], ["tr"], ["ar"], ["en"])), "recurrence": None,
        "commitment": "regular" if recurring else "one_off", "status": "published", "created_by": poster,
        "published_at": created, "created_at": created, "updated_at": created})
    rows["requests"].append({
        "id": request_id, "opportunity_id": opp_id, "requester_id": None if on_behalf else poster,
        "intermediary_id": poster if on_behalf else None,
        "resident_first_name": rng.choice(_FIRST_NAMES) if on_behalf else None,
        "consent_text_version": ctx.version if on_behalf else None,
        "consent_recorded_at": created if on_behalf else None, "window_start": start, "window_end": end,
        "recurring": recurring, "urgency": urgency, "accepted_engagement_id": None, "matched_at": None,
        "created_at": created, "updated_at": created})
    rows["addresses"].append({
        "help_request_id": request_id, "street": rng.choice(_STREETS), "house_number": _house_number(rng),
        "postcode": f"{area.pc4} {_letters_between(rng, area.letters_from, area.letters_to)}",
        "notes": rng.choice(("", "", "Bel twee keer.", "Achterom, de tuindeur is open.", "Tweede verdieping."))})
    _draw_offers(ctx, rng, opp_id, created, by_hood.get(hood.id, []), rows["offers"])


def _help_window(ctx: _Context, rng: random.Random, urgency: str) -> tuple[datetime, datetime]:
    """A window that starts and ends within the coming two weeks (urgent ones within two days)."""
    latest_day = 2 if urgency == "urgent" else HELP_WINDOW_DAYS - 2
    day = ctx.today + timedelta(days=rng.randint(1, latest_day))
    hour = rng.choice((9, 10, 11, 13, 14, 15, 16, 18, 19))
    hours = rng.choice((1, 2, 2, 3, 4))
    return recurrence.local_span(day, f"{hour:02d}:00", f"{hour + hours:02d}:00")


def _house_number(rng: random.Random) -> str:
    number = str(rng.randint(1, 240))
    return number + rng.choice(("", "", "", "", "a", "b", "-1"))


def _draw_offers(ctx, rng, opp_id, created, neighbours: list, offers: list) -> None:
    if not neighbours or rng.random() >= 0.35:
        return
    for volunteer_id in rng.sample(neighbours, k=min(len(neighbours), rng.randint(1, 3))):
        at = created + (ctx.now - created) * rng.random()
        offers.append({"id": _id("offer", f"{opp_id}-{volunteer_id}"), "volunteer_id": volunteer_id,
                       "opportunity_id": opp_id, "shift_id": None, "status": "applied", "score": None,
                       "reasons": None, "invited_by": None, "checked_in_at": None, "status_changed_at": at,
                       "created_at": at, "updated_at": at})


# --- engagement history --------------------------------------------------------------------------------------

class _CheckinCodes:
    """New check-in codes that no shift has yet (codes are told apart at the door)."""

    def __init__(self):
        self.taken = set(db.session.scalars(sa.select(Shift.checkin_code)))

    def new(self, rng: random.Random) -> str:
        while True:
            code = "".join(rng.choice(CHECKIN_CODE_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))
            if code not in self.taken:
                self.taken.add(code)
                return code


class _History:
    """Past shifts of the regular vacancies with what happened on them, and sign-ups for upcoming shifts.

    An opportunity gets demo history only while none of its shifts has any engagement: so a second run adds
    nothing, and sign-ups that people made in the running demo are never counted twice."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx
        self.active: list = []
        self.by_hood = defaultdict(list)
        self.booked = defaultdict(set)  # volunteer id -> local days with a demo engagement (no double-booking)
        self.rows: dict[str, list] = {"shifts": [], "engagements": [], "hours": []}
        self.counts = defaultdict(int)

    def seed(self, progress: bool) -> str:
        opportunities = self._demo_opportunities_without_engagements()
        if not opportunities:
            return "demo engagement history: every demo opportunity already has engagements"
        self.active = [v for v in self.ctx.volunteers if not v.paused]
        if not self.active:
            return "demo engagement history: no demo volunteers, nothing added"
        for v in self.active:
            self.by_hood[v.neighbourhood_id].append(v)
        coordinators = dict(db.session.execute(
            sa.select(OrganisationMember.organisation_id, OrganisationMember.user_id)
            .where(OrganisationMember.status == "active").order_by(OrganisationMember.accepted_at)).all())
        upcoming = self._upcoming_shifts([o.id for o in opportunities])
        known_shifts = set(db.session.scalars(sa.select(Shift.id)))
        codes, updates = _CheckinCodes(), []
        for opp in tqdm(opportunities, desc="demo engagement history", disable=not progress, unit="opp"):
            coordinator = coordinators.get(opp.organisation_id)
            self._past(opp, coordinator, known_shifts, codes)
            updates.extend(self._upcoming(opp, upcoming.get(opp.id, []), coordinator))
            if len(self.rows["engagements"]) >= BATCH:
                self._flush()
        self._flush()
        if updates:
            db.session.execute(sa.update(Shift), updates)
        return self._summary()

    def _summary(self) -> str:
        c = self.counts
        return (f"demo engagement history: {c['past_shifts']} past shifts with {c['completed']} completed "
                f"({c['approved']} hours approved, {c['proposed']} awaiting approval), {c['no_show']} no-shows, "
                f"{c['declined']} declined invitations; {c['upcoming']} upcoming shifts with {c['accepted']} "
                f"sign-ups, {c['waitlisted']} on waitlists, {c['invited']} open invitations")

    def _demo_opportunities_without_engagements(self) -> list:
        demo_orgs = (sa.select(OrganisationMember.organisation_id).join(User, User.id == OrganisationMember.user_id)
                     .where(User.email.like(f"coordinator-%@{DEMO_DOMAIN}")))
        demo_initiatives = sa.select(Initiative.id).where(Initiative.proposer_id.in_(self.ctx.residents))
        return list(db.session.scalars(sa.select(Opportunity).where(
            Opportunity.status == "published", Opportunity.kind != "help_request",
            ~sa.exists().where(Engagement.opportunity_id == Opportunity.id, Engagement.shift_id.is_not(None)),
            sa.or_(Opportunity.organisation_id.in_(demo_orgs), Opportunity.initiative_id.in_(demo_initiatives)))
            .order_by(Opportunity.id)))

    def _upcoming_shifts(self, opportunity_ids: list) -> dict:
        # Plain rows, not Shift objects: their accepted_count changes below with a bulk UPDATE.
        by_opportunity = defaultdict(list)
        for row in db.session.execute(
                sa.select(Shift.id, Shift.opportunity_id, Shift.starts_at, Shift.capacity, Shift.accepted_count)
                .where(Shift.opportunity_id.in_(opportunity_ids), Shift.status == "open",
                       Shift.starts_at > self.ctx.now).order_by(Shift.starts_at, Shift.id)):
            by_opportunity[row.opportunity_id].append(row)
        return by_opportunity

    # past: shifts of the last weeks, added together with everything that happened on them

    def _past(self, opp: Opportunity, coordinator, known_shifts: set, codes: _CheckinCodes) -> None:
        rule = opp.recurrence
        if opp.commitment != "regular" or not rule:
            return
        first = self.ctx.today - timedelta(weeks=PAST_WEEKS)
        for starts, ends in recurrence.occurrences(rule, first_day=first, last_day=self.ctx.today - timedelta(1)):
            shift_id = _id("past-shift", f"{opp.id}-{starts.isoformat()}")
            if shift_id in known_shifts or ends >= self.ctx.now:
                continue
            rng = _rng("past-shift", shift_id)
            capacity = int(rule["capacity"])
            shift = {"id": shift_id, "opportunity_id": opp.id, "starts_at": starts, "ends_at": ends,
                     "capacity": capacity, "accepted_count": 0, "status": "open", "checkin_code": codes.new(rng),
                     "created_at": starts - timedelta(weeks=6), "updated_at": ends}
            self.rows["shifts"].append(shift)
            shift["accepted_count"] = self._past_engagements(rng, opp, shift, coordinator)
            self.counts["past_shifts"] += 1

    def _past_engagements(self, rng, opp, shift: dict, coordinator) -> int:
        starts, ends = shift["starts_at"], shift["ends_at"]
        holders = self._draw_volunteers(rng, opp, starts, max(1, round(shift["capacity"] * rng.uniform(0.5, 1))))
        recent = ends > self.ctx.now - timedelta(days=3)
        for volunteer_id in holders:
            status = ("checked_in" if recent and rng.random() < 0.5
                      else "no_show" if rng.random() < 0.07 else "completed")
            self._past_holder(rng, opp, shift, volunteer_id, status, coordinator)
        # Some who were asked and said no, some who withdrew in time: they hold no place.
        if coordinator and rng.random() < 0.12:
            for volunteer_id in self._draw_volunteers(rng, opp, starts, 1):
                self._engagement(opp, shift["id"], volunteer_id, "declined", starts - timedelta(days=4),
                                 invited_by=coordinator)
                self.counts["declined"] += 1
        if rng.random() < 0.1:
            for volunteer_id in self._draw_volunteers(rng, opp, starts, 1):
                self._engagement(opp, shift["id"], volunteer_id, "withdrawn", starts - timedelta(days=2))
        return len(holders)

    def _past_holder(self, rng, opp, shift: dict, volunteer_id, status, coordinator) -> None:
        starts, ends = shift["starts_at"], shift["ends_at"]
        checked_in = None if status == "no_show" else starts - timedelta(minutes=rng.randint(0, 20))
        changed = {"no_show": starts + timedelta(hours=1), "checked_in": checked_in,
                   "completed": min(self.ctx.now, ends + timedelta(hours=rng.randint(1, 48)))}[status]
        engagement_id = self._engagement(opp, shift["id"], volunteer_id, status, changed, checked_in_at=checked_in,
                                         created_at=starts - timedelta(days=rng.randint(2, 20)))
        self.counts[status] += 1
        if status == "no_show":
            return
        approved = status == "completed"
        self.rows["hours"].append({
            "id": _id("hours", engagement_id), "engagement_id": engagement_id, "volunteer_id": volunteer_id,
            "minutes": int((ends - starts).total_seconds() // 60), "status": "approved" if approved else "proposed",
            "approved_by": coordinator if approved else None, "approved_at": changed if approved else None,
            "note": "", "created_at": checked_in})
        self.counts["approved" if approved else "proposed"] += 1

    # upcoming: sign-ups, waitlists and invitations on some of the opportunity's shifts

    def _upcoming(self, opp: Opportunity, shifts: list, coordinator) -> list[dict]:
        updates = []
        for k, shift in enumerate(shifts):
            rng = _rng("upcoming", shift.id)
            soon = shift.starts_at - self.ctx.now < timedelta(days=7)
            # The first shift always: every opportunity that gets demo history gets some (see the class doc).
            if k > 0 and rng.random() >= (0.75 if soon else 0.5):
                continue
            added = self._upcoming_engagements(rng, opp, shift, coordinator)
            if added:
                updates.append({"id": shift.id, "accepted_count": shift.accepted_count + added,
                                "updated_at": self.ctx.now})
                self.counts["upcoming"] += 1
        return updates

    def _upcoming_engagements(self, rng, opp, shift, coordinator) -> int:
        free = shift.capacity - shift.accepted_count
        if free <= 0:
            return 0
        full = rng.random() < 0.12
        accepted = free if full else max(1, round(free * rng.uniform(0.1, 0.9)))
        waiting = rng.randint(1, 3) if full else 0
        invited = 1 if coordinator and rng.random() < 0.1 else 0
        declined = 1 if coordinator and rng.random() < 0.08 else 0
        people = self._draw_volunteers(rng, opp, shift.starts_at, accepted + waiting + invited + declined)
        # Fewer suitable people than places: then nobody waits, and everyone found up to the places gets one.
        accepted = min(accepted, len(people))
        joined = self.ctx.now - timedelta(days=rng.randint(1, 12))
        for i, volunteer_id in enumerate(people):
            if i < accepted:
                status, who = "accepted", None
            elif i < accepted + waiting:
                status, who = "waitlisted", None
            elif i < accepted + waiting + invited:
                status, who = "invited", coordinator
            else:
                status, who = "declined", coordinator
            at = min(joined + timedelta(minutes=37 * i), self.ctx.now)  # the waitlist keeps this order
            self._engagement(opp, shift.id, volunteer_id, status, at, invited_by=who)
            self.counts[status] += 1
        return accepted

    # shared

    def _draw_volunteers(self, rng, opp, starts: datetime, count: int) -> list:
        """Up to ``count`` different suitable volunteers, mostly from the neighbourhood, none booked that day."""
        day = recurrence.local_today(starts)
        nearby = self.by_hood.get(opp.neighbourhood_id) or self.active
        chosen: list = []
        for _ in range(count * 6 + 40):  # enough tries to find someone with a VOG, mostly
            if len(chosen) == count:
                break
            v = rng.choice(nearby if rng.random() < 0.7 else self.active)
            if v.user_id in chosen or day in self.booked[v.user_id] or not self._suits(v, opp, day):
                continue
            chosen.append(v.user_id)
            self.booked[v.user_id].add(day)
        return chosen

    @staticmethod
    def _suits(v, opp: Opportunity, day) -> bool:
        if opp.requires_vog and not v[3]:
            return False
        return not opp.min_age or v.birth_year is None or day.year - v.birth_year >= opp.min_age

    def _engagement(self, opp, shift_id, volunteer_id, status, changed_at, *, invited_by=None, checked_in_at=None,
                    created_at=None) -> uuid.UUID:
        engagement_id = _id("engagement", f"{shift_id}-{volunteer_id}")
        self.rows["engagements"].append({
            "id": engagement_id, "volunteer_id": volunteer_id, "opportunity_id": opp.id, "shift_id": shift_id,
            "status": status, "score": None, "reasons": None, "invited_by": invited_by,
            "checked_in_at": checked_in_at, "status_changed_at": changed_at,
            "created_at": min(created_at or changed_at, changed_at), "updated_at": changed_at})
        return engagement_id

    def _flush(self) -> None:
        # Shifts before the engagements that point at them, engagements before their hours.
        for model, key in ((Shift, "shifts"), (Engagement, "engagements"), (HoursEntry, "hours")):
            if self.rows[key]:
                db.session.execute(sa.insert(model), self.rows[key])
                self.rows[key].clear()
