"""What is mine: milestones, my hours and their approval, my data (download everything as JSON, delete the
account after the password), my notification settings and the one-tap answer to "are you still available?"."""
from __future__ import annotations

import json
from datetime import date, datetime

from flask import Blueprint, Response, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale

from backend.data_rights import erase_user, export_user_data
from backend.appreciation.operations import list_milestones, milestone_title
from backend.engagements.my_hours import list_my_hours
from backend.errors import InvalidInput
from backend.jobs.availability import answer_still_available
from backend.notifications import operations as notifications
from backend.notifications.preferences import ALWAYS_ON, CATEGORIES
from backend.notifications.schemas import PreferencesInSchema
from web.access import SESSION_COOKIE, current_user, page
from web.forms import checked, field_errors, load_form, text

bp = Blueprint("mine", __name__, template_folder="../templates")


@bp.route("/mijn/mijlpalen")
@page("authenticated")
def milestones():
    awards, _cursor = list_milestones(current_user(), limit=100, cursor=None)
    locale = str(get_locale())
    return render_template("volunteer/milestones.html",
                           awards=[(milestone_title(a.code, locale), a.achieved_at) for a in reversed(awards)])


@bp.route("/mijn/uren")
@page("authenticated")
def hours():
    return render_template("volunteer/hours.html", entries=list_my_hours(current_user()))


@bp.route("/mijn/gegevens")
@page("authenticated")
def my_data():
    return render_template("volunteer/my_data.html", errors={}, email=current_user().email)


@bp.route("/mijn/gegevens/download")
@page("authenticated")
def download():
    body = json.dumps(export_user_data(current_user()), default=_plain, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="doemee-mijn-gegevens.json"', "Cache-Control": "no-store"})


@bp.route("/mijn/gegevens/verwijderen", methods=["POST"])
@page("authenticated")
def delete_account():
    try:
        erase_user(current_user(), password=text("password", 128, strip=False))
    except InvalidInput as exc:
        return render_template("volunteer/my_data.html", errors=field_errors(exc),
                               email=current_user().email), 422
    response = make_response(render_template("volunteer/deleted.html", user=None))
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Lax")
    return response


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


# --- notifications ---------------------------------------------------------------------------------------------

QUIET_TIMES = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)]


@bp.route("/mijn/meldingen", methods=["GET", "POST"])
@page("authenticated")
def notification_settings():
    errors, saved = {}, False
    if request.method == "POST":
        data, errors = load_form(PreferencesInSchema, convert=_PREFERENCES,
                                 values={} if checked("quiet") else {"quiet_hours": None})
        if not errors:
            try:
                notifications.put_preferences(current_user(), data)
                return redirect(url_for("mine.notification_settings", opgeslagen=1), code=303)
            except InvalidInput as exc:
                errors = field_errors(exc)
    prefs = notifications.get_preferences(current_user())
    return render_template("volunteer/notifications.html", prefs=prefs, errors=errors, categories=CATEGORIES,
                           always_on=ALWAYS_ON, times=QUIET_TIMES, saved=request.args.get("opgeslagen") or saved,
                           phones=[d for d in notifications.list_devices(current_user()) if d.provider == "webpush"],
                           ), (422 if errors else 200)


# The form's fields in the schema's shape: a choice per category; the night's start and end, when ticked.
_PREFERENCES = {
    "channels": lambda form: {c: form[f"channel_{c}"] for c in CATEGORIES if form.get(f"channel_{c}")},
    "quiet_hours.start": lambda form: form.get("quiet_start") or None,
    "quiet_hours.end": lambda form: form.get("quiet_end") or None}


@bp.route("/mijn/nog-beschikbaar", methods=["POST"])
@page("authenticated")
def still_available():
    answer_still_available(current_user())
    return redirect(url_for("account.home", nog_beschikbaar=1), code=303)
