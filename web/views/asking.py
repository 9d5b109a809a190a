"""Residents ask for help themselves at /mijn/hulpvragen: ask ("Hulp vragen"), follow their requests with the offers
received ("Mijn hulpvragen"), choose one helper, close with a thank-you, or withdraw a request.

The same schema and operations as the API (backend.help) and the intermediary's pages (web.views.organisation_help):
the operations decide who sees a request, its offers and its address; the address goes to the chosen volunteer
only. A resident's home (for one who joined to ask for help, not to volunteer) is drawn here too; /mijn includes
its links (account/home.html).
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from backend.accounts.operations import add_own_role
from backend.help import offers, posted, thanks
from backend.help import requests as help_requests
from backend.help.phone import display
from backend.help.results import OwnerView
from backend.volunteers.taxonomy_ops import list_skills
from web.access import current_user, page
from web.forms import uuid_or_404 as _id
from web.labels import skill_label
from web.views.organisation_help import FORM_CONVERT, FORM_NAMES, post_help_request
from web.views.profile import my_profile

bp = Blueprint("asking", __name__, url_prefix="/mijn/hulpvragen", template_folder="../templates")

# What kind of help, in the words a neighbour would use (the codes are the API's categories).
KINDS = {"groceries": _l("Groceries or an errand"), "odd_jobs": _l("A small job in or around the house"),
         "company": _l("Company: a chat, a walk, a cup of coffee"),
         "transport": _l("A lift, for example to the doctor or the hospital"),
         "digital_help": _l("Help with a computer, tablet or phone"), "paperwork": _l("Help with letters and forms"),
         "respite_care": _l("Someone to take over my care for a while, so I can rest")}
URGENCY_WORDS = {"low": _l("No hurry"), "normal": _l("Within a week is fine"), "high": _l("Soon, please"),
                 "urgent": _l("Very urgent: today or tomorrow")}
CONTACT_WORDS = {"doemee": _l("In DoeMee (my phone number stays private)"),
                 "phone": _l("By phone: the volunteer I choose may call me")}
# Where a request stands, as the resident would say it.
STATUS_WORDS = {"published": _l("Open: waiting for offers"), "filled": _l("Your helper is coming"),
                "closed": _l("Closed")}
WHEN_WORDS = {"flexibel": _l("Flexible: any time in the next two weeks"), "moment": _l("On a day and time I choose")}


def _flexible(form) -> bool:
    return form.get("when") == "flexibel"


# "Flexible" needs no moment: the day and times are read only when the resident chose a moment.
_CONVERT = {**FORM_CONVERT, "flexible": _flexible,
            "window_start": lambda form: None if _flexible(form) else FORM_CONVERT["window_start"](form),
            "window_end": lambda form: None if _flexible(form) else FORM_CONVERT["window_end"](form)}
_NAMES = {**FORM_NAMES, "flexible": "when"}


@bp.app_template_global()
def asks_for_help_only() -> bool:
    """A resident who does not (yet) volunteer gets a resident's home: asking, not the volunteer's menu."""
    user = current_user()
    return user is not None and user.has_role("resident") and my_profile() is None


@bp.route("", methods=["GET"])
@page("authenticated")
def index():
    user = current_user()
    mine = posted.my_posted_requests(user) if user.has_role("resident") else []
    return render_template("asking/index.html", requests=mine, statuses=STATUS_WORDS)


@bp.route("/aanzetten", methods=["POST"])
@page("authenticated")
def take_up():
    """A volunteer who needs a hand themselves: ask for help too (the API's POST /me/roles)."""
    add_own_role(current_user(), "resident")
    return redirect(url_for("asking.new"), code=303)


@bp.route("/nieuw", methods=["GET", "POST"])
@page("authenticated")
def new():
    if not current_user().has_role("resident"):
        return redirect(url_for("asking.index"), code=303)
    form, errors = {"urgency": "normal", "when": "flexibel", "contact": "doemee"}, {}
    if request.method == "POST":
        created, form, errors = post_help_request(_NAMES, _CONVERT)
        if created is not None:
            return redirect(url_for("asking.detail", request_id=created.id, done="asked"), code=303)
    return render_template("asking/form.html", form=form, errors=errors, kinds=KINDS, urgencies=URGENCY_WORDS,
                           contact_ways=CONTACT_WORDS, when_words=WHEN_WORDS), (422 if errors else 200)


@bp.route("/<request_id>", methods=["GET"])
@page("authenticated")
def detail(request_id):
    view = help_requests.get_help_request(current_user(), _id(request_id))
    if not isinstance(view, OwnerView):  # not theirs: as if it did not exist
        abort(404)
    skills, _cursor = list_skills(limit=200, cursor=None)
    address = help_requests.reveal_address(current_user(), view.id)
    return render_template("asking/detail.html", view=view, address=address,
                           phone_shown=display(address.phone) if address.phone else None, kinds=KINDS,
                           urgencies=URGENCY_WORDS, statuses=STATUS_WORDS,
                           skills={s.code: skill_label(s) for s in skills}, done=request.args.get("done"))


@bp.route("/<request_id>/aanbod/<offer_id>/kiezen", methods=["POST"])
@page("authenticated")
def accept(request_id, offer_id):
    offers.accept_offer(current_user(), _id(request_id), _id(offer_id))
    return redirect(url_for("asking.detail", request_id=request_id, done="accepted"), code=303)


# The request's own steps: the URL's word -> (the operation, the message shown after it).
_STEPS = {"bedanken": (thanks.thank_and_close, "thanked"),
          "intrekken": (help_requests.cancel_help_request, "withdrawn")}


@bp.route("/<request_id>/bedanken", methods=["POST"], defaults={"step": "bedanken"})
@bp.route("/<request_id>/intrekken", methods=["POST"], defaults={"step": "intrekken"})
@page("authenticated")
def close(request_id, step):
    """Close with thanks (I was helped) or withdraw (no longer needed)."""
    operation, done = _STEPS[step]
    operation(current_user(), _id(request_id))
    return redirect(url_for("asking.detail", request_id=request_id, done=done), code=303)
