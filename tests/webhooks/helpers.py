"""Helpers of the webhook tests: registering endpoints, running the delivery job, reading what was received."""
from __future__ import annotations

import json

import sqlalchemy as sa
from standardwebhooks import Webhook

from backend.extensions import db
from backend.webhooks.delivery import deliver_once
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.webhooks.conftest import HOOK_PATH

ALL_EVENTS = ["engagement.signed_up", "engagement.withdrawn", "engagement.checked_in", "hours.approved",
              "help_request.matched", "gift_claim.created", "gift_claim.redeemed"]


def receiver_url(receiver) -> str:
    return f"http://127.0.0.1:{receiver.port}{HOOK_PATH}"


def register_endpoint(client, person, receiver, *, organisation_id=None, municipality=None, events=None) -> dict:
    path = (f"/api/v1/organisations/{organisation_id}/webhook-endpoints" if organisation_id
            else f"/api/v1/municipalities/{municipality}/webhook-endpoints")
    r = client.post(path, token=person.token,
                    json={"url": receiver_url(receiver), "event_types": events or ALL_EVENTS})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def deliver(app) -> dict:
    """Send what is due, the way the job `webhook-delivery` does (in an app context of its own, as on a worker)."""
    with app.app_context():
        try:
            return deliver_once()
        finally:
            db.session.remove()


def received(receiver) -> list:
    """(headers, body text) of every request the receiver got."""
    return [(dict(request.headers), request.get_data(as_text=True)) for request, _response in receiver.log]


def verified(secret: str, headers: dict, body: str) -> dict:
    """The body, after the Standard Webhooks library checked its signature (raises if it does not verify)."""
    return Webhook(secret).verify(body, headers)


def deliveries(db_session, endpoint_id) -> list[WebhookDelivery]:
    return list(db_session.scalars(sa.select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
                                   .order_by(WebhookDelivery.created_at)
                                   .execution_options(populate_existing=True)))


def endpoint_row(db_session, endpoint_id) -> WebhookEndpoint:
    db_session.expire_all()
    return db_session.get(WebhookEndpoint, endpoint_id)


def body_of(text: str) -> dict:
    return json.loads(text)
