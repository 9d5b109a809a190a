"""Demo resident initiatives (with tasks) and open requests for help (with offers)."""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.demo.common import (_DECLINE_REASONS, _FIRST_NAMES, _HELP, _HELP_WEIGHTS, _INITIATIVE_STATUSES,
                                 _INITIATIVES, _STREETS, _URGENCIES, HELP_WINDOW_DAYS, _Context, _days_ago, _id,
                                 _rng, _weighted)
from backend.demo.people import _letters_between
from backend.engagements.models import Engagement
from backend.extensions import db
from backend.help.models import CATEGORIES, HelpRequest, HelpRequestAddress
from backend.help.requests import CATEGORY_SKILL
from backend.initiatives.models import Initiative, InitiativeSupport
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import CHECKIN_CODE_ALPHABET, CHECKIN_CODE_LENGTH


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
    if n == 1:  # the demo resident (bewoner-001) finds a request of their own with offers in "Mijn hulpvragen"
        on_behalf, poster = False, ctx.residents[0]
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
        "consent_recorded_at": created if on_behalf else None,
        "consent_method": ("verbal", "phone", "written", "email")[n % 4] if on_behalf else None, "window_start": start, "window_end": end,
        "recurring": recurring, "urgency": urgency, "accepted_engagement_id": None, "matched_at": None,
        "created_at": created, "updated_at": created})
    rows["addresses"].append({
        "help_request_id": request_id, "street": rng.choice(_STREETS), "house_number": _house_number(rng),
        "postcode": f"{area.pc4} {_letters_between(rng, area.letters_from, area.letters_to)}",
        "notes": rng.choice(("", "", "Bel twee keer.", "Achterom, de tuindeur is open.", "Tweede verdieping."))})
    _draw_offers(ctx, rng, opp_id, created, by_hood.get(hood.id, []), rows["offers"], always=n == 1)


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


def _draw_offers(ctx, rng, opp_id, created, neighbours: list, offers: list, *, always: bool = False) -> None:
    if not neighbours or (rng.random() >= 0.35 and not always):
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


