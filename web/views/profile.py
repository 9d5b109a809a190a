"""The volunteer's profile in small steps, each its own page and form: postcode, radius, skills, languages,
availability (weekly tap grid and dated exceptions), one-off or regular, pause, VOG.

Each step loads its form through the API's profile schema (its part of ProfileInSchema) and calls ``put_profile``
(the first step creates the profile) or ``patch_profile``; the operations check the rules.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale

from backend.errors import DomainError, NotFound
from backend.recommendations import operations as recommendations
from backend.reference_data import taxonomy
from backend.volunteers import operations as volunteers
from backend.volunteers.operations import WEEKDAYS, format_minutes
from backend.volunteers.schemas import ProfileInSchema
from backend.volunteers.taxonomy_ops import list_skills
from web.access import current_user, page
from web.forms import TICKED, field_errors, load_form
from web.joining import JOINING, browser_languages, skill_groups, step_number
from web.labels import DAY_PARTS, skill_label

bp = Blueprint("profile", __name__, template_folder="../templates")

STEPS = ("postcode", "radius", "skills", "languages", "availability", "preference", "pause", "vog")
RADII = (1, 2, 3, 5, 10, 20)
MAX_PER_MONTH = (1, 2, 3, 4, 6, 8, 12)
FIRST_MATCHES = 3


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
        data, errors = load_form(ProfileInSchema(only=_STEP_FIELDS[step]), names=_NAMES, convert=_CONVERT,
                                 blank={"postcode": ""})  # a postcode emptied is refused, not left as it was
        try:
            if not errors:
                if profile is None:
                    volunteers.put_profile(current_user(), data)
                else:
                    volunteers.patch_profile(current_user(), data)
                if request.form.get("then") == "next" and step == JOINING[-1]:
                    return redirect(url_for("profile.done"), code=303)
                if request.form.get("then") == "next" and step in JOINING:
                    return redirect(url_for("profile.edit", step=JOINING[JOINING.index(step) + 1]), code=303)
                return redirect(url_for("profile.overview", opgeslagen=step), code=303)
        except DomainError as exc:
            errors = field_errors(exc, _NAMES)
    return render_template(f"volunteer/step_{step}.html", profile=profile, step=step, errors=errors,
                           form=request.form, number=step_number(step), last=step == JOINING[-1],
                           **_choices(step, profile)), (422 if errors else 200)


@bp.route("/mijn/profiel/klaar")
@page("authenticated")
def done():
    """The end of joining: the first matches (the matcher's best three, with their reasons)."""
    if my_profile() is None:
        return redirect(url_for("profile.edit", step="postcode"), code=303)
    first = recommendations.feed(current_user(), k=FIRST_MATCHES, locale=str(get_locale()),
                                 now=datetime.now(timezone.utc))
    return render_template("volunteer/joined.html", items=first)


def _skills():
    skills, _cursor = list_skills(limit=200, cursor=None)
    return skills


def _choices(step: str, profile) -> dict:
    if step == "radius":
        return {"radii": RADII}
    posted = request.method == "POST"  # a step re-shown after an error keeps what was ticked
    if step == "skills":
        ticked = request.form.getlist("skills") if posted else [s.skill_code for s in profile.skills]
        return {"groups": skill_groups(_skills()), "ticked": set(ticked)}
    if step == "languages":
        offered = taxonomy()["languages"]
        ticked = request.form.getlist("languages") if posted else (profile.languages or browser_languages(offered))
        return {"languages": offered, "ticked": set(ticked)}
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
# Each step is a part of the API's profile (ProfileInSchema); the form writes some fields otherwise than the JSON.

_STEP_FIELDS = {"postcode": ("postcode",), "radius": ("travel_radius_km",), "skills": ("skills",),
                "languages": ("languages",), "availability": ("availability", "availability_exceptions"),
                "preference": ("preference", "max_commitments_per_month"), "pause": ("paused",),
                "vog": ("vog_status",)}
# The schema's fields -> the form's (an item of a list, and each of its fields, is shown at its list).
_NAMES = {"availability_exceptions": "exception_date", "skills": "skills", "availability": "availability"}


def _skills_of(form) -> list[dict]:
    """The ticked skills (a code the taxonomy does not have is the operation's to refuse), each at the level the
    profile has for it (a skill ticked anew: the schema's default)."""
    profile = my_profile()
    levels = {s.skill_code: s.level for s in profile.skills} if profile else {}
    return [{"code": code, **({"level": levels[code]} if code in levels else {})}
            for code in dict.fromkeys(c.strip() for c in form.getlist("skills") if c.strip())]


def _slots_of(form) -> list[dict]:
    """The weekly grid: a ticked day part is a slot."""
    return [{"weekday": day, "start": start, "end": end}
            for day in WEEKDAYS for part, (start, end, _l) in DAY_PARTS.items()
            if form.get(f"slot_{day}_{part}") == "on"]


def _exceptions_of(form) -> list[dict]:
    """The days off the profile has, less the one removed, plus the one added (as typed: the schema reads it)."""
    profile = my_profile()
    remove = form.get("remove_exception", "")
    exceptions = [{"date": e.date.isoformat(), "available": e.available,
                   **({"start": format_minutes(e.start_minute), "end": format_minutes(e.end_minute)}
                      if e.start_minute is not None else {})}
                  for e in (profile.exceptions if profile else []) if e.date.isoformat() != remove]
    new_day = form.get("exception_date", "").strip()
    if new_day:
        exceptions.append({"date": new_day, "available": False})
    return exceptions


_CONVERT = {"skills": _skills_of, "availability": _slots_of, "availability_exceptions": _exceptions_of,
            "vog_status": lambda form: "requested" if form.get("vog_requested") in TICKED else "none"}
