"""Webhook secrets are stored encrypted (backend.webhooks.sealing): the table holds a Fernet token, never the
secret; deliveries still sign with the secret; the key rotates (`flask webhook-secrets reseal`); the migration
0013_dashboard encrypts the secrets stored before it, and its downgrade decrypts them."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask_migrate import downgrade, upgrade

from backend.extensions import db
from backend.webhooks.models import WebhookEndpoint
from backend.webhooks.sealing import derived_key
from tests.conftest import app_config
from tests.engagements.factories import coordinated_shift
from tests.support import volunteer
from tests.webhooks.conftest import HOOK_PATH
from tests.webhooks.helpers import deliver, received, register_endpoint, verified


def _stored(session, endpoint_id) -> tuple[str, str | None]:
    """What the table holds, as SQL reads it (no model in between)."""
    return tuple(session.execute(sa.text("SELECT secret, previous_secret FROM webhook_endpoints WHERE id = :id"),
                                 {"id": endpoint_id}).one())


def test_the_table_holds_a_token_and_deliveries_sign_with_the_secret(client, app, db_session, receiver, pinned):
    setting = coordinated_shift(client, db_session, capacity=10)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id,
                                 events=["engagement.signed_up"])
    secret = endpoint["secret"]
    stored, previous = _stored(db_session, uuid.UUID(endpoint["id"]))
    assert secret.startswith("whsec_") and previous is None
    assert "whsec_" not in stored and secret[6:] not in stored  # neither the secret nor its key bytes
    key = derived_key(app.extensions["doemee_config"]["SECRET_KEY"])
    assert Fernet(key).decrypt(stored.encode()).decode() == secret

    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=204)
    assert client.post(f"/api/v1/shifts/{setting.shift_id}/signups",
                       token=volunteer(client).token).status_code == 201
    deliver(app)
    [(headers, body)] = received(receiver)
    assert verified(secret, headers, body)["type"] == "engagement.signed_up"


def test_the_key_rotates_with_reseal(client, app, cli, db_session, receiver, settings):
    setting = coordinated_shift(client, db_session)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id)
    endpoint_id = uuid.UUID(endpoint["id"])
    rotated = client.post(f"/api/v1/webhook-endpoints/{endpoint_id}/secret-rotations",
                          token=setting.coordinator.token)
    assert rotated.status_code == 201, rotated.get_json()
    old_key = cli.invoke(args=["webhook-secrets", "current-key"]).output.strip()
    new_key = cli.invoke(args=["webhook-secrets", "new-key"]).output.strip()
    assert old_key == derived_key(app.extensions["doemee_config"]["SECRET_KEY"]).decode() and old_key != new_key

    settings(WEBHOOK_SECRET_KEYS=(new_key, old_key))  # the new key first, the old one still listed
    result = cli.invoke(args=["webhook-secrets", "reseal"])
    assert result.exit_code == 0 and "1 endpoints" in result.output, result.output
    stored, previous = _stored(db_session, endpoint_id)
    assert Fernet(new_key).decrypt(stored.encode()).decode() == rotated.get_json()["secret"]
    assert Fernet(new_key).decrypt(previous.encode()).decode() == endpoint["secret"]

    settings(WEBHOOK_SECRET_KEYS=(new_key,))  # the old key dropped: everything still reads
    db_session.expire_all()
    row = db_session.get(WebhookEndpoint, endpoint_id)
    assert (row.secret, row.previous_secret) == (rotated.get_json()["secret"], endpoint["secret"])


def test_the_migration_encrypts_what_was_stored_and_the_downgrade_decrypts_it(fresh_database):
    from doemee.app import create_app

    app = create_app(app_config(fresh_database))
    with app.app_context():
        try:
            downgrade(revision="0012_merge_issue21")
            with db.engine.begin() as conn:
                municipality = conn.execute(sa.text("SELECT id FROM municipalities LIMIT 1")).scalar_one()
                conn.execute(sa.text(
                    "INSERT INTO webhook_endpoints (id, municipality_id, url, event_types, secret, previous_secret,"
                    " enabled, consecutive_failures, created_at, updated_at) VALUES (:id, :m, 'https://example.nl/h',"
                    " '[]', 'whsec_bmV3', 'whsec_b2xk', true, 0, now(), now())"),
                    {"id": (endpoint_id := uuid.uuid4()), "m": municipality})
            upgrade(revision="heads")
            stored = _stored(db.session, endpoint_id)
            assert all(not value.startswith("whsec_") for value in stored)
            row = db.session.get(WebhookEndpoint, endpoint_id)
            assert (row.secret, row.previous_secret) == ("whsec_bmV3", "whsec_b2xk")
            db.session.rollback()
            downgrade(revision="0012_merge_issue21")
            assert _stored(db.session, endpoint_id) == ("whsec_bmV3", "whsec_b2xk")
            db.session.rollback()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_key_that_is_no_fernet_key_stops_the_start():
    from backend.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="WEBHOOK_SECRET_KEYS"):
        load_config({"ENV": "test", "WEBHOOK_SECRET_KEYS": "not-a-key"})
    key = Fernet.generate_key().decode()
    assert load_config({"ENV": "test", "WEBHOOK_SECRET_KEYS": f"{key}, "})["WEBHOOK_SECRET_KEYS"] == (key,)
