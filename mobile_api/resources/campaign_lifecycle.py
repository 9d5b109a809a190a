"""Running a thank-you campaign (staff): invite shops, open it before its date, close it, remind the volunteers who
have not chosen, and the municipality's desk where a letter code becomes a voucher. The same operations as the
staff's pages (web.views.campaigns, web.views.campaign_letters), loaded through the same schemas; every rule and
every access check is in backend.campaigns (staff of another municipality get 403 or 404, here as on the web)."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.campaigns import desk, gifts, operations as campaigns, running
from backend.campaigns.codes import display
from backend.campaigns.schemas import CampaignShopInSchema, LetterRedemptionInSchema
from mobile_api.blueprint import Blueprint
from mobile_api.resources.campaigns import CampaignSchema, ClaimSchema, GiftSchema
from mobile_api.schemas import Schema

blp = Blueprint("campaign_lifecycle", __name__, description="Running a thank-you campaign: shops, opening, "
                                                              "closing, reminders and the desk (staff)")

STAFF = ("municipality_staff", "admin")


class CampaignShopSchema(Schema):
    campaign_id = fields.UUID(required=True)
    merchant_id = fields.UUID(required=True)
    invited_at = fields.DateTime(required=True)


class RemindedSchema(Schema):
    reminded = fields.Integer(required=True, metadata={
        "description": "volunteers reminded now (those reminded in the last days are skipped)"})


class DeskCheckInSchema(LetterRedemptionInSchema):
    """Only the code: the first step at the desk (the web's "check" button)."""

    class Meta:
        exclude = ("gift_id",)


class DeskCheckSchema(Schema):
    code = fields.String(required=True, metadata={"description": "the letter code, written as printed"})
    gifts = fields.List(fields.Nested(GiftSchema), required=True, metadata={
        "description": "the gifts in stock the volunteer may pick from"})


@blp.endpoint("/campaigns/<uuid:campaign_id>/shops", "POST", STAFF, (201, CampaignShopSchema), CampaignShopInSchema)
def invite_shop(data, campaign_id):
    """Invite a shop to offer gifts.

    Invite a verified shop of the campaign's municipality to offer gifts; its staff are told. Inviting it again
    changes nothing. Refused once the campaign closed or was cancelled."""
    return running.invite_shop(current_user, campaign_id, data["merchant_id"])


@blp.endpoint("/campaigns/<uuid:campaign_id>/opening", "POST", STAFF, (200, CampaignSchema))
def open_campaign(campaign_id):
    """Open a campaign now.

    Open the choosing now instead of at the campaign's date. A curated campaign needs an approved gift first;
    a campaign that already opened is refused (409)."""
    return running.open_now(current_user, campaign_id)


@blp.endpoint("/campaigns/<uuid:campaign_id>/closing", "POST", STAFF, (200, CampaignSchema))
def close_campaign(campaign_id):
    """Close a campaign now.

    Stop the choosing now (asking again changes nothing). Vouchers already chosen can still be redeemed until
    the campaign's redeem-until date. A campaign that has not opened yet is refused."""
    return running.close_now(current_user, campaign_id)


@blp.endpoint("/campaigns/<uuid:campaign_id>/reminders", "POST", STAFF, (200, RemindedSchema))
def remind(campaign_id):
    """Remind those who have not chosen.

    Remind every invited volunteer who has not chosen a gift yet (by push or e-mail), at most once in a few
    days each. Only while the campaign is open."""
    return {"reminded": running.remind_unchosen(current_user, campaign_id)}


@blp.endpoint("/campaigns/<uuid:campaign_id>/desk-checks", "POST", STAFF, (200, DeskCheckSchema), DeskCheckInSchema)
def check_letter_code(data, campaign_id):
    """Check a letter code at the desk.

    The first step at the municipality's desk: is this an unused letter code of this campaign? Answers the gifts
    in stock the volunteer may pick from; an unknown or used code is refused on the field ``code``."""
    letter = desk.letter_at_desk(current_user, campaign_id, data["code"])
    in_stock = [gift for gift in gifts.catalogue(campaigns.staff_campaign(current_user, campaign_id))
                if gift.stock > 0]
    return {"code": display(letter.code), "gifts": in_stock}


@blp.endpoint("/campaigns/<uuid:campaign_id>/desk-redemptions", "POST", STAFF, (201, ClaimSchema),
              LetterRedemptionInSchema)
def exchange_letter_code(data, campaign_id):
    """Exchange a letter code at the desk.

    The volunteer without the app picked a gift at the desk: the letter code is used up and becomes their
    voucher (source "letter"), which they take to the shop. Only while the campaign is open."""
    return desk.exchange_at_desk(current_user, campaign_id, data["code"], data["gift_id"])
