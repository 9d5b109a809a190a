"""Notices for the people who organise: shifts that still need volunteers, help requests nobody took.

The understaffed alert gives the number of free places and the best candidates the matching service finds
(first name, neighbourhood and reason codes), so the coordinator can invite them at once.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.accounts.models import RoleGrant
from backend.extensions import db
from backend.opportunities.models import HelpRequest
from backend.jobs.common import config, local_zone, locales_of
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue_many
from backend.opportunities.models import Opportunity, Shift
from backend.recommendations.operations import best_candidates_for_shifts
from backend.organisations.models import OrganisationMember

UNDERSTAFFED_WITHIN = timedelta(hours=48)
ALERT_CANDIDATES = 3


def alert_understaffed_shifts() -> str:
    """Each active coordinator hears once a (local) day about each shift of theirs within 48 h with free places."""
    now, tz = utcnow(), local_zone()
    today = now.astimezone(tz).date().isoformat()
    shifts = db.session.execute(
        sa.select(Shift.id, Shift.starts_at, Shift.capacity, Shift.accepted_count, Opportunity.id.label("opp_id"),
                  Opportunity.title, Opportunity.organisation_id)
        .join(Opportunity, Opportunity.id == Shift.opportunity_id)
        .where(Shift.status == "open", Shift.starts_at > now, Shift.starts_at <= now + UNDERSTAFFED_WITHIN,
               Shift.accepted_count < Shift.capacity, Opportunity.status == "published",
               Opportunity.organisation_id.is_not(None))).all()
    coordinators: dict = {}
    for member in db.session.execute(sa.select(OrganisationMember.organisation_id, OrganisationMember.user_id).where(
            OrganisationMember.status == "active",
            OrganisationMember.organisation_id.in_({s.organisation_id for s in shifts}))):
        coordinators.setdefault(member.organisation_id, []).append(member.user_id)
    locales = locales_of(u for ids in coordinators.values() for u in ids)
    candidates = best_candidates_for_shifts([s.id for s in shifts if s.organisation_id in coordinators],
                                            k=ALERT_CANDIDATES, now=now)
    messages = [
        {"dedupe_key": f"understaffed:shift:{s.id}:coordinator:{user_id}:{today}", "user_id": user_id,
         "channel": "any", "template": "understaffed_shift", "locale": locales.get(user_id, "nl"),
         "payload": {"shift_id": str(s.id), "opportunity_id": str(s.opp_id), "title": s.title,
                     "starts_at": s.starts_at.isoformat(), "free_places": s.capacity - s.accepted_count,
                     "capacity": s.capacity, "candidates": candidates.get(str(s.id), [])}}
        for s in shifts for user_id in coordinators.get(s.organisation_id, [])]
    return f"{len(shifts)} shifts, {enqueue_many(messages)} alerts enqueued"


def escalate_unmatched_help_requests() -> str:
    """A help request open longer than HELP_UNMATCHED_HOURS, still wanted: the person who posted it (the
    intermediary, or else the resident) and the municipality's staff hear of it, once."""
    now = utcnow()
    hours = config()["HELP_UNMATCHED_HOURS"]
    requests = db.session.execute(
        sa.select(HelpRequest.id, HelpRequest.requester_id, HelpRequest.intermediary_id, HelpRequest.created_at,
                  HelpRequest.window_start, Opportunity.id.label("opp_id"), Opportunity.title,
                  Opportunity.municipality_id)
        .join(Opportunity, Opportunity.id == HelpRequest.opportunity_id)
        .where(HelpRequest.matched_at.is_(None), HelpRequest.accepted_engagement_id.is_(None),
               HelpRequest.created_at <= now - timedelta(hours=hours), HelpRequest.window_end > now,
               Opportunity.status == "published")).all()
    staff: dict = {}
    for grant in db.session.execute(sa.select(RoleGrant.municipality_id, RoleGrant.user_id).where(
            RoleGrant.role == "municipality_staff",
            RoleGrant.municipality_id.in_({r.municipality_id for r in requests}))):
        staff.setdefault(grant.municipality_id, set()).add(grant.user_id)
    recipients = [(r, user_id) for r in requests
                  for user_id in {r.intermediary_id or r.requester_id} | staff.get(r.municipality_id, set())
                  if user_id is not None]
    locales = locales_of(user_id for _, user_id in recipients)
    messages = [
        {"dedupe_key": f"help-unmatched:{r.id}:{user_id}", "user_id": user_id, "channel": "any",
         "template": "help_request_unmatched", "locale": locales.get(user_id, "nl"),
         "payload": {"help_request_id": str(r.id), "opportunity_id": str(r.opp_id), "title": r.title,
                     "created_at": r.created_at.isoformat(), "starts_at": r.window_start.isoformat(),
                     "hours_open": hours}}
        for r, user_id in recipients]
    return f"{len(requests)} unmatched, {enqueue_many(messages)} notices enqueued"
