"""The help feature's part of the data subject's rights (listed in backend/data_rights.py)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.extensions import db
from backend.help.common import HOLDS_REQUEST, OPEN_OFFER, reopen, tell_owner, tell_volunteer
from backend.help.models import HelpRequestAddress
from backend.models_base import utcnow
from backend.opportunities.models import HelpRequest, Opportunity


def export_help_requests(user: User) -> dict:
    """A resident's own requests with their address (it is their data). An intermediary's posted requests
    without the resident's first name and address: those are the resident's data, not the intermediary's, and
    an export must not hand one person's data to another. The volunteer's own offers, without any address."""
    asked = db.session.scalars(sa.select(HelpRequest).where(HelpRequest.requester_id == user.id)
                               .order_by(HelpRequest.created_at))
    posted = db.session.scalars(sa.select(HelpRequest).where(HelpRequest.intermediary_id == user.id)
                                .order_by(HelpRequest.created_at))
    offers = db.session.execute(
        sa.select(Engagement, HelpRequest).join(HelpRequest, HelpRequest.opportunity_id == Engagement.opportunity_id)
        .where(Engagement.volunteer_id == user.id, Engagement.shift_id.is_(None)).order_by(Engagement.created_at))
    return {
        "asked": [_export_request(r, with_address=True) for r in asked],
        "posted_for_residents": [
            {**_export_request(r, with_address=False), "consent_text_version": r.consent_text_version,
             "consent_recorded_at": r.consent_recorded_at.isoformat(), "consent_method": r.consent_method} for r in posted],
        "offers": [{"help_request_id": str(r.id), "status": e.status, "created_at": e.created_at.isoformat()}
                   for e, r in offers],
    }


def _export_request(request: HelpRequest, *, with_address: bool) -> dict:
    opportunity = db.session.get(Opportunity, request.opportunity_id)
    data = {"id": str(request.id), "category": opportunity.category, "title": opportunity.title,
            "description": opportunity.description, "status": opportunity.status,
            "window_start": request.window_start.isoformat(), "window_end": request.window_end.isoformat(),
            "urgency": request.urgency, "recurring": request.recurring, "created_at": request.created_at.isoformat()}
    if with_address:
        address = db.session.get(HelpRequestAddress, request.id)
        data["address"] = {"street": address.street, "house_number": address.house_number,
                           "postcode": address.postcode, "notes": address.notes, "phone": address.phone}
    return data



def forget_erased_user(user: User) -> None:
    """Erasure hook: the person's help requests go with them, and a request they had been accepted to help with
    opens again.

    The foreign keys alone fall short: deleting a help request leaves its opportunity (title, description)
    behind, and a request an intermediary posted would lose its only owner (intermediary_id SET NULL breaks the
    someone_asks check).
    """
    session = db.session
    with session.no_autoflush:
        _forget_requests_of(session, user.id)
        _reopen_requests_helped_by(session, user.id)



def _forget_requests_of(session: Session, user_id) -> None:
    owned = list(session.scalars(sa.select(HelpRequest).where(sa.or_(
        HelpRequest.requester_id == user_id,
        sa.and_(HelpRequest.intermediary_id == user_id, HelpRequest.requester_id.is_(None))))))
    if not owned:
        return
    for request in owned:
        # Nothing is changed on rows about to go (the flush would update deleted rows); volunteers are told.
        for engagement in session.scalars(sa.select(Engagement).where(
                Engagement.opportunity_id == request.opportunity_id, Engagement.shift_id.is_(None),
                Engagement.status.in_((OPEN_OFFER, *HOLDS_REQUEST)))):
            if request.window_end > utcnow():
                tell_volunteer(engagement, request, "help_request_cancelled",
                                f"help:{request.id}:cancelled:{engagement.id}")
    # Cascades to the request, its address and every offer on it.
    session.execute(sa.delete(Opportunity).where(Opportunity.id.in_([r.opportunity_id for r in owned]))
                    .execution_options(synchronize_session=False))
    for request in owned:
        session.expunge(request)


def _reopen_requests_helped_by(session: Session, user_id) -> None:
    helped = session.scalars(sa.select(HelpRequest).join(
        Engagement, Engagement.id == HelpRequest.accepted_engagement_id).where(
        Engagement.volunteer_id == user_id, Engagement.status.in_(HOLDS_REQUEST)))
    for request in helped:
        opportunity = session.get(Opportunity, request.opportunity_id)
        engagement_id = request.accepted_engagement_id
        if opportunity.status == "filled":
            reopen(request, opportunity)
            tell_owner(request, "help_volunteer_withdrew", f"help:{request.id}:offer:{engagement_id}:erased",
                        engagement_id=engagement_id)
