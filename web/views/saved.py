"""Favourites and saved searches (Mijn DoeMee > Bewaard): "Bewaren" on a vacancy and in the list; "Bewaar deze
zoekopdracht" on the open list, with how often and how the alert comes; changing and deleting them; and the stop
link of an alert's e-mail, which works without logging in (the signed token is the credential; opening it shows one
button, because mail scanners open links too).

A visitor without an account who taps "Bewaren" or "Bewaar deze zoekopdracht" goes to the login page and comes back
(the pages' ``next``), as signing up for a vacancy does. Each action has an API twin (mobile_api/resources/saved.py)
and loads its form through the same schema."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.saved import operations as saved
from backend.saved.schemas import FavouriteInSchema, SavedSearchInSchema, SavedSearchPatchSchema
from web import forms
from web.access import current_user, page
from web.labels import CATEGORIES, DAY_PARTS, KINDS, PREFERENCES, WEEKDAY_NAMES, label
from web.views.public import safe_next

bp = Blueprint("saved", __name__, template_folder="../templates")

# The open list's names of the filters (its query string), which the saved search's form carries along.
FILTER_NAMES = {"filters.near": "near", "filters.within_km": "afstand", "filters.kind": "kind",
                "filters.category": "category", "filters.weekdays": "weekdays", "filters.day_part": "day_part",
                "filters.commitment": "commitment"}


def _municipality() -> str:
    return current_app.extensions["doemee_config"]["WEB_MUNICIPALITY"]


def describe(filters: dict) -> list[str]:
    """The filters in words, for a person: ["3144 BA", "binnen 5 km", "dinsdag", "middag", ...] (the place as
    typed, the rest in lower case: they stand in a sentence)."""
    words = []
    if filters.get("within_km"):
        words.append(_("Within %(km)s km", km=filters["within_km"]))
    for name, table in (("kind", KINDS), ("category", CATEGORIES)):
        if filters.get(name):
            words.append(label(table, filters[name]))
    words += [str(WEEKDAY_NAMES.get(day, day)) for day in filters.get("weekdays") or ()]
    if filters.get("day_part") in DAY_PARTS:
        words.append(str(DAY_PARTS[filters["day_part"]][2]))
    if filters.get("commitment"):
        words.append(label(PREFERENCES, filters["commitment"]))
    return ([filters["near"]] if filters.get("near") else []) + [word.lower() for word in words]


def search_url(filters: dict) -> str:
    """The open list with a saved search's filters (its query string names)."""
    return url_for("find.index", **{FILTER_NAMES[f"filters.{key}"]: value for key, value in filters.items()
                                    if f"filters.{key}" in FILTER_NAMES})


def _back(default: str):
    return redirect(safe_next(request.form.get("next"), default), code=303)


# --- favourites ---------------------------------------------------------------------------------------------------

@bp.route("/mijn/bewaard")
@page("authenticated")
def index():
    return _saved_page({})


def _saved_page(errors: dict, status: int = 200):
    user = current_user()
    return render_template("saved/index.html", favourites=saved.list_favourites(user),
                           searches=saved.list_saved_searches(user), describe=describe, search_url=search_url, errors=errors,
                           done=request.args.get("klaar")), status


@bp.route("/mijn/bewaard", methods=["POST"])
@page("authenticated")
def add_favourite():
    data, errors = forms.load_form(FavouriteInSchema)
    if errors:
        return _saved_page(errors, 422)
    saved.add_favourite(current_user(), data["opportunity_id"])
    return _back(url_for("find.opportunity", opportunity_id=data["opportunity_id"]))


@bp.route("/mijn/bewaard/<uuid:opportunity_id>/weg", methods=["POST"])
@page("authenticated")
def remove_favourite(opportunity_id):
    saved.remove_favourite(current_user(), opportunity_id)
    return _back(url_for("saved.index"))


# --- saved searches -----------------------------------------------------------------------------------------------

def _new_search_page(form, errors, status=200):
    filters = {key.split(".", 1)[1]: (form.getlist(name) if name == "weekdays" else form.get(name))
               for key, name in FILTER_NAMES.items() if form.get(name)}
    words = describe(filters)
    suggestion = ", ".join(words) if words else _("All volunteer work")
    suggestion = suggestion[:1].upper() + suggestion[1:]
    return render_template("saved/new_search.html", form=form, filters=filters, words=words,
                           name=form.get("name", suggestion), errors=errors), status


@bp.route("/mijn/zoekopdrachten/nieuw")
@page("authenticated")
def new_search():
    """The open list's "Bewaar deze zoekopdracht": its filters come along in the query string."""
    return _new_search_page(request.args, {})


@bp.route("/mijn/zoekopdrachten/nieuw", methods=["POST"])
@page("authenticated")
def create_search():
    data, errors = forms.load_form(SavedSearchInSchema, names=FILTER_NAMES,
                                   values={"municipality": _municipality()})
    errors = forms.attempt(errors, lambda: saved.create_saved_search(current_user(), data), FILTER_NAMES)
    if errors:
        return _new_search_page(request.form, errors, 422)
    return redirect(url_for("saved.index", klaar="zoekopdracht"), code=303)


@bp.route("/mijn/zoekopdrachten/<uuid:search_id>", methods=["POST"])
@page("authenticated")
def update_search(search_id):
    data, errors = forms.load_form(SavedSearchPatchSchema)
    errors = forms.attempt(errors, lambda: saved.update_saved_search(current_user(), search_id, data))
    if errors:
        return _saved_page(errors, 422)
    return redirect(url_for("saved.index", klaar="gewijzigd"), code=303)


@bp.route("/mijn/zoekopdrachten/<uuid:search_id>/verwijderen", methods=["POST"])
@page("authenticated")
def delete_search(search_id):
    saved.delete_saved_search(current_user(), search_id)
    return redirect(url_for("saved.index", klaar="verwijderd"), code=303)


# --- the stop link ------------------------------------------------------------------------------------------------

@bp.route("/zoekopdracht/stop/<token>")
@page("public")
def stop(token):
    return render_template("saved/stop.html", token=token, search=saved.search_of_stop_token(token), stopped=False)


@bp.route("/zoekopdracht/stop/<token>", methods=["POST"])
@page("public")
def stop_alerts(token):
    return render_template("saved/stop.html", token=token, search=saved.stop_alerts(token), stopped=True)

