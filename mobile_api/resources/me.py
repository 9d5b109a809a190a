"""The signed-in person: account, volunteer profile, export and erasure."""
from flask_jwt_extended import current_user
import marshmallow as ma
from marshmallow import fields, validate

from backend.accounts.models import SELF_SERVICE_ROLES
from backend.accounts.operations import add_own_role
from backend.data_rights import erase_user, export_user_data
from backend.http import no_store
from backend.organisations.operations import my_organisations
from backend.volunteers import operations as profiles
from backend.volunteers.operations import WEEKDAYS, format_minutes
from backend.volunteers.schemas import ExceptionSchema, ProfileInSchema, SkillLevelSchema, SlotSchema
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.resources.auth import AccountSchema
from mobile_api.resources.organisations import OrganisationSchema
from mobile_api.schemas import ApproximateLocation, FocusNeighbourhoodRef, MunicipalityRef, Schema, text

blp = Blueprint("me", __name__, url_prefix="/me", description="My account and volunteer profile")

class VogSchema(Schema):
    status = fields.String(required=True)
    valid_until = fields.Date(allow_none=True, required=True)


class ProfileOutSchema(Schema):
    display_name = fields.String(required=True)
    postcode = fields.String(required=True)
    municipality = fields.Nested(MunicipalityRef, required=True)
    neighbourhood = fields.Nested(FocusNeighbourhoodRef, required=True)
    approximate_location = fields.Nested(ApproximateLocation, required=True)
    travel_radius_km = fields.Float(required=True)
    languages = fields.List(fields.String(), required=True)
    skills = fields.List(fields.Nested(SkillLevelSchema), required=True)
    interests = fields.List(fields.String(), required=True)
    availability = fields.List(fields.Nested(SlotSchema), required=True)
    availability_exceptions = fields.List(fields.Nested(ExceptionSchema), required=True)
    preference = fields.String(required=True)
    max_commitments_per_month = fields.Integer(required=True)
    paused = fields.Boolean(required=True)
    birth_year = fields.Integer(allow_none=True, required=True)
    vog = fields.Nested(VogSchema, required=True)
    updated_at = fields.DateTime(required=True)

    @ma.pre_dump
    def _from_profile(self, profile, **kwargs):
        """The VolunteerProfile model as the API shows it: its place by name, times as HH:MM."""
        hood = profile.neighbourhood
        return {
            "display_name": profile.user.display_name,
            "postcode": profile.postcode,
            "municipality": {"slug": hood.municipality.slug, "name": hood.municipality.name},
            "neighbourhood": {"slug": hood.slug, "name": hood.name, "district": hood.district,
                              "is_focus": hood.is_focus},
            "approximate_location": {"latitude": profile.latitude, "longitude": profile.longitude},
            "travel_radius_km": profile.travel_radius_km,
            "languages": profile.languages,
            "skills": [{"code": s.skill_code, "level": s.level} for s in profile.skills],
            "interests": profile.interests,
            "availability": [{"weekday": WEEKDAYS[a.weekday], "start": format_minutes(a.start_minute),
                              "end": format_minutes(a.end_minute)} for a in profile.availability],
            "availability_exceptions": [
                {"date": e.date, "available": e.available,
                 "start": format_minutes(e.start_minute) if e.start_minute is not None else None,
                 "end": format_minutes(e.end_minute) if e.end_minute is not None else None}
                for e in profile.exceptions],
            "preference": profile.preference,
            "max_commitments_per_month": profile.max_commitments_per_month,
            "paused": profile.paused,
            "birth_year": profile.birth_year,
            "vog": {"status": profile.vog_status, "valid_until": profile.vog_valid_until},
            "updated_at": profile.updated_at,
        }


class EraseSchema(Schema):
    password = text(128, required=True, metadata={"description": "confirms that it is really you"})


class ExportSchema(Schema):
    """The fixed sections; the feature sections listed in backend/data_rights.py pass through as they are."""

    class Meta(Schema.Meta):
        # Documents the extra sections as allowed (additionalProperties); the post_dump below writes them.
        unknown = ma.INCLUDE

    format = fields.String(required=True)
    account = fields.Dict(required=True)
    volunteer_profile = fields.Dict(allow_none=True, required=True)
    consents = fields.List(fields.Dict(), required=True)
    sessions = fields.List(fields.Dict(), required=True)
    messages = fields.List(fields.Dict(), required=True)
    audit_events = fields.List(fields.Dict(), required=True)

    @ma.post_dump(pass_original=True)
    def _keep_feature_sections(self, data, original, **kwargs):
        # dump() writes declared fields only (INCLUDE is about loading); keep the registered sections.
        return {**original, **data}


class OwnRoleSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(SELF_SERVICE_ROLES),
                         metadata={"description": "a role anyone may take up: volunteer or resident"})


class MyOrganisationSchema(Schema):
    organisation = fields.Nested(OrganisationSchema, required=True)
    municipality = fields.String(required=True, metadata={"description": "slug of its municipality"})
    membership = fields.String(required=True, metadata={"description": "active (I coordinate it) or invited"})


class MyOrganisationListSchema(Schema):
    items = fields.List(fields.Nested(MyOrganisationSchema), required=True)


@blp.endpoint("", "GET", "authenticated", (200, AccountSchema))
def get_account():
    """My account: e-mail, name, language and roles."""
    return current_user


@blp.endpoint("", "DELETE", "authenticated", (204,), EraseSchema)
def erase_account(data):
    """Erase my account and everything personal DoeMee holds about me, at once and for good."""
    erase_user(current_user, password=data["password"])


@blp.route("/export", methods=["GET"])
@access("authenticated")
@no_store
@blp.response(200, ExportSchema)
def export():
    """Everything DoeMee holds about me, machine-readable."""
    return export_user_data(current_user)


@blp.endpoint("/profile", "GET", "authenticated", (200, ProfileOutSchema))
def get_profile():
    """My volunteer profile."""
    return profiles.get_profile(current_user)


@blp.endpoint("/profile", "PUT", "authenticated", (200, ProfileOutSchema), ProfileInSchema, created="Profile created")
def put_profile(data):
    """Create or replace my volunteer profile (fields left out get their defaults)."""
    profile, created = profiles.put_profile(current_user, data)
    return profile, 201 if created else 200


@blp.endpoint("/profile", "PATCH", "authenticated", (200, ProfileOutSchema), ProfileInSchema)
def patch_profile(data):
    """Change some fields of my volunteer profile."""
    return profiles.patch_profile(current_user, data)


@blp.endpoint("/roles", "POST", "authenticated", (200, AccountSchema),
              OwnRoleSchema, description="I already had this role", created="Role added")
def add_role(data):
    """Take up a self-service role next to the ones I have: a volunteer may be a resident too (and ask for help),
    a resident may volunteer. Other roles are granted by the municipality."""
    added = add_own_role(current_user, data["role"])
    return current_user, 201 if added else 200


@blp.endpoint("/organisations", "GET", "authenticated", (200, MyOrganisationListSchema))
def list_my_organisations():
    """The organisations I coordinate, and those that invited me to (membership "invited")."""
    return {"items": my_organisations(current_user)}
