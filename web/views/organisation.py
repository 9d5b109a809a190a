"""The organisation's side at /organisatie: organisations, co-coordinators, vacancies, shifts, roster, candidates,
the door and the hours. One blueprint in three modules: the organisations and their coordinators here, the vacancies
and their shifts in organisation_vacancies.py, one shift (roster, candidates, door, hours) in organisation_shifts.py.

Thin views: read the form, call one operation (the same as the API's, which checks who may do what), render or
redirect (303, post/redirect/get). An id that is not a UUID is simply not found.
"""
from __future__ import annotations

import uuid

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import get_locale

from backend.engagements import coordination
from backend.errors import DomainError
from backend.organisations import operations as organisations
from backend.organisations.schemas import InviteSchema, OrganisationInSchema, OrganisationProfileSchema
from web.access import current_user, page
from web.forms import attempt, field_errors, load_form, uuid_or_404 as _id
from web.themes import current_theme

bp = Blueprint("organisation", __name__, url_prefix="/organisatie", template_folder="../templates")

COORDINATING = ("coordinator", "admin")


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
    errors = attempt(errors, lambda: coordination.update_profile(current_user(), _id(org_id), **data))
    if errors:
        return _dashboard(_id(org_id), errors)
    return _flash_to("organisation.dashboard", "saved", org_id=org_id, _anchor="profile-title")


@bp.route("/<org_id>/coordinatoren", methods=["POST"])
@page(*COORDINATING)
def invite_coordinator(org_id):
    data, errors = load_form(InviteSchema)
    errors = attempt(errors, lambda: organisations.invite_coordinator(current_user(), _id(org_id), data["email"]))
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
    body = coordination.hours_csv(current_user(), _id(org_id), str(get_locale()))
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="doemee-uren.csv"'})
