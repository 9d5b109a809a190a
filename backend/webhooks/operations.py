"""Registering webhook endpoints: who may (staff of the municipality, coordinators of the organisation), where to
(urls.check_url), the secret shown once, its rotation with an overlap, and the delivery log."""
from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from backend.accounts.models import User
from backend.audit.operations import record
from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.organisations.access import is_coordinator, require_coordinator
from backend.organisations.models import Organisation
from backend.pagination import page
from backend.places.operations import get_municipality, require_staff
from backend.webhooks import messages  # noqa: F401  (registers the messages)
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint
from backend.webhooks.urls import UnsafeUrl, check_url


def _config():
    return current_app.extensions["doemee_config"]


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _checked_url(url: str) -> str:
    try:
        check_url(url, allow_loopback=_config()["WEBHOOK_ALLOW_LOOPBACK"])
    except UnsafeUrl as exc:
        raise InvalidInput("detail.validation", errors={"url": [Msg(str(exc))]}) from None
    return url


def _create(actor: User, data: dict, **owner) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(url=_checked_url(data["url"]), event_types=sorted(set(data["event_types"])),
                               secret=new_secret(), enabled=True, consecutive_failures=0, **owner)
    db.session.add(endpoint)
    db.session.flush()
    record("webhook.endpoint_created", actor_id=actor.id, object_type="webhook_endpoint", object_id=endpoint.id)
    return endpoint


def _organisation(actor: User, organisation_id) -> Organisation:
    org = db.session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("detail.not_found", what="Organisation")
    require_coordinator(actor, org.id)
    return org


def create_for_organisation(actor: User, organisation_id, data: dict) -> WebhookEndpoint:
    return _create(actor, data, organisation_id=_organisation(actor, organisation_id).id)


def create_for_municipality(actor: User, slug: str, data: dict) -> WebhookEndpoint:
    municipality = get_municipality(slug)
    require_staff(actor, municipality)
    return _create(actor, data, municipality_id=municipality.id)


def _listed(where) -> list[WebhookEndpoint]:
    return list(db.session.scalars(sa.select(WebhookEndpoint).where(where)
                                   .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)))


def organisation_endpoints(actor: User, organisation_id) -> list[WebhookEndpoint]:
    return _listed(WebhookEndpoint.organisation_id == _organisation(actor, organisation_id).id)


def municipality_endpoints(actor: User, slug: str) -> list[WebhookEndpoint]:
    municipality = get_municipality(slug)
    require_staff(actor, municipality)
    return _listed(WebhookEndpoint.municipality_id == municipality.id)


def _may_manage(actor: User, endpoint: WebhookEndpoint) -> bool:
    if endpoint.organisation_id is not None:
        return is_coordinator(actor, endpoint.organisation_id)
    return actor.has_role("admin") or actor.has_role("municipality_staff", endpoint.municipality_id)


def get_endpoint(actor: User, endpoint_id) -> WebhookEndpoint:
    """An endpoint the actor manages; anyone else's is not found (404), so ids reveal nothing."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or not _may_manage(actor, endpoint):
        raise NotFound("detail.webhooks.not_found")
    return endpoint


def update_endpoint(actor: User, endpoint_id, changes: dict) -> WebhookEndpoint:
    endpoint = get_endpoint(actor, endpoint_id)
    if "url" in changes:
        endpoint.url = _checked_url(changes["url"])
    if "event_types" in changes:
        endpoint.event_types = sorted(set(changes["event_types"]))
    if changes.get("enabled") is True:
        endpoint.enabled, endpoint.disabled_at, endpoint.consecutive_failures = True, None, 0
    elif changes.get("enabled") is False:
        endpoint.enabled, endpoint.disabled_at = False, utcnow()
    record("webhook.endpoint_changed", actor_id=actor.id, object_type="webhook_endpoint", object_id=endpoint.id,
           fields=sorted(changes))
    return endpoint


def delete_endpoint(actor: User, endpoint_id) -> None:
    endpoint = get_endpoint(actor, endpoint_id)
    record("webhook.endpoint_deleted", actor_id=actor.id, object_type="webhook_endpoint", object_id=endpoint.id)
    db.session.delete(endpoint)


def rotate_secret(actor: User, endpoint_id, *, now: datetime | None = None) -> WebhookEndpoint:
    """A new secret (shown once); the old one keeps signing too for WEBHOOK_SECRET_OVERLAP_HOURS, so that the
    receiver can switch over without missing a message (the spec allows several signatures)."""
    endpoint = get_endpoint(actor, endpoint_id)
    now = now or utcnow()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + timedelta(hours=_config()["WEBHOOK_SECRET_OVERLAP_HOURS"])
    endpoint.secret = new_secret()
    record("webhook.secret_rotated", actor_id=actor.id, object_type="webhook_endpoint", object_id=endpoint.id)
    return endpoint


def list_deliveries(actor: User, endpoint_id, *, limit: int, cursor: str | None):
    """The endpoint's delivery log, newest first."""
    endpoint = get_endpoint(actor, endpoint_id)
    stmt = sa.select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
    return page(stmt, [WebhookDelivery.created_at, WebhookDelivery.id], [datetime, uuid.UUID], limit=limit,
                cursor=cursor, key=lambda d: (d.created_at, d.id), descending=True)
