"""The thank-you campaign: staff set it up and read its reports, shops offer gifts, coordinators nominate,
volunteers see the current campaign and choose a gift."""
from flask import current_app
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.campaigns import cancellation, claims, codes, gifts, operations as campaigns, reports
from backend.campaigns.schemas import CampaignInSchema, CampaignPatchSchema, GiftInSchema, GiftPatchSchema
from backend.rendering import qr_svg, reason_texts
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.problems import request_locale
from mobile_api.resources.reports import amount, count
from mobile_api.schemas import FocusNeighbourhoodRef, Schema

blp = Blueprint("campaigns", __name__, description="The municipality's year-end thank-you campaign")

class RuleOutSchema(Schema):
    everyone = fields.Boolean()
    min_approved_hours = fields.Integer(allow_none=True)
    min_completed_engagements = fields.Integer(allow_none=True)
    period_start = fields.String(allow_none=True)
    period_end = fields.String(allow_none=True)
    nominations = fields.Boolean()
    registered_before = fields.String(allow_none=True)


class CampaignPublicSchema(Schema):
    """What volunteers see of a campaign."""

    id = fields.UUID(required=True)
    municipality = fields.Method("municipality_slug", required=True)
    name = fields.String(required=True)
    year = fields.Integer(required=True)
    opens_at = fields.DateTime(required=True)
    closes_at = fields.DateTime(required=True)
    redeem_until = fields.DateTime(required=True)
    budget_per_volunteer_cents = fields.Integer(required=True)
    message = fields.String(required=True)

    def municipality_slug(self, campaign):
        return campaign.municipality.slug


class CampaignSchema(CampaignPublicSchema):
    """A campaign as staff manage it, with its eligibility rule."""

    eligibility = fields.Nested(RuleOutSchema, required=True)
    cancelled_at = fields.DateTime(allow_none=True, required=True,
                                   metadata={"description": "set when staff cancelled it; it is then never current"})


class GiftSchema(Schema):
    id = fields.UUID(required=True)
    campaign_id = fields.UUID(required=True)
    merchant_id = fields.UUID(required=True)
    merchant_name = fields.Method("shop", required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    value_cents = fields.Integer(required=True)
    stock_offered = fields.Integer(required=True)
    stock_left = fields.Integer(attribute="stock", required=True)
    picture_url = fields.String(allow_none=True, required=True)
    status = fields.String(required=True, metadata={
        "description": "approved; in a curated campaign pending until staff decide, or rejected"})
    rejection_reason = fields.String(allow_none=True, required=True,
                                     metadata={"description": "why staff turned it down, in their words"})

    def shop(self, gift):
        return gift.merchant.name


class ClaimInSchema(Schema):
    gift_id = fields.UUID(required=True)


class ClaimSchema(Schema):
    id = fields.UUID(required=True)
    campaign_id = fields.UUID(required=True)
    gift = fields.Nested(GiftSchema, required=True)
    value_cents = fields.Integer(required=True)
    source = fields.String(required=True)
    voucher_code = fields.Method("code", required=True,
                                 metadata={"description": "single use; shown at the shop; changes when you switch"})
    voucher_qr_svg = fields.Method("qr", required=True, metadata={"description": "the voucher code as QR (SVG)"})
    chosen_at = fields.DateTime(attribute="created_at", required=True)
    updated_at = fields.DateTime(required=True)
    redeemed_at = fields.DateTime(allow_none=True, required=True)

    def code(self, claim):
        return codes.display(claim.voucher_code)

    def qr(self, claim):
        return qr_svg(claim.voucher_code, title="DoeMee voucher")  # the code only, nothing personal


class ReasonSchema(Schema):
    code = fields.String(required=True)
    text = fields.String(required=True)


class CurrentSchema(Schema):
    campaign = fields.Nested(CampaignPublicSchema, required=True)
    eligible = fields.Boolean(required=True)
    reasons = fields.Method("why", required=True, metadata={"description": "why (not): codes with their text"})
    can_choose = fields.Boolean(required=True)
    claim = fields.Nested(ClaimSchema, allow_none=True, required=True)
    gifts = fields.List(fields.Nested(GiftSchema), required=True)

    def why(self, current):
        locale = request_locale()
        return ReasonSchema(many=True).dump(reason_texts(current.verdict.reasons, locale))


class NominationInSchema(Schema):
    organisation_id = fields.UUID(required=True)
    volunteer_id = fields.UUID(required=True)


class NominationSchema(Schema):
    id = fields.UUID(required=True)
    campaign_id = fields.UUID(required=True)
    organisation_id = fields.UUID(required=True)
    volunteer_id = fields.UUID(required=True)
    created_at = fields.DateTime(required=True)


class MerchantReportSchema(Schema):
    merchant_id = fields.UUID(required=True)
    name = fields.String(required=True)
    kvk_number = fields.String(allow_none=True, required=True)
    claimed = count()
    redeemed = count()
    value_to_reimburse_cents = fields.Integer(required=True)


class NeighbourhoodReportSchema(FocusNeighbourhoodRef):
    invited = count()
    claimed = count()
    redeemed = count()
    participation_percent = amount("claimed / invited, in %")


class ReportSchema(Schema):
    campaign_id = fields.UUID(required=True)
    eligible = count()
    invited = count()
    claimed = count()
    redeemed = count()
    merchants = fields.List(fields.Nested(MerchantReportSchema), required=True)
    neighbourhoods = fields.List(fields.Nested(NeighbourhoodReportSchema), required=True)


def csv_response(body: str, filename: str):
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


CSV_DOC = {"type": "string", "format": "binary"}


@blp.endpoint("/campaigns", "POST", ("municipality_staff", "admin"), (201, CampaignSchema), CampaignInSchema)
def create_campaign(data):
    """Create a thank-you campaign for your municipality (staff)."""
    return campaigns.create_campaign(current_user, data)


blp.delegate("/campaigns/<uuid:campaign_id>", "GET", ("municipality_staff", "admin"), (200, CampaignSchema),
             "get_campaign", campaigns.staff_campaign, "A campaign of your municipality (staff).")


@blp.endpoint("/campaigns/<uuid:campaign_id>", "PATCH", ("municipality_staff", "admin"), (200, CampaignSchema),
              CampaignPatchSchema)
def update_campaign(data, campaign_id):
    """Change a campaign (staff). Once it opened, its eligibility rule, budget and opening are fixed; its texts
    and closing dates can still be corrected until it closes. Campaigns of a municipality may not overlap."""
    return campaigns.update_campaign(current_user, campaign_id, data)


@blp.endpoint("/campaigns/<uuid:campaign_id>/cancellation", "POST", ("municipality_staff", "admin"),
              (200, CampaignSchema))
def cancel_campaign(campaign_id):
    """Cancel a campaign, open or not (staff): unredeemed vouchers and letter codes stop working, their gifts go
    back to stock, and the volunteers invited or holding a voucher are told. Redeemed vouchers are still
    reimbursed. Asking again changes nothing."""
    return cancellation.cancel_campaign(current_user, campaign_id)


@blp.endpoint("/campaigns/current", "GET", "authenticated", (200, CurrentSchema))
def current_campaign():
    """The campaign of my municipality now: am I eligible and why (not), my choice, and the gifts left."""
    return gifts.current_for(current_user)


@blp.endpoint("/campaigns/<uuid:campaign_id>/claims", "POST", "volunteer", (200, ClaimSchema),
              ClaimInSchema, description="Switched to this gift (the voucher code changed)", created="Gift chosen")
def choose_gift(data, campaign_id):
    """Choose a gift (201), or switch to another one until the voucher is redeemed or the window closes (200).
    One choice per volunteer per campaign; the voucher code is single use."""
    claim, created = claims.choose_gift(current_user, campaign_id, data["gift_id"])
    return claim, 201 if created else 200


blp.delegate("/campaigns/<uuid:campaign_id>/claims/mine", "GET", ("volunteer",), (200, ClaimSchema), "my_claim",
             claims.my_claim, "My choice in this campaign, with the voucher code and its QR code.")


@blp.endpoint("/campaigns/<uuid:campaign_id>/gifts", "POST", "merchant", (201, GiftSchema), GiftInSchema)
def offer_gift(data, campaign_id):
    """Offer a gift in a campaign (staff of a verified shop of the campaign's municipality)."""
    return gifts.offer_gift(current_user, campaign_id, data)


blp.delegate("/gifts/<uuid:gift_id>", "GET", ("merchant",), (200, GiftSchema), "shop_gift", gifts.shop_gift,
             "A gift of your shop, with the municipality's decision (and its reason when it was turned down).")


@blp.endpoint("/gifts/<uuid:gift_id>", "PATCH", "merchant", (200, GiftSchema), GiftPatchSchema)
def update_gift(data, gift_id):
    """Change a gift of your shop; the stock offered cannot go below what was already chosen."""
    return gifts.update_gift(current_user, gift_id, data)


@blp.endpoint("/campaigns/<uuid:campaign_id>/nominations", "POST", ("coordinator", "admin"), (201, NominationSchema),
              NominationInSchema)
def nominate(data, campaign_id):
    """Nominate a volunteer who worked with your verified organisation (coordinators; idempotent)."""
    return campaigns.nominate(current_user, campaign_id, **data)


blp.delegate("/campaigns/<uuid:campaign_id>/report", "GET", ("municipality_staff", "admin"), (200, ReportSchema),
             "campaign_report", reports.campaign_report,
             "Eligible, invited, claimed, redeemed; per shop what to reimburse; participation per neighbourhood.")


@blp.route("/campaigns/<uuid:campaign_id>/finance.csv", methods=["GET"])
@access("municipality_staff", "admin")
@blp.response(200, CSV_DOC, content_type="text/csv",
              description="merchant_id, merchant, kvk_number, vouchers_redeemed, vouchers_open, amount_cents, "
                          "amount_eur; last row TOTAL. Amounts exact (integer cents).")
def finance_csv(campaign_id):
    """For the finance department: per shop the redeemed vouchers and the amount to reimburse, with the total."""
    return csv_response(reports.finance_csv(current_user, campaign_id), f"campaign-{campaign_id}-finance.csv")


class LetterCodesCreatedSchema(Schema):
    created = fields.Integer(required=True, metadata={"description": "new codes made by this call"})
    total = fields.Integer(required=True, metadata={"description": "codes now listed by letter-codes.csv"})


@blp.endpoint("/campaigns/<uuid:campaign_id>/letter-codes", "POST", ("municipality_staff", "admin"),
              (201, LetterCodesCreatedSchema))
def create_letter_codes(campaign_id):
    """Make a single-use letter code for every eligible volunteer who has not used the app for 180 days and has
    not chosen a gift (those who have a code keep it; safe to repeat). Then GET letter-codes.csv to print them."""
    return reports.create_letter_codes(current_user, campaign_id)


@blp.route("/campaigns/<uuid:campaign_id>/letter-codes.csv", methods=["GET"])
@access("municipality_staff", "admin")
@blp.response(200, CSV_DOC, content_type="text/csv",
              description="code, name, postcode, neighbourhood, valid_until: the codes made by POST letter-codes, "
                          "for eligible volunteers who still have neither used the app for 180 days nor chosen a gift.")
def letter_codes_csv(campaign_id):
    """Printable letter codes (made by POST .../letter-codes; this only reads them) for eligible volunteers without
    the app (staff; audited). Minimal on purpose: the name and postcode to address the letter from the
    municipality's records, no e-mail or street address."""
    return csv_response(reports.letter_codes_csv(current_user, campaign_id),
                        f"campaign-{campaign_id}-letter-codes.csv")
