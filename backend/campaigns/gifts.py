"""Gifts of a campaign: shops offer them (with a picture), staff approve them in a curated campaign, volunteers see
the approved ones with the stock left (GET /campaigns/current).

In a curated campaign a shop offers gifts only when staff invited it, and a gift is "pending" with stock 0 until
staff approve it: claims (backend.campaigns.claims) take stock with ``stock > 0``, so an unapproved gift can
never be chosen, not even by its id.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

import backend.campaigns.messages  # noqa: F401  (registers the messages)
from backend.accounts.models import User
from backend.audit.operations import record
from backend.campaigns.eligibility import Verdict, judge_user
from backend.campaigns.models import Campaign, CampaignShop, Gift, GiftClaim, Merchant, MerchantStaff
from backend.campaigns.operations import (
    get_campaign, get_merchant, my_merchant_ids, require_merchant_staff, require_not_cancelled, staff_campaign)
from backend.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.organisations.verification import checked_reason
from backend.places.models import Municipality
from backend.volunteers.models import VolunteerProfile

MAX_PICTURE_BYTES = 400_000  # under the 500 kB above which the form parser spools to a temporary file
# What a picture's first bytes say it is; anything else is refused (never trust a file name or a browser's type).
_PICTURE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
_TEXTS = ("title", "description", "picture_url", "picture")


def picture_type(data: bytes) -> str:
    """The content type of an uploaded picture (JPEG, PNG or WebP), or InvalidInput on the field "picture"."""
    if len(data) > MAX_PICTURE_BYTES:
        raise InvalidInput("detail.validation", errors={"picture": [Msg("field.picture_too_big",
                                                                        kb=MAX_PICTURE_BYTES // 1000)]})
    for magic, kind in _PICTURE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise InvalidInput("detail.validation", errors={"picture": [Msg("field.picture_type")]})


def _require_accepting(campaign: Campaign, now: datetime) -> None:
    require_not_cancelled(campaign)
    if now >= campaign.closes_at:
        raise RuleViolation("detail.campaign_closed")


def is_invited(campaign: Campaign, merchant_id) -> bool:
    return db.session.scalar(sa.select(CampaignShop.id).where(CampaignShop.campaign_id == campaign.id,
                                                              CampaignShop.merchant_id == merchant_id)) is not None


def offer_gift(actor: User, campaign_id, data: dict, *, now: datetime | None = None) -> Gift:
    campaign = get_campaign(campaign_id)
    merchant = get_merchant(data["merchant_id"])
    require_merchant_staff(actor, merchant.id)
    if not merchant.verified:
        raise Forbidden("detail.merchant_not_verified")
    if merchant.municipality_id != campaign.municipality_id:
        raise Forbidden("detail.campaign_other_municipality")
    _require_accepting(campaign, now or utcnow())
    if campaign.curated and not is_invited(campaign, merchant.id):
        raise Forbidden("detail.shop_not_invited")
    errors: dict[str, list] = {}
    if data["value_cents"] > campaign.budget_per_volunteer_cents:
        errors["value_cents"] = [Msg("field.value_over_budget", budget=campaign.budget_per_volunteer_cents)]
    if data["stock"] < 1:  # a gift nobody can choose is no offer (later the stock may go down to 0)
        errors["stock"] = [Msg("field.stock_at_least_one")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    picture = data.get("picture")
    gift = Gift(campaign_id=campaign.id, merchant_id=merchant.id, title=data["title"].strip(),
                description=data.get("description", ""), value_cents=data["value_cents"],
                stock_offered=data["stock"], stock=0 if campaign.curated else data["stock"],
                status="pending" if campaign.curated else "approved", picture_url=data.get("picture_url"),
                picture=picture, picture_type=picture_type(picture) if picture else None)
    db.session.add(gift)
    db.session.flush()
    record("campaign.gift_offered", actor_id=actor.id, object_type="gift", object_id=gift.id)
    return gift


def shop_gift(actor: User, gift_id) -> Gift:
    gift = get_or_not_found(Gift, gift_id, "Gift")
    require_merchant_staff(actor, gift.merchant_id)
    return gift


def update_gift(actor: User, gift_id, changes: dict) -> Gift:
    gift = shop_gift(actor, gift_id)
    campaign = get_campaign(gift.campaign_id)
    texts = [name for name in _TEXTS if name in changes]
    if campaign.curated and gift.status == "approved" and texts:
        # Volunteers may have chosen it as it was approved; only its stock may change now.
        raise RuleViolation("detail.gift_approved_fixed")
    for name in texts:
        setattr(gift, name, changes[name])
    if changes.get("picture"):
        gift.picture_type = picture_type(changes["picture"])
    if gift.status == "rejected" and texts:
        gift.status = "pending"  # changed after a rejection: submitted again
    if "stock" in changes:
        if gift.status == "approved":
            _change_stock_offered(gift, changes["stock"])
        else:
            gift.stock_offered = changes["stock"]  # nothing chosen yet: its stock is 0 until approved
    db.session.flush()
    db.session.refresh(gift)
    record("campaign.gift_updated", actor_id=actor.id, object_type="gift", object_id=gift.id,
           fields=sorted(changes))
    return gift


def _change_stock_offered(gift: Gift, offered: int) -> None:
    # Claims may be taking stock at this very moment: move both numbers in one conditional UPDATE, so that what
    # was already chosen stays covered and the stock left never goes below zero.
    delta = offered - Gift.stock_offered
    changed = db.session.execute(
        sa.update(Gift).where(Gift.id == gift.id, Gift.stock + delta >= 0)
        .values(stock_offered=offered, stock=Gift.stock + delta)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        claimed = gift.stock_offered - gift.stock
        raise InvalidInput("detail.validation", errors={"stock": [Msg("field.stock_below_claimed", claimed=claimed)]})


def approve_gift(actor: User, gift_id, *, now: datetime | None = None) -> Gift:
    """Staff of the campaign approve a pending gift: its stock becomes what the shop offered."""
    return _decide(actor, _under_review(actor, gift_id), "campaign.gift_approved", now,
                   status="approved", stock=Gift.stock_offered, rejection_reason=None)


def reject_gift(actor: User, gift_id, reason: str, *, now: datetime | None = None) -> Gift:
    """Staff of the campaign turn a pending gift down with a reason its shop reads (as an organisation or a shop is
    turned down); the shop may change it, which offers it again."""
    gift = _under_review(actor, gift_id)
    return _decide(actor, gift, "campaign.gift_rejected", now, status="rejected",
                   rejection_reason=checked_reason(reason))


def _under_review(actor: User, gift_id) -> Gift:
    """A gift of a campaign that ``actor`` is staff of, which is not cancelled."""
    gift = get_or_not_found(Gift, gift_id, "Gift")
    require_not_cancelled(staff_campaign(actor, gift.campaign_id))
    return gift


def _decide(actor: User, gift: Gift, event: str, now: datetime | None, **values) -> Gift:
    now = now or utcnow()
    # Conditional: two members of staff reviewing at once, or the shop changing it meanwhile, cannot both win.
    changed = db.session.execute(sa.update(Gift).where(Gift.id == gift.id, Gift.status == "pending")
                                 .values(reviewed_at=now, updated_at=now, **values)
                                 .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise RuleViolation("detail.gift_not_pending")
    db.session.refresh(gift)
    record(event, actor_id=actor.id, object_type="gift", object_id=gift.id)
    _tell_shop(gift, now)
    return gift


def _tell_shop(gift: Gift, now: datetime) -> None:
    """The shop's staff read the decision: approved, or not approved with the reason (e-mail or push)."""
    approved = gift.status == "approved"
    for user_id, locale in db.session.execute(
            sa.select(User.id, User.locale).join(MerchantStaff, MerchantStaff.user_id == User.id)
            .where(MerchantStaff.merchant_id == gift.merchant_id)):
        enqueue(f"gift:{gift.id}:{gift.status}:{now.isoformat()}:{user_id}", user_id=user_id, channel="any",
                template="gift_decided", locale=locale,
                payload={"gift_id": str(gift.id), "title": gift.title, "approved": approved,
                         "rejection_reason": gift.rejection_reason})


def has_approved_gift(campaign: Campaign) -> bool:
    """A campaign opens only with something to choose: at least one approved gift (by its date, or now)."""
    return db.session.scalar(sa.select(Gift.id).where(Gift.campaign_id == campaign.id,
                                                      Gift.status == "approved").limit(1)) is not None


def campaign_gifts(actor: User, campaign_id) -> list[Gift]:
    """Every gift of a campaign, pending ones first (staff)."""
    campaign = staff_campaign(actor, campaign_id)
    pending_first = sa.case((Gift.status == "pending", 0), else_=1)
    return list(db.session.scalars(sa.select(Gift).join(Merchant, Merchant.id == Gift.merchant_id)
                                   .where(Gift.campaign_id == campaign.id)
                                   .order_by(pending_first, Merchant.name, Gift.title, Gift.id)))


@dataclass(frozen=True)
class ShopCampaign:
    """A campaign as a shop sees it: for which of my shops, whether it accepts gifts now, and my gifts in it."""

    campaign: Campaign
    merchant: Merchant
    accepting: bool
    gifts: list[Gift]


def shop_campaigns(actor: User, *, now: datetime | None = None) -> list[ShopCampaign]:
    """The campaigns my shops take part in (invited, or open to every shop), not cancelled or over."""
    now = now or utcnow()
    mine = my_merchant_ids(actor)
    if not mine:
        return []
    invited = sa.exists().where(CampaignShop.campaign_id == Campaign.id, CampaignShop.merchant_id == Merchant.id)
    rows = db.session.execute(
        sa.select(Campaign, Merchant).join(Merchant, Merchant.municipality_id == Campaign.municipality_id)
        .where(Merchant.id.in_(mine), Merchant.verified_at.is_not(None), Campaign.cancelled_at.is_(None),
               Campaign.redeem_until >= now, sa.or_(~Campaign.curated, invited))
        .order_by(Campaign.opens_at.desc(), Merchant.name)).all()
    gifts = {}
    for gift in db.session.scalars(sa.select(Gift).where(Gift.merchant_id.in_(mine),
                                                         Gift.campaign_id.in_([c.id for c, _m in rows]))
                                   .order_by(Gift.title, Gift.id)):
        gifts.setdefault((gift.campaign_id, gift.merchant_id), []).append(gift)
    return [ShopCampaign(c, m, now < c.closes_at, gifts.get((c.id, m.id), [])) for c, m in rows]


def gift_picture(viewer: User | None, gift_id) -> tuple[bytes, str]:
    """The picture of an approved gift (anyone may see it), or of one still under review (its shop and staff)."""
    gift = db.session.get(Gift, gift_id)
    if gift is None or gift.picture_type is None:
        raise NotFound("detail.not_found", what="Gift")
    if not gift.approved:
        municipality = db.session.get(Municipality, gift.merchant.municipality_id)
        allowed = viewer is not None and (
            gift.merchant_id in my_merchant_ids(viewer) or viewer.has_role("admin")
            or viewer.has_role("municipality_staff", municipality.id))
        if not allowed:
            raise NotFound("detail.not_found", what="Gift")
    return gift.picture, gift.picture_type


def catalogue(campaign: Campaign) -> list[Gift]:
    return list(db.session.scalars(
        sa.select(Gift).join(Merchant, Merchant.id == Gift.merchant_id)
        .where(Gift.campaign_id == campaign.id, Merchant.verified_at.is_not(None), Gift.status == "approved")
        .order_by(Merchant.name, Gift.title, Gift.id)))


# --- what a volunteer sees ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CurrentCampaign:
    """The campaign running now for a volunteer: their standing (verdict with reasons), choice and the catalogue."""

    campaign: Campaign
    verdict: Verdict
    claim: GiftClaim | None
    can_choose: bool
    gifts: list[Gift]

    @property
    def eligible(self) -> bool:
        return self.verdict.eligible


def current_for(user: User, *, now: datetime | None = None) -> CurrentCampaign:
    """The campaign of my municipality that runs now (window open, or vouchers still redeemable), my standing in
    it and the catalogue with the stock left."""
    now = now or utcnow()
    profile = db.session.get(VolunteerProfile, user.id)
    if profile is None:
        raise NotFound("detail.no_current_campaign")
    campaign = db.session.scalar(
        sa.select(Campaign).where(Campaign.municipality_id == profile.municipality_id, Campaign.opens_at <= now,
                                  Campaign.redeem_until >= now, Campaign.cancelled_at.is_(None))
        .order_by(Campaign.opens_at.desc()).limit(1))
    if campaign is None:
        raise NotFound("detail.no_current_campaign")
    claim = db.session.scalar(sa.select(GiftClaim).where(GiftClaim.campaign_id == campaign.id,
                                                        GiftClaim.user_id == user.id))
    verdict = judge_user(campaign, user.id)
    can_choose = campaign.opens_at <= now < campaign.closes_at and (claim is None or claim.redeemed_at is None)
    return CurrentCampaign(campaign, verdict, claim, can_choose, catalogue(campaign))
