"""Health and the privacy statement."""
from flask import current_app
from marshmallow import fields

from backend.accounts.privacy import current_statement
from backend.errors import DomainError
from backend.observability import readiness
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema

blp = Blueprint("meta", __name__, description="Health and privacy statement")


class Unavailable(DomainError, status=503, slug="service-unavailable"):
    """The health check could not reach the database, or the Redis that keeps the rate limits."""


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)
    redis = fields.String(metadata={"description": "present when the rate limits are kept in Redis"})


class PrivacyTextSchema(Schema):
    nl = fields.String(required=True)
    en = fields.String(required=True)


class PrivacySchema(Schema):
    version = fields.String(required=True)
    text = fields.Nested(PrivacyTextSchema, required=True)


@blp.route("/health", methods=["GET"])
@access("public")
@blp.response(200, HealthSchema)
def health():
    """Is the service up, and can it reach its database and (when the rate limits are kept there) Redis?

    For the app. Load balancers and monitoring have /health/live and /health/ready (which names what fails)."""
    if readiness.check_database().status != readiness.OK:
        raise Unavailable()
    answer = {"status": "ok", "database": "ok"}
    url = current_app.extensions["doemee_config"]["RATELIMIT_STORAGE_URL"]
    if url.startswith("redis://"):
        if readiness.check_redis(url).status != readiness.OK:
            raise Unavailable()
        answer["redis"] = "ok"
    return answer


@blp.route("/privacy", methods=["GET"])
@access("public")
@blp.response(200, PrivacySchema)
def privacy():
    """The current privacy statement; registration must accept this version."""
    return current_statement()
