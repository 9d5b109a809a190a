"""Helpers for the notification tests: people, devices, messages and running the relay."""
from __future__ import annotations

import json
import uuid

import sqlalchemy as sa

from backend.notifications.models import OutboxMessage
from backend.notifications.outbox import enqueue
from backend.extensions import db
from backend.notifications.relay import relay_due

EXPO_PATH = "/--/api/v2/push/send"


def expo_token(n=None) -> str:
    return f"ExponentPushToken[{n if n is not None else uuid.uuid4().hex[:22]}]"


def add_device(client, person, token=None, provider="expo", platform="android") -> str:
    token = token or expo_token()
    r = client.post("/api/v1/me/devices", json={"token": token, "provider": provider, "platform": platform},
                    token=person.token)
    assert r.status_code == 201, r.get_json()
    return token


def message(db_session, person, *, template="offer_accepted", key=None, channel="any", priority="normal",
            locale="nl", payload=None) -> str:
    key = key or f"test:{uuid.uuid4()}"
    assert enqueue(key, user_id=uuid.UUID(person.id), channel=channel, template=template, locale=locale,
                   payload=payload or {}, priority=priority)
    db_session.flush()
    return key


def relay(app) -> int:
    """Deliver everything due now, the way the job `outbox-delivery` does (in an app context of its own, as on a
    worker); returns how many were sent."""
    with app.app_context():
        try:
            return relay_due().get("sent", 0)
        finally:
            db.session.remove()


def row(db_session, key) -> OutboxMessage:
    return db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key == key)
                             .execution_options(populate_existing=True))


def rows(db_session, **where) -> list:
    q = sa.select(OutboxMessage).execution_options(populate_existing=True)
    for name, value in where.items():
        q = q.where(getattr(OutboxMessage, name) == value)
    return list(db_session.scalars(q))


def expo_messages(httpserver) -> list[dict]:
    """Every push message that reached the fake Expo endpoint (requests carry up to 100 each)."""
    out = []
    for request, _response in httpserver.log:
        if request.path == EXPO_PATH:
            out += json.loads(request.data)
    return out


def expo_ok(request):
    from werkzeug import Response

    body = json.loads(request.data)
    return Response(json.dumps({"data": [{"status": "ok", "id": str(uuid.uuid4())} for _ in body]}),
                    content_type="application/json")


def answering_expo(httpserver) -> None:
    """The fake Expo endpoint accepts every push message it is sent (``expo_messages`` lists them)."""
    httpserver.expect_request(EXPO_PATH, method="POST").respond_with_handler(expo_ok)


def text_of(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def html_of(mail) -> str:
    return mail.get_body(preferencelist=("html",)).get_content()
