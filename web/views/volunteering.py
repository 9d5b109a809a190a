"""The volunteer's app: "for you", all open work with search, an opportunity with its shifts, signing up and
withdrawing, invitations, my engagements with check-in by code, my calendar link, and the year-end gift.

Every action is a POST with the CSRF token that calls the same operation as the API and then redirects (303) to
a page that shows the outcome, so a reload never repeats it.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

from backend.campaigns import claims, gifts, operations as campaigns
from backend.campaigns.codes import display as display_code
from backend.engagements import attendance, calendar, operations as engagements, roster
from backend.engagements.schemas import CheckinSchema, ContactChoiceSchema
from backend.errors import DomainError, NotFound
from backend.opportunities import listing, operations as opportunities, whereabouts
from backend.recommendations import operations as recommendations
from backend.recommendations import filters
from web.access import current_user, page
from web.forms import field_errors, load_form
from web.for_you import FILTER_NAMES, choice_labels, filter_query, widen_label
from web.views.profile import my_profile

bp = Blueprint("volunteering", __name__, template_folder="../templates")

PAGE_SIZE = 20
FEED_SIZE = 30


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _uuid(value: str | None):
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


def _outcome(**flags):
    """The outcome of an action, carried to the page it redirects to."""
    return {key: value for key, value in flags.items() if value is not None}


# --- finding work ----------------------------------------------------------------------------------------------

@bp.route("/voor-jou")
@page("authenticated")
def for_you():
    if my_profile() is None:
        return redirect(url_for("profile.overview"), code=303)
    # The filter is the API's query (one schema); a filter that does not fit is shown with its error, unfiltered.
    data, errors = load_form(filters.FeedFilterSchema, names=FILTER_NAMES, form=request.args)
    chosen = filters.FeedFilter() if errors else filters.FeedFilter.of(data)
    found = recommendations.feed_answer(current_user(), k=FEED_SIZE, locale=str(get_locale()), now=_now(),
                                        only=chosen)
    return render_template("volunteer/for_you.html", items=found.items, why=found.why_empty, chosen=chosen,
                           errors=errors, choice=choice_labels(chosen), widen_label=widen_label,
                           filter_query=filter_query,
                           kinds=filters.KINDS, distances=filters.DISTANCES, days=filters.DAYS,
                           day_parts=filters.DAY_PARTS), 422 if errors else 200


@bp.route("/aanbod")
@page("public")
def browse():
    if current_user() is None:  # a visitor: the open list (issue 22), not the login page
        return redirect(url_for("find.index"))
    kind = request.args.get("soort") if request.args.get("soort") in ("vacancy", "initiative_task") else None
    query = request.args.get("zoek", "").strip()[:80]
    filters = {"kind": kind, "q": query or None, "near": "me" if my_profile() is not None else None}
    items, next_cursor = listing.list_shifts(current_user(), filters, limit=PAGE_SIZE,
                                             cursor=request.args.get("verder") or None)
    return render_template("volunteer/browse.html", items=items, next_cursor=next_cursor, kind=kind, query=query)


@bp.route("/aanbod/<uuid:opportunity_id>")
@page("public")
def opportunity(opportunity_id):
    if current_user() is None:  # a shared link opened by a visitor: the open page of the vacancy
        return redirect(url_for("find.opportunity", opportunity_id=opportunity_id))
    found = opportunities.get_visible_opportunity(current_user(), opportunity_id)
    view = listing.opportunity_view(found, opportunities.organisation_name(found))
    shifts, _cursor = listing.list_shifts(current_user(), {"opportunity_id": found.id}, limit=50, cursor=None)
    return render_template("volunteer/opportunity.html", opportunity=view, shifts=shifts,
                           where=whereabouts.whereabouts(found), has_profile=my_profile() is not None)


# --- signing up, withdrawing, invitations ----------------------------------------------------------------------

@bp.route("/diensten/<uuid:shift_id>/aanmelden", methods=["POST"])
@page("authenticated")
def sign_up(shift_id):
    result = engagements.sign_up(current_user(), shift_id)
    return redirect(url_for("volunteering.engagement", engagement_id=_id(result), aangemeld=1,
                            overlap=1 if _warnings(result) else None), code=303)


@bp.route("/mijn/inzet/<uuid:engagement_id>/afmelden", methods=["POST"])
@page("authenticated")
def withdraw(engagement_id):
    engagements.withdraw(current_user(), engagement_id)
    return redirect(url_for("volunteering.engagement", engagement_id=engagement_id, afgemeld=1), code=303)


@bp.route("/mijn/inzet/<uuid:engagement_id>/uitnodiging", methods=["POST"])
@page("authenticated")
def answer_invitation(engagement_id):
    if request.form.get("answer") == "accept":
        result = engagements.accept_invitation(current_user(), engagement_id)
        flags = _outcome(aangemeld=1, overlap=1 if _warnings(result) else None)
    elif request.form.get("answer") == "decline":
        engagements.decline_invitation(current_user(), engagement_id)
        flags = {"afgeslagen": 1}
    else:
        abort(400)
    return redirect(url_for("volunteering.engagement", engagement_id=engagement_id, **flags), code=303)


def _id(result):
    return result["id"] if isinstance(result, dict) else result.id


def _warnings(result):
    return result["warnings"] if isinstance(result, dict) else result.warnings


# --- my engagements ---------------------------------------------------------------------------------------------

@bp.route("/mijn/inzet")
@page("authenticated")
def my_engagements():
    upcoming, _c = engagements.list_my_engagements(current_user(), status=None, upcoming=True, limit=50, cursor=None)
    everything, _c = engagements.list_my_engagements(current_user(), status=None, upcoming=False, limit=100,
                                                     cursor=None)
    upcoming_ids = {_id(e) for e in upcoming}
    past = [e for e in everything if _id(e) not in upcoming_ids]
    return render_template("volunteer/engagements.html", invitations=[e for e in upcoming if e.status == "invited"],
                           upcoming=[e for e in upcoming if e.status != "invited"], past=list(reversed(past)),
                           updated_at=_now())


@bp.route("/mijn/inzet/<uuid:engagement_id>", methods=["GET"])
@page("authenticated")
def engagement(engagement_id):
    return _engagement_page(engagement_id, {}, 200)


@bp.route("/mijn/inzet/<uuid:engagement_id>/inchecken", methods=["POST"])
@page("authenticated")
def check_in(engagement_id):
    found = _own(engagement_id)
    data, errors = load_form(CheckinSchema)
    if errors:
        return _engagement_page(engagement_id, errors, 422)
    try:
        attendance.check_in(current_user(), found.shift_id, data["code"])
    except DomainError as exc:
        return _engagement_page(engagement_id, field_errors(exc), exc.status)
    return redirect(url_for("volunteering.engagement", engagement_id=engagement_id, ingecheckt=1), code=303)


# The contact form's fields (the schema's names are the API's).
_CONTACT_NAMES = {"channel": "contact_channel", "phone": "contact_phone"}


@bp.route("/mijn/inzet/<uuid:engagement_id>/contact", methods=["POST"])
@page("authenticated")
def choose_contact(engagement_id):
    _own(engagement_id)
    data, errors = load_form(ContactChoiceSchema, names=_CONTACT_NAMES)
    if not errors:
        try:
            roster.choose_contact(current_user(), engagement_id, data)
            return redirect(url_for("volunteering.engagement", engagement_id=engagement_id, bereikbaar=1,
                                    _anchor="bereikbaar"), code=303)
        except DomainError as exc:
            errors = field_errors(exc, _CONTACT_NAMES)
    return _engagement_page(engagement_id, errors, 422)


def _own(engagement_id):
    found = engagements.get_engagement(current_user(), engagement_id)
    if (found["volunteer_id"] if isinstance(found, dict) else found.volunteer_id) != current_user().id:
        # A coordinator may read it in their portal; this page is the volunteer's own.
        raise NotFound("detail.engagements.engagement_not_found")
    return found if not isinstance(found, dict) else _Attrs(found)


class _Attrs(dict):
    __getattr__ = dict.__getitem__


def _engagement_page(engagement_id, errors: dict, status: int):
    found = _own(engagement_id)
    # The check-in field shows when checking in is possible (the operation's window), not a day early.
    opens = found.starts_at - attendance.CHECKIN_OPENS_BEFORE if found.starts_at else None
    return render_template("volunteer/engagement.html", e=found, errors=errors, args=request.args,
                           now=_now(), checkin_opens=opens), status


@bp.route("/mijn/agenda", methods=["GET", "POST"])
@page("authenticated")
def calendar_link():
    url = None
    if request.method == "POST":
        if request.form.get("action") == "delete":
            calendar.revoke_feeds(current_user())
            return redirect(url_for("volunteering.calendar_link", verwijderd=1), code=303)
        token = calendar.create_feed(current_user())
        url = url_for("engagements.calendar_feed", token=token, _external=True)
    return render_template("volunteer/calendar.html", url=url, deleted=request.args.get("verwijderd"))


# --- appreciation: the year-end gift ---------------------------------------------------------------------------

@bp.route("/mijn/bedankt")
@page("authenticated")
def thanks():
    try:
        current = gifts.current_for(current_user())
    except NotFound:
        current = None
    return render_template("volunteer/thanks.html", current=current, chosen=request.args.get("gekozen"))


@bp.route("/mijn/bedankt/<uuid:campaign_id>/kies", methods=["POST"])
@page("authenticated")
def choose_gift(campaign_id):
    gift_id = _uuid(request.form.get("gift_id"))
    if gift_id is None:
        abort(400)
    claims.choose_gift(current_user(), campaign_id, gift_id)
    return redirect(url_for("volunteering.voucher", campaign_id=campaign_id, gekozen=1), code=303)


@bp.route("/mijn/bedankt/<uuid:campaign_id>/bon")
@page("authenticated")
def voucher(campaign_id):
    claim = claims.my_claim(current_user(), campaign_id)
    campaign = campaigns.get_campaign(campaign_id)
    return render_template("volunteer/voucher.html", claim=claim, campaign=campaign,
                           code=display_code(claim.voucher_code), qr=Markup(_voucher_qr(claim.voucher_code)),
                           chosen=request.args.get("gekozen"), updated_at=_now())


def _voucher_qr(code: str) -> str:
    """The voucher code as a QR code that scales to the screen (a viewBox, no fixed size), drawn on the server:
    the same code as the API's ``voucher_qr_svg``, error correction M and the quiet zone scanners need."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="svg", scale=1, border=4, xmldecl=False,
                                                  omitsize=True, svgclass="doemee-voucher__qr")
    return out.getvalue().decode()
