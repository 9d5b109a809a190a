"""The input of the thank-you campaign's operations (shape only): the API's JSON and the staff's and shops' web
forms are loaded through these. The rules (who takes part, the budget's limit, the window, one campaign at a
time) are the operations' (backend.campaigns.operations and .gifts)."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.schemas import Schema, text

CENTS = validate.Range(min=1, max=1_000_000)


class RuleInSchema(Schema):
    """The eligibility rule; see the field descriptions. It must say who takes part: a minimum, registered_before,
    or "everyone": true (an empty rule is refused)."""

    everyone = fields.Boolean(load_default=False, metadata={
        "description": "every volunteer of the municipality takes part (not with a minimum)"})
    min_approved_hours = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 10_000),
                                        metadata={"description": "at least this many approved hours in the period"})
    min_completed_engagements = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(1, 10_000),
        metadata={"description": "at least this many completed engagements in the period"})
    period_start = fields.Date(load_default=None, allow_none=True,
                               metadata={"description": "first day of the period (local date, included)"})
    period_end = fields.Date(load_default=None, allow_none=True,
                             metadata={"description": "last day of the period (local date, included)"})
    nominations = fields.Boolean(load_default=True, metadata={
        "description": "a nomination by a verified organisation counts instead of the minimums"})
    registered_before = fields.Date(load_default=None, allow_none=True,
                                    metadata={"description": "only volunteers registered before this local date"})


class CampaignInSchema(Schema):
    municipality = text(60, required=True, metadata={"description": "slug of the municipality"})
    name = text(120, min_length=1, required=True)
    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    opens_at = fields.AwareDateTime(required=True, metadata={"description": "volunteers can choose from"})
    closes_at = fields.AwareDateTime(required=True, metadata={"description": "volunteers can choose until"})
    redeem_until = fields.AwareDateTime(load_default=None, allow_none=True,
                                        metadata={"description": "shops redeem until (default: closes_at)"})
    eligibility = fields.Nested(RuleInSchema, required=True)
    budget_per_volunteer_cents = fields.Integer(required=True, metadata={
        "description": "above 0 and at most 100000 (EUR 1,000)"})
    message = text(2000, load_default="")


class CampaignPatchSchema(Schema):
    name = text(120, min_length=1)
    year = fields.Integer(validate=validate.Range(2000, 2100))
    opens_at = fields.AwareDateTime()
    closes_at = fields.AwareDateTime()
    redeem_until = fields.AwareDateTime()
    eligibility = fields.Nested(RuleInSchema)
    budget_per_volunteer_cents = fields.Integer(metadata={"description": "above 0 and at most 100000 (EUR 1,000)"})
    message = text(2000)


class GiftInSchema(Schema):
    merchant_id = fields.UUID(required=True, metadata={"description": "the shop that offers it (yours)"})
    title = text(120, min_length=1, required=True)
    description = text(2000, load_default="")
    value_cents = fields.Integer(required=True, validate=CENTS,
                                 metadata={"description": "at most the campaign's budget per volunteer"})
    stock = fields.Integer(required=True, validate=validate.Range(0, 100_000))
    picture_url = text(300, load_default=None, allow_none=True, validate=validate.URL(schemes={"https", "http"}))


class GiftPatchSchema(Schema):
    title = text(120, min_length=1)
    description = text(2000)
    stock = fields.Integer(validate=validate.Range(0, 100_000),
                           metadata={"description": "stock offered in total (not below what was chosen)"})
    picture_url = text(300, allow_none=True, validate=validate.URL(schemes={"https", "http"}))


class MerchantStaffInSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254),
                         metadata={"description": "an existing DoeMee account"})


class RedemptionInSchema(Schema):
    code = text(40, min_length=1, required=True, metadata={"description": "as typed or scanned; dashes optional"})


class LetterRedemptionInSchema(Schema):
    code = text(40, min_length=1, required=True, metadata={"description": "the code printed on the letter"})
    gift_id = fields.UUID(required=True, metadata={"description": "the gift of your shop the volunteer takes"})


class CampaignShopInSchema(Schema):
    merchant_id = fields.UUID(required=True, metadata={
        "description": "a verified shop of the campaign's municipality, invited to offer gifts"})
