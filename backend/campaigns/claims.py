"""Choosing a gift, switching it, and redeeming vouchers and letter codes at the shop.

Every step that could be raced is a conditional UPDATE whose row count is checked, backed by a constraint:
- stock:       UPDATE gifts SET stock = stock - 1 WHERE id = :id AND stock > 0     (+ CHECK stock >= 0)
- one claim:   INSERT under UNIQUE (campaign_id, user_id)
- switching:   UPDATE gift_claims ... WHERE id = :id AND redeemed_at IS NULL AND gift_id = :old
- redeeming:   UPDATE gift_claims ... WHERE id = :id AND redeemed_at IS NULL AND merchant_id IN (:mine)
               AND voucher_code = :code
- letter code: UPDATE campaign_letter_codes SET used_at WHERE id = :id AND used_at IS NULL
Under PostgreSQL's READ COMMITTED a second writer waits for the first's row lock and then re-checks its WHERE
against the committed row, so exactly one wins; the loser's request fails and its unit of work rolls back
(including any stock it took).
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from backend.accounts.models import User
from backend.audit.operations import record, record_now
from backend.campaigns import codes, eligibility
from backend.campaigns.models import Campaign, Gift, GiftClaim, LetterCode
from backend.campaigns.operations import get_campaign, my_merchant_ids, require_not_cancelled
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.localtime import local_zone
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.volunteers.models import VolunteerProfile


class VoucherUnknown(NotFound, slug="voucher-unknown"):
    """No voucher has this code."""


class VoucherOtherShop(Forbidden, slug="voucher-other-shop"):
    """The voucher is for a gift of another shop."""


class VoucherExpired(RuleViolation, status=410, slug="voucher-expired"):
    """The voucher's time to be redeemed is over."""


class VoucherRedeemed(RuleViolation, slug="voucher-redeemed"):
    """The voucher was redeemed already."""


def _local(moment: datetime, campaign: Campaign) -> str:
    return moment.astimezone(local_zone(campaign.municipality)).strftime("%Y-%m-%d %H:%M")


def _no_orm_sync(stmt):
    # The session's objects are refreshed explicitly where they are used again.
    return stmt.execution_options(synchronize_session=False)


# On the table, not the entity: no ORM bulk-update machinery for one row whose object is refreshed below.
_gifts = Gift.__table__
_TAKE_ONE = (sa.update(_gifts).where(_gifts.c.id == sa.bindparam("gift_id"), _gifts.c.stock > 0)
             .values(stock=_gifts.c.stock - 1).returning(_gifts.c.stock))


def _take_one(gift_id, gift: Gift | None = None) -> None:
    left = db.session.execute(_TAKE_ONE, {"gift_id": gift_id}).scalar()
    if left is None:
        raise RuleViolation("detail.out_of_stock")
    if gift is not None:
        # What is left, as the database says after the UPDATE (the answer shows it), without reading it again.
        set_committed_value(gift, "stock", left)


def _give_back(gift_id) -> None:
    db.session.execute(_no_orm_sync(sa.update(Gift).where(Gift.id == gift_id).values(stock=Gift.stock + 1)))


def _placement(user_id):
    # Only the two columns needed: loading the whole profile would also load its skills and availability.
    return db.session.execute(sa.select(VolunteerProfile.municipality_id, VolunteerProfile.neighbourhood_id)
                              .where(VolunteerProfile.user_id == user_id)).first()


# Built once, as every claim sends it (campaign, gift and volunteer are bound values).
_USER = sa.bindparam("user_id", type_=sa.Uuid)
_CHOICE_CONTEXT = (
    sa.select(Campaign, Gift, VolunteerProfile.municipality_id, VolunteerProfile.neighbourhood_id,
              eligibility.nominated(Campaign.id, _USER).label("nominated"), GiftClaim.id.label("claim_id"))
    .outerjoin(Gift, sa.and_(Gift.id == sa.bindparam("gift_id"), Gift.campaign_id == Campaign.id))
    .outerjoin(VolunteerProfile, VolunteerProfile.user_id == _USER)
    .outerjoin(GiftClaim, sa.and_(GiftClaim.campaign_id == Campaign.id, GiftClaim.user_id == _USER))
    .where(Campaign.id == sa.bindparam("campaign_id")))


def _choice_context(user: User, campaign_id, gift_id):
    """The campaign, the gift asked for (if it is one of this campaign's, with its shop), where the volunteer
    lives, whether they were nominated and whether they chose before, in one statement (the checks below keep
    their order)."""
    row = db.session.execute(_CHOICE_CONTEXT, {"campaign_id": campaign_id, "gift_id": gift_id,
                                               "user_id": user.id}).first()
    if row is None:
        raise NotFound("detail.not_found", what="Campaign")
    return row


def _require_may_choose(user: User, campaign: Campaign, now: datetime, context) -> None:
    if context.municipality_id is None or context.municipality_id != campaign.municipality_id:
        raise Forbidden("detail.campaign_other_municipality")
    require_not_cancelled(campaign)
    if not (campaign.opens_at <= now < campaign.closes_at):
        raise RuleViolation("detail.campaign_not_open", opens=_local(campaign.opens_at, campaign),
                            closes=_local(campaign.closes_at, campaign))
    verdict = eligibility.judge_placed(campaign, user, context.neighbourhood_id, context.nominated)
    if not verdict.eligible:
        reasons = [Msg("reason." + r.code, **r.params) for r in verdict.reasons]
        raise Forbidden("detail.not_eligible", reasons=reasons, errors={"eligibility": reasons})


def choose_gift(user: User, campaign_id, gift_id, *, now: datetime | None = None) -> tuple[GiftClaim, bool]:
    """Claim a gift, or switch my claim to another gift. Returns (claim, created).

    Statements (issue 14): the context above; for a first choice the claim's INSERT, the audit event and the
    stock's UPDATE. A switch reads its claim again, locked, and changes it."""
    now = now or utcnow()
    context = _choice_context(user, campaign_id, gift_id)
    campaign, gift = context.Campaign, context.Gift
    _require_may_choose(user, campaign, now, context)
    if gift is None or not gift.merchant.verified:
        raise InvalidInput("detail.validation", errors={"gift_id": [Msg("field.gift_not_in_campaign")]})
    if context.claim_id is not None:
        # FOR UPDATE: a simultaneous redemption of my voucher waits for my switch (and then sees the new shop).
        existing = db.session.scalar(sa.select(GiftClaim).where(GiftClaim.id == context.claim_id)
                                     .with_for_update(of=GiftClaim))
        if existing is not None:
            return _switch(existing, gift, now), False
    values = dict(id=uuid.uuid4(), campaign_id=campaign.id, user_id=user.id, gift_id=gift.id,
                  merchant_id=gift.merchant_id, value_cents=gift.value_cents,
                  neighbourhood_id=context.neighbourhood_id, source="app", voucher_code=codes.new_code(),
                  redeemed_at=None, redeemed_by=None, created_at=now, updated_at=now)
    try:
        # A Core INSERT (no unit of work to flush), without savepoint (two round trips on the hottest path):
        # after a failed INSERT nothing else is done here.
        db.session.execute(GiftClaim.__table__.insert(), values)
    except IntegrityError:
        # The same volunteer claimed at the same moment in another request, which committed first (the context
        # was read before it did). Failing rolls this unit of work back.
        # (A voucher code collision would land here too; at 80 bits it does not happen.)
        raise Conflict("detail.claim_exists") from None
    record_now("campaign.gift_claimed", actor_id=user.id, object_type="gift_claim", object_id=values["id"])
    # The stock last: its UPDATE locks the gift's row until the commit, and every other claim of that gift waits
    # for it (a campaign has a handful of gifts that everyone wants at its opening). Out of stock rolls the claim
    # and its audit event back with the rest of the unit of work.
    _take_one(gift.id, gift)
    # The answer: the claim as inserted, holding its gift (and shop) without reading them again. Not added to
    # the session: the row exists already.
    return GiftClaim(**values, gift=gift), True


def _switch(claim: GiftClaim, gift: Gift, now: datetime) -> GiftClaim:
    if claim.redeemed_at is not None:
        raise RuleViolation("detail.claim_redeemed")
    if claim.gift_id == gift.id:
        return claim
    old_gift_id = claim.gift_id
    _take_one(gift.id, gift)
    # A new voucher code: the old shop may have seen (or scanned) the old one.
    values = dict(gift_id=gift.id, merchant_id=gift.merchant_id, value_cents=gift.value_cents,
                  voucher_code=codes.new_code(), updated_at=now)
    moved = db.session.execute(_no_orm_sync(
        sa.update(GiftClaim)
        .where(GiftClaim.id == claim.id, GiftClaim.redeemed_at.is_(None), GiftClaim.gift_id == old_gift_id)
        .values(**values))).rowcount
    if moved != 1:
        raise RuleViolation("detail.claim_redeemed")
    _give_back(old_gift_id)
    # The row is what the UPDATE wrote (its WHERE held, under the row lock): no need to read it again.
    for name, value in {**values, "gift": gift}.items():
        set_committed_value(claim, name, value)
    record("campaign.gift_switched", actor_id=claim.user_id, object_type="gift_claim", object_id=claim.id)
    return claim


def my_claim(user: User, campaign_id) -> GiftClaim:
    claim = db.session.scalar(sa.select(GiftClaim).where(GiftClaim.campaign_id == campaign_id,
                                                        GiftClaim.user_id == user.id))
    if claim is None:
        raise NotFound("detail.not_found", what="Claim")
    return claim


# --- at the shop -------------------------------------------------------------------------------------------------

def redeem_voucher(actor: User, raw_code: str, *, now: datetime | None = None) -> GiftClaim:
    """A shop's staff redeem a voucher of their own shop, once."""
    now = now or utcnow()
    code = codes.normalise(raw_code)
    claim = db.session.scalar(sa.select(GiftClaim).where(GiftClaim.voucher_code == code)) if code else None
    if claim is None:
        raise VoucherUnknown("detail.voucher_unknown")
    mine = my_merchant_ids(actor)
    if claim.merchant_id not in mine:
        raise VoucherOtherShop("detail.voucher_other_shop")
    campaign = db.session.get(Campaign, claim.campaign_id)
    if claim.redeemed_at is not None:
        raise VoucherRedeemed("detail.voucher_redeemed", at=_local(claim.redeemed_at, campaign))
    if now > campaign.redeem_until:
        raise VoucherExpired("detail.voucher_expired", until=_local(campaign.redeem_until, campaign))
    redeemed = db.session.execute(_no_orm_sync(
        sa.update(GiftClaim)
        # The code too: a switch that committed while we waited gave the claim a new code (even within one shop).
        .where(GiftClaim.id == claim.id, GiftClaim.redeemed_at.is_(None), GiftClaim.merchant_id.in_(mine),
               GiftClaim.voucher_code == code)
        .values(redeemed_at=now, redeemed_by=actor.id, updated_at=now))).rowcount
    db.session.refresh(claim)
    if redeemed != 1:
        # Lost a race: redeemed by a colleague a moment ago, or the volunteer switched gift (new code).
        if claim.redeemed_at is not None:
            raise VoucherRedeemed("detail.voucher_redeemed", at=_local(claim.redeemed_at, campaign))
        if claim.voucher_code != code:
            raise VoucherUnknown("detail.voucher_unknown")
        raise VoucherOtherShop("detail.voucher_other_shop")
    record("campaign.voucher_redeemed", actor_id=actor.id, object_type="gift_claim", object_id=claim.id,
           merchant_id=str(claim.merchant_id))
    return claim


def redeem_letter_code(actor: User, raw_code: str, gift_id, *, now: datetime | None = None) -> GiftClaim:
    """A volunteer without the app brings their letter to a shop: the shop exchanges the code for one of its
    gifts. Claim and redemption happen in one step."""
    now = now or utcnow()
    code = codes.normalise(raw_code)
    letter = db.session.scalar(sa.select(LetterCode).where(LetterCode.code == code)) if code else None
    if letter is None:
        raise VoucherUnknown("detail.voucher_unknown")
    campaign = get_campaign(letter.campaign_id)
    if campaign.cancelled:
        raise VoucherUnknown("detail.voucher_unknown")
    gift = db.session.get(Gift, gift_id)
    if gift is None or gift.campaign_id != campaign.id:
        raise InvalidInput("detail.validation", errors={"gift_id": [Msg("field.gift_not_in_campaign")]})
    if gift.merchant_id not in my_merchant_ids(actor):
        raise InvalidInput("detail.validation", errors={"gift_id": [Msg("field.gift_not_of_shop")]})
    if letter.used_at is not None:
        raise VoucherRedeemed("detail.letter_code_used")
    if not (campaign.opens_at <= now <= campaign.redeem_until):
        raise VoucherExpired("detail.voucher_expired", until=_local(campaign.redeem_until, campaign))
    used = db.session.execute(_no_orm_sync(
        sa.update(LetterCode).where(LetterCode.id == letter.id, LetterCode.used_at.is_(None))
        .values(used_at=now))).rowcount
    if used != 1:
        raise VoucherRedeemed("detail.letter_code_used")
    _take_one(gift.id)
    profile = _placement(letter.user_id)
    claim = GiftClaim(campaign_id=campaign.id, user_id=letter.user_id, gift_id=gift.id, merchant_id=gift.merchant_id,
                      value_cents=gift.value_cents, neighbourhood_id=profile.neighbourhood_id if profile else None,
                      source="letter", voucher_code=codes.new_code(), redeemed_at=now, redeemed_by=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(claim)
    except IntegrityError:
        raise RuleViolation("detail.already_claimed_by_app") from None
    record("campaign.letter_code_redeemed", actor_id=actor.id, object_type="gift_claim", object_id=claim.id,
           merchant_id=str(gift.merchant_id))
    return claim


# --- releasing vouchers (erasure, cancelled campaigns) -------------------------------------------------------------

def release_claims(*where, reason: str) -> list:
    """Cancel the unredeemed claims that match ``where`` (conditions on GiftClaim): the voucher code stops
    working and the gift goes back to stock. Returns the user ids of the claims released."""
    claims = db.session.execute(sa.select(GiftClaim.id, GiftClaim.gift_id, GiftClaim.user_id).where(
        *where, GiftClaim.redeemed_at.is_(None)).order_by(GiftClaim.id).with_for_update()).all()
    released = []
    for claim_id, gift_id, user_id in claims:
        # Conditional: a shop redeeming this voucher at this very moment wins or loses as a whole.
        gone = db.session.execute(_no_orm_sync(sa.delete(GiftClaim).where(
            GiftClaim.id == claim_id, GiftClaim.redeemed_at.is_(None)))).rowcount
        if gone == 1:
            _give_back(gift_id)
            released.append(user_id)
            record("campaign.claim_cancelled", object_type="gift_claim", object_id=claim_id, reason=reason)
    return released


def cancel_open_claims(user: User) -> None:
    """Before an account is erased: its unredeemed vouchers are cancelled and their gifts go back to stock. A
    redeemed claim stays: ON DELETE SET NULL makes it an anonymous line of the ledger the municipality
    reimburses."""
    release_claims(GiftClaim.user_id == user.id, reason="erased")



def shop_redemptions(actor: User) -> tuple[list[GiftClaim], int]:
    """The vouchers and letter codes redeemed at the shops I work for, newest first, and what the municipality
    will reimburse for them in cents (exact; money, not people). Never another shop's."""
    mine = my_merchant_ids(actor)
    if not mine:
        return [], 0
    redeemed = db.session.scalars(sa.select(GiftClaim).where(
        GiftClaim.merchant_id.in_(mine), GiftClaim.redeemed_at.is_not(None))
        .order_by(GiftClaim.redeemed_at.desc(), GiftClaim.id)).all()
    return list(redeemed), sum(claim.value_cents for claim in redeemed)
