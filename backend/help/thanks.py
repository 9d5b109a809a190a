"""Closing a request with a thank-you: the neighbour (or the intermediary on their behalf) was helped by the
volunteer they accepted; the request is done, the volunteer's help counts as completed and they are thanked
through the outbox. Withdrawing a request that is no longer needed is ``cancel_help_request`` (requests.py)."""
from __future__ import annotations

from backend.audit.operations import record
from backend.engagements.models import Engagement
from backend.errors import RuleViolation
from backend.extensions import db
from backend.help.common import HOLDS_REQUEST, load, require_owner, tell_volunteer
from backend.help.results import OwnerView, owner_view
from backend.accounts.models import User
from backend.models_base import utcnow


def thank_and_close(user: User, help_request_id) -> OwnerView:
    """Only once an offer is accepted (there is someone to thank); also after the window has passed, since
    that is when the help was given. The request closes; the accepted volunteer keeps nothing of it but the
    thanks (the address is no longer revealed: the request is not filled any more)."""
    request, opportunity = load(help_request_id, lock=True)
    require_owner(user, request, opportunity)
    engagement = (db.session.get(Engagement, request.accepted_engagement_id)
                  if request.accepted_engagement_id is not None else None)
    if opportunity.status != "filled" or engagement is None or engagement.status not in HOLDS_REQUEST:
        raise RuleViolation("detail.help_request_not_matched")
    engagement.status, engagement.status_changed_at = "completed", utcnow()
    opportunity.status = "closed"
    # The key of the day-after thank-you (backend.appreciation.jobs) for this engagement: the neighbour's own thanks
    # takes its place, so the volunteer is thanked once for this help, by the one they helped.
    tell_volunteer(engagement, request, "help_thanks", f"thank-you:engagement:{engagement.id}")
    record("help_request.thanked", actor_id=user.id, subject_id=engagement.volunteer_id,
           object_type="help_request", object_id=request.id)
    return owner_view(request, opportunity)
