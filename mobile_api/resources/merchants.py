"""Local shops in the thank-you campaign: onboarding and verification by staff, their staff, and redeeming
vouchers and letter codes at the till."""
from flask_jwt_extended import current_user
from marshmallow import fields, validate

from backend.campaigns import claims, operations as campaigns
from backend.campaigns.schemas import LetterRedemptionInSchema, MerchantStaffInSchema, RedemptionInSchema
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Registration, Schema, text

blp = Blueprint("merchants", __name__, description="Local shops: onboarding, staff and redemptions")



class MerchantInSchema(Schema):
    municipality = text(60, required=True, metadata={"description": "slug of the municipality"})
    name = text(120, min_length=1, required=True)
    address = text(200, load_default="", metadata={"description": "the shop's (public) address"})
    kvk_number = text(8, load_default=None, allow_none=True, validate=validate.Regexp(r"^[0-9]{8}$"),
                      metadata={"description": "Chamber of Commerce number (8 digits)"})


class MerchantSchema(Registration):
    id = fields.UUID(required=True)
    municipality = fields.Method("municipality_slug", required=True)
    name = fields.String(required=True)
    address = fields.String(required=True)
    kvk_number = fields.String(allow_none=True, required=True)

    def municipality_slug(self, merchant):
        return merchant.municipality.slug


class MerchantStaffSchema(Schema):
    merchant_id = fields.UUID(required=True)
    user_id = fields.UUID(required=True)


class RedemptionSchema(Schema):
    claim_id = fields.UUID(attribute="id", required=True)
    campaign_id = fields.UUID(required=True)
    merchant_id = fields.UUID(required=True)
    gift_id = fields.UUID(required=True)
    gift_title = fields.Method("title", required=True)
    value_cents = fields.Integer(required=True)
    source = fields.String(required=True, metadata={"description": "app (voucher) or letter (letter code)"})
    redeemed_at = fields.DateTime(required=True)

    def title(self, claim):
        return claim.gift.title


class MyShopsSchema(Schema):
    items = fields.List(fields.Nested(MerchantSchema), required=True)


@blp.endpoint("/merchants", "POST", ("municipality_staff", "admin"), (201, MerchantSchema), MerchantInSchema)
def onboard_merchant(data):
    """Onboard a local shop in your municipality (staff); it takes part once verified."""
    return campaigns.onboard_merchant(current_user, data)


blp.delegate("/merchants/<uuid:merchant_id>/verification", "POST", ("municipality_staff", "admin"),
             (200, MerchantSchema), "verify_merchant", campaigns.verify_merchant,
             "Mark a shop as verified (staff of its municipality; idempotent).")


@blp.endpoint("/merchants/<uuid:merchant_id>/staff", "POST", ("municipality_staff", "admin"),
              (201, MerchantStaffSchema), MerchantStaffInSchema)
def add_merchant_staff(data, merchant_id):
    """Link an account to a shop and give it the merchant role (staff; idempotent)."""
    return campaigns.add_merchant_staff(current_user, merchant_id, data["email"])


@blp.endpoint("/merchant/shops", "GET", "merchant", (200, MyShopsSchema))
def my_shops():
    """The shops I work for."""
    return {"items": campaigns.my_merchants(current_user)}


@blp.endpoint("/merchant/redemptions", "POST", "merchant", (201, RedemptionSchema), RedemptionInSchema)
def redeem_voucher(data):
    """Redeem a voucher of your own shop, once. Problems: voucher-unknown (404), voucher-other-shop (403),
    voucher-redeemed (409), voucher-expired (410)."""
    return claims.redeem_voucher(current_user, data["code"])


@blp.endpoint("/merchant/letter-redemptions", "POST", "merchant", (201, RedemptionSchema), LetterRedemptionInSchema)
def redeem_letter_code(data):
    """Exchange a volunteer's letter code for one of your shop's gifts (chosen and redeemed at once)."""
    return claims.redeem_letter_code(current_user, data["code"], data["gift_id"])
