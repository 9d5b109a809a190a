"""A batch run's assignment: volunteers' weekly room, the library's assignment, invitations."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import sqlalchemy as sa

import matching
from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.extensions import db
from backend.notifications.outbox import enqueue
from backend.recommendations.encode import engagement_facts_of, local_naive, volunteers_of
from backend.recommendations.models import MatchingRun
from backend.recommendations.volunteer_table import volunteers_of_table


def assign_in_rounds(demands, volunteers, cap: int, now: datetime, weights, exclude: set):
    """matching.assign (one demand per volunteer per call), ``cap`` rounds at most.

    Between rounds each assignment becomes a busy interval of its volunteer, so nobody is invited twice for the
    same hour. Every round is optimal for what is left, not the whole run a global optimum: one call allowing
    several demands per volunteer scored 0.5-3 % more but gave dozens of volunteers two demands at the same hour,
    and took longer (bench/matching/bench_solver_path.py, bench/RESULTS.md).
    """
    exclude = set(exclude)
    by_id = {v.id: v for v in volunteers}
    open_demands = {d.id: d for d in demands}
    pairs, first_unmatched = [], None
    for _ in range(cap):
        if not open_demands or not by_id:
            break
        result = matching.assign(list(open_demands.values()), list(by_id.values()), now=local_naive(now),
                                 weights=weights, exclude=exclude)
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


def with_weekly_room(snapshot, municipality_id, cap: int, now: datetime) -> list[matching.Volunteer]:
    """The volunteers of the worker's table (a VolunteerSnapshot: numpy columns, made records again by
    volunteer_table.volunteers_of_table) as they are now, each with this week's room.

    Their engagement facts (busy, load, completed, no-shows) are read again for the whole municipality (three
    statements): the table's are those of its build. Each volunteer's room is lowered by the invitations of the
    past 7 days (the library gives each volunteer at most min(cap, max_load - load) assignments, so the room is
    expressed through max_load); those without room are left out."""
    busy, load, completed, no_shows = engagement_facts_of(volunteers_of(municipality_id), now)
    recent = dict(db.session.execute(
        sa.select(Engagement.volunteer_id, sa.func.count())
        .where(Engagement.status == "invited", Engagement.invited_by.is_(None),
               Engagement.created_at > now - timedelta(days=7))
        .group_by(Engagement.volunteer_id)).all())
    out = []
    for v in volunteers_of_table(snapshot.table):
        uid = uuid.UUID(v.id)
        room = min(v.max_load - load[uid], cap - recent.get(uid, 0))
        if room <= 0:
            continue
        out.append(v.with_engagements(busy=busy[uid], load=load[uid], max_load=load[uid] + room,
                                      completed=completed[uid], no_shows=no_shows[uid]))
    return out


def invite(run: MatchingRun, demand, pair) -> uuid.UUID:
    """An invitation (engagement "invited" and its outbox row); ``demand``: the help request's DemandInfo."""
    engagement = Engagement(volunteer_id=uuid.UUID(pair.volunteer_id), opportunity_id=demand.opportunity_id,
                            shift_id=None, status="invited", score=round(pair.score, 6),
                            reasons=[{"code": r.code, "params": dict(r.params)} for r in pair.reasons],
                            status_changed_at=run.created_at)
    db.session.add(engagement)
    db.session.flush()
    volunteer = db.session.get(User, engagement.volunteer_id)
    enqueue(f"matching:{run.id}:invite:{engagement.id}", user_id=volunteer.id, channel="any",
            template="help_invitation", locale=volunteer.locale,
            payload={"engagement_id": str(engagement.id), "help_request_id": pair.demand_id,
                     "title": demand.title})
    return engagement.id
