"""The organisation's side at /organisatie: organisations, co-coordinators, vacancies, shifts, roster, candidates,
the door and the hours.

Thin views: read the form, call one operation (the same as the API's, which checks who may do what), render or
redirect (303, post/redirect/get). An id that is not a UUID is simply not found.
"""
from __future__ import annotations

import uuid

import segno
from babel import Locale
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale

from backend.engagements import attendance, coordination, schedule_changes
from backend.engagements import operations as engagements
from backend.engagements.results import HoursInfo
from backend.errors import DomainError, InvalidInput
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.opportunities import operations as opportunities
from backend.opportunities import shifts
from backend.opportunities.schemas import ShiftInSchema, ShiftPatchSchema, VacancyInSchema
from backend.opportunities.recurrence import WEEKDAYS
from backend.organisations import operations as organisations
from backend.organisations.schemas import InviteSchema, OrganisationInSchema, OrganisationProfileSchema
from backend.recommendations import operations as recommendations
from backend.taxonomy import taxonomy
from web.access import current_user, page
from web.forms import field_errors, load_form, local_moment, text
from web.themes import current_theme

bp = Blueprint("organisation", __name__, url_prefix="/organisatie", template_folder="../templates")

COORDINATING = ("coordinator", "admin")
STATUS_ACTIONS = {"publish": "published", "pause": "paused", "close": "closed"}
CANDIDATES = 10


def _id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        abort(404)


def _see_other(endpoint: str, **values):
    return redirect(url_for(endpoint, **values), code=303)


def _flash_to(endpoint: str, done: str, **values):
    return redirect(url_for(endpoint, done=done, **values), code=303)


# --- my organisations -------------------------------------------------------------------------------------------

@bp.route("", methods=["GET"])
@page("authenticated")
def index():
    mine = organisations.my_organisations(current_user())
    return render_template("organisation/index.html", mine=mine, done=request.args.get("done"))


@bp.route("/nieuw", methods=["GET", "POST"])
@page("authenticated")
def register():
    form, errors = {}, {}
    if request.method == "POST":
        form = request.form.to_dict()
        data, errors = load_form(OrganisationInSchema, values={"municipality": current_theme().slug})
        if not errors:
            try:
                org = organisations.create_organisation(current_user(), **data)
                return _flash_to("organisation.dashboard", "registered", org_id=org.id)
            except DomainError as exc:
                errors = field_errors(exc)
    return render_template("organisation/register.html", form=form, errors=errors), (422 if errors else 200)


@bp.route("/<org_id>/uitnodiging", methods=["POST"])
@page("authenticated")
def accept_invitation(org_id):
    organisations.accept_invitation(current_user(), _id(org_id))
    return _flash_to("organisation.dashboard", "joined", org_id=org_id)


@bp.route("/<org_id>", methods=["GET"])
@page(*COORDINATING)
def dashboard(org_id):
    return _dashboard(_id(org_id))


def _dashboard(org_id: uuid.UUID, errors: dict | None = None):
    """The organisation's page; with ``errors`` (422) it re-shows a form of it that was refused."""
    user = current_user()
    org = coordination.coordinated_organisation(user, org_id)
    return render_template(
        "organisation/dashboard.html", org=org, mine=organisations.my_organisations(user),
        vacancies=coordination.organisation_vacancies(user, org.id),
        overview=coordination.week_overview(user, org.id),
        coordinators=organisations.list_coordinators(user, org.id),
        done=None if errors else request.args.get("done"), errors=errors or {}), (422 if errors else 200)


@bp.route("/<org_id>/profiel", methods=["POST"])
@page(*COORDINATING)
def update_profile(org_id):
    data, errors = load_form(OrganisationProfileSchema, blank={"description": "", "website": None})
    if not errors:
        try:
            coordination.update_profile(current_user(), _id(org_id), **data)
        except InvalidInput as exc:
            errors = field_errors(exc)
    if errors:
        return _dashboard(_id(org_id), errors)
    return _flash_to("organisation.dashboard", "saved", org_id=org_id, _anchor="profile-title")


@bp.route("/<org_id>/coordinatoren", methods=["POST"])
@page(*COORDINATING)
def invite_coordinator(org_id):
    data, errors = load_form(InviteSchema)
    if not errors:
        try:
            organisations.invite_coordinator(current_user(), _id(org_id), data["email"])
        except InvalidInput as exc:
            errors = field_errors(exc)
    if errors:
        return _dashboard(_id(org_id), errors)
    return _flash_to("organisation.dashboard", "invited", org_id=org_id, _anchor="coordinatoren")


@bp.route("/<org_id>/coordinatoren/<user_id>/verwijderen", methods=["POST"])
@page(*COORDINATING)
def remove_coordinator(org_id, user_id):
    organisations.remove_coordinator(current_user(), _id(org_id), _id(user_id))
    return _flash_to("organisation.dashboard", "removed", org_id=org_id, _anchor="coordinatoren")


@bp.route("/<org_id>/uren.csv", methods=["GET"])
@page(*COORDINATING)
def hours_export(org_id):
    body = coordination.hours_csv(current_user(), _id(org_id))
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="doemee-uren.csv"'})


# --- vacancies --------------------------------------------------------------------------------------------------

def _choices() -> dict:
    tax, locale = taxonomy(), str(get_locale())
    skills = sorted(((s["code"], s.get(f"label_{locale}") or s["label_nl"]) for s in tax["skills"]),
                    key=lambda pair: pair[1].lower())
    names = Locale.parse(locale).languages
    languages = [(code, names.get(code, code)) for code in tax["languages"]]
    return {"interests": tax["interests"], "skills": skills, "languages": languages, "weekdays": WEEKDAYS}


# The vacancy schema's fields -> the form's (errors of the weekly rule as a whole are shown at "regular").
_NAMES = {"recurrence": "commitment", "recurrence.weekdays": "weekdays", "recurrence.start": "rule_start",
          "recurrence.end": "rule_end", "recurrence.capacity": "rule_capacity", "recurrence.weeks": "rule_weeks",
          "recurrence.starting": "rule_starting"}
# The form shows every field, so a blank one says "none": no place, no minimum age, no skills, no text.
_BLANK = {"description": "", "postcode": None, "min_age": None, "required_skills": [], "nice_skills": [],
          "languages": []}


def _vacancy_form() -> tuple[dict, dict]:
    """The form through the API's schema: (the operation's data, {}) or (what was typed, the errors). A regular
    vacancy needs its weekly rule; a one-off one has none (whatever the hidden rule fields hold)."""
    if request.form.get("commitment") == "regular":
        return load_form(VacancyInSchema, names=_NAMES, blank={**_BLANK, "recurrence": {}})
    return load_form(VacancyInSchema, names=_NAMES, blank=_BLANK, values={"recurrence": None})


def _form_of(opportunity) -> dict:
    rule = opportunity.recurrence or {}
    return {"title": opportunity.title, "description": opportunity.description, "category": opportunity.category,
            "required_skills": opportunity.required_skills, "nice_skills": opportunity.nice_skills,
            "languages": opportunity.languages, "remote": opportunity.remote, "postcode": opportunity.postcode,
            "requires_vog": opportunity.requires_vog, "min_age": opportunity.min_age,
            "commitment": opportunity.commitment, "recurrence": rule or None}


@bp.route("/<org_id>/vacatures/nieuw", methods=["GET", "POST"])
@page(*COORDINATING)
def new_vacancy(org_id):
    user = current_user()
    org = coordination.coordinated_organisation(user, _id(org_id))
    form, errors, preview = {"commitment": "one_off"}, {}, None
    if request.method == "POST":
        form, errors = _vacancy_form()
        if errors:
            pass
        elif request.form.get("action") == "preview" and form.get("recurrence"):
            try:
                preview = coordination.preview_rule(form["recurrence"])
            except InvalidInput as exc:
                errors = field_errors(exc, _NAMES)
        else:
            try:
                opportunity = opportunities.create_vacancy(user, org.id, form)
                return _flash_to("organisation.vacancy", "created", opp_id=opportunity.id)
            except DomainError as exc:
                errors = field_errors(exc, _NAMES)
    return render_template("organisation/vacancy_form.html", org=org, form=form, errors=errors, preview=preview,
                           opportunity=None, **_choices()), (422 if errors else 200)


@bp.route("/vacatures/<opp_id>/bewerken", methods=["GET", "POST"])
@page(*COORDINATING)
def edit_vacancy(opp_id):
    user = current_user()
    opportunity = coordination.coordinated_vacancy(user, _id(opp_id))
    org = coordination.coordinated_organisation(user, opportunity.organisation_id)
    form, errors, preview = _form_of(opportunity), {}, None
    if request.method == "POST":
        form, errors = _vacancy_form()
        if errors:
            pass
        elif request.form.get("action") == "preview" and form.get("recurrence"):
            try:
                preview = coordination.preview_rule(form["recurrence"])
            except InvalidInput as exc:
                errors = field_errors(exc, _NAMES)
        else:
            try:
                opportunities.update_vacancy(user, opportunity.id, form)
                return _flash_to("organisation.vacancy", "saved", opp_id=opportunity.id)
            except DomainError as exc:
                errors = field_errors(exc, _NAMES)
    return render_template("organisation/vacancy_form.html", org=org, form=form, errors=errors, preview=preview,
                           opportunity=opportunity, **_choices()), (422 if errors else 200)


@bp.route("/vacatures/<opp_id>", methods=["GET"])
@page(*COORDINATING)
def vacancy(opp_id):
    user = current_user()
    opportunity = coordination.coordinated_vacancy(user, _id(opp_id))
    org = coordination.coordinated_organisation(user, opportunity.organisation_id)
    return _vacancy_page(org, opportunity, {}, 200)


def _vacancy_page(org, opportunity, errors, status, form=None):
    return render_template("organisation/vacancy.html", org=org, opportunity=opportunity,
                           shifts=coordination.vacancy_shifts(current_user(), opportunity.id), errors=errors,
                           form=form or {}, now=utcnow(), done=request.args.get("done"),
                           transitions=opportunities.TRANSITIONS[opportunity.status]), status


@bp.route("/vacatures/<opp_id>/status", methods=["POST"])
@page(*COORDINATING)
def change_status(opp_id):
    user = current_user()
    target = STATUS_ACTIONS.get(request.form.get("action", ""))
    if target is None:
        abort(400)
    try:
        schedule_changes.change_status(user, _id(opp_id), target)
    except DomainError as exc:
        opportunity = coordination.coordinated_vacancy(user, _id(opp_id))
        org = coordination.coordinated_organisation(user, opportunity.organisation_id)
        return _vacancy_page(org, opportunity, field_errors(exc), exc.status)
    return _flash_to("organisation.vacancy", target, opp_id=opp_id)


# The shift schema's fields -> the form's.
_SHIFT_NAMES = {"starts_at": "shift_start", "ends_at": "shift_end", "capacity": "shift_capacity"}
_SHIFT_CONVERT = {"starts_at": local_moment("shift_date", "shift_start"),
                  "ends_at": local_moment("shift_date", "shift_end")}


@bp.route("/vacatures/<opp_id>/diensten", methods=["POST"])
@page(*COORDINATING)
def add_shift(opp_id):
    user = current_user()
    opportunity = coordination.coordinated_vacancy(user, _id(opp_id))
    data, errors = load_form(ShiftInSchema, names=_SHIFT_NAMES, convert=_SHIFT_CONVERT)
    form = {k: text(k, 10) for k in ("shift_date", "shift_start", "shift_end", "shift_capacity")}
    if not errors:
        try:
            shifts.create_shift(user, opportunity.id, **data)
            return _flash_to("organisation.vacancy", "shift_added", opp_id=opp_id, _anchor="diensten")
        except DomainError as exc:
            errors = field_errors(exc, _SHIFT_NAMES)
    org = coordination.coordinated_organisation(user, opportunity.organisation_id)
    return _vacancy_page(org, opportunity, errors, 422, form)


@bp.route("/diensten/<shift_id>/capaciteit", methods=["POST"])
@page(*COORDINATING)
def change_capacity(shift_id):
    user = current_user()
    shift = coordination.coordinated_shift(user, _id(shift_id))
    # One capacity field per shift on the page: read as "capacity", its errors shown at that shift's field.
    names = {"capacity": f"capacity-{shift.id}"}
    data, errors = load_form(ShiftPatchSchema(only=("capacity",)), names=names,
                             convert={"capacity": lambda form: form.get("capacity", "").strip() or None})
    status = 422
    try:
        if not errors and data:  # blank: nothing changes, as a PATCH without it
            schedule_changes.update_shift(user, shift.id, data)
    except DomainError as exc:
        errors, status = field_errors(exc, names), exc.status
    if errors:
        opportunity = coordination.coordinated_vacancy(user, shift.opportunity_id)
        org = coordination.coordinated_organisation(user, opportunity.organisation_id)
        return _vacancy_page(org, opportunity, errors, status)
    return _flash_to("organisation.vacancy", "capacity", opp_id=shift.opportunity_id, _anchor="diensten")


@bp.route("/diensten/<shift_id>/annuleren", methods=["POST"])
@page(*COORDINATING)
def cancel_shift(shift_id):
    shift = schedule_changes.cancel_shift(current_user(), _id(shift_id))
    return _flash_to("organisation.vacancy", "shift_cancelled", opp_id=shift.opportunity_id, _anchor="diensten")


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
    return _flash_to("organisation.shift", "invited", shift_id=shift_id)


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
