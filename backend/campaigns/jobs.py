"""Scheduled jobs of the thank-you campaign.

Each job is ``fn(now: datetime | None = None) -> int``: it does everything that is due at ``now`` (default: the
current time), returns how many things it did, and commits nothing (the job runner commits its unit of work).
Safe to run twice or after a missed run: what was done is recorded (invitations, reminded_at) and every message
has a dedupe key in the outbox.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.accounts.models import RoleGrant, User
from backend.campaigns.eligibility import eligible_facts
from backend.campaigns.gifts import has_approved_gift
from backend.campaigns.models import Campaign, CampaignInvitation, GiftClaim
from backend.extensions import db
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue

REMIND_BEFORE_CLOSING = timedelta(days=7)


def _open_campaigns_at(now: datetime) -> list[Campaign]:
    return list(db.session.scalars(sa.select(Campaign).where(Campaign.opens_at <= now, Campaign.closes_at > now,
                                                             Campaign.cancelled_at.is_(None))
                                   .order_by(Campaign.opens_at)))


def open_campaigns(now: datetime | None = None) -> int:
    """Invite every eligible volunteer of every campaign whose window is open and who was not invited yet.

    Running while the window is open also invites volunteers who became eligible later (e.g. a nomination).
    A campaign whose date came without an approved gift stays closed (nobody is invited to choose from nothing);
    its staff are told once, and the run after a gift is approved opens it. Returns the number of invitations
    written.
    """
    now = now or utcnow()
    invited = 0
    for campaign in _open_campaigns_at(now):
        if not has_approved_gift(campaign):
            _tell_staff_held(campaign)
            continue
        done = set(db.session.scalars(sa.select(CampaignInvitation.user_id)
                                      .where(CampaignInvitation.campaign_id == campaign.id)))
        for facts in eligible_facts(campaign):
            if facts.user_id in done:
                continue
            db.session.add(CampaignInvitation(campaign_id=campaign.id, user_id=facts.user_id,
                                              neighbourhood_id=facts.neighbourhood_id, invited_at=now))
            enqueue(f"campaign:{campaign.id}:invite:{facts.user_id}", user_id=facts.user_id, channel="any",
                    template="campaign_invitation", locale=facts.locale,
                    payload={"campaign_id": str(campaign.id), "closes_at": campaign.closes_at.isoformat(),
                             "budget_per_volunteer_cents": campaign.budget_per_volunteer_cents})
            invited += 1
    db.session.flush()
    return invited


def _tell_staff_held(campaign: Campaign) -> None:
    staff = sa.select(RoleGrant.user_id).where(RoleGrant.role == "municipality_staff",
                                               RoleGrant.municipality_id == campaign.municipality_id)
    for user_id, locale in db.session.execute(sa.select(User.id, User.locale).where(User.id.in_(staff))):
        enqueue(f"campaign:{campaign.id}:held:{user_id}", user_id=user_id, channel="email",
                template="campaign_held", locale=locale,
                payload={"campaign_id": str(campaign.id), "campaign_name": campaign.name})


def remind_unclaimed(now: datetime | None = None) -> int:
    """In the last week of a window, remind once every invited volunteer who has not chosen a gift.

    Returns the number of reminders written.
    """
    now = now or utcnow()
    reminded = 0
    for campaign in _open_campaigns_at(now):
        if now < campaign.closes_at - REMIND_BEFORE_CLOSING:
            continue
        chose = sa.exists().where(GiftClaim.campaign_id == campaign.id, GiftClaim.user_id == CampaignInvitation.user_id)
        pending = db.session.execute(
            sa.select(CampaignInvitation, User.locale).join(User, User.id == CampaignInvitation.user_id)
            .where(CampaignInvitation.campaign_id == campaign.id, CampaignInvitation.reminded_at.is_(None), ~chose))
        for invitation, locale in pending:
            invitation.reminded_at = now
            enqueue(f"campaign:{campaign.id}:reminder:{invitation.user_id}", user_id=invitation.user_id,
                    channel="any", template="campaign_reminder", locale=locale,
                    payload={"campaign_id": str(campaign.id), "closes_at": campaign.closes_at.isoformat()})
            reminded += 1
    db.session.flush()
    return reminded
