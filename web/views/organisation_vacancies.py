"""The organisation portal's vacancies (/organisatie): new and edit, the vacancy's page, its status, its shifts.

Thin views, as in organisation.py (the same blueprint)."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import get_locale

from backend.engagements import coordination, schedule_changes
from backend.errors import DomainError, InvalidInput
from backend.models_base import utcnow
from backend.opportunities import operations as opportunities
from backend.opportunities import shifts, whereabouts
from backend.opportunities.schemas import ShiftInSchema, ShiftPatchSchema, VacancyInSchema
from backend.opportunities.recurrence import WEEKDAYS
from backend.taxonomy import taxonomy
from web.access import current_user, page
from web.forms import field_errors, load_form, local_moment, text, uuid_or_404 as _id
from web.labels import language_name
from web.views.organisation import COORDINATING, _flash_to, bp

STATUS_ACTIONS = {"publish": "published", "pause": "paused", "close": "closed"}

# --- vacancies --------------------------------------------------------------------------------------------------

def _choices() -> dict:
    tax, locale = taxonomy(), str(get_locale())
    skills = sorted(((s["code"], s.get(f"label_{locale}") or s["label_nl"]) for s in tax["skills"]),
                    key=lambda pair: pair[1].lower())
    languages = [(code, language_name(code)) for code in tax["languages"]]
    return {"interests": tax["interests"], "skills": skills, "languages": languages, "weekdays": WEEKDAYS}


# The vacancy schema's fields -> the form's (errors of the weekly rule as a whole are shown at "regular").
_NAMES = {"recurrence": "commitment", "recurrence.weekdays": "weekdays", "recurrence.start": "rule_start",
          "recurrence.end": "rule_end", "recurrence.capacity": "rule_capacity", "recurrence.weeks": "rule_weeks",
          "recurrence.starting": "rule_starting",
          "place": "place_street", "place.name": "place_name", "place.street": "place_street",
          "place.directions": "place_directions", "place.latitude": "place_latitude",
          "place.longitude": "place_longitude", "contact": "contact_person", "contact.person_id": "contact_person",
          "contact.channel": "contact_channel", "contact.phone": "contact_phone"}
# The form shows every field, so a blank one says "none": no place, no minimum age, no skills, no text.
_BLANK = {"description": "", "postcode": None, "min_age": None, "required_skills": [], "nice_skills": [],
          "languages": [], "place": None}


def _vacancy_form() -> tuple[dict, dict]:
    """The form through the API's schema: (the operation's data, {}) or (what was typed, the errors). A regular
    vacancy needs its weekly rule; a one-off one has none (whatever the hidden rule fields hold)."""
    # No contact person chosen: none (whatever channel is ticked).
    values = {} if request.form.get("contact_person") else {"contact": None}
    if request.form.get("commitment") == "regular":
        return load_form(VacancyInSchema, names=_NAMES, blank={**_BLANK, "recurrence": {}}, values=values)
    return load_form(VacancyInSchema, names=_NAMES, blank=_BLANK, values={**values, "recurrence": None})


def _form_of(opportunity) -> dict:
    rule = opportunity.recurrence or {}
    return {"title": opportunity.title, "description": opportunity.description, "category": opportunity.category,
            "required_skills": opportunity.required_skills, "nice_skills": opportunity.nice_skills,
            "languages": opportunity.languages, "remote": opportunity.remote, "postcode": opportunity.postcode,
            "requires_vog": opportunity.requires_vog, "min_age": opportunity.min_age,
            "commitment": opportunity.commitment, "recurrence": rule or None,
            "place": whereabouts.place_dict(opportunity.meeting_place),
            "contact": whereabouts.contact_dict(opportunity)}


@bp.route("/<org_id>/vacatures/nieuw", methods=["GET", "POST"])
@page(*COORDINATING)
def new_vacancy(org_id):
    user = current_user()
    org = coordination.coordinated_organisation(user, _id(org_id))
    first = {"commitment": "one_off", "contact": {"person_id": user.id, "channel": "email"}}
    return _vacancy_form_page(org, None, first, "created",
                              lambda form: opportunities.create_vacancy(user, org.id, form))


@bp.route("/vacatures/<opp_id>/bewerken", methods=["GET", "POST"])
@page(*COORDINATING)
def edit_vacancy(opp_id):
    user = current_user()
    opportunity = coordination.coordinated_vacancy(user, _id(opp_id))
    org = coordination.coordinated_organisation(user, opportunity.organisation_id)
    return _vacancy_form_page(org, opportunity, _form_of(opportunity), "saved",
                              lambda form: opportunities.update_vacancy(user, opportunity.id, form))


def _vacancy_form_page(org, opportunity, form: dict, done: str, save):
    """The vacancy form (new or edit): a GET shows ``form``; a POST previews the weekly rule's dates, or saves the
    vacancy with ``save(form)`` (which returns it) and goes to its page."""
    errors, preview = {}, None
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
                saved = save(form)
                return _flash_to("organisation.vacancy", done, opp_id=saved.id)
            except DomainError as exc:
                errors = field_errors(exc, _NAMES)
    return render_template("organisation/vacancy_form.html", org=org, form=form, errors=errors, preview=preview,
                           opportunity=opportunity, people=whereabouts.contact_people(org.id),
                           **_choices()), (422 if errors else 200)


@bp.route("/vacatures/<opp_id>", methods=["GET"])
@page(*COORDINATING)
def vacancy(opp_id):
    user = current_user()
    opportunity = coordination.coordinated_vacancy(user, _id(opp_id))
    org = coordination.coordinated_organisation(user, opportunity.organisation_id)
    return _vacancy_page(org, opportunity, {}, 200)


def _vacancy_page(org, opportunity, errors, status, form=None):
    return render_template("organisation/vacancy.html", org=org, opportunity=opportunity,
                           where=whereabouts.whereabouts_of([opportunity.id], with_contact=True)[opportunity.id],
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
