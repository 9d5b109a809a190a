"""The volunteer's profile in small steps, each its own page and form: postcode, radius, skills, languages,
availability (weekly tap grid and dated exceptions), one-off or regular, pause, VOG.

Each step reads its form into the same shape the API's profile schema gives the operations, and calls
``put_profile`` (the first step creates the profile) or ``patch_profile``; the operations check everything.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.errors import DomainError, NotFound
from backend.reference_data import taxonomy
from backend.volunteers import operations as volunteers
from backend.volunteers.operations import WEEKDAYS, format_minutes
from backend.volunteers.taxonomy_ops import list_skills
from web.access import current_user, page
from web.forms import checked, field_errors, text
from web.labels import DAY_PARTS, skill_label

bp = Blueprint("profile", __name__, template_folder="../templates")

STEPS = ("postcode", "radius", "skills", "languages", "availability", "preference", "pause", "vog")
RADII = (1, 2, 3, 5, 10, 20)
MAX_PER_MONTH = (1, 2, 3, 4, 6, 8, 12)


def my_profile():
    """The signed-in user's profile, or None before the first step.

    Kept on ``g`` for the rest of the request: the session's identity map holds objects weakly, so a profile only
    checked for None here would be forgotten and loaded again (four queries) by the operation the view calls next.
    """
    try:
        g.my_profile = volunteers.get_profile(current_user())
    except NotFound:
        return None
    return g.my_profile


@bp.route("/mijn/profiel")
@page("authenticated")
def overview():
    profile = my_profile()
    return render_template("volunteer/profile.html", profile=profile, steps=STEPS,
                           skills={s.code: skill_label(s) for s in _skills()} if profile else {},
                           saved=request.args.get("opgeslagen"))


@bp.route("/mijn/profiel/<step>", methods=["GET", "POST"])
@page("authenticated")
def edit(step: str):
    if step not in STEPS:
        abort(404)
    profile = my_profile()
    if profile is None and step != "postcode":
        return redirect(url_for("profile.edit", step="postcode"), code=303)
    errors = {}
    if request.method == "POST":
        try:
            data = _READERS[step]()
            if profile is None:
                volunteers.put_profile(current_user(), data)
            else:
                volunteers.patch_profile(current_user(), data)
            following = STEPS[STEPS.index(step) + 1] if step != STEPS[-1] else None
            if request.form.get("then") == "next" and following and step not in ("pause", "vog"):
                return redirect(url_for("profile.edit", step=following), code=303)
            return redirect(url_for("profile.overview", opgeslagen=step), code=303)
        except DomainError as exc:
            errors = _by_form_field(field_errors(exc))
        except _FormError as exc:
            errors = exc.errors
    return render_template(f"volunteer/step_{step}.html", profile=profile, step=step, errors=errors,
                           form=request.form, **_choices(step, profile)), (422 if errors else 200)


def _by_form_field(errors: dict) -> dict:
    """The operations name list items ("availability_exceptions.0.date"); the form has one field per list."""
    fields = {"availability_exceptions": "exception_date", "availability": "availability", "skills": "skills",
              "languages": "languages", "travel_radius_km": "travel_radius_km"}
    out: dict[str, list[str]] = {}
    for key, messages in errors.items():
        out.setdefault(fields.get(key.split(".", 1)[0], key), []).extend(messages)
    return out


def _skills():
    skills, _cursor = list_skills(limit=200, cursor=None)
    return skills


def _choices(step: str, profile) -> dict:
    if step == "radius":
        return {"radii": RADII}
    if step == "skills":
        levels = {s.skill_code: s.level for s in profile.skills} if profile else {}
        return {"skills": [(s.code, skill_label(s)) for s in _skills()], "levels": levels}
    if step == "languages":
        return {"languages": taxonomy()["languages"]}
    if step == "availability":
        chosen = {(WEEKDAYS[s.weekday], format_minutes(s.start_minute), format_minutes(s.end_minute))
                  for s in profile.availability} if profile else set()
        grid = {(day, part) for day in WEEKDAYS for part, (start, end, _l) in DAY_PARTS.items()
                if (day, start, end) in chosen}
        return {"weekdays": WEEKDAYS, "grid": grid, "today": date.today().isoformat()}
    if step == "preference":
        return {"max_choices": MAX_PER_MONTH}
    return {}


# --- reading each step's form into the profile's fields --------------------------------------------------------

def _read_postcode() -> dict:
    return {"postcode": text("postcode", 10)}


def _read_radius() -> dict:
    return {"travel_radius_km": _number("travel_radius_km", default=5.0, low=0.5, high=50.0)}


def _read_skills() -> dict:
    skills = []
    for code, _label in ((s.code, None) for s in _skills()):
        level = request.form.get(f"skill_{code}", "0")
        if level in ("1", "2", "3"):
            skills.append({"code": code, "level": int(level)})
    return {"skills": skills}


def _read_languages() -> dict:
    allowed = taxonomy()["languages"]
    return {"languages": [code for code in request.form.getlist("languages")[:len(allowed)] if code in allowed]}


def _read_availability() -> dict:
    slots = [{"weekday": day, "start": start, "end": end}
             for day in WEEKDAYS for part, (start, end, _l) in DAY_PARTS.items()
             if request.form.get(f"slot_{day}_{part}") == "on"]
    data = {"availability": slots}
    profile = my_profile()
    exceptions = [{"date": e.date, "available": e.available,
                   **({"start": format_minutes(e.start_minute), "end": format_minutes(e.end_minute)}
                      if e.start_minute is not None else {})}
                  for e in (profile.exceptions if profile else [])]
    remove = request.form.get("remove_exception", "")
    exceptions = [e for e in exceptions if e["date"].isoformat() != remove]
    new_day = text("exception_date", 10)
    if new_day:
        try:
            exceptions.append({"date": date.fromisoformat(new_day), "available": False})
        except ValueError:
            raise _FormError({"exception_date": [_("Fill in a date, like 2026-12-24.")]}) from None
    data["availability_exceptions"] = exceptions
    return data


def _read_preference() -> dict:
    preference = request.form.get("preference", "both")
    return {"preference": preference if preference in ("one_off", "regular", "both") else "both",
            "max_commitments_per_month": int(_number("max_commitments_per_month", default=4, low=1, high=31))}


def _read_pause() -> dict:
    return {"paused": checked("paused")}


def _read_vog() -> dict:
    return {"vog_status": "requested" if checked("vog_requested") else "none"}


def _number(name: str, *, default: float, low: float, high: float) -> float:
    try:
        value = float(request.form.get(name, default))
    except ValueError:
        return default
    return min(high, max(low, value))


class _FormError(Exception):
    """A field the form itself could not read (before any operation ran)."""

    def __init__(self, errors: dict):
        super().__init__("form")
        self.errors = errors


_READERS = {"postcode": _read_postcode, "radius": _read_radius, "skills": _read_skills,
            "languages": _read_languages, "availability": _read_availability, "preference": _read_preference,
            "pause": _read_pause, "vog": _read_vog}
