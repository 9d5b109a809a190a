"""Offers of help: a volunteer offers, withdraws; the request's owner sees the offers and accepts one (the others
are closed politely). The privacy rules: common.py."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import User
from backend.audit.operations import record
from backend.engagements.clashes import accepted_overlaps
from backend.engagements.models import Engagement
from backend.errors import Conflict, NotFound, RuleViolation
from backend.extensions import db
from backend.help.common import (OPEN_OFFER, is_owner, load, offer_of, reopen, require_open, require_owner,
                                 tell_owner, tell_volunteer, visible_to_volunteer)
from backend.help.results import AcceptResult, OfferInfo, describe_offers
from backend.models_base import utcnow
from backend.pagination import page


def list_offers(user: User, help_request_id, *, limit: int, cursor: str | None) -> tuple[list[OfferInfo], str | None]:
    request, opportunity = load(help_request_id)
    require_owner(user, request, opportunity)
    stmt = sa.select(Engagement).where(Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None))
    offers, next_cursor = page(stmt, [Engagement.created_at, Engagement.id], [datetime, uuid.UUID], limit=limit,
                               cursor=cursor, key=lambda e: [e.created_at, e.id])
    return describe_offers(offers, opportunity), next_cursor


def offer_help(user: User, help_request_id) -> Engagement:
    request, opportunity = load(help_request_id, lock=True)
    if is_owner(user, request):
        raise RuleViolation("detail.help_own_request")
    visible_to_volunteer(user, request, opportunity)
    require_open(request, opportunity)
    now = utcnow()
    engagement = db.session.scalar(sa.select(Engagement).where(
        Engagement.volunteer_id == user.id, Engagement.opportunity_id == opportunity.id,
        Engagement.shift_id.is_(None)))
    if engagement is not None and engagement.status != "withdrawn":
        raise Conflict("detail.help_offer_exists")
    if engagement is not None:
        # A withdrawn offer may be renewed: the same row, so that there is never a second offer per volunteer.
        engagement.status, engagement.status_changed_at = OPEN_OFFER, now
    else:
        engagement = Engagement(id=uuid.uuid4(), volunteer_id=user.id, opportunity_id=opportunity.id, shift_id=None,
                                status=OPEN_OFFER, status_changed_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(engagement)
        except IntegrityError:
            # The unique index on (volunteer, opportunity) caught a simultaneous second offer.
            raise Conflict("detail.help_offer_exists") from None
    db.session.flush()
    tell_owner(request, "help_offer_received", f"help:{request.id}:offer:{engagement.id}:received:{now.isoformat()}",
                engagement_id=engagement.id)
    record("help_request.offered", actor_id=user.id, object_type="help_request", object_id=request.id)
    return engagement


def withdraw_offer(user: User, help_request_id, engagement_id) -> Engagement:
    request, opportunity = load(help_request_id, lock=True)
    engagement = offer_of(opportunity, engagement_id)
    if engagement.volunteer_id != user.id:
        raise NotFound("detail.not_found", what="Offer")
    if engagement.status not in (OPEN_OFFER, "accepted"):
        raise RuleViolation("detail.help_offer_not_open")
    now = utcnow()
    if engagement.status == "accepted":
        reopen(request, opportunity)
        tell_owner(request, "help_volunteer_withdrew", f"help:{request.id}:offer:{engagement.id}:withdrew",
                    engagement_id=engagement.id)
    engagement.status, engagement.status_changed_at = "withdrawn", now
    record("help_request.offer_withdrawn", actor_id=user.id, object_type="help_request", object_id=request.id)
    return engagement


def accept_offer(user: User, help_request_id, engagement_id) -> AcceptResult:
    """Choose one volunteer: their offer is accepted, every other open offer is closed (politely told), the
    request is filled. Says whether the volunteer already has something else at that time (a warning only)."""
    request, opportunity = load(help_request_id, lock=True)
    require_owner(user, request, opportunity)
    if request.accepted_engagement_id is not None:
        raise RuleViolation("detail.help_request_matched")
    require_open(request, opportunity)
    engagement = offer_of(opportunity, engagement_id)
    if engagement.status != OPEN_OFFER:
        raise RuleViolation("detail.help_offer_not_open")

    now = utcnow()
    engagement.status, engagement.status_changed_at = "accepted", now
    others = db.session.scalars(sa.select(Engagement).where(
        Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None),
        Engagement.status == OPEN_OFFER, Engagement.id != engagement.id))
    for other in others:
        other.status, other.status_changed_at = "closed", now
        tell_volunteer(other, request, "offer_closed", f"help:{request.id}:offer:{other.id}:closed")
    tell_volunteer(engagement, request, "offer_accepted", f"help:{request.id}:offer:{engagement.id}:accepted")
    opportunity.status = "filled"
    request.accepted_engagement_id, request.matched_at = engagement.id, now
    record("help_request.offer_accepted", actor_id=user.id, subject_id=engagement.volunteer_id,
           object_type="help_request", object_id=request.id)
    db.session.flush()
    clashes = accepted_overlaps(engagement.volunteer_id, request.window_start, request.window_end,
                                exclude_engagement_id=engagement.id)
    return AcceptResult(describe_offers([engagement], opportunity)[0], opportunity.status, bool(clashes))
