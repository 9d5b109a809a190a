"""The campaign's paper side for municipality staff: letter codes for volunteers without a smartphone (made with a
POST; the PDF of letters, one page each, and the CSV for the mail merge made by a task while the page shows its
progress), the desk where staff exchange a letter code for the gift a
volunteer picks, and the finance export per shop in exact cents."""
from __future__ import annotations

import io

import segno
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from backend.campaigns import desk, gifts, operations, reports
from backend.campaigns.codes import display as display_code
from backend.campaigns.schemas import LetterRedemptionInSchema
from backend.errors import DomainError, InvalidInput
from backend.jobs import downloads
from backend.jobs.schemas import CampaignFileInSchema
from web import forms
from web.access import current_user, page
from web.views.campaigns import STAFF, problem_text

bp = Blueprint("campaign_letters", __name__, template_folder="../templates")


@bp.route("/gemeente/acties/<uuid:campaign_id>/brieven", methods=["GET", "POST"])
@page(*STAFF)
def letters(campaign_id):
    campaign = operations.staff_campaign(current_user(), campaign_id)
    if request.method == "POST":
        try:
            result = reports.create_letter_codes(current_user(), campaign.id)
        except DomainError as exc:
            return render_template("campaigns/letters.html", campaign=campaign, problem=problem_text(exc)), exc.status
        return redirect(url_for("campaign_letters.letters", campaign_id=campaign.id, nieuw=result.created,
                                totaal=result.total), code=303)
    return render_template("campaigns/letters.html", campaign=campaign, created=request.args.get("nieuw"),
                           total=request.args.get("totaal"))


@bp.route("/gemeente/acties/<uuid:campaign_id>/brieven.pdf", methods=["POST"], defaults={"file": "letters_pdf"})
@bp.route("/gemeente/acties/<uuid:campaign_id>/brieven.csv", methods=["POST"],
          defaults={"file": "letter_codes_csv"})
@page(*STAFF)
def letters_file_request(campaign_id, file):
    """The PDF (thousands of letters take half a minute) and the CSV for the mail merge (a row per letter) are made
    by a task: the page that follows shows progress. The same input as the API's POST /campaigns/{id}/files."""
    campaign = operations.staff_campaign(current_user(), campaign_id)
    data, errors = forms.load_form(CampaignFileInSchema, names={"layout": "vorm"}, values={"file": file})
    if errors:
        return render_template("campaigns/letters.html", campaign=campaign, errors=errors), 422
    made = downloads.request_campaign_file(current_user(), campaign.id, data, str(get_locale()), for_people=True)
    return redirect(url_for("campaign_letters.download", download_id=made.id), code=303)


@bp.route("/gemeente/bestanden/<uuid:download_id>")
@page(*STAFF)
def download(download_id):
    made = downloads.get_download(current_user(), download_id)
    campaign = operations.get_campaign(made.params["campaign_id"])
    return render_template("campaigns/letters_download.html", download=made, campaign=campaign)


@bp.route("/gemeente/bestanden/<uuid:download_id>/bestand")
@page(*STAFF)
def download_file(download_id):
    made = downloads.get_download(current_user(), download_id)
    if made.status != "done":
        return redirect(url_for("campaign_letters.download", download_id=made.id), code=303)
    response = current_app.response_class(made.content, mimetype=downloads.media_type(made))
    response.headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


# --- the desk ----------------------------------------------------------------------------------------------------

@bp.route("/gemeente/acties/<uuid:campaign_id>/balie", methods=["GET", "POST"])
@page(*STAFF)
def counter(campaign_id):
    """Step 1: staff type the letter code (POST action=check): the gifts to pick from. Step 2 (action=exchange):
    the volunteer's pick becomes their voucher."""
    campaign = operations.staff_campaign(current_user(), campaign_id)
    if request.method == "GET":
        return _desk(campaign)
    exchange = request.form.get("action") == "exchange"
    # The same input as a shop's letter code (POST /merchant/letter-redemptions): the code, then the gift picked.
    data, errors = forms.load_form(LetterRedemptionInSchema(only=None if exchange else ("code",)))
    code = data.get("code", "")
    if errors:
        return _desk_refused(campaign, code, errors)
    try:
        if not exchange:
            desk.letter_at_desk(current_user(), campaign.id, code)
            return _desk(campaign, code=code, choosing=True)
        claim = desk.exchange_at_desk(current_user(), campaign.id, code, data["gift_id"])
    except InvalidInput as exc:
        return _desk_refused(campaign, code, forms.field_errors(exc))
    except DomainError as exc:
        return _desk(campaign, code=code, errors={"_form": [problem_text(exc)]}), exc.status
    return redirect(url_for("campaign_letters.desk_voucher", campaign_id=campaign.id, claim_id=claim.id), code=303)


def _desk_refused(campaign, code: str, errors: dict):
    """The form again with the errors: the code's step, or (a good code) the gifts to pick from."""
    return _desk(campaign, code=code, choosing="code" not in errors, errors=errors), 422


def _desk(campaign, *, code="", choosing=False, errors=None):
    catalogue = [g for g in gifts.catalogue(campaign) if g.stock > 0] if choosing else []
    return render_template("campaigns/desk.html", campaign=campaign, code=code, choosing=choosing,
                           catalogue=catalogue, errors=errors or {})


@bp.route("/gemeente/acties/<uuid:campaign_id>/balie/<uuid:claim_id>")
@page(*STAFF)
def desk_voucher(campaign_id, claim_id):
    claim = desk.desk_voucher(current_user(), campaign_id, claim_id)
    out = io.BytesIO()
    segno.make(claim.voucher_code, error="m", micro=False).save(
        out, kind="svg", scale=1, border=4, xmldecl=False, omitsize=True, svgclass="doemee-voucher__qr")
    return render_template("campaigns/desk_voucher.html", campaign=operations.get_campaign(campaign_id), claim=claim,
                           code=display_code(claim.voucher_code), qr=Markup(out.getvalue().decode()))


# --- finance -------------------------------------------------------------------------------------------------------

@bp.route("/gemeente/acties/<uuid:campaign_id>/financien")
@page(*STAFF)
def finance(campaign_id):
    campaign = operations.staff_campaign(current_user(), campaign_id)
    report = reports.campaign_report(current_user(), campaign.id)
    total = sum(m.value_to_reimburse_cents for m in report.merchants)
    return render_template("campaigns/finance.html", campaign=campaign, merchants=report.merchants,
                           total_cents=total)


@bp.route("/gemeente/acties/<uuid:campaign_id>/financien.csv")
@page(*STAFF)
def finance_csv(campaign_id):
    """The same CSV as the API's ``GET /campaigns/{id}/finance.csv`` (one operation)."""
    body = reports.finance_csv(current_user(), campaign_id, str(get_locale()))
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="campaign-{campaign_id}-finance.csv"'
    return response
