"""What the feed, the candidates, the batch runs and the digests share: weights, exclusions, reason views."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import datetime, timedelta

import sqlalchemy as sa

import matching
from backend.engagements.models import HOLDING, Engagement
from backend.extensions import db
from backend.localtime import local_zone
from backend.help.models import HelpRequest
from backend.opportunities.models import Shift
from backend.places.geo import haversine_km
from backend.recommendations import messages  # noqa: F401  (registers the messages)
from backend.recommendations.encode import local_naive
from backend.recommendations.models import MunicipalityMatchingWeights
from backend.rendering import matching_reason_text, skill_codes

# A pair declined or left is not proposed again for this long.
DECLINE_MEMORY = timedelta(weeks=8)
FINISHED = ("declined", "withdrawn", "closed", "no_show")


def weights_for(municipality_id) -> matching.Weights:
    row = db.session.get(MunicipalityMatchingWeights, municipality_id)
    return replace(matching.DEFAULT_WEIGHTS, **row.overrides) if row and row.overrides else matching.DEFAULT_WEIGHTS


def exclusions(volunteer_ids, now: datetime, *, help_requests_only: bool = False) -> set[tuple[str, str]]:
    """(volunteer, demand) pairs never to propose: engaged already, or declined/left recently.

    ``volunteer_ids``: ids, or a select of user ids (a municipality's thousands are better sent as a subquery
    than as parameters). ``help_requests_only``: only pairs with a help request (what a batch run assigns)."""
    who = volunteer_ids if isinstance(volunteer_ids, sa.Select) else [uuid.UUID(str(v)) for v in volunteer_ids]
    stmt = (sa.select(Engagement.volunteer_id, Engagement.shift_id, HelpRequest.id, Engagement.status,
                      Engagement.updated_at)
            .outerjoin(HelpRequest, sa.and_(HelpRequest.opportunity_id == Engagement.opportunity_id,
                                            Engagement.shift_id.is_(None)))
            .where(Engagement.volunteer_id.in_(who)))
    if help_requests_only:
        stmt = stmt.where(Engagement.shift_id.is_(None))
    rows = db.session.execute(stmt)
    pairs = set()
    for volunteer_id, shift_id, help_id, status, updated in rows:
        if status in FINISHED and updated < now - DECLINE_MEMORY:
            continue
        demand_id = shift_id or help_id
        if demand_id is not None:
            pairs.add((str(volunteer_id), str(demand_id)))
    return pairs


def by_volunteer(pairs) -> dict[str, set]:
    """Exclusions split per volunteer: the library checks every pair it is given, so give it only the relevant."""
    out: dict[str, set] = {}
    for volunteer_id, demand_id in pairs:
        out.setdefault(volunteer_id, set()).add((volunteer_id, demand_id))
    return out


def reason_view(reasons, locale: str, audience: str = "volunteer") -> list[dict]:
    """Reasons as the API shows them: code, params and text; the skills reason names its skills by code too."""
    return [{"code": r.code, "params": _params(r), "text": matching_reason_text(r, locale, audience=audience)}
            for r in reasons]


def _params(reason) -> dict:
    params = dict(reason.params)
    if reason.code == "skills" and "bits" in params:
        params["bits"] = list(params["bits"])
        params["skills"] = skill_codes(params["bits"])
    return params


def reasons_from_json(stored: list[dict], locale: str) -> list[dict]:
    """A matching run's proposals, as staff read them: about the volunteer."""
    return reason_view([matching.Reason(r["code"], r["params"]) for r in stored], locale, "coordinator")


def unmatched_text(code: str, locale: str) -> str:
    return matching_reason_text(code, locale)


def km(lat1, lon1, lat2, lon2) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    return round(haversine_km(lat1, lon1, lat2, lon2), 1)


@dataclass
class Facts:
    """A volunteer's engagements as matching needs them (see encode.engagement_facts_of for the rules)."""

    busy: list = field(default_factory=list)
    load: int = 0
    completed: int = 0
    no_shows: int = 0
    exclude: set = field(default_factory=set)


@lru_cache(maxsize=1)
def _facts_stmt() -> sa.Select:
    """Built once (the feed sends it at every request); ``volunteers``: the ids, bound at execution."""
    return (sa.select(Engagement.volunteer_id, Engagement.status, Engagement.updated_at, Engagement.shift_id,
                      HelpRequest.id, Shift.starts_at, Shift.ends_at, HelpRequest.window_start,
                      HelpRequest.window_end)
            .outerjoin(Shift, Engagement.shift_id == Shift.id)
            .outerjoin(HelpRequest, sa.and_(HelpRequest.opportunity_id == Engagement.opportunity_id,
                                            Engagement.shift_id.is_(None)))
            .where(Engagement.volunteer_id.in_(sa.bindparam("volunteers", expanding=True))))


def engagement_facts(user_ids, now: datetime) -> dict[str, Facts]:
    """Busy intervals, this month's load, completed/no-show counts and the pairs never to propose, for a few
    volunteers, in one statement (the same facts load_volunteers and exclusions compute for many)."""
    month_start = now.astimezone(local_zone()).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    out: dict[str, Facts] = {}
    for volunteer_id, status, updated, shift_id, help_id, starts, ends, window_start, window_end in db.session.execute(
            _facts_stmt(), {"volunteers": [uuid.UUID(str(v)) for v in user_ids]}):
        facts = out.setdefault(str(volunteer_id), Facts())
        facts.completed += status == "completed"
        facts.no_shows += status == "no_show"
        if not (status in FINISHED and updated < now - DECLINE_MEMORY) and (shift_id or help_id):
            facts.exclude.add((str(volunteer_id), str(shift_id or help_id)))
        start, end = (starts, ends) if shift_id else (window_start, window_end)
        if status in HOLDING and start is not None and end >= month_start:
            facts.load += start >= month_start
            if end > now:
                facts.busy.append((local_naive(start), local_naive(end)))
    return out
