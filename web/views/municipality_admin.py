"""The municipality's staff pages beside the dashboard (/gemeente): the verification queue (organisations,
intermediaries and shops, with what they submitted: approve, or turn down with a reason the applicant reads) and
the neighbourhoods (names and focus flags). Roles: municipality_roles.py.

Every change is one operation of backend/, which checks that the staff member works for the municipality of what
they change: staff of Vlaardingen get 403 for anything of Maassluis, here as in the API.
"""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, abort, redirect, render_template, request, url_for

from backend.accounts.models import User
from backend.campaigns import merchant_review
from backend.organisations import intermediaries, verification
from backend.organisations.operations import set_verified
from backend.places.operations import staff_neighbourhoods, staffed_municipalities, update_neighbourhood
from backend.places.schemas import NeighbourhoodPatchSchema
from web.access import current_user, page
from web.forms import attempt, load_form, uuid_or_404
from web.review import turn_down

bp = Blueprint("municipality_admin", __name__, url_prefix="/gemeente", template_folder="../templates")

STAFF = ("municipality_staff", "admin")
# What the queue holds, by the word in its URLs: (approve, reject) operations.
DECISIONS = {
    "organisatie": (lambda actor, i: set_verified(actor, i, True), verification.reject_organisation),
    "intermediair": (intermediaries.approve_application, intermediaries.reject_application),
    "winkel": (merchant_review.approve_merchant, merchant_review.reject_merchant),
}


def chosen_municipality() -> tuple[list, str]:
    """The municipalities the staff member works for, and the one asked for (?gemeente= or the form's field);
    the operations check the choice."""
    municipalities = staffed_municipalities(current_user())
    if not municipalities:
        abort(403)
    return municipalities, request.values.get("gemeente") or municipalities[0].slug


def staff_page(template: str, contents: Callable[[User, str], dict], errors: dict | None = None,
               typed: dict | None = None):
    """A page of the chosen municipality for its staff: ``contents(actor, municipality slug)`` fills it; with
    ``errors`` (422) a form is shown again with what was ``typed``, by field."""
    municipalities, chosen = chosen_municipality()
    return render_template(template, municipalities=municipalities, chosen=chosen, errors=errors or {},
                           typed=typed or {}, done=request.args.get("done"),
                           **contents(current_user(), chosen)), (422 if errors else 200)


# --- verification -----------------------------------------------------------------------------------------------

@bp.route("/verificatie", methods=["GET"])
@page(*STAFF)
def queue():
    return _queue()


def _queue(errors: dict | None = None, typed: dict | None = None):
    return staff_page("municipality/verification.html", lambda user, chosen: {
        "organisations": verification.pending_organisations(user, chosen),
        "applications": intermediaries.pending_applications(user, chosen),
        "shops": merchant_review.pending_merchants(user, chosen)}, errors, typed)


@bp.route("/verificatie/<kind>/<item_id>/goedkeuren", methods=["POST"])
@page(*STAFF)
def approve(kind, item_id):
    (approve_item, _reject), back = _decision(kind)
    approve_item(current_user(), uuid_or_404(item_id))
    return back("approved")


@bp.route("/verificatie/<kind>/<item_id>/afwijzen", methods=["POST"])
@page(*STAFF)
def reject(kind, item_id):
    (_approve, reject_item), back = _decision(kind)
    errors, typed = turn_down(kind, uuid_or_404(item_id), reject_item)
    return _queue(errors, typed) if errors else back("rejected")


def _decision(kind: str):
    """The (approve, reject) operations for the queue's ``kind`` of item (404 for another word), and the way back
    to the queue of the chosen municipality, saying what was done."""
    if kind not in DECISIONS:
        abort(404)
    _municipalities, chosen = chosen_municipality()
    return DECISIONS[kind], lambda done: redirect(url_for("municipality_admin.queue", gemeente=chosen, done=done),
                                                  code=303)


# --- neighbourhoods ---------------------------------------------------------------------------------------------

@bp.route("/wijken", methods=["GET"])
@page(*STAFF)
def neighbourhoods():
    return _neighbourhoods()


def _neighbourhoods(errors: dict | None = None, typed: dict | None = None):
    def by_district(user, chosen) -> dict:
        districts: dict[str, list] = {}
        for hood in staff_neighbourhoods(user, chosen):
            districts.setdefault(hood.district, []).append(hood)
        return {"districts": districts}

    return staff_page("municipality/neighbourhoods.html", by_district, errors, typed)


@bp.route("/wijken/<hood_slug>", methods=["POST"])
@page(*STAFF)
def save_neighbourhood(hood_slug):
    _municipalities, chosen = chosen_municipality()
    # One name field per neighbourhood on the page: read as "name", its errors shown at that neighbourhood's field.
    field, typed = f"name-{hood_slug}", request.form.get("name", "").strip()[:200]
    data, errors = load_form(NeighbourhoodPatchSchema(only=("name", "is_focus")), names={"name": field},
                             convert={"name": lambda form: form.get("name", "").strip() or None},
                             blank={"name": ""})  # a name emptied is refused, not left as it was
    errors = attempt(errors, lambda: update_neighbourhood(current_user(), chosen, hood_slug, data), {"name": field})
    if errors:
        return _neighbourhoods(errors, {field: typed})
    return redirect(url_for("municipality_admin.neighbourhoods", gemeente=chosen, done="saved") + f"#{hood_slug}",
                    code=303)
