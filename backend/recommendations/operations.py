"""The matching service: the volunteer's feed, a coordinator's candidates, the volunteer centre's batch runs.

It loads the database into the matching library's inputs (backend.recommendations.encode), asks the library,
and turns the answers into what the API shows: never more about a person than their first name, neighbourhood
and the reasons, and never a help request's address.
"""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import sqlalchemy as sa

import matching
from backend.accounts.models import User, first_name
from backend.audit.operations import record
from backend.engagements.models import Engagement
from backend.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.help.models import HelpRequest
from backend.notifications.outbox import enqueue
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.access import is_coordinator
from backend.organisations.models import Organisation
from backend.places.geo import haversine_km
from backend.places.models import Municipality, Neighbourhood
from backend.places.operations import require_staff
from backend.recommendations import messages  # noqa: F401  (registers the messages)
from backend.recommendations.encode import LOCAL as LOCAL_ZONE
from backend.recommendations.encode import Codebook, help_demand, load_volunteers, local_naive, shift_demand
from backend.recommendations.models import (MatchingProposal, MatchingRun, MatchingUnmatched,
                                            MunicipalityMatchingWeights)
from backend.volunteers.models import VolunteerProfile
from backend.volunteers.operations import get_profile

FEED_HORIZON = timedelta(days=42)
# A pair declined or left is not proposed again for this long.
DECLINE_MEMORY = timedelta(weeks=8)
FINISHED = ("declined", "withdrawn", "closed", "no_show")


def weights_for(municipality_id) -> matching.Weights:
    row = db.session.get(MunicipalityMatchingWeights, municipality_id)
    return replace(matching.DEFAULT_WEIGHTS, **row.overrides) if row and row.overrides else matching.DEFAULT_WEIGHTS


def _open_demands(codebook: Codebook, municipality_id, now: datetime, *, until: datetime, shifts=True):
    """The municipality's open demand as matching.Demand, with what the API needs to show each of them."""
    demands, info = [], {}
    hood = sa.orm.aliased(Neighbourhood)
    if shifts:
        rows = db.session.execute(
            sa.select(Shift, Opportunity, hood.focus_weight, hood.name, Organisation.name)
            .join(Opportunity, Shift.opportunity_id == Opportunity.id)
            .outerjoin(hood, Opportunity.neighbourhood_id == hood.id)
            .outerjoin(Organisation, Opportunity.organisation_id == Organisation.id)
            .where(Opportunity.municipality_id == municipality_id, Opportunity.status == "published",
                   Opportunity.kind.in_(("vacancy", "initiative_task")), Shift.status == "open",
                   Shift.starts_at > now, Shift.starts_at < until, Shift.accepted_count < Shift.capacity))
        for shift, opp, weight, hood_name, org_name in rows:
            demands.append(shift_demand(codebook, shift, opp, weight or 1.0))
            info[str(shift.id)] = {"kind": opp.kind, "opportunity": opp, "shift": shift, "help_request": None,
                                   "neighbourhood": hood_name, "organisation": org_name,
                                   "starts_at": shift.starts_at, "ends_at": shift.ends_at}
    rows = db.session.execute(
        sa.select(HelpRequest, Opportunity, hood.focus_weight, hood.name)
        .join(Opportunity, HelpRequest.opportunity_id == Opportunity.id)
        .outerjoin(hood, Opportunity.neighbourhood_id == hood.id)
        .where(Opportunity.municipality_id == municipality_id, Opportunity.status == "published",
               HelpRequest.matched_at.is_(None), HelpRequest.window_end > now, HelpRequest.window_start < until))
    for help_request, opp, weight, hood_name in rows:
        if help_request.window_end <= _soonest_start(now):
            continue
        demands.append(help_demand(codebook, help_request, opp, weight or 1.0, now))
        info[str(help_request.id)] = {"kind": "help_request", "opportunity": opp, "shift": None,
                                      "help_request": help_request, "neighbourhood": hood_name,
                                      "organisation": None, "starts_at": help_request.window_start,
                                      "ends_at": help_request.window_end}
    return demands, info


def _soonest_start(now: datetime) -> datetime:
    return now + timedelta(minutes=30)


def _exclusions(volunteer_ids, now: datetime) -> set[tuple[str, str]]:
    """(volunteer, demand) pairs never to propose: engaged already, or declined/left recently."""
    rows = db.session.execute(
        sa.select(Engagement.volunteer_id, Engagement.shift_id, HelpRequest.id, Engagement.status,
                  Engagement.updated_at)
        .outerjoin(HelpRequest, sa.and_(HelpRequest.opportunity_id == Engagement.opportunity_id,
                                        Engagement.shift_id.is_(None)))
        .where(Engagement.volunteer_id.in_([uuid.UUID(str(v)) for v in volunteer_ids])))
    pairs = set()
    for volunteer_id, shift_id, help_id, status, updated in rows:
        if status in FINISHED and updated < now - DECLINE_MEMORY:
            continue
        demand_id = shift_id or help_id
        if demand_id is not None:
            pairs.add((str(volunteer_id), str(demand_id)))
    return pairs


def _by_volunteer(pairs) -> dict[str, set]:
    """Exclusions split per volunteer: the library checks every pair it is given, so give it only the relevant."""
    out: dict[str, set] = {}
    for volunteer_id, demand_id in pairs:
        out.setdefault(volunteer_id, set()).add((volunteer_id, demand_id))
    return out


def _by_demand(pairs) -> dict[str, set]:
    out: dict[str, set] = {}
    for volunteer_id, demand_id in pairs:
        out.setdefault(demand_id, set()).add((volunteer_id, demand_id))
    return out


def _reason_view(reasons, locale: str, audience: str = "volunteer") -> list[dict]:
    return [{"code": r.code, "params": dict(r.params), "text": matching.render_reason(r, locale, audience=audience)}
            for r in reasons]


def reasons_from_json(stored: list[dict], locale: str) -> list[dict]:
    """A matching run's proposals, as staff read them: about the volunteer."""
    return _reason_view([matching.Reason(r["code"], r["params"]) for r in stored], locale, "coordinator")


def unmatched_text(code: str, locale: str) -> str:
    return matching.render_reason(code, locale)


def _km(lat1, lon1, lat2, lon2) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    return round(haversine_km(lat1, lon1, lat2, lon2), 1)


def feed(user: User, *, k: int, locale: str, now: datetime) -> list[dict]:
    """The "for you" feed: shifts, initiative tasks and help requests near me, best first, with reasons."""
    profile = get_profile(user)
    codebook = Codebook()
    [volunteer] = load_volunteers(codebook, user_ids=[user.id], now=now)
    demands, info = _open_demands(codebook, profile.municipality_id, now, until=now + FEED_HORIZON)
    matches = matching.recommend(volunteer, demands, k, now=local_naive(now), weights=weights_for(profile.municipality_id),
                                 exclude=_exclusions([user.id], now))
    items = []
    for m in matches:
        d = info[m.demand_id]
        opp = d["opportunity"]
        items.append({
            "kind": d["kind"], "opportunity_id": opp.id, "shift_id": d["shift"].id if d["shift"] else None,
            "help_request_id": d["help_request"].id if d["help_request"] else None,
            "title": opp.title, "category": opp.category, "organisation": d["organisation"],
            "neighbourhood": d["neighbourhood"], "remote": opp.remote,
            "distance_km": None if opp.remote else _km(profile.latitude, profile.longitude, opp.latitude,
                                                        opp.longitude),
            "starts_at": d["starts_at"], "ends_at": d["ends_at"],
            "free_places": d["shift"].capacity - d["shift"].accepted_count if d["shift"] else 1,
            "score": round(m.score, 4), "reasons": _reason_view(m.reasons, locale)})
    return items


def candidates_for(actor: User, opportunity_id, *, shift_id=None, k: int, locale: str, now: datetime) -> dict:
    """Ranked volunteers for an opportunity's shift (the next one with free places unless one is named)."""
    opp = db.session.get(Opportunity, opportunity_id)
    if opp is None:
        raise NotFound("detail.not_found", what="Opportunity")
    municipality = db.session.get(Municipality, opp.municipality_id)
    allowed = (opp.organisation_id is not None and is_coordinator(actor, opp.organisation_id)) or \
        actor.has_role("municipality_staff", municipality.id) or actor.has_role("admin")
    if not allowed:
        raise Forbidden("detail.candidates_forbidden")
    codebook = Codebook()
    focus = db.session.scalar(sa.select(Neighbourhood.focus_weight).where(Neighbourhood.id == opp.neighbourhood_id))
    if opp.kind == "help_request":
        help_request = db.session.scalar(sa.select(HelpRequest).where(HelpRequest.opportunity_id == opp.id))
        if help_request.window_end <= _soonest_start(now):
            raise RuleViolation("detail.help_window_over")
        demand, target = help_demand(codebook, help_request, opp, focus or 1.0, now), \
            {"help_request_id": help_request.id}
    else:
        shift = _target_shift(opp, shift_id, now)
        demand, target = shift_demand(codebook, shift, opp, focus or 1.0), {"shift_id": shift.id}
    volunteers = load_volunteers(codebook, municipality_id=opp.municipality_id, now=now)
    excluded = _by_demand(_exclusions([v.id for v in volunteers], now)).get(demand.id, ())
    matches = matching.candidates(demand, volunteers, k, now=local_naive(now), weights=weights_for(municipality.id),
                                  exclude=excluded)
    people = _people([m.volunteer_id for m in matches])
    items = [{"volunteer_id": m.volunteer_id, **people[m.volunteer_id], "score": round(m.score, 4),
              "reasons": _reason_view(m.reasons, locale, "coordinator")} for m in matches]
    return {"opportunity_id": opp.id, **target, "items": items}


def _target_shift(opp: Opportunity, shift_id, now: datetime) -> Shift:
    stmt = sa.select(Shift).where(Shift.opportunity_id == opp.id, Shift.status == "open", Shift.starts_at > now)
    if shift_id is not None:
        shift = db.session.scalar(stmt.where(Shift.id == shift_id))
    else:
        shift = db.session.scalar(stmt.where(Shift.accepted_count < Shift.capacity).order_by(Shift.starts_at))
    if shift is None:
        raise RuleViolation("detail.no_open_shift")
    return shift


def _people(volunteer_ids) -> dict[str, dict]:
    """First name and neighbourhood only: what a coordinator sees before a volunteer responds."""
    rows = db.session.execute(
        sa.select(User.id, User.display_name, Neighbourhood.name)
        .join(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .join(Neighbourhood, VolunteerProfile.neighbourhood_id == Neighbourhood.id)
        .where(User.id.in_([uuid.UUID(v) for v in volunteer_ids])))
    return {str(uid): {"first_name": first_name(name), "neighbourhood": hood} for uid, name, hood in rows}


WEEKLY_INVITATION_CAP = 2
MAX_RUN_PERIOD = timedelta(days=31)


def create_run(actor: User, municipality_slug: str, *, period_start: datetime, period_end: datetime,
               cap_per_volunteer: int = WEEKLY_INVITATION_CAP, dry_run: bool = False, now: datetime) -> MatchingRun:
    """Assign the municipality's open help requests of a period in one optimal run.

    Each volunteer is asked at most ``cap_per_volunteer`` times in any 7 days: invitations of the past week count
    (rotation), so the same few people are not asked every week. Unless it is a dry run, each proposal becomes an
    invitation (an engagement "invited" and an outbox row) in the same transaction.
    """
    municipality = _municipality(municipality_slug)
    require_staff(actor, municipality)
    return run_matching(municipality, period_start=period_start, period_end=period_end,
                        cap_per_volunteer=cap_per_volunteer, dry_run=dry_run, now=now, actor_id=actor.id)


def _municipality(slug: str) -> Municipality:
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise NotFound("detail.not_found", what="Municipality")
    return municipality


def run_matching(municipality: Municipality, *, period_start: datetime, period_end: datetime,
                 cap_per_volunteer: int, dry_run: bool, now: datetime, actor_id=None) -> MatchingRun:
    """The run itself, without the permission check (the CLI runs it for operators)."""
    if not (period_start < period_end <= period_start + MAX_RUN_PERIOD):
        raise InvalidInput("detail.not_a_help_period", errors={"period_end": [Msg("detail.not_a_help_period")]})
    codebook = Codebook()
    demands, info = _open_demands(codebook, municipality.id, max(now, period_start), until=period_end, shifts=False)
    demands = [d for d in demands if info[d.id]["ends_at"] > period_start]
    volunteers = _with_weekly_room(load_volunteers(codebook, municipality_id=municipality.id, now=now),
                                   cap_per_volunteer, now)
    pairs, unmatched = _assign_in_rounds(demands, volunteers, cap_per_volunteer, now, weights_for(municipality.id))
    run = MatchingRun(municipality_id=municipality.id, created_by=actor_id, period_start=period_start,
                      period_end=period_end, cap_per_volunteer=cap_per_volunteer, dry_run=dry_run,
                      requests=len(demands), volunteers=len(volunteers), assigned=len(pairs),
                      total_score=round(sum(p.score for p in pairs), 6))
    db.session.add(run)
    db.session.flush()
    for pair in pairs:
        proposal = MatchingProposal(run_id=run.id, help_request_id=uuid.UUID(pair.demand_id),
                                    volunteer_id=uuid.UUID(pair.volunteer_id), score=round(pair.score, 6),
                                    reasons=[{"code": r.code, "params": dict(r.params)} for r in pair.reasons])
        db.session.add(proposal)
        if not dry_run:
            proposal.engagement_id = _invite(run, info[pair.demand_id], pair)
    for unmatched in unmatched:
        db.session.add(MatchingUnmatched(run_id=run.id, help_request_id=uuid.UUID(unmatched.demand_id),
                                         reason=unmatched.reason, eliminated=dict(unmatched.eliminated)))
    record("matching.run", actor_id=actor_id, object_type="matching_run", object_id=run.id, dry_run=dry_run,
           assigned=run.assigned)
    return run


def _assign_in_rounds(demands, volunteers, cap: int, now: datetime, weights):
    """matching.assign one place per volunteer at a time, ``cap`` rounds at most.

    With more than one assignment per volunteer in a single call the library may give someone two demands at
    the same time; between rounds each assignment becomes a busy interval of its volunteer, so nobody is
    invited twice for the same hour. Every round is optimal for what is left (not the whole a global optimum).
    """
    exclude = _exclusions([v.id for v in volunteers], now)
    by_id = {v.id: v for v in volunteers}
    open_demands = {d.id: d for d in demands}
    pairs, first_unmatched = [], None
    for _ in range(cap):
        if not open_demands or not by_id:
            break
        result = matching.assign(list(open_demands.values()), list(by_id.values()), now=local_naive(now),
                                 cap_per_volunteer=1, weights=weights, exclude=exclude)
        if first_unmatched is None:
            first_unmatched = {u.demand_id: u for u in result.unmatched}
        if not result.pairs:
            break
        for pair in result.pairs:
            pairs.append(pair)
            demand, v = open_demands[pair.demand_id], by_id[pair.volunteer_id]
            exclude.add((v.id, demand.id))
            by_id[v.id] = replace(v, busy=(*v.busy, (demand.start, demand.end)), load=v.load + 1)
            if by_id[v.id].load >= by_id[v.id].max_load:
                del by_id[v.id]
            if demand.free_places <= 1:
                del open_demands[demand.id]
            else:
                open_demands[demand.id] = replace(demand, free_places=demand.free_places - 1)
    left = [u for demand_id, u in sorted((first_unmatched or {}).items()) if demand_id in open_demands]
    return pairs, left


def _with_weekly_room(volunteers, cap: int, now: datetime):
    """Lower each volunteer's room by the invitations of the past 7 days (the library gives each volunteer at
    most min(cap, max_load - load) assignments, so the room is expressed through max_load)."""
    recent = dict(db.session.execute(
        sa.select(Engagement.volunteer_id, sa.func.count())
        .where(Engagement.status == "invited", Engagement.invited_by.is_(None),
               Engagement.created_at > now - timedelta(days=7))
        .group_by(Engagement.volunteer_id)).all())
    out = []
    for v in volunteers:
        asked = recent.get(uuid.UUID(v.id), 0)
        room = min(v.max_load - v.load, cap - asked)
        if room <= 0:
            continue
        out.append(replace(v, max_load=v.load + room))
    return out


def _invite(run: MatchingRun, demand: dict, pair) -> uuid.UUID:
    engagement = Engagement(volunteer_id=uuid.UUID(pair.volunteer_id), opportunity_id=demand["opportunity"].id,
                            shift_id=None, status="invited", score=round(pair.score, 6),
                            reasons=[{"code": r.code, "params": dict(r.params)} for r in pair.reasons],
                            status_changed_at=run.created_at)
    db.session.add(engagement)
    db.session.flush()
    volunteer = db.session.get(User, engagement.volunteer_id)
    enqueue(f"matching:{run.id}:invite:{engagement.id}", user_id=volunteer.id, channel="any",
            template="help_invitation", locale=volunteer.locale,
            payload={"engagement_id": str(engagement.id), "help_request_id": pair.demand_id,
                     "title": demand["opportunity"].title})
    return engagement.id


def get_run(actor: User, run_id) -> MatchingRun:
    run = db.session.get(MatchingRun, run_id)
    if run is None:
        raise NotFound("detail.run_not_found")
    require_staff(actor, db.session.get(Municipality, run.municipality_id))
    return run


DIGEST_ITEMS = 3
DIGEST_HORIZON = timedelta(days=14)


def weekly_digests(now: datetime) -> list[dict]:
    """One digest message per active volunteer with something new for them: at most DIGEST_ITEMS demands,
    none they declined or engaged with, none their previous digest already showed (rotation). Returns the
    outbox rows (the job enqueues them with a key per ISO week)."""
    week = now.astimezone(LOCAL_ZONE).strftime("%G-W%V")
    codebook = Codebook()
    rows = []
    for municipality_id in db.session.scalars(sa.select(Municipality.id)):
        volunteers = [v for v in load_volunteers(codebook, municipality_id=municipality_id, now=now) if not v.paused]
        if not volunteers:
            continue
        demands, info = _open_demands(codebook, municipality_id, now, until=now + DIGEST_HORIZON)
        if not demands:
            continue
        table = matching.DemandTable.from_demands(demands)
        exclude = _by_volunteer(_exclusions([v.id for v in volunteers], now))
        shown_before = _previous_digest_items([v.id for v in volunteers])
        weights = weights_for(municipality_id)
        locales = dict(db.session.execute(sa.select(User.id, User.locale).where(
            User.id.in_([uuid.UUID(v.id) for v in volunteers]))).all())
        for v in volunteers:
            matches = matching.recommend(v, table, DIGEST_ITEMS + len(shown_before.get(v.id, ())),
                                         now=local_naive(now), weights=weights, exclude=exclude.get(v.id, ()))
            fresh = [m for m in matches if m.demand_id not in shown_before.get(v.id, ())][:DIGEST_ITEMS]
            if not fresh:
                continue
            user_id = uuid.UUID(v.id)
            rows.append({
                "dedupe_key": f"digest:recommendations:{v.id}:{week}", "user_id": user_id, "channel": "any",
                "template": "recommendations_digest", "locale": locales.get(user_id, "nl"), "priority": "low",
                "payload": {"items": [{"demand_id": m.demand_id, "kind": info[m.demand_id]["kind"],
                                       "title": info[m.demand_id]["opportunity"].title,
                                       "starts_at": info[m.demand_id]["starts_at"].isoformat(),
                                       "reasons": [{"code": r.code, "params": dict(r.params)} for r in m.reasons]}
                                      for m in fresh]}})
    return rows


def _previous_digest_items(volunteer_ids) -> dict[str, set[str]]:
    """What each volunteer's latest digest showed (read back from the outbox, which keeps it for a while)."""
    from backend.notifications.models import OutboxMessage

    latest: dict[str, tuple] = {}
    for user_id, created, payload in db.session.execute(
            sa.select(OutboxMessage.user_id, OutboxMessage.created_at, OutboxMessage.payload)
            .where(OutboxMessage.template == "recommendations_digest",
                   OutboxMessage.user_id.in_([uuid.UUID(v) for v in volunteer_ids]))):
        key = str(user_id)
        if key not in latest or created > latest[key][0]:
            latest[key] = (created, {item["demand_id"] for item in payload.get("items", [])})
    return {key: shown for key, (_, shown) in latest.items()}


def best_candidates_for_shifts(shift_ids, *, k: int, now: datetime) -> dict[str, list[dict]]:
    """Top-k volunteers (first name, neighbourhood, reason codes) for each shift, for coordinators' alerts."""
    if not shift_ids:
        return {}
    codebook = Codebook()
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
        volunteers = matching.VolunteerTable.from_volunteers(
            load_volunteers(codebook, municipality_id=municipality_id, now=now))
        exclude = _by_demand(_exclusions(volunteers.ids, now))
        for shift, opp, weight in items:
            demand = shift_demand(codebook, shift, opp, weight or 1.0)
            matches = matching.candidates(demand, volunteers, k, now=local_naive(now),
                                          weights=weights_for(municipality_id), exclude=exclude.get(demand.id, ()))
            people = _people([m.volunteer_id for m in matches])
            out[str(shift.id)] = [{"volunteer_id": m.volunteer_id, **people[m.volunteer_id],
                                   "reasons": [r.code for r in m.reasons]} for m in matches]
    return out
