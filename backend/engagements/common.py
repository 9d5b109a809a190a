"""What the engagement operations share: finding an engagement or shift the user may act on (someone else's
answers like an unknown id), changing a status, and the messages about it."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.errors import NotFound, RuleViolation
from backend.extensions import db
from backend.notifications.outbox import enqueue
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import get_shift, lock_shift
from backend.organisations.access import is_coordinator, require_coordinator
from backend.organisations.models import OrganisationMember


def lock_shift_of(engagement: Engagement) -> Shift:
    if engagement.shift_id is None:
        raise RuleViolation("detail.engagements.help_engagement")
    shift = lock_shift(engagement.shift_id)
    db.session.refresh(engagement)  # its status may have changed while we waited for the lock
    return shift


def engagement_on(shift_id, volunteer_id) -> Engagement | None:
    return db.session.scalar(sa.select(Engagement).where(Engagement.shift_id == shift_id,
                                                         Engagement.volunteer_id == volunteer_id))


def own_engagement(user: User, engagement_id) -> Engagement:
    """The user's own engagement; someone else's answers exactly like an unknown id."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or engagement.volunteer_id != user.id:
        raise NotFound("detail.engagements.engagement_not_found")
    return engagement


def coordinated_engagement(user: User, engagement_id) -> Engagement:
    """An engagement on an opportunity of an organisation the user coordinates; others' answer 404."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or not coordinates_opportunity(user, engagement.opportunity_id):
        raise NotFound("detail.engagements.engagement_not_found")
    return engagement


def coordinates_opportunity(user: User, opportunity_id) -> bool:
    organisation_id = db.session.scalar(sa.select(Opportunity.organisation_id)
                                        .where(Opportunity.id == opportunity_id))
    return organisation_id is not None and is_coordinator(user, organisation_id)


def coordinated_shift(user: User, shift_id) -> Shift:
    shift = get_shift(shift_id)
    organisation_id = db.session.scalar(sa.select(Opportunity.organisation_id)
                                        .where(Opportunity.id == shift.opportunity_id))
    require_coordinator(user, organisation_id)
    return shift


def set_status(engagement: Engagement, status: str, at: datetime) -> None:
    engagement.status = status
    engagement.status_changed_at = at


def notify(template: str, engagement: Engagement, user_id, at: datetime, *, locale: str | None = None,
           **facts) -> None:
    """An outbox row for one person about one engagement; the key makes a retried unit of work harmless.
    ``locale``: the person's, when the caller has it (else it is read)."""
    locale = locale or db.session.scalar(sa.select(User.locale).where(User.id == user_id)) or "nl"
    payload = {"engagement_id": str(engagement.id), "opportunity_id": str(engagement.opportunity_id),
               "shift_id": str(engagement.shift_id) if engagement.shift_id else None, **facts}
    enqueue(f"{template}:{engagement.id}:{user_id}:{at.isoformat()}", user_id=user_id, channel="any",
            template=template, locale=locale, payload=payload)


def notify_coordinators(template: str, engagement: Engagement, at: datetime, **facts) -> None:
    organisation_id = db.session.scalar(sa.select(Opportunity.organisation_id)
                                        .where(Opportunity.id == engagement.opportunity_id))
    coordinator_ids = db.session.scalars(sa.select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == organisation_id, OrganisationMember.status == "active"))
    for user_id in coordinator_ids:
        notify(template, engagement, user_id, at, **facts)
