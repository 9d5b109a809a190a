"""Recommendations for volunteers, candidates for coordinators, batch runs for the volunteer centre."""
from datetime import datetime, timezone

from flask import url_for
from flask_jwt_extended import current_user
from marshmallow import fields, validate

from backend.recommendations import operations as recs
from backend.recommendations.filters import FeedFilter, FeedFilterSchema
from mobile_api import conditional
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.plain_dump import plain_dumper
from mobile_api.problems import request_locale
from mobile_api.schemas import FormerQueryKeys, Schema, text

blp = Blueprint("matching", __name__, description="Recommendations, candidates and batch matching")


def _now():
    return datetime.now(timezone.utc)


class ReasonSchema(Schema):
    code = fields.String(required=True)
    params = fields.Dict(required=True)
    text = fields.String(required=True, metadata={"description": "in the language of Accept-Language"})


class Explained(Schema):
    """A match as it is proposed: its score, and the reasons for it that the person reads."""

    score = fields.Float(required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)


class FeedArgs(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 50),
                           metadata={"description": "how many, best first (at most 50)"})


class FeedItemSchema(Explained):
    kind = fields.String(required=True, metadata={"description": "vacancy, initiative_task or help_request"})
    opportunity_id = fields.UUID(required=True)
    shift_id = fields.UUID(allow_none=True, required=True)
    help_request_id = fields.UUID(allow_none=True, required=True)
    title = fields.String(required=True)
    category = fields.String(required=True)
    organisation = fields.String(allow_none=True, required=True)
    neighbourhood = fields.String(allow_none=True, required=True)
    remote = fields.Boolean(required=True)
    distance_km = fields.Float(allow_none=True, required=True,
                               metadata={"description": "between neighbourhood centroids, rounded to 0.1 km"})
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    free_places = fields.Integer(required=True)


class RecommendationArgs(FeedFilterSchema):
    """The feed's size and filter: the matcher is asked with the filter (the best that fit it, not the best of all
    cut down)."""

    limit = fields.Integer(load_default=20, validate=validate.Range(1, 50),
                           metadata={"description": "how many items at most"})


class FilterSchema(Schema):
    kind = fields.String(allow_none=True, required=True)
    within_km = fields.Integer(allow_none=True, required=True, data_key="withinKm")
    day = fields.String(allow_none=True, required=True)
    day_part = fields.String(allow_none=True, required=True, data_key="dayPart")


class WideningSchema(Schema):
    filter = fields.Nested(FilterSchema, required=True, metadata={"description": "ask again with this filter"})
    count = fields.Integer(required=True, metadata={"description": "how many it finds"})


class WhyEmptySchema(Schema):
    possible = fields.Integer(required=True, metadata={"description": "how many fit me without the filter"})
    alone = fields.Dict(required=True,
                        metadata={"description": "per part of the filter (kind, withinKm, day, dayPart): how "
                                                 "many of those that fit me it leaves on its own"})
    widen = fields.List(fields.Nested(WideningSchema), required=True,
                        metadata={"description": "wider filters that find something, the smallest change first"})


class FeedSchema(Schema):
    items = fields.List(fields.Nested(FeedItemSchema), required=True)
    why_empty = fields.Nested(WhyEmptySchema, allow_none=True,
                              metadata={"description": "when a filter leaves nothing: why, and what would find "
                                                       "something"})


_dump_feed = plain_dumper(FeedSchema)


class CandidateArgs(FormerQueryKeys, FeedArgs):
    shift_id = fields.UUID(load_default=None, data_key="shiftId",
                           metadata={"description": "candidates for this shift of the vacancy (free at its time)"})


class CandidateSchema(Explained):
    volunteer_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    neighbourhood = fields.String(required=True)


class CandidatesSchema(Schema):
    opportunity_id = fields.UUID(required=True)
    shift_id = fields.UUID()
    help_request_id = fields.UUID()
    items = fields.List(fields.Nested(CandidateSchema), required=True)


class RunInSchema(Schema):
    municipality = text(60, required=True, metadata={"description": "slug"})
    period_start = fields.AwareDateTime(required=True)
    period_end = fields.AwareDateTime(required=True)
    cap_per_volunteer = fields.Integer(load_default=recs.WEEKLY_INVITATION_CAP, validate=validate.Range(1, 7),
                                       metadata={"description": "invitations per volunteer in any 7 days"})
    dry_run = fields.Boolean(load_default=False)


class ProposalSchema(Explained):
    help_request_id = fields.UUID(required=True)
    volunteer_id = fields.UUID(required=True)
    engagement_id = fields.UUID(allow_none=True, required=True)


class UnmatchedSchema(Schema):
    help_request_id = fields.UUID(required=True)
    reason = fields.String(required=True)
    reason_text = fields.String(required=True)
    eliminated = fields.Dict(required=True)


class RunSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True, metadata={"description": "pending, running, done or failed"})
    progress = fields.String(required=True, metadata={"description": "queued, loading, assigning, done, failed"})
    started_at = fields.DateTime(allow_none=True, required=True)
    finished_at = fields.DateTime(allow_none=True, required=True)
    period_start = fields.DateTime(required=True)
    period_end = fields.DateTime(required=True)
    cap_per_volunteer = fields.Integer(required=True)
    dry_run = fields.Boolean(required=True)
    requests = fields.Integer(required=True)
    volunteers = fields.Integer(required=True)
    assigned = fields.Integer(required=True)
    total_score = fields.Float(required=True)
    created_at = fields.DateTime(required=True)
    proposals = fields.List(fields.Nested(ProposalSchema), required=True)
    unmatched = fields.List(fields.Nested(UnmatchedSchema), required=True)


def _run_view(run) -> dict:
    locale = request_locale()
    return {
        **{name: getattr(run, name) for name in ("id", "status", "progress", "started_at", "finished_at",
                                                "period_start", "period_end", "cap_per_volunteer", "dry_run",
                                                "requests", "volunteers", "assigned", "total_score", "created_at")},
        "proposals": [{"help_request_id": p.help_request_id, "volunteer_id": p.volunteer_id, "score": p.score,
                       "engagement_id": p.engagement_id, "reasons": recs.reasons_from_json(p.reasons, locale)}
                      for p in run.proposals],
        "unmatched": [{"help_request_id": u.help_request_id, "reason": u.reason, "eliminated": u.eliminated,
                       "reason_text": recs.unmatched_text(u.reason, locale)} for u in run.unmatched],
    }


@blp.conditional_list("/me/recommendations", "volunteer", RecommendationArgs, FeedSchema)
def my_recommendations(args):
    """Shifts, initiative tasks and help requests that fit me, best first, with the reasons why.

    A filter (kind, withinKm, day, dayPart) asks the matcher for the best that fit it; when none do, why_empty
    says which part of the filter left what out and which wider filters find something. A skills reason names the
    skills (params.skills: their codes)."""
    found = recs.feed_answer(current_user, k=args["limit"], locale=request_locale(), now=_now(),
                             known_versions=conditional.known_versions(), only=FeedFilter.of(args))
    body = None if found.items is None else _dump_feed({"items": found.items, "why_empty": _why(found.why_empty)})
    return conditional.answer(found.version, body, private=True, vary=("Accept-Language",))


_QUERY_NAMES = {"kind": "kind", "within_km": "withinKm", "day": "day", "day_part": "dayPart"}


def _why(why) -> dict | None:
    if why is None:
        return None
    return {"possible": why.possible, "alone": {_QUERY_NAMES[part]: n for part, n in why.alone.items()},
            "widen": [{"filter": vars(w.filter), "count": w.count} for w in why.widen]}


@blp.endpoint("/opportunities/<uuid:opportunity_id>/candidates", "GET", ("coordinator", "municipality_staff", "admin"),
              (200, CandidatesSchema), CandidateArgs, query=True)
def opportunity_candidates(args, opportunity_id):
    """The best volunteers for the opportunity's next shift with free places (or the named shift): first name,
    neighbourhood and reasons only. Invite them with POST /shifts/{id}/invitations."""
    return recs.candidates_for(current_user, opportunity_id, shift_id=args["shift_id"], k=args["limit"],
                               locale=request_locale(), now=_now())


@blp.route("/matching/runs", methods=["POST"])
@access("municipality_staff", "admin")
@blp.arguments(RunInSchema)
@blp.response(202, RunSchema, headers={"Location": {"description": "the run: GET it for its status and result",
                                                    "schema": {"type": "string", "format": "uri"}}})
def create_run(data):
    """Record a run that assigns the municipality's open help requests of a period; proposals become invitations
    (unless dry_run). A worker of the job engine executes it: follow Location until its status is done."""
    run = recs.create_run(current_user, data["municipality"], period_start=data["period_start"],
                          period_end=data["period_end"], cap_per_volunteer=data["cap_per_volunteer"],
                          dry_run=data["dry_run"], now=_now())
    return _run_view(run), {"Location": url_for("matching.get_run", run_id=run.id)}


@blp.endpoint("/matching/runs/<uuid:run_id>", "GET", ("municipality_staff", "admin"), (200, RunSchema))
def get_run(run_id):
    """A run: its status and progress; when done, totals, proposals with reasons, and the requests left unmatched
    with why."""
    return _run_view(recs.get_run(current_user, run_id))
