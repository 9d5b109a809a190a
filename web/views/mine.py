"""What is mine: milestones, my hours and their approval, and my data (download everything as JSON, delete the
account after the password)."""
from __future__ import annotations

import json
from datetime import date, datetime

from flask import Blueprint, Response, make_response, render_template
from flask_babel import get_locale

from backend.accounts.data_rights import erase_user, export_user_data
from backend.appreciation.operations import list_milestones, milestone_title
from backend.engagements.my_hours import list_my_hours
from backend.errors import InvalidInput
from web.access import SESSION_COOKIE, current_user, page
from web.forms import field_errors, text

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
