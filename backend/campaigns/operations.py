"""The thank-you campaign as staff and coordinators set it up: campaigns, merchants and their staff, nominations.

Gifts (offered by shops, approved by staff) and what a volunteer sees of a campaign live in
backend.campaigns.gifts; running it (open, close, invite shops, remind, follow it live) in
backend.campaigns.running; claims and redemptions, where the races are, in backend.campaigns.claims.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import backend.campaigns.messages  # noqa: F401  (registers the messages)
from backend.accounts.models import User
from backend.accounts.operations import grant_role, normalise_email
from backend.audit.operations import record
from backend.campaigns.models import Campaign, Gift, Merchant, MerchantStaff, Nomination
from backend.engagements.models import HOLDING, Engagement
from backend.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.opportunities.models import Opportunity
from backend.organisations.access import require_coordinator
from backend.organisations.models import Organisation
from backend.places.models import Municipality
from backend.places.operations import get_municipality, require_staff

# Fields that decide who gets what; fixed once the window opened (changing them mid-campaign would be unfair).
# The texts and the closing dates stay correctable while the campaign runs.
_FIXED_AFTER_OPENING = ("eligibility", "budget_per_volunteer_cents", "opens_at")
_EDITABLE = ("name", "year", "opens_at", "closes_at", "redeem_until", "eligibility", "budget_per_volunteer_cents",
             "message")
_DATES = ("opens_at", "closes_at", "redeem_until")
# A thank-you gift, not a salary: what one volunteer may choose is at most EUR 1,000 (in cents). Both surfaces
# (the API's integer in cents, the web's euros) meet this one limit here.
MAX_BUDGET_CENTS = 100_000
# A rule must say who takes part: a minimum, a registration date, or explicitly everyone (an empty rule once
# invited a whole town by accident).
_RULE_CONDITIONS = ("min_approved_hours", "min_completed_engagements", "registered_before", "everyone")


# --- campaigns ---------------------------------------------------------------------------------------------------

def get_campaign(campaign_id) -> Campaign:
    campaign = get_or_not_found(Campaign, campaign_id, "Campaign")
    return campaign


def staff_campaign(actor: User, campaign_id) -> Campaign:
    campaign = get_campaign(campaign_id)
    require_staff(actor, campaign.municipality)
    return campaign


def _plain_rule(rule: dict) -> dict:
    """The rule as stored (JSON): dates as ISO strings, absent fields left out."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in rule.items() if v is not None}


def _check_rule(rule: dict) -> None:
    if not any(rule.get(name) for name in _RULE_CONDITIONS):
        raise InvalidInput("detail.validation", errors={"eligibility": [Msg("field.rule_empty")]})
    if rule.get("everyone") and (rule.get("min_approved_hours") or rule.get("min_completed_engagements")):
        raise InvalidInput("detail.validation", errors={"eligibility.everyone": [Msg("field.rule_everyone_and_minimum")]})
    start, end = rule.get("period_start"), rule.get("period_end")
    if (rule.get("min_approved_hours") or rule.get("min_completed_engagements")) and not (start and end):
        raise InvalidInput("detail.validation", errors={"eligibility.period_start": [Msg("field.rule_needs_period")]})
    if start and end and date.fromisoformat(end) < date.fromisoformat(start):
        raise InvalidInput("detail.validation", errors={"eligibility.period_end": [Msg("field.period_order")]})


def normalised_rule(rule: dict) -> dict:
    """The rule as it would be stored, or InvalidInput (e.g. for a preview before the campaign exists)."""
    plain = _plain_rule(rule)
    _check_rule(plain)
    return plain


def _check_window(campaign: Campaign) -> None:
    if campaign.closes_at <= campaign.opens_at or campaign.redeem_until < campaign.closes_at:
        raise InvalidInput("detail.validation", errors={"closes_at": [Msg("field.window_order")]})


def _local(moment: datetime, campaign: Campaign) -> str:
    return moment.astimezone(ZoneInfo(campaign.municipality.timezone)).strftime("%Y-%m-%d %H:%M")


def _require_no_overlap(campaign: Campaign) -> None:
    """One campaign per municipality at a time: otherwise the newer one would hide the other from volunteers."""
    # Lock the municipality row: two members of staff creating campaigns at once are checked one after the other.
    db.session.execute(sa.select(Municipality.id).where(Municipality.id == campaign.municipality_id)
                       .with_for_update())
    other = db.session.scalar(
        sa.select(Campaign).where(Campaign.municipality_id == campaign.municipality_id,
                                  Campaign.cancelled_at.is_(None), Campaign.opens_at <= campaign.redeem_until,
                                  Campaign.redeem_until >= campaign.opens_at)
        .where(Campaign.id != campaign.id if campaign.id is not None else sa.true())
        .order_by(Campaign.opens_at).limit(1))
    if other is not None:
        raise Conflict("detail.campaign_overlaps", name=other.name, opens=_local(other.opens_at, campaign),
                       until=_local(other.redeem_until, campaign))


def require_not_cancelled(campaign: Campaign) -> None:
    if campaign.cancelled_at is not None:
        raise RuleViolation("detail.campaign_cancelled")


def list_campaigns(actor: User, municipality: Municipality) -> list[Campaign]:
    """The campaigns of a municipality, newest first (staff)."""
    require_staff(actor, municipality)
    return list(db.session.scalars(sa.select(Campaign).where(Campaign.municipality_id == municipality.id)
                                   .order_by(Campaign.opens_at.desc(), Campaign.id)))


def _check_budget(cents: int) -> None:
    if not 0 < cents <= MAX_BUDGET_CENTS:
        raise InvalidInput("detail.validation", errors={"budget_per_volunteer_cents": [
            Msg("field.budget_range", most=MAX_BUDGET_CENTS // 100)]})


def create_campaign(actor: User, data: dict) -> Campaign:
    municipality = get_municipality(data["municipality"])
    require_staff(actor, municipality)
    _check_budget(data["budget_per_volunteer_cents"])
    rule = _plain_rule(data["eligibility"])
    _check_rule(rule)
    campaign = Campaign(municipality_id=municipality.id, name=data["name"].strip(), year=data["year"],
                        opens_at=data["opens_at"], closes_at=data["closes_at"],
                        redeem_until=data.get("redeem_until") or data["closes_at"], eligibility=rule,
                        budget_per_volunteer_cents=data["budget_per_volunteer_cents"],
                        message=data.get("message", ""), created_by=actor.id, curated=bool(data.get("curated")))
    campaign.municipality = municipality
    _check_window(campaign)
    _require_no_overlap(campaign)
    db.session.add(campaign)
    db.session.flush()
    record("campaign.created", actor_id=actor.id, object_type="campaign", object_id=campaign.id)
    return campaign


def update_campaign(actor: User, campaign_id, changes: dict, *, now: datetime | None = None) -> Campaign:
    campaign = staff_campaign(actor, campaign_id)
    now = now or utcnow()
    _check_may_change(campaign, changes, now)
    changes = _completed_changes(campaign, changes)
    _check_budget_change(campaign, changes.get("budget_per_volunteer_cents"))
    for name in _EDITABLE:
        if name in changes and changes[name] is not None:
            setattr(campaign, name, changes[name].strip() if name == "name" else changes[name])
    _check_window(campaign)
    if any(changes.get(k) is not None for k in _DATES):
        _require_no_overlap(campaign)
    record("campaign.updated", actor_id=actor.id, object_type="campaign", object_id=campaign.id,
           fields=sorted(k for k in changes if k in _EDITABLE))
    return campaign


def _check_may_change(campaign: Campaign, changes: dict, now: datetime) -> None:
    """A campaign changes until it closes (its rules and dates only before it opens), never into the past."""
    require_not_cancelled(campaign)
    if now >= campaign.closes_at:
        raise RuleViolation("detail.campaign_closed")
    if now >= campaign.opens_at and any(k in changes for k in _FIXED_AFTER_OPENING):
        raise RuleViolation("detail.campaign_started")
    if changes.get("closes_at") is not None and changes["closes_at"] <= now:
        raise InvalidInput("detail.validation", errors={"closes_at": [Msg("field.closes_in_past")]})


def _completed_changes(campaign: Campaign, changes: dict) -> dict:
    """The changes with what follows from them: the redeem date that moves along, the rule made plain (checked)."""
    if changes.get("closes_at") is not None and changes.get("redeem_until") is None \
            and campaign.redeem_until == campaign.closes_at:
        # Vouchers were redeemable until the closing (the default): they stay so when the closing moves.
        changes = {**changes, "redeem_until": changes["closes_at"]}
    if "eligibility" in changes:
        changes = {**changes, "eligibility": _plain_rule(changes["eligibility"])}
        _check_rule(changes["eligibility"])
    return changes


def _check_budget_change(campaign: Campaign, budget: int | None) -> None:
    """A new budget per volunteer is within the limits and not below the value of a gift already on offer."""
    if budget is None:
        return
    _check_budget(budget)
    dearest = db.session.scalar(sa.select(sa.func.max(Gift.value_cents)).where(Gift.campaign_id == campaign.id))
    if dearest is not None and dearest > budget:
        raise InvalidInput("detail.validation", errors={
            "budget_per_volunteer_cents": [Msg("field.value_over_budget", budget=dearest)]})


# --- merchants ---------------------------------------------------------------------------------------------------

def get_merchant(merchant_id) -> Merchant:
    merchant = get_or_not_found(Merchant, merchant_id, "Merchant")
    return merchant


def _staff_merchant(actor: User, merchant_id) -> Merchant:
    merchant = get_merchant(merchant_id)
    require_staff(actor, merchant_municipality(merchant))
    return merchant


def merchant_municipality(merchant: Merchant):
    return db.session.get(Municipality, merchant.municipality_id)


def onboard_merchant(actor: User, data: dict) -> Merchant:
    municipality = get_municipality(data["municipality"])
    require_staff(actor, municipality)
    merchant = Merchant(municipality_id=municipality.id, name=data["name"].strip(), address=data.get("address", ""),
                        kvk_number=data.get("kvk_number"))
    db.session.add(merchant)
    db.session.flush()
    record("merchant.onboarded", actor_id=actor.id, object_type="merchant", object_id=merchant.id)
    return merchant


def verify_merchant(actor: User, merchant_id) -> Merchant:
    merchant = _staff_merchant(actor, merchant_id)
    if merchant.verified_at is None:
        merchant.verified_at = utcnow()
        merchant.verified_by = actor.id
        record("merchant.verified", actor_id=actor.id, object_type="merchant", object_id=merchant.id)
    return merchant


def add_merchant_staff(actor: User, merchant_id, email: str) -> MerchantStaff:
    """Link an existing account to a shop and give it the merchant role (idempotent)."""
    merchant = _staff_merchant(actor, merchant_id)
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise InvalidInput("detail.validation", errors={"email": [Msg("field.no_account")]})
    link = db.session.scalar(sa.select(MerchantStaff).where(MerchantStaff.merchant_id == merchant.id,
                                                           MerchantStaff.user_id == user.id))
    if link is None:
        link = MerchantStaff(merchant_id=merchant.id, user_id=user.id)
        db.session.add(link)
        grant_role(user, "merchant", actor_id=actor.id)
        db.session.flush()
        record("merchant.staff_added", actor_id=actor.id, subject_id=user.id, object_type="merchant",
               object_id=merchant.id)
    return link


def my_merchant_ids(user: User) -> set[uuid.UUID]:
    return set(db.session.scalars(sa.select(MerchantStaff.merchant_id).where(MerchantStaff.user_id == user.id)))


def my_merchants(user: User) -> list[Merchant]:
    return list(db.session.scalars(sa.select(Merchant).join(MerchantStaff, MerchantStaff.merchant_id == Merchant.id)
                                   .where(MerchantStaff.user_id == user.id).order_by(Merchant.name)))


def list_merchants(actor: User, municipality: Municipality) -> list[Merchant]:
    """The verified shops of a municipality (staff), e.g. to invite them to a campaign."""
    require_staff(actor, municipality)
    return list(db.session.scalars(sa.select(Merchant).where(Merchant.municipality_id == municipality.id,
                                                             Merchant.verified_at.is_not(None))
                                   .order_by(Merchant.name, Merchant.id)))


def require_merchant_staff(user: User, merchant_id) -> None:
    if merchant_id not in my_merchant_ids(user):
        raise Forbidden("detail.not_merchant_staff")


# --- nominations -------------------------------------------------------------------------------------------------

def nominate(actor: User, campaign_id, *, organisation_id, volunteer_id, now: datetime | None = None) -> Nomination:
    """A coordinator of a verified organisation nominates a volunteer who worked with it (idempotent)."""
    campaign = get_campaign(campaign_id)
    organisation = get_or_not_found(Organisation, organisation_id, "Organisation")
    require_coordinator(actor, organisation.id)
    if not organisation.verified:
        raise InvalidInput("detail.validation", errors={"organisation_id": [Msg("field.organisation_not_verified")]})
    if organisation.municipality_id != campaign.municipality_id:
        raise Forbidden("detail.campaign_other_municipality")
    require_not_cancelled(campaign)
    if (now or utcnow()) >= campaign.closes_at:
        raise RuleViolation("detail.campaign_closed")
    worked_here = db.session.scalar(
        sa.select(Engagement.id).join(Opportunity, Opportunity.id == Engagement.opportunity_id)
        .where(Engagement.volunteer_id == volunteer_id, Opportunity.organisation_id == organisation.id,
               Engagement.status.in_(HOLDING)).limit(1))
    if worked_here is None:
        raise InvalidInput("detail.validation", errors={"volunteer_id": [Msg("field.not_our_volunteer")]})
    existing = db.session.scalar(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.volunteer_id == volunteer_id,
        Nomination.organisation_id == organisation.id))
    if existing is not None:
        return existing
    nomination = Nomination(campaign_id=campaign.id, volunteer_id=volunteer_id, organisation_id=organisation.id,
                            nominated_by=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(nomination)
    except IntegrityError:
        # Two coordinators of the organisation nominated at once; the other one's row is the nomination.
        return db.session.scalar(sa.select(Nomination).where(
            Nomination.campaign_id == campaign.id, Nomination.volunteer_id == volunteer_id,
            Nomination.organisation_id == organisation.id))
    record("campaign.nominated", actor_id=actor.id, object_type="campaign", object_id=campaign.id)
    return nomination
