"""Health and the privacy statement."""
import sqlalchemy as sa
from marshmallow import fields

from backend.accounts.privacy import current_statement
from backend.errors import DomainError
from backend.extensions import db
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema

blp = Blueprint("meta", __name__, description="Health and privacy statement")


class DatabaseUnavailable(DomainError, status=503, slug="service-unavailable"):
    """The health check could not reach the database."""


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)


class PrivacyTextSchema(Schema):
    nl = fields.String(required=True)
    en = fields.String(required=True)


class PrivacySchema(Schema):
    version = fields.String(required=True)
    text = fields.Nested(PrivacyTextSchema, required=True)


@blp.endpoint("/health", "GET", "public", (200, HealthSchema))
def health():
    """Is the service up and can it reach its database?"""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        raise DatabaseUnavailable() from None
    return {"status": "ok", "database": "ok"}


@blp.endpoint("/privacy", "GET", "public", (200, PrivacySchema))
def privacy():
    """The current privacy statement; registration must accept this version."""
    return current_statement()
