"""A coordinator's candidates for one shift or help request, and the best candidates named in alerts.

The worker's volunteer table (backend.recommendations.volunteer_table) gives a shortlist; the shortlist is then
ranked again with each volunteer's live engagements (busy, load, exclusions), so nobody is proposed who may not
take the demand now.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

import matching
from backend.accounts.models import User, first_name
from backend.errors import Forbidden, NotFound, RuleViolation
from backend.extensions import db
from backend.help.models import HelpRequest
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.access import is_coordinator
from backend.places.models import Neighbourhood
from backend.recommendations.common import Facts, engagement_facts, reason_view, weights_for
from backend.recommendations.demand_table import soonest_start
from backend.recommendations.encode import help_demand, local_naive, shift_demand
from backend.recommendations.markers import read_tokens_stmt
from backend.recommendations.volunteer_table import volunteer_snapshot, volunteers_of_table
from backend.volunteers.models import VolunteerProfile


def shortlist_size(k: int) -> int:
    """How many the table proposes before the live re-check: room for those who became busy meanwhile."""
    return 3 * k + 30


def candidates_for(actor: User, opportunity_id, *, shift_id=None, k: int, locale: str, now: datetime) -> dict:
    """Ranked volunteers for an opportunity's shift (the next one with free places unless one is named)."""
    row = db.session.execute(
        sa.select(Opportunity, Neighbourhood.focus_weight)
        .outerjoin(Neighbourhood, Opportunity.neighbourhood_id == Neighbourhood.id)
        .where(Opportunity.id == opportunity_id)).one_or_none()
    if row is None:
        raise NotFound("detail.not_found", what="Opportunity")
    opp, focus = row
    allowed = (opp.organisation_id is not None and is_coordinator(actor, opp.organisation_id)) or \
        actor.has_role("municipality_staff", opp.municipality_id) or actor.has_role("admin")
    if not allowed:
        raise Forbidden("detail.candidates_forbidden")
    token = db.session.execute(read_tokens_stmt(opp.municipality_id)).one_or_none()
    snapshot = volunteer_snapshot(opp.municipality_id, token.volunteer_token if token else None, now)
    if opp.kind == "help_request":
        help_request = db.session.scalar(sa.select(HelpRequest).where(HelpRequest.opportunity_id == opp.id))
        if help_request.window_end <= soonest_start(now):
            raise RuleViolation("detail.help_window_over")
        demand = help_demand(snapshot.codebook, help_request, opp, focus or 1.0, now)
        target = {"help_request_id": help_request.id}
    else:
        shift = _target_shift(opp, shift_id, now)
        demand, target = shift_demand(snapshot.codebook, shift, opp, focus or 1.0), {"shift_id": shift.id}
    matches = ranked(demand, snapshot, k, now, weights_for(opp.municipality_id))
    people = people_of([m.volunteer_id for m in matches])
    items = [{"volunteer_id": m.volunteer_id, **people[m.volunteer_id], "score": round(m.score, 4),
              "reasons": reason_view(m.reasons, locale, "coordinator")} for m in matches if m.volunteer_id in people]
    return {"opportunity_id": opp.id, **target, "items": items}


def ranked(demand: matching.Demand, snapshot, k: int, now: datetime, weights) -> list[matching.Match]:
    """The table's shortlist, ranked again with the live engagements of those on it (the table keeps numpy
    columns only: the shortlist's records are made from its rows, volunteer_table.volunteers_of_table)."""
    shortlist = matching.candidates(demand, snapshot.table, shortlist_size(k), now=local_naive(now), weights=weights)
    ids = [m.volunteer_id for m in shortlist]
    facts = engagement_facts(ids, now)
    live, exclude = [], set()
    for v in volunteers_of_table(snapshot.table, ids):
        f = facts.get(v.id, Facts())
        live.append(v.with_engagements(busy=f.busy, load=f.load, max_load=v.max_load, completed=f.completed,
                                       no_shows=f.no_shows))
        exclude |= f.exclude
    return matching.candidates(demand, live, k, now=local_naive(now), weights=weights, exclude=exclude)


def _target_shift(opp: Opportunity, shift_id, now: datetime) -> Shift:
    stmt = sa.select(Shift).where(Shift.opportunity_id == opp.id, Shift.status == "open", Shift.starts_at > now)
    if shift_id is not None:
        shift = db.session.scalar(stmt.where(Shift.id == shift_id))
    else:
        shift = db.session.scalar(stmt.where(Shift.accepted_count < Shift.capacity).order_by(Shift.starts_at))
    if shift is None:
        raise RuleViolation("detail.no_open_shift")
    return shift


def people_of(volunteer_ids) -> dict[str, dict]:
    """First name and neighbourhood only: what a coordinator sees before a volunteer responds. Read live, so an
    account erased since the table was built is left out."""
    rows = db.session.execute(
        sa.select(User.id, User.display_name, Neighbourhood.name)
        .join(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .join(Neighbourhood, VolunteerProfile.neighbourhood_id == Neighbourhood.id)
        .where(User.id.in_([uuid.UUID(v) for v in volunteer_ids])))
    return {str(uid): {"first_name": first_name(name), "neighbourhood": hood} for uid, name, hood in rows}


def best_candidates_for_shifts(shift_ids, *, k: int, now: datetime) -> dict[str, list[dict]]:
    """Top-k volunteers (first name, neighbourhood, reason codes) for each shift, for coordinators' alerts."""
    if not shift_ids:
        return {}
    rows = db.session.execute(
        sa.select(Shift, Opportunity, Neighbourhood.focus_weight)
        .join(Opportunity, Shift.opportunity_id == Opportunity.id)
        .outerjoin(Neighbourhood, Opportunity.neighbourhood_id == Neighbourhood.id)
        .where(Shift.id.in_(list(shift_ids)))).all()
    by_municipality: dict = {}
    for shift, opp, weight in rows:
        by_municipality.setdefault(opp.municipality_id, []).append((shift, opp, weight))
    out = {}
    for municipality_id, items in by_municipality.items():
        token = db.session.execute(read_tokens_stmt(municipality_id)).one_or_none()
        snapshot = volunteer_snapshot(municipality_id, token.volunteer_token if token else None, now)
        weights = weights_for(municipality_id)
        for shift, opp, weight in items:
            matches = ranked(shift_demand(snapshot.codebook, shift, opp, weight or 1.0), snapshot, k, now, weights)
            people = people_of([m.volunteer_id for m in matches])
            out[str(shift.id)] = [{"volunteer_id": m.volunteer_id, **people[m.volunteer_id],
                                   "reasons": [r.code for r in m.reasons]} for m in matches if m.volunteer_id in people]
    return out
