"""The shop's gifts (/winkel/cadeaus), phone first: the campaigns the shop takes part in, its gifts in each with
their state (waiting for the municipality's approval, approved, rejected) and stock, and a form to offer a gift
(title, description, value, stock, picture) while the campaign accepts them. Every rule is in
backend.campaigns.gifts; a shop never sees another shop's gifts.

A picture is checked by its bytes (JPEG, PNG or WebP, at most 1 MB) and kept in the database; this page's form
may therefore be larger than the usual request limit, and only this form."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from backend.campaigns import gifts
from backend.campaigns.schemas import GiftInSchema, GiftPatchSchema
from backend.errors import DomainError, InvalidInput
from backend.http import body_limit
from web import forms
from web.access import current_user, page
from web.campaign_forms import GIFT_NAMES, cents_to_euros, euros
from web.views.campaigns import problem_text

bp = Blueprint("shop_gifts", __name__, template_folder="../templates")

# The forms with a picture: the request pipeline applies this limit before anything reads the form.
PICTURE_FORM_BYTES = gifts.MAX_PICTURE_BYTES + 64 * 1024


@bp.route("/winkel/cadeaus")
@page("merchant")
def index():
    return render_template("shop/gifts.html", items=gifts.shop_campaigns(current_user()),
                           saved=request.args.get("opgeslagen"))


def _shop_campaign(campaign_id, merchant_id):
    item = next((i for i in gifts.shop_campaigns(current_user())
                 if i.campaign.id == campaign_id and i.merchant.id == merchant_id), None)
    if item is None:
        abort(404)
    return item


def _picture() -> dict:
    """The uploaded picture, if one was chosen (the operation checks its bytes)."""
    upload = request.files.get("picture")
    if upload is None or not upload.filename:
        return {}
    try:
        return {"picture": upload.read(gifts.MAX_PICTURE_BYTES + 1)}
    finally:
        upload.close()  # a large upload is spooled to a temporary file


def _values() -> dict:
    return {name: request.form.get(name, "") for name in ("title", "description", "value", "stock")}


@bp.route("/winkel/cadeaus/<uuid:campaign_id>/<uuid:merchant_id>/nieuw", methods=["GET", "POST"])
@page("merchant")
@body_limit(PICTURE_FORM_BYTES)
def new(campaign_id, merchant_id):
    item = _shop_campaign(campaign_id, merchant_id)
    if request.method == "GET":
        return _form(item, values={"title": "", "description": "", "value": "", "stock": ""})
    data, errors = forms.load_form(GiftInSchema, names=GIFT_NAMES, convert={"value_cents": euros("value")},
                                   values={"merchant_id": str(merchant_id)})
    if errors:
        return _form(item, values=_values(), errors=errors), 422
    try:
        gifts.offer_gift(current_user(), campaign_id, {**data, **_picture()})
    except InvalidInput as exc:
        return _form(item, values=_values(), errors=forms.field_errors(exc, GIFT_NAMES)), 422
    except DomainError as exc:
        return _form(item, values=_values(), errors={"_form": [problem_text(exc)]}), exc.status
    return redirect(url_for("shop_gifts.index", opgeslagen=1), code=303)


@bp.route("/winkel/cadeau/<uuid:gift_id>", methods=["GET", "POST"])
@page("merchant")
@body_limit(PICTURE_FORM_BYTES)
def edit(gift_id):
    gift = gifts.shop_gift(current_user(), gift_id)
    item = _shop_campaign(gift.campaign_id, gift.merchant_id)
    fixed = item.campaign.curated and gift.approved  # only the stock may change
    current = {"title": gift.title, "description": gift.description, "value": cents_to_euros(gift.value_cents),
               "stock": gift.stock_offered}
    if request.method == "GET":
        return _form(item, gift=gift, values=current, fixed=fixed)
    # The form shows every field it may change: a description emptied is empty, a title emptied is refused.
    schema = GiftPatchSchema(only=("stock",) if fixed else ("title", "description", "stock"))
    data, errors = forms.load_form(schema, blank={"title": "", "description": ""})
    values = {**current, **_values(), "value": current["value"]}
    if errors:
        return _form(item, gift=gift, values=values, errors=errors, fixed=fixed), 422
    before = {"title": gift.title, "description": gift.description, "stock": gift.stock_offered}
    changes = {k: v for k, v in data.items() if v != before[k]}
    if not fixed:
        changes.update(_picture())
    try:
        if changes:
            gifts.update_gift(current_user(), gift.id, changes)
    except InvalidInput as exc:
        return _form(item, gift=gift, values=values, errors=forms.field_errors(exc, GIFT_NAMES), fixed=fixed), 422
    except DomainError as exc:
        return _form(item, gift=gift, values=values, errors={"_form": [problem_text(exc)]}, fixed=fixed), exc.status
    return redirect(url_for("shop_gifts.index", opgeslagen=1), code=303)


def _form(item, *, values, errors=None, gift=None, fixed=False):
    return render_template("shop/gift_form.html", item=item, gift=gift, values=values, errors=errors or {},
                           fixed=fixed, max_kb=gifts.MAX_PICTURE_BYTES // 1000)


@bp.route("/cadeaus/<uuid:gift_id>/foto")
@page("authenticated")
def picture(gift_id):
    """An approved gift's picture for everyone signed in (the volunteers' catalogue); one under review for its shop
    and staff only."""
    data, kind = gifts.gift_picture(current_user(), gift_id)
    response = current_app.response_class(data, mimetype=kind)
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

