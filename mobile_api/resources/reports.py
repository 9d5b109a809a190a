"""The municipality's figures for its own BI tools: JSON, or CSV (``Accept: text/csv`` or ``?format=csv``)."""
from flask import current_app, request
from flask_jwt_extended import current_user
from marshmallow import RAISE, fields, validate

from backend.reports import operations as reports
from backend.reports.areas import LEVELS, label
from backend.reports.export import report_csv
from backend.reports.schemas import AreaFilterSchema
from backend.reports.suppression import HIDDEN, SMALL, THRESHOLD
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.problems import request_locale
from mobile_api.schemas import Schema, text

blp = Blueprint("reports", __name__, description="The municipality's figures, with small-number suppression")

SUPPRESSION = (
    f"Small-number suppression: a count of 1 to {THRESHOLD - 1} people is never shown (0 is shown); "
    f"its cell reads {{\"value\": null, \"suppressed\": true, \"display\": \"{SMALL}\"}}. Where rows add up "
    "(neighbourhoods to their district, to focus or other neighbourhoods, to the total; months to the period), "
    "a group never has exactly one hidden cell: the smallest shown cell above 0 is hidden too and reads "
    f"{{\"value\": null, \"suppressed\": true, \"display\": \"{HIDDEN}\"}}. Figures derived from a hidden count "
    "(hours, medians) are hidden with it. CSV shows the display text. The table is suppressed as a whole before "
    "it is narrowed to one neighbourhood.")


class ReportArgsSchema(AreaFilterSchema):
    municipality = text(60, required=True, metadata={"description": "slug of the municipality"})
    date_from = fields.Date(required=True, data_key="from",
                            metadata={"description": "first day of the period (local date, included)"})
    date_to = fields.Date(required=True, data_key="to",
                          metadata={"description": "last day of the period (local date, included; at most five "
                                                   "years after from)"})
    format = fields.String(load_default=None, validate=validate.OneOf(["json", "csv"]),
                           metadata={"description": "csv: the same as Accept: text/csv"})


class CountSchema(Schema):
    """A count of people, or its suppressed form."""

    value = fields.Integer(required=True, allow_none=True, metadata={"description": "null when suppressed"})
    suppressed = fields.Boolean(required=True, metadata={"description": SUPPRESSION})
    display = fields.String(required=True, metadata={
        "description": f'the number; "{SMALL}" for 1 to {THRESHOLD - 1} people; "{HIDDEN}" for a cell hidden so '
                       "that a total cannot give a small one away"})


class AmountSchema(Schema):
    """An amount (hours) derived from people, or its suppressed form."""

    value = fields.Float(required=True, allow_none=True, metadata={"description": "null when suppressed or none"})
    suppressed = fields.Boolean(required=True, metadata={"description": "hidden with the count it derives from"})
    display = fields.String(required=True, metadata={"description": f'the number, "{SMALL}" or "{HIDDEN}"'})


def count():
    return fields.Nested(CountSchema, required=True)


def amount(description: str):
    return fields.Nested(AmountSchema, required=True, metadata={"description": description})


class AreaRowSchema(Schema):
    level = fields.String(attribute="area.level", required=True, validate=validate.OneOf(LEVELS),
                          metadata={"description": "what the row covers: " + ", ".join(LEVELS)})
    neighbourhood = fields.String(attribute="area.slug", allow_none=True, required=True,
                                  metadata={"description": "slug, on neighbourhood rows"})
    name = fields.Method("area_name", required=True,
                         metadata={"description": "the place, or the group of neighbourhoods (Accept-Language)"})
    district = fields.String(attribute="area.district", allow_none=True, required=True,
                             metadata={"description": "the wijk, on neighbourhood and district rows"})
    is_focus = fields.Boolean(attribute="area.is_focus", allow_none=True, required=True,
                              metadata={"description": "a focus neighbourhood (aandachtsbuurt)"})

    def area_name(self, row):
        return label(row.area, request_locale())


class FunnelRowSchema(AreaRowSchema):
    registered = count()
    profile_complete = count()
    first_engagement = count()
    active_last_90_days = count()
    active_after_a_year = count()


class NewVolunteersRowSchema(AreaRowSchema):
    month = fields.String(allow_none=True, required=True,
                          metadata={"description": "YYYY-MM (local); null: the whole period"})
    new_volunteers = count()


class DemandRowSchema(AreaRowSchema):
    kind = fields.String(required=True, validate=validate.OneOf(["vacancy", "initiative_task", "help_request"]))
    posted = count()
    matched = count()
    unmatched_after_48h = count()
    median_hours_to_match = amount("median hours from posting to the first match; null without matches")


class HoursRowSchema(AreaRowSchema):
    volunteers = count()
    hours = amount("approved hours, one decimal")


def report_schema(name: str, row: type[Schema], about: str) -> type[Schema]:
    return type(name, (Schema,), {
        "report": fields.String(attribute="name", required=True),
        "municipality": fields.String(required=True),
        "from": fields.Date(attribute="date_from", required=True),
        "to": fields.Date(attribute="date_to", required=True),
        "district": fields.String(allow_none=True, required=True, metadata={"description": "the wijk asked for"}),
        "neighbourhood": fields.String(allow_none=True, required=True),
        "generated_at": fields.DateTime(required=True),
        "rows": fields.List(fields.Nested(row), required=True, metadata={"description": about + " " + SUPPRESSION}),
    })


FunnelSchema = report_schema(
    "FunnelReportSchema", FunnelRowSchema,
    "Volunteers who registered in the period, and what became of them by now: profile complete (a skill and a "
    "weekly availability), a first engagement, active in the last 90 days, still active a year after registering.")
NewVolunteersSchema = report_schema(
    "NewVolunteersReportSchema", NewVolunteersRowSchema,
    "New volunteers (profiles created) per local month of the period, and over the whole period.")
DemandSchema = report_schema(
    "DemandReportSchema", DemandRowSchema,
    "Per area and kind: published in the period, matched by now, not matched within 48 hours of posting, "
    "the median hours to a match.")
HoursSchema = report_schema(
    "HoursReportSchema", HoursRowSchema,
    "Hours approved in the period, by the volunteers living in each area, and how many volunteers gave them.")

CSV_DOC = {"type": "string", "format": "binary"}
CSV_ABOUT = ("The report as JSON, or as CSV (Accept: text/csv or ?format=csv): the same rows, with the columns "
             "level, neighbourhood, name, district, is_focus, then the figures as displayed.")


def _wants_csv(args) -> bool:
    if args["format"] is not None:
        return args["format"] == "csv"
    return request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"


def _answer(name: str, args):
    result = reports.report(name, current_user, args["municipality"], args["date_from"], args["date_to"],
                            args["neighbourhood"], district=args["district"])
    if not _wants_csv(args):
        return result
    response = current_app.response_class(report_csv(result, request_locale()), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}-{result.municipality}-{result.date_from}-{result.date_to}.csv"')
    response.headers["Cache-Control"] = "no-store"
    return response


def _route(name: str, schema: type[Schema], summary: str):
    @blp.route(f"/reports/{name}", methods=["GET"], endpoint=name.replace("-", "_"))
    @access("municipality_staff", "admin")
    @blp.arguments(ReportArgsSchema, location="query", unknown=RAISE)
    @blp.response(200, schema, description=CSV_ABOUT)
    @blp.alt_response(200, schema=CSV_DOC, content_type="text/csv", description=CSV_ABOUT, success=True)
    @blp.doc(summary=summary, description=SUPPRESSION)
    def view(args):
        return _answer(name, args)

    view.__name__ = name.replace("-", "_")
    return view


funnel = _route("funnel", FunnelSchema, "The volunteer funnel (staff of the municipality)")
new_volunteers = _route("new-volunteers", NewVolunteersSchema, "New volunteers per month (staff)")
demand = _route("demand", DemandSchema, "Demand and unmet demand per neighbourhood and kind (staff)")
hours = _route("hours", HoursSchema, "Hours given per neighbourhood (staff)")
