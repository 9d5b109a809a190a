"""The shop's page, phone first: redeem a voucher by typing its code (the same operation as the API's
``POST /merchant/redemptions``) with one big clear answer, and the shop's redemptions with what the municipality
will reimburse."""
from __future__ import annotations

from flask import Blueprint, render_template

from backend.campaigns import claims
from backend.campaigns.schemas import RedemptionInSchema
from web import forms
from web.access import current_user, page

bp = Blueprint("shop", __name__, template_folder="../templates")

# The operation's refusals, each a clear answer at the till (and the status the API gives for it).
ANSWERS = {claims.VoucherRedeemed: "redeemed", claims.VoucherOtherShop: "other_shop",
           claims.VoucherUnknown: "unknown", claims.VoucherExpired: "expired"}


@bp.route("/winkel")
@page("merchant")
def home():
    return _page()


@bp.route("/winkel/inwisselen", methods=["POST"])
@page("merchant")
def redeem():
    data, errors = forms.load_form(RedemptionInSchema)
    if errors:
        return _page(errors=errors), 422
    try:
        claim = claims.redeem_voucher(current_user(), data["code"])
    except tuple(ANSWERS) as refusal:
        return _page(answer=ANSWERS[type(refusal)], code=data["code"], params=refusal.params), refusal.status
    return _page(answer="valid", claim=claim)


def _page(errors=None, **answer):
    redemptions, total_cents = claims.shop_redemptions(current_user())
    return render_template("shop/home.html", redemptions=redemptions, total_cents=total_cents, errors=errors or {},
                           **answer)
