"""/metrics: refused without its token, never public; the counts move with real requests and operations (requests by
route and status, sign-ups, claims, redemptions, registrations), the outbox and pool gauges read what is there."""
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from backend.notifications.models import OutboxMessage
from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member
from tests.engagements.factories import coordinated_shift
from tests.observability.support import METRICS_TOKEN, scrape, value
from tests.support import ApiClient, register, volunteer

REQUESTS = "doemee_http_requests_total"
EVENTS = "doemee_events_total"


@pytest.fixture
def watched(app_with):
    """An API client of an app whose /metrics is open to the token (the metrics are the process', whichever app)."""
    return ApiClient(app_with(METRICS_TOKEN=METRICS_TOKEN))


def test_metrics_are_refused_without_the_token(watched, client):
    assert watched.get("/metrics").status_code == 401
    assert watched.get("/metrics").headers["WWW-Authenticate"].startswith("Bearer")
    assert watched.get("/metrics", headers={"Authorization": "Bearer " + "x" * 44}).status_code == 401
    assert watched.get("/metrics", headers={"Authorization": METRICS_TOKEN}).status_code == 401  # no scheme
    # A person's access token is no metrics token.
    person = register(client)
    assert watched.get("/metrics", token=person.token).status_code == 401
    r = watched.get("/metrics", token=METRICS_TOKEN)
    assert r.status_code == 200 and r.mimetype == "text/plain" and "doemee_http_requests_total" in r.get_data(True)


def test_without_a_token_setting_there_are_no_metrics(client):
    # The suite's app: DOEMEE_METRICS_TOKEN unset.
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).status_code == 404


def test_a_token_too_short_to_be_safe_is_refused_at_start(own_app):
    from backend.config import ConfigError

    with pytest.raises(ConfigError, match="METRICS_TOKEN must be at least 32"):
        own_app(METRICS_TOKEN="short")


def test_requests_are_counted_by_route_never_by_path(watched, client):
    before = scrape(watched)
    for _ in range(3):
        assert client.get("/api/v1/municipalities").status_code == 200
    secret_path = "/api/v1/opportunities/00000000-0000-0000-0000-00000000beef"
    assert client.get(secret_path).status_code == 404
    assert client.get("/a/path/with/anna@example.org").status_code == 404
    after = scrape(watched)

    def moved(**labels):
        return value(after, REQUESTS, **labels) - value(before, REQUESTS, **labels)

    assert moved(method="GET", route="/api/v1/municipalities", status="200") == 3
    assert moved(method="GET", route="/api/v1/opportunities/<uuid:opportunity_id>", status="404") == 1
    assert moved(method="GET", route="<unmatched>", status="404") == 1
    duration_count = "doemee_http_request_duration_seconds_count"
    assert value(after, duration_count, method="GET", route="/api/v1/municipalities") - \
        value(before, duration_count, method="GET", route="/api/v1/municipalities") == 3
    text = watched.get("/metrics", token=METRICS_TOKEN).get_data(as_text=True)
    assert "beef" not in text and "anna" not in text


def test_sign_ups_claims_and_redemptions_are_counted_once_committed(watched, client, cli, db_session):
    before = scrape(watched)
    setting = coordinated_shift(client, db_session, capacity=3)
    anna = volunteer(client)
    assert client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=anna.token).status_code == 201
    # Signed up already: a 409, whose transaction is rolled back: not a sign-up.
    assert client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=anna.token).status_code == 409

    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff)
    bakery, baker = shop(client, cli, staff)
    cake = offer(client, baker, campaign["id"], bakery["id"])
    r = claim(client, anna, campaign["id"], cake["id"])
    assert r.status_code == 201, r.get_json()
    code = r.get_json()["voucher_code"]
    assert client.post("/api/v1/merchant/redemptions", json={"code": code}, token=baker.token).status_code == 201
    assert client.post("/api/v1/merchant/redemptions", json={"code": code}, token=baker.token).status_code == 409
    after = scrape(watched)

    def moved(event):
        return value(after, EVENTS, event=event) - value(before, EVENTS, event=event)

    assert moved("engagement.signed_up") == 1
    assert moved("campaign.gift_claimed") == 1
    assert moved("campaign.voucher_redeemed") == 1
    # anna, the coordinator and staff (coordinated_shift, staff_member) and the baker registered
    assert moved("account.registered") >= 3


def test_outbox_backlog_and_the_wait_of_its_oldest_due_message(watched, db_session):
    now = datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc)
    with time_machine.travel(now, tick=False):
        for key, due, status in (("a", now - timedelta(minutes=20), "pending"), ("b", now, "pending"),
                                 ("c", now + timedelta(hours=3), "pending"), ("d", now - timedelta(days=1), "dead")):
            db_session.add(OutboxMessage(dedupe_key=f"observe:{key}", channel="email", template="signup_accepted",
                                         payload={}, status=status, next_attempt_at=due))
        db_session.commit()
        scraped = scrape(watched)
    assert value(scraped, "doemee_database_up") == 1
    assert value(scraped, "doemee_outbox_messages", status="pending") == 3
    assert value(scraped, "doemee_outbox_messages", status="dead") == 1
    assert value(scraped, "doemee_outbox_oldest_due_seconds") == 1200


def test_database_pool_use_is_measured(watched):
    scraped = scrape(watched)
    # The pool's limit (size + overflow); in use: at least the connection the test's transaction holds.
    assert value(scraped, "doemee_db_pool_connections_limit") == 20
    assert value(scraped, "doemee_db_pool_connections_in_use") >= 1
