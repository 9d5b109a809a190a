"""Roles at /gemeente/rollen: staff of a municipality give colleagues the staff role by e-mail address (and take it
away, never their own), and link accounts to the municipality's shops (the merchant role, tied to one shop) or
unlink them. The operations check that the shop and the staff role belong to the staff member's municipality."""
from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from backend.campaigns import merchant_review
from backend.campaigns.operations import add_merchant_staff
from backend.campaigns.schemas import MerchantStaffInSchema
from backend.organisations import staff_roles
from backend.organisations.schemas import StaffMemberInSchema
from web.access import current_user, page
from web.forms import attempt, load_form, uuid_or_404
from web.views.municipality_admin import STAFF, chosen_municipality, staff_page

bp = Blueprint("municipality_roles", __name__, url_prefix="/gemeente/rollen", template_folder="../templates")


@bp.route("", methods=["GET"])
@page(*STAFF)
def index():
    return _page()


def _page(errors: dict | None = None, typed: dict | None = None):
    return staff_page("municipality/roles.html", lambda user, chosen: {
        "staff": staff_roles.list_staff(user, chosen), "shops": merchant_review.shops_with_staff(user, chosen)},
        errors, typed)


def _done(chosen: str, what: str):
    return redirect(url_for("municipality_roles.index", gemeente=chosen, done=what), code=303)


@bp.route("/medewerkers", methods=["POST"])
@page(*STAFF)
def grant_staff():
    _municipalities, chosen = chosen_municipality()
    data, errors = load_form(StaffMemberInSchema)
    errors = attempt(errors, lambda: staff_roles.grant_staff(current_user(), chosen, data["email"]))
    if errors:
        return _page(errors, {"email": request.form.get("email", "")[:254]})
    return _done(chosen, "staff_granted")


@bp.route("/medewerkers/<user_id>/intrekken", methods=["POST"])
@page(*STAFF)
def revoke_staff(user_id):
    _municipalities, chosen = chosen_municipality()
    staff_roles.revoke_staff(current_user(), chosen, uuid_or_404(user_id))
    return _done(chosen, "staff_revoked")


@bp.route("/winkels/<merchant_id>", methods=["POST"])
@page(*STAFF)
def add_shop_staff(merchant_id):
    _municipalities, chosen = chosen_municipality()
    field = f"email-{merchant_id}"  # one form per shop on the page: the field is named after the shop
    data, errors = load_form(MerchantStaffInSchema, names={"email": field})
    errors = attempt(errors, lambda: add_merchant_staff(current_user(), uuid_or_404(merchant_id), data["email"]),
                     {"email": field})
    if errors:
        return _page(errors, {field: request.form.get(field, "")[:254]})
    return _done(chosen, "merchant_added")


@bp.route("/winkels/<merchant_id>/<user_id>/intrekken", methods=["POST"])
@page(*STAFF)
def remove_shop_staff(merchant_id, user_id):
    _municipalities, chosen = chosen_municipality()
    merchant_review.remove_merchant_staff(current_user(), uuid_or_404(merchant_id), uuid_or_404(user_id))
    return _done(chosen, "merchant_removed")
