"""The municipality's dashboard (/gemeente), for its staff (or an admin): for a chosen period, and optionally one
neighbourhood, the figures of backend.reports (funnel, new volunteers per month, demand and unmet demand, hours
given, the focus neighbourhoods beside the rest) as tables with suppressed cells shown as "<5" / "x", a bar chart
drawn on the server beside a table (the table is the accessible version), and each table as CSV.

A wijk narrows the tables to it, and then a buurt of it may be chosen: the list of buurten is that of the wijk
the page was shown for (without JavaScript: choose a wijk, press "Toon", then choose a buurt).

The operations decide who may see what (``backend.reports.operations.report_scope``): staff of Vlaardingen asking
for Maassluis get 403 here as in the API."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale, gettext as _

from backend.errors import InvalidInput
from backend.models_base import utcnow
from backend.places.operations import staffed_municipalities
from backend.reports import operations as reports
from backend.reports.areas import label
from backend.reports.export import report_csv
from backend.reports.schemas import AreaFilterSchema
from web.access import current_user, page
from web.forms import field_errors, load_form

bp = Blueprint("municipality", __name__, template_folder="../templates")

STAFF = ("municipality_staff", "admin")
CHART_WIDTH, BAR_HEIGHT = 320, 26
AREA_FIELDS = {"district": "wijk", "neighbourhood": "buurt"}


@bp.route("/gemeente")
@page(*STAFF)
def dashboard():
    municipalities = staffed_municipalities(current_user())
    if not municipalities:
        abort(403)
    chosen = request.args.get("gemeente") or municipalities[0].slug
    date_from, date_to = _period()
    area, errors, status = _area(), {}, 200
    try:
        result = reports.dashboard(current_user(), chosen, date_from, date_to, area["neighbourhood"],
                                   district=area["district"])
    except InvalidInput as exc:  # a buurt of another wijk: the wijk is shown, the buurt's field says why
        errors, status = field_errors(exc, AREA_FIELDS), 422
        result = reports.dashboard(current_user(), chosen, date_from, date_to, district=area["district"])
    funnel, new, demand, hours = result.values()
    locale = str(get_locale())
    # The row the charts are about: the buurt asked for, else the wijk, else the whole municipality.
    main = (("neighbourhood", funnel.neighbourhood) if funnel.neighbourhood
            else ("district", funnel.district) if funnel.district else ("total", None))
    return render_template(
        "municipality/dashboard.html", municipalities=municipalities, chosen=chosen,
        districts=funnel.areas.district_names(), district=funnel.district,
        hoods=funnel.areas.neighbourhoods_in(funnel.district) if funnel.district else (),
        hood=funnel.neighbourhood,
        date_from=date_from, date_to=date_to, funnel=funnel, new=new, demand=demand, hours=hours, errors=errors,
        area_label=lambda area: label(area, locale), stages=_stages(), kinds=_kinds(),
        funnel_bars=_bars([(title, getattr(_row(funnel, main), name)) for name, title in _stages()]),
        month_rows=[r for r in new.rows if _is(r.area, main)],
        month_bars=_bars([(r.month, r.new_volunteers) for r in new.rows if _is(r.area, main) and r.month]),
        hours_bars=_bars([(label(r.area, locale), r.hours) for r in hours.rows if r.area.level == "neighbourhood"]),
        focus=_side_by_side(funnel, hours),
        export_args={"gemeente": chosen, "van": date_from.isoformat(), "tot": date_to.isoformat(),
                     **{AREA_FIELDS[k]: v for k, v in (("district", funnel.district),
                                                       ("neighbourhood", funnel.neighbourhood)) if v}}), status


@bp.route("/gemeente/export/<name>.csv")
@page(*STAFF)
def export(name):
    """The same rows as the API's ``GET /api/v1/reports/<name>?format=csv`` (one operation, one CSV writer)."""
    if name not in reports.REPORTS:
        abort(404)
    chosen = request.args.get("gemeente") or abort(400)
    date_from, date_to = _period()
    area = _area()
    result = reports.report(name, current_user(), chosen, date_from, date_to, area["neighbourhood"],
                            district=area["district"])
    response = current_app.response_class(report_csv(result, str(get_locale()), for_people=True), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}-{result.municipality}-{result.date_from}-{result.date_to}.csv"')
    return response


def _period() -> tuple[date, date]:
    """?van=YYYY-MM-DD&tot=YYYY-MM-DD; by default the twelve months up to today."""
    today = utcnow().date()
    try:
        date_to = date.fromisoformat(request.args["tot"]) if request.args.get("tot") else today
        date_from = (date.fromisoformat(request.args["van"]) if request.args.get("van")
                     else date_to - timedelta(days=364))
    except ValueError:
        abort(400)
    return date_from, date_to


def _area() -> dict:
    """?wijk=<name>&buurt=<slug>, through the API's schema. A buurt chosen from the list of another wijk than the
    one now asked for (the wijk was changed, the old buurt list sent along) is left out: the new wijk is shown."""
    args = request.args.copy()
    if "buurten_van" in args and args.get("buurten_van") != args.get("wijk", ""):
        args.pop("buurt", None)
    data, errors = load_form(AreaFilterSchema, names=AREA_FIELDS, form=args)
    if errors:
        abort(400)
    return data


def _stages():
    return [("registered", _("Registered")), ("profile_complete", _("Profile complete")),
            ("first_engagement", _("First engagement")), ("active_last_90_days", _("Active in the last 90 days")),
            ("active_after_a_year", _("Still active after a year"))]


def _kinds():
    return {"vacancy": _("Vacancies"), "initiative_task": _("Initiative tasks"), "help_request": _("Help requests")}


def _is(area, main: tuple[str, str | None]) -> bool:
    """Whether ``area`` is the row the charts are about: (level, a buurt's slug or a wijk's name or None)."""
    level, key = main
    return area.level == level and key in (None, area.slug if level == "neighbourhood" else area.name)


def _row(report, main):
    return next(r for r in report.rows if _is(r.area, main))


def _side_by_side(funnel, hours) -> list[tuple[str, object, object]]:
    """Focus neighbourhoods beside the rest: (what, focus cell, rest cell)."""
    def of(report, level):
        return next((r for r in report.rows if r.area.level == level), None)

    rows = [(title, getattr(of(funnel, "focus"), name, None), getattr(of(funnel, "rest"), name, None))
            for name, title in _stages()]
    rows.append((_("Volunteers who gave hours"), getattr(of(hours, "focus"), "volunteers", None),
                 getattr(of(hours, "rest"), "volunteers", None)))
    rows.append((_("Hours given"), getattr(of(hours, "focus"), "hours", None), getattr(of(hours, "rest"), "hours", None)))
    return rows


def _bars(items) -> dict:
    """A horizontal bar chart as numbers for the SVG: one bar per (label, cell); a suppressed cell has no bar and
    shows its "<5" / "x"."""
    top = max([c.value for _l, c in items if c is not None and not c.suppressed and c.value] or [1])
    bars = []
    for i, (text, cell) in enumerate(items):
        value = cell.value if cell is not None and not cell.suppressed and cell.value else 0
        bars.append({"label": text, "display": cell.display if cell is not None else "",
                     "y": i * BAR_HEIGHT * 2, "width": round(CHART_WIDTH * 0.75 * value / top, 1)})
    return {"bars": bars, "width": CHART_WIDTH, "height": max(1, len(items)) * BAR_HEIGHT * 2, "bar": BAR_HEIGHT}
