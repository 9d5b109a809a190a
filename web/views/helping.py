"""Requests for help near me, for volunteers: the list, one request (its neighbourhood and distance only), offering
and withdrawing help, and, once the neighbour accepted my offer, the address and their first name."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from backend.errors import NotFound
from backend.help import offers
from backend.help import requests as help_requests
from backend.help.contact import contact_for_helper
from web.access import current_user, page
from web.views.profile import my_profile

bp = Blueprint("helping", __name__, template_folder="../templates")

ACCEPTED = ("accepted", "checked_in")


@bp.route("/hulpvragen")
@page("volunteer")
def nearby():
    if my_profile() is None:
        return redirect(url_for("profile.overview"), code=303)
    items, next_cursor = help_requests.list_nearby(current_user(), limit=30, cursor=request.args.get("verder") or None)
    return render_template("volunteer/help_list.html", items=items, next_cursor=next_cursor)


@bp.route("/hulpvragen/<uuid:help_request_id>")
@page("volunteer")
def detail(help_request_id):
    view = help_requests.get_help_request(current_user(), help_request_id)
    offer = _get(view, "my_offer")
    contact = None
    if offer is not None and _get(offer, "status") in ACCEPTED:
        contact = contact_for_helper(current_user(), help_request_id)
    return render_template("volunteer/help_request.html", item=view, offer=offer, contact=contact,
                           args=request.args)


@bp.route("/hulpvragen/<uuid:help_request_id>/aanbieden", methods=["POST"])
@page("volunteer")
def offer(help_request_id):
    offers.offer_help(current_user(), help_request_id)
    return redirect(url_for("helping.detail", help_request_id=help_request_id, aangeboden=1), code=303)


@bp.route("/hulpvragen/<uuid:help_request_id>/intrekken", methods=["POST"])
@page("volunteer")
def withdraw(help_request_id):
    view = help_requests.get_help_request(current_user(), help_request_id)
    offer = _get(view, "my_offer")
    if offer is None:
        raise NotFound("detail.not_found", what="Offer")
    offers.withdraw_offer(current_user(), help_request_id, _get(offer, "id"))
    return redirect(url_for("helping.detail", help_request_id=help_request_id, ingetrokken=1), code=303)


def _get(view, name):
    return view.get(name) if isinstance(view, dict) else getattr(view, name, None)
