"""The input of the organisations' operations (shape only), for the API's JSON and the web's forms alike. The rules
(a website is an http(s) address, the municipality is served, who may do what) are the operations'."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.schemas import Schema, text


class OrganisationInSchema(Schema):
    name = text(120, min_length=1, required=True)
    description = text(5000, load_default="")
    website = text(200, load_default=None, allow_none=True, metadata={"description": "an http(s) address"})
    municipality = text(60, required=True, metadata={"description": "slug, e.g. maassluis"})


class OrganisationProfileSchema(Schema):
    """What its coordinators change of an organisation (its name stays as the municipality verified it)."""

    description = text(5000, required=True)
    website = text(200, required=True, allow_none=True, metadata={"description": "an http(s) address"})


class InviteSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class DecisionReasonSchema(Schema):
    """Why the municipality turns an organisation, a shop or an intermediary down."""

    reason = text(500, min_length=1, required=True, metadata={"description": "the applicant reads it"})


class IntermediaryApplicationInSchema(Schema):
    municipality = text(60, required=True, metadata={"description": "slug, e.g. maassluis"})
    organisation_name = text(120, min_length=1, required=True, metadata={"description": "team or organisation"})
    job_title = text(80, min_length=1, required=True)
    motivation = text(1000, min_length=1, required=True, metadata={"description": "for whom they will post"})


class StaffMemberInSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254),
                         metadata={"description": "an existing DoeMee account"})
