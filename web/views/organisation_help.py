"""Neighbourhood teams and other intermediaries at /organisatie/hulpvragen: post a request for help on behalf of a
resident (with their consent), follow it, accept an offer for the resident, close it.

The same operations as the API (backend.help.requests and backend.help.offers): they check that only the one who
posted sees the request, its offers and its address; the address goes to the accepted volunteer only.
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from backend.accounts.privacy import current_statement
from backend.errors import DomainError
from backend.help import offers, posted
from backend.help import requests as help_requests
from backend.help.models import CATEGORIES, URGENCIES
from backend.help.results import OwnerView
from backend.help.schemas import HelpRequestInSchema
from backend.organisations import intermediaries
from backend.organisations.schemas import IntermediaryApplicationInSchema
from backend.places.operations import list_municipalities
from web.access import current_user, page
from web.forms import field_errors, load_form, local_moment, uuid_or_404 as _id

bp = Blueprint("organisation_help", __name__, url_prefix="/organisatie/hulpvragen", template_folder="../templates")

# How the resident gave their consent, as the form and the request's page name it.
CONSENT_METHOD_LABELS = {"verbal": _l("In person (verbally)"), "written": _l("In writing"),
                         "phone": _l("By telephone"), "email": _l("By e-mail")}


@bp.route("", methods=["GET"])
@page("intermediary")
def index():
    return render_template("organisation/help_index.html", requests=posted.my_posted_requests(current_user()),
                           done=request.args.get("done"))


# The schema's fields -> the form's (also where the operation's errors are shown); the resident's own form
# (web.views.asking) reads the same fields.
FORM_NAMES = {"window_start": "start", "window_end": "end", "address.postcode": "postcode",
          "address.house_number": "house_number", "address.street": "street", "consent": "consent",
          "consent.given": "consent", "consent.text_version": "consent", "consent.method": "consent_method"}
FORM_CONVERT = {"window_start": local_moment("day", "start"), "window_end": local_moment("day", "end"),
            "consent.text_version": lambda form: form.get("consent_version", "").strip() or None}


def post_help_request(names: dict, convert: dict):
    """The posted form read through the API's schema and handed to the one operation: (the request, or None when
    the form must be shown again; what was typed; the errors per form field). Also the resident's own form."""
    form = request.form.to_dict()
    data, errors = load_form(HelpRequestInSchema, names=names, convert=convert)
    if errors:
        return None, form, errors
    try:
        return help_requests.create_help_request(current_user(), data), form, {}
    except DomainError as exc:
        return None, form, field_errors(exc, names)


@bp.route("/nieuw", methods=["GET", "POST"])
@page("intermediary")
def new():
    statement = current_statement()
    form, errors = {"urgency": "normal", "category": "groceries"}, {}
    if request.method == "POST":
        created, form, errors = post_help_request(FORM_NAMES, FORM_CONVERT)
        if created is not None:
            return redirect(url_for("organisation_help.detail", request_id=created.id, done="posted"), code=303)
    return render_template("organisation/help_form.html", form=form, errors=errors, statement=statement,
                           categories=CATEGORIES, urgencies=URGENCIES,
                           consent_methods=CONSENT_METHOD_LABELS), (422 if errors else 200)


@bp.route("/aanmelden", methods=["GET", "POST"])
@page("authenticated")
def apply():
    """Ask the municipality to let me post for residents; here I also read its decision (and why)."""
    form, errors = {}, {}
    if request.method == "POST":
        form = request.form.to_dict()
        data, errors = load_form(IntermediaryApplicationInSchema)
        if not errors:
            try:
                intermediaries.apply_as_intermediary(current_user(), **data)
                return redirect(url_for("organisation_help.apply", done="applied"), code=303)
            except DomainError as exc:
                errors = field_errors(exc)
    municipalities, _cursor = list_municipalities(limit=100, cursor=None)
    return render_template("organisation/apply.html", form=form, errors=errors, municipalities=municipalities,
                           applications=intermediaries.my_applications(current_user()),
                           names={m.id: m.name for m in municipalities},
                           done=request.args.get("done")), (422 if errors else 200)


@bp.route("/<request_id>", methods=["GET"])
@page("intermediary")
def detail(request_id):
    view = help_requests.get_help_request(current_user(), _id(request_id))
    if not isinstance(view, OwnerView):  # not the one who posted it: as if it did not exist
        abort(404)
    address = help_requests.reveal_address(current_user(), view.id)
    return render_template("organisation/help_detail.html", view=view, address=address,
                           consent_methods=CONSENT_METHOD_LABELS, done=request.args.get("done"))


@bp.route("/<request_id>/aanbod/<offer_id>/accepteren", methods=["POST"])
@page("intermediary")
def accept(request_id, offer_id):
    offers.accept_offer(current_user(), _id(request_id), _id(offer_id))
    return redirect(url_for("organisation_help.detail", request_id=request_id, done="accepted"), code=303)


@bp.route("/<request_id>/sluiten", methods=["POST"])
@page("intermediary")
def close(request_id):
    help_requests.cancel_help_request(current_user(), _id(request_id))
    return redirect(url_for("organisation_help.detail", request_id=request_id, done="closed"), code=303)
