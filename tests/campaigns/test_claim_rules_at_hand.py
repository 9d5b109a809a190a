"""A rule that counts no hours or engagements is judged from what a claim's one context statement read (the
volunteer's registration, neighbourhood and nomination), without the facts query: the verdict must be the one the
facts query gives (GET /campaigns/current shows that one)."""
import uuid
from datetime import timedelta

import sqlalchemy as sa

from backend.campaigns.models import Gift, GiftClaim
from tests.campaigns.helpers import claim, create_campaign, now, offer, shop, staff_member
from tests.support import volunteer


def _set_up(client, cli, eligibility):
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff, eligibility=eligibility)
    merchant, owner = shop(client, cli, staff)
    return campaign, offer(client, owner, campaign["id"], merchant["id"], stock=3)


def _current(client, person):
    body = client.get("/api/v1/campaigns/current", token=person.token, headers={"Accept-Language": "en"}).get_json()
    return body["eligible"], [r["code"] for r in body["reasons"]]


def test_registered_too_late_is_refused_as_the_facts_query_says(client, cli, db_session):
    campaign, gift = _set_up(client, cli, {"everyone": True, "registered_before": now().date().isoformat()})
    late = volunteer(client)
    assert _current(client, late) == (False, ["registered_too_late"])
    r = claim(client, late, campaign["id"], gift["id"], headers={"Accept-Language": "en"})
    assert r.status_code == 403 and r.get_json()["errors"]["eligibility"], r.get_json()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(GiftClaim)) == 0
    assert db_session.get(Gift, uuid.UUID(gift["id"])).stock == 3


def test_everyone_registered_in_time_chooses(client, cli, db_session):
    in_time = (now() + timedelta(days=2)).date().isoformat()
    campaign, gift = _set_up(client, cli, {"everyone": True, "registered_before": in_time})
    person = volunteer(client)
    assert _current(client, person) == (True, ["everyone"])
    r = claim(client, person, campaign["id"], gift["id"])
    assert r.status_code == 201 and r.get_json()["gift"]["stock_left"] == 2, r.get_json()
    # Choosing again (the same gift) reads the claim found by the context, locked, and changes nothing.
    r = claim(client, person, campaign["id"], gift["id"])
    assert r.status_code == 200 and r.get_json()["voucher_code"] == claim(
        client, person, campaign["id"], gift["id"]).get_json()["voucher_code"]
    assert db_session.get(Gift, uuid.UUID(gift["id"])).stock == 2

