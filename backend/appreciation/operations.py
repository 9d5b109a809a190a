"""Milestones as the volunteer sees them, and the "appreciation" section of the personal data export
(milestones, and what the person did in thank-you campaigns)."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

import backend.appreciation.messages  # noqa: F401  (registers the messages)
from backend.appreciation.models import MilestoneAward
from backend.campaigns.models import Campaign, CampaignInvitation, Gift, GiftClaim, Merchant, Nomination
from backend.extensions import db
from backend.models_base import iso
from backend.i18n import translate
from backend.organisations.models import Organisation
from backend.pagination import page


def list_milestones(user, *, limit: int, cursor: str | None):
    stmt = sa.select(MilestoneAward).where(MilestoneAward.user_id == user.id)
    return page(stmt, [MilestoneAward.achieved_at, MilestoneAward.id], [datetime, uuid.UUID], limit=limit,
                cursor=cursor, key=lambda m: [m.achieved_at, m.id])


def milestone_title(code: str, locale: str) -> str:
    return translate("milestone." + code, locale)


def export_appreciation(user) -> dict:
    milestones = db.session.scalars(sa.select(MilestoneAward).where(MilestoneAward.user_id == user.id)
                                    .order_by(MilestoneAward.achieved_at))
    claims = db.session.execute(
        sa.select(GiftClaim, Campaign.name, Gift.title, Merchant.name)
        .join(Campaign, Campaign.id == GiftClaim.campaign_id).join(Gift, Gift.id == GiftClaim.gift_id)
        .join(Merchant, Merchant.id == GiftClaim.merchant_id)
        .where(GiftClaim.user_id == user.id).order_by(GiftClaim.created_at))
    invitations = db.session.execute(
        sa.select(CampaignInvitation, Campaign.name).join(Campaign, Campaign.id == CampaignInvitation.campaign_id)
        .where(CampaignInvitation.user_id == user.id).order_by(CampaignInvitation.invited_at))
    nominations = db.session.execute(
        sa.select(Nomination, Campaign.name, Organisation.name)
        .join(Campaign, Campaign.id == Nomination.campaign_id)
        .join(Organisation, Organisation.id == Nomination.organisation_id)
        .where(Nomination.volunteer_id == user.id).order_by(Nomination.created_at))
    return {
        "milestones": [{"code": m.code, "achieved_at": iso(m.achieved_at)} for m in milestones],
        "campaign_invitations": [{"campaign": name, "invited_at": iso(i.invited_at),
                                  "reminded_at": iso(i.reminded_at)} for i, name in invitations],
        "campaign_nominations": [{"campaign": c, "organisation": o, "nominated_at": iso(n.created_at)}
                                 for n, c, o in nominations],
        # The voucher code is left out: it is a bearer token for the gift, and the app shows it.
        "gift_claims": [{"campaign": campaign, "gift": gift, "shop": shop, "value_cents": c.value_cents,
                         "source": c.source, "chosen_at": iso(c.created_at), "redeemed_at": iso(c.redeemed_at)}
                        for c, campaign, gift, shop in claims],
    }
