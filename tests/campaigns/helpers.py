"""Setting up a campaign through the API, shared by the campaign tests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.accounts.factories import staff_member  # noqa: F401  (the campaign tests' staff)
from tests.support import register

def period() -> dict:
    """The last 60 days up to today: the factories' work of "two days ago" lies in it."""
    today = now().date()
    return {"period_start": (today - timedelta(days=60)).isoformat(), "period_end": today.isoformat()}


def iso(moment: datetime) -> str:
    return moment.isoformat()


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def create_campaign(client, staff, *, municipality="maassluis", opens=None, closes=None, redeem_until=None,
                    eligibility=None, budget=2500, **extra):
    opens = opens or now() - timedelta(hours=1)
    closes = closes or now() + timedelta(days=14)
    body = {"municipality": municipality, "name": "Maassluis bedankt", "year": 2026, "opens_at": iso(opens),
            "closes_at": iso(closes), "eligibility": eligibility if eligibility is not None else {"everyone": True},
            "budget_per_volunteer_cents": budget, "message": "Dank je wel!", **extra}
    if redeem_until:
        body["redeem_until"] = iso(redeem_until)
    r = client.post("/api/v1/campaigns", json=body, token=staff.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def shop(client, cli, staff, *, name="Bakkerij Het Hoofd", municipality="maassluis", verify=True):
    """A verified shop with one staff member; returns (merchant json, merchant person)."""
    r = client.post("/api/v1/merchants", json={"municipality": municipality, "name": name,
                                               "address": "Hoogstraat 1, Maassluis", "kvk_number": "12345678"},
                    token=staff.token)
    assert r.status_code == 201, r.get_json()
    merchant = r.get_json()
    if verify:
        r = client.post(f"/api/v1/merchants/{merchant['id']}/verification", token=staff.token)
        assert r.status_code == 200 and r.get_json()["verified"] is True
    owner = register(client)
    r = client.post(f"/api/v1/merchants/{merchant['id']}/staff", json={"email": owner.email}, token=staff.token)
    assert r.status_code == 201, r.get_json()
    return merchant, owner


def offer(client, owner, campaign_id, merchant_id, *, title="Taart", value=2000, stock=10):
    r = client.post(f"/api/v1/campaigns/{campaign_id}/gifts",
                    json={"merchant_id": merchant_id, "title": title, "description": "Vers gebakken",
                          "value_cents": value, "stock": stock, "picture_url": "https://example.org/taart.jpg"},
                    token=owner.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def claim(client, person, campaign_id, gift_id, **kw):
    return client.post(f"/api/v1/campaigns/{campaign_id}/claims", json={"gift_id": gift_id}, token=person.token,
                       **kw)
