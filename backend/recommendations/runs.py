"""The volunteer centre's batch runs: a request records a run, a worker of the job engine executes it.

A run never executes inside a web request: ``create_run`` records it (status "pending") and queues its task in
the same transaction (backend/background.py). A worker executes it (``execute_queued_run``) and commits between
its steps, so the run's status and progress can be read meanwhile and no other request waits behind it. The CLI
(``flask matching-run``) records and executes at once, for operators.
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend import background
from backend.accounts.models import User
from backend.audit.operations import record
from backend.diagnosis import explain
from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.places.models import Municipality
from backend.places.operations import require_staff
from backend.recommendations.assignment import assign_in_rounds, invite, with_weekly_room
from backend.recommendations.common import exclusions, weights_for
from backend.recommendations.demand_table import help_request_demands
from backend.recommendations.encode import volunteers_of
from backend.recommendations.markers import read_tokens_stmt
from backend.recommendations.models import MatchingProposal, MatchingRun, MatchingUnmatched
from backend.recommendations.volunteer_table import volunteer_snapshot

log = logging.getLogger(__name__)
WEEKLY_INVITATION_CAP = 2
MAX_RUN_PERIOD = timedelta(days=31)
MATCHING_RUN_TASK = "doemee.matching_run"  # registered by backend/jobs/engine.py


def create_run(actor: User, municipality_slug: str, *, period_start: datetime, period_end: datetime,
               cap_per_volunteer: int = WEEKLY_INVITATION_CAP, dry_run: bool = False, now: datetime) -> MatchingRun:
    """Record a run that assigns the municipality's open help requests of a period in one optimal run.

    Each volunteer is asked at most ``cap_per_volunteer`` times in any 7 days: invitations of the past week count
    (rotation), so the same few people are not asked every week. Unless it is a dry run, each proposal becomes an
    invitation (an engagement "invited" and an outbox row) in the transaction that finishes the run.
    """
    municipality = municipality_by_slug(municipality_slug)
    require_staff(actor, municipality)
    run = _record(municipality, period_start, period_end, cap_per_volunteer, dry_run, actor.id)
    # One run at a time per run (the lock): a worker presumed dead whose job is retried elsewhere cannot overlap.
    background.defer(MATCHING_RUN_TASK, lock=f"matching-run:{run.id}", run_id=str(run.id))
    return run


def _record(municipality, period_start, period_end, cap_per_volunteer, dry_run, actor_id) -> MatchingRun:
    if not (period_start < period_end <= period_start + MAX_RUN_PERIOD):
        raise InvalidInput("detail.not_a_help_period", errors={"period_end": [Msg("detail.not_a_help_period")]})
    run = MatchingRun(municipality_id=municipality.id, created_by=actor_id, period_start=period_start,
                      period_end=period_end, cap_per_volunteer=cap_per_volunteer, dry_run=dry_run,
                      status="pending", progress="queued", requests=0, volunteers=0, assigned=0, total_score=0.0)
    db.session.add(run)
    db.session.flush()
    return run


def municipality_by_slug(slug: str) -> Municipality:
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise NotFound("detail.not_found", what="Municipality")
    return municipality


def run_matching(municipality: Municipality, *, period_start: datetime, period_end: datetime,
                 cap_per_volunteer: int, dry_run: bool, now: datetime, actor_id=None) -> MatchingRun:
    """Record and execute a run at once, without the permission check (the CLI runs it for operators)."""
    run = _record(municipality, period_start, period_end, cap_per_volunteer, dry_run, actor_id)
    run.status, run.started_at = "running", now
    execute_run(run, now)
    return run


def execute_queued_run(run_id: str) -> str:
    """The task: execute one recorded run, committing after each step; ends "done" or "failed".

    A run found "running" lost its worker midway (killed, or presumed dead and retried by the engine): nothing of
    it was kept but its progress (proposals and invitations are written in the transaction that ends the run), so
    it starts over. A run already done or failed is left alone: the task may come twice, the run happens once."""
    run = db.session.get(MatchingRun, uuid.UUID(run_id), with_for_update=True)
    if run is None or run.status not in ("pending", "running"):
        db.session.rollback()
        return f"matching run {run_id}: nothing to do ({run.status if run else 'gone'})"
    run.status, run.progress, run.started_at = "running", "loading", utcnow()
    db.session.commit()
    try:
        execute_run(run, utcnow(), commit_steps=True)
        db.session.commit()
    except Exception as exc:  # noqa: BLE001 - the run is marked failed for staff to see, then it is over
        db.session.rollback()
        log.error("matching run %s failed: %s", run_id, explain(exc))
        run = db.session.get(MatchingRun, run.id)
        run.status, run.progress, run.finished_at = "failed", "failed", utcnow()
        db.session.commit()
    return f"matching run {run_id}: {run.status}"


def execute_run(run: MatchingRun, now: datetime, *, commit_steps: bool = False) -> None:
    """Load, assign, store proposals (and invitations unless a dry run); the run ends "done".

    The volunteers come from the worker's volunteer table (backend.recommendations.volunteer_table: rebuilt only
    when a profile changed or the half hour moved), with everyone's engagements read again now (with_weekly_room);
    the help requests from the column-only queries of the demand table (backend.recommendations.demand_table)."""
    start = max(now, run.period_start)
    token = db.session.execute(read_tokens_stmt(run.municipality_id)).one_or_none()
    demands, info = help_request_demands(run.municipality_id, start, until=run.period_end)
    snapshot = volunteer_snapshot(run.municipality_id, token.volunteer_token if token else None, now)
    volunteers = with_weekly_room(snapshot, run.municipality_id, run.cap_per_volunteer, now)
    run.requests, run.volunteers, run.progress = len(demands), len(volunteers), "assigning"
    if commit_steps:
        db.session.commit()
    exclude = exclusions(volunteers_of(run.municipality_id), now, help_requests_only=True)
    pairs, unmatched = assign_in_rounds(demands, volunteers, run.cap_per_volunteer, now,
                                        weights_for(run.municipality_id), exclude)
    run.assigned, run.total_score = len(pairs), round(sum(p.score for p in pairs), 6)
    run.progress = "saving"
    if commit_steps:
        db.session.commit()
    for pair in pairs:
        proposal = MatchingProposal(run_id=run.id, help_request_id=uuid.UUID(pair.demand_id),
                                    volunteer_id=uuid.UUID(pair.volunteer_id), score=round(pair.score, 6),
                                    reasons=[{"code": r.code, "params": dict(r.params)} for r in pair.reasons])
        db.session.add(proposal)
        if not run.dry_run:
            proposal.engagement_id = invite(run, info[pair.demand_id], pair)
    for item in unmatched:
        db.session.add(MatchingUnmatched(run_id=run.id, help_request_id=uuid.UUID(item.demand_id),
                                         reason=item.reason, eliminated=dict(item.eliminated)))
    run.status, run.progress, run.finished_at = "done", "done", utcnow()
    record("matching.run", actor_id=run.created_by, object_type="matching_run", object_id=run.id,
           dry_run=run.dry_run, assigned=run.assigned)


def get_run(actor: User, run_id) -> MatchingRun:
    run = db.session.get(MatchingRun, run_id)
    if run is None:
        raise NotFound("detail.run_not_found")
    require_staff(actor, db.session.get(Municipality, run.municipality_id))
    return run
