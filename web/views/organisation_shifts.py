"""One shift of an organisation (/organisatie/diensten): the roster, candidates to invite, the door (check-in code,
present, no-show) and the hours to approve.

Thin views, as in organisation.py (the same blueprint)."""
from __future__ import annotations

import segno
from flask import render_template, request
from flask_babel import get_locale

from backend.engagements import attendance, coordination
from backend.engagements import operations as engagements
from backend.engagements.results import HoursInfo
from backend.errors import DomainError, InvalidInput
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.recommendations import operations as recommendations
from web.access import current_user, page
from web.forms import field_errors, text, uuid_or_404 as _id
from web.views.organisation import COORDINATING, _flash_to, bp

CANDIDATES = 10

# --- one shift: roster, candidates, door, hours -----------------------------------------------------------------

def _shift_context(shift_id):
    user = current_user()
    shift = coordination.coordinated_shift(user, _id(shift_id))
    opportunity = coordination.coordinated_vacancy(user, shift.opportunity_id)
    org = coordination.coordinated_organisation(user, opportunity.organisation_id)
    return user, shift, opportunity, org


@bp.route("/diensten/<shift_id>", methods=["GET"])
@page(*COORDINATING)
def shift(shift_id):
    user, shift, opportunity, org = _shift_context(shift_id)
    return _shift_page(user, shift, opportunity, org, {}, 200)


def _shift_page(user, shift, opportunity, org, errors, status):
    now = utcnow()
    candidates, no_candidates = [], None
    if shift.status == "open" and shift.starts_at > now and opportunity.status in ("published", "filled"):
        try:
            candidates = recommendations.candidates_for(user, opportunity.id, shift_id=shift.id, k=CANDIDATES,
                                                        locale=str(get_locale()), now=now)["items"]
        except DomainError as exc:
            no_candidates = field_errors(exc)["_form"][0] if not getattr(exc, "errors", None) else None
    hours = [h for h in _all_hours(user, org.id) if h.shift_id == shift.id]
    return render_template("organisation/shift.html", org=org, opportunity=opportunity, shift=shift,
                           roster=coordination.door_list(user, shift.id), candidates=candidates,
                           no_candidates=no_candidates, hours=hours, now=now, errors=errors,
                           done=request.args.get("done"), started=shift.starts_at <= now,
                           ended=shift.ends_at <= now), status


def _all_hours(user, organisation_id) -> list[HoursInfo]:
    out, cursor = [], None
    while True:
        rows, cursor = attendance.list_hours(user, organisation_id, status=None, limit=100, cursor=cursor)
        out.extend(rows)
        if not cursor:
            return out


@bp.route("/diensten/<shift_id>/uitnodigen", methods=["POST"])
@page(*COORDINATING)
def invite(shift_id):
    user, shift, opportunity, org = _shift_context(shift_id)
    try:
        engagements.invite(user, shift.id, _id(request.form.get("volunteer_id", "")))
    except DomainError as exc:
        return _shift_page(user, shift, opportunity, org, field_errors(exc), exc.status)
    return _flash_to("organisation.shift", "volunteer_invited", shift_id=shift_id)


@bp.route("/diensten/<shift_id>/code", methods=["GET"])
@page(*COORDINATING)
def checkin_code(shift_id):
    user, shift, opportunity, org = _shift_context(shift_id)
    code = attendance.checkin_code(user, shift.id)
    # A scalable picture (viewBox, no fixed size) so that it fills a tablet's screen at the door.
    qr_svg = segno.make_qr(code.qr_text).svg_inline(omitsize=True, border=2)
    return render_template("organisation/code.html", org=org, opportunity=opportunity, shift=shift, code=code,
                           qr_svg=qr_svg)


@bp.route("/deelnames/<engagement_id>/aanwezig", methods=["POST"])
@page(*COORDINATING)
def check_in(engagement_id):
    engagement = coordination.check_in_at_door(current_user(), _id(engagement_id))
    return _flash_to("organisation.shift", "checked_in", shift_id=engagement.shift_id, _anchor="rooster")


@bp.route("/deelnames/<engagement_id>/niet-gekomen", methods=["POST"])
@page(*COORDINATING)
def no_show(engagement_id):
    described = attendance.mark_no_show(current_user(), _id(engagement_id))
    return _flash_to("organisation.shift", "no_show", shift_id=described.shift_id, _anchor="rooster")


def _int_or_none(name: str, errors: dict) -> int | None:
    raw = text(name, 10)
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        errors[name] = [Msg("field.whole_number")]
        return None


@bp.route("/diensten/<shift_id>/uren", methods=["POST"])
@page(*COORDINATING)
def approve_hours(shift_id):
    """Approve the ticked hours at once, each with its (corrected) minutes; all or nothing."""
    user, shift, opportunity, org = _shift_context(shift_id)
    errors: dict = {}
    chosen = [_id(value) for value in request.form.getlist("hours")[:500]]
    decisions = []
    for hours_id in chosen:
        minutes = _int_or_none(f"minutes-{hours_id}", errors)
        if minutes is not None and not 1 <= minutes <= 1440:
            errors[f"minutes-{hours_id}"] = [Msg("field.minutes_range")]
        decisions.append((hours_id, minutes))
    if errors or not decisions:
        errors = errors or {"hours": [Msg("field.none_chosen")]}
        return _shift_page(user, shift, opportunity, org, field_errors(InvalidInput("detail.validation", errors=errors)),
                           422)
    coordination.approve_hours_in_bulk(user, shift.id, decisions)  # a refusal rolls back all of them
    return _flash_to("organisation.shift", "approved", shift_id=shift_id, _anchor="uren")
