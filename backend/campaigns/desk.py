"""A volunteer without the app brings their letter to the municipality's desk: staff type the letter code and the
volunteer picks a gift. The letter code is used up and becomes an ordinary voucher (source "letter") that the
volunteer takes to the shop, which redeems it like any other.

The races are those of backend.campaigns.claims, guarded the same way: a conditional UPDATE on the letter code
(used once), a conditional UPDATE on the stock (never below zero), the unique claim per volunteer per campaign.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import User
from backend.audit.operations import record
from backend.campaigns import codes
from backend.campaigns.models import Gift, GiftClaim, LetterCode
from backend.campaigns.operations import require_not_cancelled, staff_campaign
from backend.errors import InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.volunteers.models import VolunteerProfile


def _no_orm_sync(stmt):
    return stmt.execution_options(synchronize_session=False)


def letter_at_desk(actor: User, campaign_id, raw_code: str) -> LetterCode:
    """The unused letter code of this campaign that staff typed, or a field error on "code"."""
    campaign = staff_campaign(actor, campaign_id)
    code = codes.normalise(raw_code or "")
    letter = db.session.scalar(sa.select(LetterCode).where(LetterCode.code == code,
                                                           LetterCode.campaign_id == campaign.id)) if code else None
    if letter is None:
        raise InvalidInput("detail.validation", errors={"code": [Msg("field.letter_code_unknown")]})
    if letter.used_at is not None:
        raise InvalidInput("detail.validation", errors={"code": [Msg("field.letter_code_used")]})
    return letter


def exchange_at_desk(actor: User, campaign_id, raw_code: str, gift_id, *,
                     now: datetime | None = None) -> GiftClaim:
    """Use the letter code for the gift the volunteer picked: returns their new voucher."""
    now = now or utcnow()
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)
    if not campaign.opens_at <= now < campaign.closes_at:
        zone = local_zone(campaign.municipality)
        raise RuleViolation("detail.campaign_not_open", opens=campaign.opens_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                            closes=campaign.closes_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
    letter = letter_at_desk(actor, campaign.id, raw_code)
    gift = db.session.get(Gift, gift_id) if gift_id else None
    if gift is None or gift.campaign_id != campaign.id or not gift.approved or not gift.merchant.verified:
        raise InvalidInput("detail.validation", errors={"gift_id": [Msg("field.gift_not_in_campaign")]})
    used = db.session.execute(_no_orm_sync(sa.update(LetterCode).where(
        LetterCode.id == letter.id, LetterCode.used_at.is_(None)).values(used_at=now))).rowcount
    if used != 1:
        raise InvalidInput("detail.validation", errors={"code": [Msg("field.letter_code_used")]})
    taken = db.session.execute(_no_orm_sync(sa.update(Gift).where(Gift.id == gift.id, Gift.stock > 0)
                                            .values(stock=Gift.stock - 1))).rowcount
    if taken != 1:
        raise InvalidInput("detail.validation", errors={"gift_id": [Msg("field.gift_out_of_stock")]})
    hood = db.session.scalar(sa.select(VolunteerProfile.neighbourhood_id)
                             .where(VolunteerProfile.user_id == letter.user_id))
    claim = GiftClaim(campaign_id=campaign.id, user_id=letter.user_id, gift_id=gift.id, merchant_id=gift.merchant_id,
                      value_cents=gift.value_cents, neighbourhood_id=hood, source="letter",
                      voucher_code=codes.new_code())
    try:
        with db.session.begin_nested():
            db.session.add(claim)
    except IntegrityError:
        # They chose in the app after all; failing rolls back the letter code and the stock taken above.
        raise RuleViolation("detail.already_claimed_by_app") from None
    record("campaign.letter_code_exchanged", actor_id=actor.id, object_type="gift_claim", object_id=claim.id)
    return claim


def desk_voucher(actor: User, campaign_id, claim_id) -> GiftClaim:
    """A voucher made at the desk, to show or print it for the volunteer (staff of the campaign only)."""
    campaign = staff_campaign(actor, campaign_id)
    claim = db.session.get(GiftClaim, claim_id)
    if claim is None or claim.campaign_id != campaign.id or claim.source != "letter":
        raise NotFound("detail.not_found", what="Claim")
    return claim
