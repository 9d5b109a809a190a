"""Staff cancel a campaign, before or while it runs: it stops being current, unredeemed vouchers and unused letter
codes stop working, their gifts go back to stock, and every volunteer it concerned is told through the outbox.

Redeemed vouchers stay: the shop handed out the gift and the municipality reimburses it (finance export).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.campaigns.claims import release_claims
from backend.campaigns.models import Campaign, CampaignInvitation, GiftClaim, LetterCode
from backend.campaigns.operations import staff_campaign
from backend.errors import RuleViolation
from backend.extensions import db
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue


def cancel_campaign(actor: User, campaign_id, *, now: datetime | None = None) -> Campaign:
    """Cancel once (asking again changes nothing); not after the last day vouchers could be redeemed."""
    now = now or utcnow()
    campaign = staff_campaign(actor, campaign_id)
    # Row lock: a second cancellation (or a change) at the same moment waits and then sees cancelled_at.
    db.session.execute(sa.select(Campaign.id).where(Campaign.id == campaign.id).with_for_update())
    db.session.refresh(campaign)
    if campaign.cancelled_at is not None:
        return campaign
    if now > campaign.redeem_until:
        raise RuleViolation("detail.campaign_over")
    campaign.cancelled_at = now
    holders = release_claims(GiftClaim.campaign_id == campaign.id, reason="campaign_cancelled")
    db.session.execute(sa.delete(LetterCode).where(LetterCode.campaign_id == campaign.id,
                                                   LetterCode.used_at.is_(None)))
    invited = set(db.session.scalars(sa.select(CampaignInvitation.user_id).where(
        CampaignInvitation.campaign_id == campaign.id, CampaignInvitation.user_id.is_not(None))))
    told = _tell(campaign, invited | {h for h in holders if h is not None})
    db.session.flush()
    record("campaign.cancelled", actor_id=actor.id, object_type="campaign", object_id=campaign.id,
           vouchers_released=len(holders), volunteers_told=told)
    return campaign


def _tell(campaign: Campaign, user_ids: set) -> int:
    people = db.session.execute(sa.select(User.id, User.locale).where(User.id.in_(sorted(user_ids)))).all() \
        if user_ids else []
    for user_id, locale in people:
        enqueue(f"campaign:{campaign.id}:cancelled:{user_id}", user_id=user_id, channel="any",
                template="campaign_cancelled", locale=locale,
                payload={"campaign_id": str(campaign.id), "campaign_name": campaign.name})
    return len(people)
