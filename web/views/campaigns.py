"""The thank-you campaign for municipality staff (/gemeente/acties): the list, create and correct a campaign (with
a preview of how many volunteers qualify per neighbourhood, small numbers shown as "<5"), invite shops, approve
their gifts, open it, follow it live, remind those who have not chosen, close or cancel it.

Letters, the desk and the finance export are in web.views.campaign_letters. Every rule and every access check is
in backend.campaigns (staff of Vlaardingen get 403 on a campaign of Maassluis, here as in the API)."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _

from backend.campaigns import cancellation, gifts, operations, running
from backend.campaigns.schemas import CampaignShopInSchema
from backend.errors import DomainError, InvalidInput
from backend.i18n import translate
from backend.localtime import local_zone
from backend.places.operations import get_municipality, require_staff, staffed_municipalities
from web import forms
from web.access import current_user, page
from web.campaign_forms import CAMPAIGN_NAMES, cents_to_euros, local_input, read_campaign, rule_fields
from web.review import turn_down

bp = Blueprint("staff_campaigns", __name__, template_folder="../templates")

STAFF = ("municipality_staff", "admin")


def _chosen_municipality():
    municipalities = staffed_municipalities(current_user())
    if not municipalities:
        abort(403)
    slug = request.values.get("gemeente") or municipalities[0].slug
    municipality = get_municipality(slug)
    # The rule the operations apply to what is posted, here for what is shown (403 for another municipality).
    require_staff(current_user(), municipality)
    return municipalities, municipality


def problem_text(exc: DomainError) -> str:
    return translate(exc.detail, str(get_locale()), **exc.params)


@bp.route("/gemeente/acties")
@page(*STAFF)
def index():
    municipalities, municipality = _chosen_municipality()
    items = operations.list_campaigns(current_user(), municipality)
    return render_template("campaigns/index.html", municipalities=municipalities, municipality=municipality,
                           campaigns=items, phase=running.phase)


# --- create and correct ------------------------------------------------------------------------------------------

def _form_values(campaign=None, zone=None) -> dict:
    if campaign is None:
        return {"name": "", "year": "", "opens_at": "", "closes_at": "", "redeem_until": "", "budget": "",
                "message": "", "curated": True, **rule_fields({})}
    return {"name": campaign.name, "year": campaign.year, "opens_at": local_input(campaign.opens_at, zone),
            "closes_at": local_input(campaign.closes_at, zone), "redeem_until": local_input(campaign.redeem_until, zone),
            "budget": cents_to_euros(campaign.budget_per_volunteer_cents), "message": campaign.message,
            "curated": campaign.curated, **rule_fields(campaign.eligibility)}


def _submitted() -> dict:
    values = {name: request.form.get(name, "") for name in (
        "name", "year", "opens_at", "closes_at", "redeem_until", "budget", "message", "min_hours",
        "min_engagements", "period_start", "period_end", "registered_before")}
    return {**values, **{name: forms.checked(name) for name in ("everyone", "nominations", "curated")}}


@bp.route("/gemeente/acties/nieuw", methods=["GET", "POST"])
@page(*STAFF)
def create():
    municipalities, municipality = _chosen_municipality()
    if request.method == "GET":
        return _form(municipality, municipalities, values=_form_values())
    data, errors = read_campaign(local_zone(municipality), municipality=municipality.slug)
    values = _submitted()
    if errors:
        return _form(municipality, municipalities, values=values, errors=errors), 422
    try:
        if request.form.get("action") == "preview":
            preview = running.preview_eligibility(current_user(), municipality, data["eligibility"])
            return _form(municipality, municipalities, values=values, preview=preview)
        campaign = operations.create_campaign(current_user(), {**data, "curated": forms.checked("curated")})
    except InvalidInput as exc:
        return _form(municipality, municipalities, values=values,
                     errors=forms.field_errors(exc, CAMPAIGN_NAMES)), 422
    except DomainError as exc:
        return _form(municipality, municipalities, values=values, errors={"_form": [problem_text(exc)]}), exc.status
    return redirect(url_for("staff_campaigns.show", campaign_id=campaign.id, nieuw=1), code=303)


def _form(municipality, municipalities, *, values, errors=None, preview=None, campaign=None, fixed=True):
    return render_template("campaigns/form.html", municipality=municipality, municipalities=municipalities,
                           values=values, errors=errors or {}, preview=preview, campaign=campaign, fixed=fixed)


@bp.route("/gemeente/acties/<uuid:campaign_id>/wijzigen", methods=["GET", "POST"])
@page(*STAFF)
def edit(campaign_id):
    campaign = operations.staff_campaign(current_user(), campaign_id)
    zone = local_zone(campaign.municipality)
    fixed = running.phase(campaign) == "upcoming"  # the rule, budget and opening can still change
    if request.method == "GET":
        return _form(campaign.municipality, [], values=_form_values(campaign, zone), campaign=campaign, fixed=fixed)
    data, errors = read_campaign(zone, fixed_too=fixed)
    values = {**_form_values(campaign, zone), **_submitted()}
    if errors:
        return _form(campaign.municipality, [], values=values, errors=errors, campaign=campaign, fixed=fixed), 422
    if fixed and request.form.get("action") == "preview":
        try:
            preview = running.preview_eligibility(current_user(), campaign.municipality, data["eligibility"])
        except InvalidInput as exc:
            return _form(campaign.municipality, [], values=values, errors=forms.field_errors(exc, CAMPAIGN_NAMES),
                         campaign=campaign, fixed=fixed), 422
        return _form(campaign.municipality, [], values=values, preview=preview, campaign=campaign, fixed=fixed)
    # Only what changed: after the opening, naming a fixed field at all is refused.
    changes = {k: v for k, v in data.items() if v is not None and getattr(campaign, k) != v}
    try:
        if changes:
            operations.update_campaign(current_user(), campaign.id, changes)
    except InvalidInput as exc:
        return _form(campaign.municipality, [], values=values, errors=forms.field_errors(exc, CAMPAIGN_NAMES),
                     campaign=campaign, fixed=fixed), 422
    except DomainError as exc:
        return _form(campaign.municipality, [], values=values, errors={"_form": [problem_text(exc)]},
                     campaign=campaign, fixed=fixed), exc.status
    return redirect(url_for("staff_campaigns.show", campaign_id=campaign.id, gewijzigd=1), code=303)


# --- the live view and its actions ---------------------------------------------------------------------------------

@bp.route("/gemeente/acties/<uuid:campaign_id>")
@page(*STAFF)
def show(campaign_id):
    return _show(campaign_id)


def _show(campaign_id, *, problem=None, done=None, status=200, errors=None, reasons=None):
    live = running.live(current_user(), campaign_id)
    shops = operations.list_merchants(current_user(), live.campaign.municipality)
    invited = {link.merchant_id for link in live.shops}
    done = done or next((key for key in ("nieuw", "gewijzigd", "geopend", "gesloten", "geannuleerd", "uitgenodigd")
                         if request.args.get(key)), None)
    # The gift just decided (?goedgekeurd=<id> / ?afgewezen=<id>): the page says which, and the reason.
    decided = next((g for g in live.gifts if str(g.id) in (request.args.get("goedgekeurd"),
                                                            request.args.get("afgewezen"))), None)
    return render_template("campaigns/show.html", live=live, campaign=live.campaign, report=live.report,
                           uninvited=[m for m in shops if m.id not in invited], problem=problem, done=done,
                           decided=decided,
                           reminded=request.args.get("herinnerd"), errors=errors or {}, reasons=reasons or {}), status


def _act(campaign_id, action, **query):
    """Run one staff action; on a refusal show the campaign again with the reason. ``query`` says what was done
    (a value, or a function of the action's result)."""
    try:
        result = action()
    except DomainError as exc:
        return _show(campaign_id, problem=problem_text(exc), status=exc.status)
    return redirect(url_for("staff_campaigns.show", campaign_id=campaign_id, **{
        k: (v(result) if callable(v) else v) for k, v in query.items()}), code=303)


@bp.route("/gemeente/acties/<uuid:campaign_id>/winkels", methods=["POST"])
@page(*STAFF)
def invite(campaign_id):
    data, errors = forms.load_form(CampaignShopInSchema)  # the API's POST /campaigns/{id}/shops loads it too
    if errors:
        return _show(campaign_id, problem=_("Choose a shop."), status=422)
    return _act(campaign_id, lambda: running.invite_shop(current_user(), campaign_id, data["merchant_id"]),
                uitgenodigd=1)


@bp.route("/gemeente/acties/<uuid:campaign_id>/cadeaus/<uuid:gift_id>/goedkeuren", methods=["POST"])
@page(*STAFF)
def approve_gift(campaign_id, gift_id):
    _gift_of(campaign_id, gift_id)
    return _act(campaign_id, lambda: gifts.approve_gift(current_user(), gift_id), goedgekeurd=gift_id)


@bp.route("/gemeente/acties/<uuid:campaign_id>/cadeaus/<uuid:gift_id>/afwijzen", methods=["POST"])
@page(*STAFF)
def reject_gift(campaign_id, gift_id):
    """Turned down with a reason the shop reads, as the verification queue turns organisations and shops down."""
    _gift_of(campaign_id, gift_id)
    try:
        errors, typed = turn_down("cadeau", gift_id, gifts.reject_gift)
    except DomainError as exc:
        return _show(campaign_id, problem=problem_text(exc), status=exc.status)
    if errors:
        return _show(campaign_id, errors=errors, reasons=typed, status=422)
    return redirect(url_for("staff_campaigns.show", campaign_id=campaign_id, afgewezen=gift_id), code=303)


def _gift_of(campaign_id, gift_id) -> None:
    """A gift of another campaign is not found on this campaign's page."""
    if gift_id not in {g.id for g in gifts.campaign_gifts(current_user(), campaign_id)}:
        abort(404)


@bp.route("/gemeente/acties/<uuid:campaign_id>/openen", methods=["POST"])
@page(*STAFF)
def open_campaign(campaign_id):
    return _act(campaign_id, lambda: running.open_now(current_user(), campaign_id), geopend=1)


@bp.route("/gemeente/acties/<uuid:campaign_id>/sluiten", methods=["POST"])
@page(*STAFF)
def close(campaign_id):
    return _act(campaign_id, lambda: running.close_now(current_user(), campaign_id), gesloten=1)


@bp.route("/gemeente/acties/<uuid:campaign_id>/annuleren", methods=["POST"])
@page(*STAFF)
def cancel(campaign_id):
    if not forms.checked("confirm"):
        return _show(campaign_id, problem=_("Tick the box to confirm that the campaign must be cancelled."),
                     status=422)
    return _act(campaign_id, lambda: cancellation.cancel_campaign(current_user(), campaign_id), geannuleerd=1)


@bp.route("/gemeente/acties/<uuid:campaign_id>/herinneren", methods=["POST"])
@page(*STAFF)
def remind(campaign_id):
    return _act(campaign_id, lambda: running.remind_unchosen(current_user(), campaign_id),
                herinnerd=lambda count: count)
