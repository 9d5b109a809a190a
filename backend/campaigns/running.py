"""Staff run a campaign: preview who qualifies, invite shops, open it now, follow it live, remind those who have not
chosen, and close it.

Opening writes no invitations itself: the hourly job (backend.campaigns.jobs.open_campaigns) invites every
eligible volunteer once the window is open, outside any web request, as it does for a campaign that opens by
its date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.campaigns.eligibility import judge
from backend.campaigns.eligibility import Facts, facts_query
from backend.campaigns.gifts import campaign_gifts, has_approved_gift
from backend.campaigns.models import Campaign, CampaignInvitation, CampaignShop, Gift, GiftClaim, MerchantStaff
from backend.campaigns.operations import (
    get_merchant, normalised_rule, require_not_cancelled, staff_campaign, update_campaign)
from backend.campaigns.reports import campaign_report
from backend.errors import Forbidden, RuleViolation
from backend.extensions import db
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.places.models import Municipality, Neighbourhood
from backend.places.operations import require_staff
from backend.reports.suppression import Cell, suppress

REMIND_AGAIN_AFTER = timedelta(days=3)


def phase(campaign: Campaign, now: datetime | None = None) -> str:
    """cancelled | upcoming (not open yet) | held (its date passed, but no gift approved: it stays closed) |
    open (choosing) | redeeming (closed, vouchers valid) | over."""
    now = now or utcnow()
    if campaign.cancelled_at is not None:
        return "cancelled"
    if now < campaign.opens_at:
        return "upcoming"
    if now < campaign.closes_at:
        return "open" if has_approved_gift(campaign) else "held"
    return "redeeming" if now <= campaign.redeem_until else "over"


def _local(moment: datetime, campaign: Campaign) -> str:
    return moment.astimezone(local_zone(campaign.municipality)).strftime("%Y-%m-%d %H:%M")


# --- who qualifies -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Preview:
    """How many volunteers a rule lets take part, per neighbourhood, suppressed as every report ("<5")."""

    rows: list[tuple[str, Cell]]  # (neighbourhood name, cell); "" for volunteers without a neighbourhood
    total: Cell


def preview_eligibility(actor: User, municipality: Municipality, rule: dict) -> Preview:
    require_staff(actor, municipality)
    # A campaign that is never stored: the same facts and judgement as invitations use, so they agree.
    draft = Campaign(municipality_id=municipality.id, eligibility=normalised_rule(rule))
    draft.municipality = municipality
    counts: dict = {}
    for row in db.session.execute(facts_query(draft)):
        facts = Facts(*row)
        if judge(draft, facts).eligible:
            counts[facts.neighbourhood_id] = counts.get(facts.neighbourhood_id, 0) + 1
    hoods = list(db.session.scalars(sa.select(Neighbourhood).where(Neighbourhood.municipality_id == municipality.id)
                                    .order_by(Neighbourhood.name)))
    values = {h.id: counts.get(h.id, 0) for h in hoods}
    members = [h.id for h in hoods]
    if counts.get(None):
        values[None] = counts[None]
        members.append(None)
    values["total"] = sum(counts.values())
    cells = suppress(values, [(members, "total")])
    names = {h.id: h.name for h in hoods}
    return Preview([(names.get(key, ""), cells[key]) for key in members], cells["total"])


# --- shops -------------------------------------------------------------------------------------------------------

def invite_shop(actor: User, campaign_id, merchant_id, *, now: datetime | None = None) -> CampaignShop:
    """Invite a verified shop of the municipality to offer gifts (idempotent); its staff are told."""
    now = now or utcnow()
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)
    if now >= campaign.closes_at:
        raise RuleViolation("detail.campaign_closed")
    merchant = get_merchant(merchant_id)
    if merchant.municipality_id != campaign.municipality_id or not merchant.verified:
        raise Forbidden("detail.campaign_other_municipality")
    link = db.session.scalar(sa.select(CampaignShop).where(CampaignShop.campaign_id == campaign.id,
                                                           CampaignShop.merchant_id == merchant.id))
    if link is not None:
        return link
    link = CampaignShop(campaign_id=campaign.id, merchant_id=merchant.id, invited_at=now)
    db.session.add(link)
    for user_id, locale in db.session.execute(
            sa.select(User.id, User.locale).join(MerchantStaff, MerchantStaff.user_id == User.id)
            .where(MerchantStaff.merchant_id == merchant.id)):
        enqueue(f"campaign:{campaign.id}:shop:{merchant.id}:{user_id}", user_id=user_id, channel="any",
                template="campaign_shop_invitation", locale=locale,
                payload={"campaign_id": str(campaign.id), "campaign_name": campaign.name,
                         "closes_at": campaign.closes_at.isoformat()})
    db.session.flush()
    record("campaign.shop_invited", actor_id=actor.id, object_type="campaign", object_id=campaign.id,
           merchant_id=str(merchant.id))
    return link


def invited_shops(campaign: Campaign) -> list[CampaignShop]:
    return list(db.session.scalars(sa.select(CampaignShop).where(CampaignShop.campaign_id == campaign.id)
                                   .order_by(CampaignShop.invited_at, CampaignShop.id)))


# --- open, close, remind -------------------------------------------------------------------------------------------

def open_now(actor: User, campaign_id, *, now: datetime | None = None) -> Campaign:
    """Open the window now instead of at its date. It needs an approved gift first (as opening by its date does:
    jobs.open_campaigns)."""
    now = now or utcnow()
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)
    if campaign.opens_at <= now:
        raise RuleViolation("detail.campaign_started")
    if not has_approved_gift(campaign):
        raise RuleViolation("detail.campaign_no_gifts")
    campaign = update_campaign(actor, campaign.id, {"opens_at": now}, now=now)
    record("campaign.opened", actor_id=actor.id, object_type="campaign", object_id=campaign.id)
    return campaign


def close_now(actor: User, campaign_id, *, now: datetime | None = None) -> Campaign:
    """Stop the choosing now (idempotent). Vouchers chosen stay redeemable until ``redeem_until``."""
    now = now or utcnow()
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)
    if now <= campaign.opens_at:
        raise RuleViolation("detail.campaign_not_started")
    if now < campaign.closes_at:
        campaign.closes_at = now
        db.session.flush()
        record("campaign.closed", actor_id=actor.id, object_type="campaign", object_id=campaign.id)
    return campaign


def remind_unchosen(actor: User, campaign_id, *, now: datetime | None = None) -> int:
    """Remind every invited volunteer who has not chosen a gift, through the outbox, at most once in
    ``REMIND_AGAIN_AFTER``. Returns how many were reminded."""
    now = now or utcnow()
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)
    if not campaign.opens_at <= now < campaign.closes_at:
        raise RuleViolation("detail.campaign_not_open", opens=_local(campaign.opens_at, campaign),
                            closes=_local(campaign.closes_at, campaign))
    chose = sa.exists().where(GiftClaim.campaign_id == campaign.id, GiftClaim.user_id == CampaignInvitation.user_id)
    pending = db.session.execute(
        sa.select(CampaignInvitation, User.locale).join(User, User.id == CampaignInvitation.user_id)
        .where(CampaignInvitation.campaign_id == campaign.id, ~chose,
               sa.or_(CampaignInvitation.reminded_at.is_(None),
                      CampaignInvitation.reminded_at <= now - REMIND_AGAIN_AFTER))).all()
    for invitation, locale in pending:
        invitation.reminded_at = now
        enqueue(f"campaign:{campaign.id}:reminder:{invitation.user_id}:{now:%Y%m%d}", user_id=invitation.user_id,
                channel="any", template="campaign_reminder", locale=locale,
                payload={"campaign_id": str(campaign.id), "closes_at": campaign.closes_at.isoformat()})
    db.session.flush()
    record("campaign.reminded", actor_id=actor.id, object_type="campaign", object_id=campaign.id,
           count=len(pending))
    return len(pending)


# --- live --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Live:
    """A campaign as staff follow it: phase, the suppressed participation report, every gift with its stock, and
    the shops invited."""

    campaign: Campaign
    phase: str
    report: dict
    gifts: list[Gift]
    shops: list[CampaignShop]


def live(actor: User, campaign_id, *, now: datetime | None = None) -> Live:
    campaign = staff_campaign(actor, campaign_id)
    return Live(campaign, phase(campaign, now), campaign_report(actor, campaign.id), campaign_gifts(actor, campaign.id),
                invited_shops(campaign))
