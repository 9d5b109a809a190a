"""Sign-ups and waitlists, invitations, check-in, hours and the volunteer's calendar feed."""
from flask import Response, url_for
from flask_jwt_extended import current_user
from marshmallow import fields, validate

from backend.engagements import attendance, calendar, hours_queue, operations, roster
from backend.engagements.models import STATUSES
from backend.engagements.schemas import CONTACT_CHOICES, CheckinSchema, ContactChoiceSchema, HoursApprovalSchema
from backend.rendering import qr_svg
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.resources.opportunities import ContactOutSchema, PlaceOutSchema
from mobile_api.schemas import PageArgs, Schema, page_of

blp = Blueprint("engagements", __name__,
                description="Sign-ups, waitlists, invitations, check-in, hours and the calendar feed")


class WarningSchema(Schema):
    code = fields.String(required=True, metadata={"description": "overlap: clashes with another accepted engagement"})
    engagement_id = fields.UUID(required=True, metadata={"description": "the engagement it clashes with"})


class EngagementSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    kind = fields.String(required=True, validate=validate.OneOf(["shift", "help_request"]))
    volunteer_id = fields.UUID(required=True)
    shift_id = fields.UUID(required=True, allow_none=True, metadata={"description": "null for a help request"})
    opportunity_id = fields.UUID(required=True)
    title = fields.String(required=True)
    starts_at = fields.DateTime(required=True, allow_none=True, metadata={"description": "UTC"})
    ends_at = fields.DateTime(required=True, allow_none=True, metadata={"description": "UTC"})
    waitlist_position = fields.Integer(required=True, allow_none=True,
                                       metadata={"description": "1 = next to get a place; null unless waitlisted"})
    checked_in_at = fields.DateTime(required=True, allow_none=True)
    status_changed_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    warnings = fields.List(fields.Nested(WarningSchema), required=True)
    place = fields.Nested(PlaceOutSchema, required=True, allow_none=True, metadata={
        "description": "where to go (a shift); on the engagement's reads, the list and the answers to an invitation "
                       "(null in the sign-up's answer: read the engagement)"})
    contact = fields.Nested(ContactOutSchema, required=True, allow_none=True, metadata={
        "description": "the contact person, while invited, signed up, waiting or accepted; as place"})
    contact_channel = fields.Function(lambda e: e.engagement.contact_channel or "doemee", required=True,
                                      validate=validate.OneOf(CONTACT_CHOICES),
                                      metadata={"description": "how I let the coordinators reach me"})
    contact_phone = fields.Function(lambda e: e.engagement.contact_phone, required=True, allow_none=True)


EngagementPageSchema = page_of(EngagementSchema, "EngagementPageSchema")


class MyEngagementsArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES),
                           metadata={"description": "only the engagements with this status"})
    upcoming = fields.Boolean(load_default=False, metadata={"description": "only those that have not ended yet"})


class InvitationSchema(Schema):
    volunteer_id = fields.UUID(required=True)


class RosterArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES),
                           metadata={"description": "only the engagements with this status"})


class VolunteerContactSchema(Schema):
    full_name = fields.String(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CONTACT_CHOICES),
                            metadata={"description": "doemee: only through DoeMee"})
    email = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True)


class RosterEntrySchema(Schema):
    engagement_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    status = fields.String(required=True)
    waitlist_position = fields.Integer(required=True, allow_none=True)
    checked_in_at = fields.DateTime(required=True, allow_none=True)
    contact = fields.Nested(VolunteerContactSchema, required=True, allow_none=True,
                            metadata={"description": "full name and chosen channel; null until they hold a place"})


RosterPageSchema = page_of(RosterEntrySchema, "RosterPageSchema")


class QrSvg(fields.String):
    """Another attribute's text as a QR code (inline SVG), rendered by the shared helper at dump time."""

    def __init__(self, source: str, *, title: str, **kwargs):
        super().__init__(**kwargs)
        self.source, self.title = source, title

    def get_value(self, obj, attr, accessor=None, default=None):
        return getattr(obj, self.source)

    def _serialize(self, value, attr, obj, **kwargs):
        return qr_svg(value, title=self.title)


class CheckinCodeSchema(Schema):
    shift_id = fields.UUID(required=True)
    code = fields.String(required=True)
    qr_text = fields.String(required=True, metadata={"description": "doemee:checkin:<shift_id>:<code>"})
    qr_svg = QrSvg("qr_text", title="DoeMee check-in", required=True,
                   metadata={"description": "qr_text as a QR code, inline SVG"})
    opens_at = fields.DateTime(required=True)
    closes_at = fields.DateTime(required=True)


class HoursArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(["proposed", "approved", "rejected"]),
                           metadata={"description": "only the hours with this status"})


class HoursSchema(Schema):
    id = fields.UUID(required=True)
    engagement_id = fields.UUID(required=True)
    shift_id = fields.UUID(required=True, allow_none=True)
    title = fields.String(required=True)
    first_name = fields.String(required=True)
    starts_at = fields.DateTime(required=True, allow_none=True)
    ends_at = fields.DateTime(required=True, allow_none=True)
    checked_in_at = fields.DateTime(required=True, allow_none=True)
    minutes = fields.Integer(required=True)
    status = fields.String(required=True)
    approved_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


HoursPageSchema = page_of(HoursSchema, "HoursPageSchema")


class ApproveHoursSchema(Schema):
    minutes = fields.Integer(validate=validate.Range(1, 1440),
                             metadata={"description": "corrected minutes; left out: the proposed ones"})


class WaitingHoursSchema(Schema):
    id = fields.UUID(required=True)
    volunteer_name = fields.String(required=True, metadata={"description": "the volunteer's name (they checked in)"})
    opportunity_id = fields.UUID(required=True)
    title = fields.String(required=True, metadata={"description": "the vacancy"})
    shift_id = fields.UUID(required=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    minutes = fields.Integer(required=True, metadata={"description": "the time claimed, in minutes"})
    duration = fields.String(required=True, metadata={"description": "the same as hours:minutes, e.g. 1:45"})
    created_at = fields.DateTime(required=True)


WaitingHoursPageSchema = page_of(WaitingHoursSchema, "WaitingHoursPageSchema")


class CalendarFeedSchema(Schema):
    url = fields.String(required=True, metadata={"description": "private iCal URL; anyone with it can read it"})


# --- volunteer ---------------------------------------------------------------------------------------------------

blp.delegate("/shifts/<uuid:shift_id>/signups", "POST", ("volunteer",), (201, EngagementSchema), "sign_up",
             operations.sign_up,
             'Sign up for a shift: "accepted" while places are free, else "waitlisted" with a position.')


blp.delegate("/engagements/<uuid:engagement_id>/withdraw", "POST", ("volunteer",), (200, EngagementSchema), "withdraw",
             operations.withdraw, "Withdraw my sign-up; a place I held goes to the first on the waitlist.")


blp.delegate("/engagements/<uuid:engagement_id>/accept", "POST", ("volunteer",), (200, EngagementSchema),
             "accept_invitation", operations.accept_invitation,
             'Accept an invitation; if the shift filled up meanwhile I am put on its waitlist ("waitlisted").')


blp.delegate("/engagements/<uuid:engagement_id>/decline", "POST", ("volunteer",), (200, EngagementSchema),
             "decline_invitation", operations.decline_invitation, "Decline an invitation.")


@blp.endpoint("/engagements/<uuid:engagement_id>/contact", "PUT", "volunteer", (200, EngagementSchema),
              ContactChoiceSchema)
def choose_contact(data, engagement_id):
    """How the shift's coordinators may reach me once I hold a place: doemee (only through DoeMee), email or phone."""
    return roster.choose_contact(current_user, engagement_id, data)


@blp.page("/me/engagements", ("authenticated",), EngagementPageSchema, args=MyEngagementsArgs)
def my_engagements(args):
    """My engagements, by start time."""
    return operations.list_my_engagements(current_user, **args)


blp.delegate("/engagements/<uuid:engagement_id>", "GET", ("authenticated",), (200, EngagementSchema), "get_engagement",
             operations.get_engagement,
             "One engagement: mine, or one on an opportunity of an organisation I coordinate.")


@blp.endpoint("/shifts/<uuid:shift_id>/checkin", "POST", "volunteer", (200, EngagementSchema), CheckinSchema)
def check_in(data, shift_id):
    """Check in at the door with the shift's code (from 30 minutes before to 60 minutes after the start)."""
    return attendance.check_in(current_user, shift_id, data["code"])


# --- coordinator -------------------------------------------------------------------------------------------------

@blp.endpoint("/shifts/<uuid:shift_id>/invitations", "POST", "authenticated", (201, EngagementSchema), InvitationSchema)
def invite(data, shift_id):
    """Invite a volunteer to a shift (coordinators of the shift's organisation)."""
    return operations.invite(current_user, shift_id, data["volunteer_id"])


@blp.page("/shifts/<uuid:shift_id>/engagements", ("authenticated",), RosterPageSchema, args=RosterArgs)
def shift_roster(args, shift_id):
    """Who is on a shift: first names and statuses, full names and contact channels of those holding a place
    (coordinators of the shift's organisation)."""
    return roster.roster(current_user, shift_id, **args)


blp.delegate("/shifts/<uuid:shift_id>/checkin-code", "GET", ("authenticated",), (200, CheckinCodeSchema),
             "checkin_code", attendance.checkin_code,
             "The shift's check-in code and a QR-friendly text of it (coordinators of the shift's organisation).")


blp.delegate("/engagements/<uuid:engagement_id>/no-show", "POST", ("authenticated",), (200, EngagementSchema),
             "no_show", attendance.mark_no_show,
             "Record that an accepted volunteer did not come (after the start; coordinators).")


@blp.page("/organisations/<uuid:organisation_id>/hours", ("authenticated",), HoursPageSchema, args=HoursArgs)
def organisation_hours(args, organisation_id):
    """Hours of the organisation's volunteers, e.g. ?status=proposed to approve (coordinators)."""
    return attendance.list_hours(current_user, organisation_id, **args)


@blp.endpoint("/hours/<uuid:hours_id>/approve", "POST", "authenticated", (200, HoursSchema), ApproveHoursSchema)
def approve_hours(data, hours_id):
    """Approve proposed hours after the shift ended, optionally corrected; the engagement becomes completed."""
    return attendance.approve_hours(current_user, hours_id, minutes=data.get("minutes"))


@blp.page("/organisations/<uuid:organisation_id>/waiting-hours", ("authenticated",), WaitingHoursPageSchema)
def waiting_hours(args, organisation_id):
    """Hours waiting for approval across the organisation, newest shift first, with the volunteer's name and the
    shift (coordinators)."""
    return hours_queue.waiting_hours(current_user, organisation_id, **args)


@blp.route("/organisations/<uuid:organisation_id>/waiting-hours/approval", methods=["POST"])
@access("authenticated")
@blp.arguments(HoursApprovalSchema)
@blp.response(200, HoursSchema(many=True))
def approve_waiting_hours(data, organisation_id):
    """Approve many waiting hours of the organisation at once, some corrected (hours:minutes); all or nothing:
    an entry of another organisation, or one decided meanwhile, refuses the whole list (coordinators)."""
    return hours_queue.approve_waiting_hours(current_user, organisation_id, **data)


blp.delegate("/hours/<uuid:hours_id>/reject", "POST", ("authenticated",), (200, HoursSchema), "reject_hours",
             attendance.reject_hours, "Reject proposed hours (coordinators).")


# --- calendar feed -----------------------------------------------------------------------------------------------

@blp.endpoint("/me/calendar-feed", "POST", "authenticated", (201, CalendarFeedSchema))
def create_calendar_feed():
    """A new private iCal URL for my accepted shifts and help appointments; the previous URL stops working."""
    token = calendar.create_feed(current_user)
    return {"url": url_for("engagements.calendar_feed", token=token, _external=True)}


@blp.endpoint("/me/calendar-feed", "DELETE", "authenticated", (204,))
def revoke_calendar_feed():
    """Stop my iCal URL from working."""
    calendar.revoke_feeds(current_user)


@blp.route("/calendar/<token>", methods=["GET"])
@access("public")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="text/calendar",
              description="iCalendar (RFC 5545), times in UTC")
def calendar_feed(token):
    """A volunteer's calendar, public to whoever holds the token (unknown or revoked: 404)."""
    return Response(calendar.feed_ics(token), mimetype="text/calendar")


# Until API 1.1 the feed's URL ended in .ics (a path segment the Dutch API Design Rules do not allow): calendar
# apps that subscribed to it are sent on.
blp.moved("/calendar/<token>.ics", "former_calendar_feed", "engagements.calendar_feed")
