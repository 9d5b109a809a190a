"""Staff run one campaign at a time per municipality, correct it while it runs and cancel it: the whole story
through the API and the job CLI, with the clock pinned."""
import csv
import io
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

from backend.campaigns.models import Gift
from backend.notifications.models import OutboxMessage
from backend.notifications.render import render
from tests.campaigns.helpers import claim, create_campaign, iso, offer, shop, staff_member
from tests.support import login, volunteer

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
EN = {"Accept-Language": "en"}


def _body(**changes):
    return {"municipality": "maassluis", "name": "Nog een actie", "year": 2026, "opens_at": iso(T0 + timedelta(days=1)),
            "closes_at": iso(T0 + timedelta(days=5)), "eligibility": {"everyone": True},
            "budget_per_volunteer_cents": 2500, **changes}


def _cancel_messages(db_session, campaign_id):
    return sorted(m.user_id for m in db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.template == "campaign_cancelled", OutboxMessage.dedupe_key.like(f"campaign:{campaign_id}:%"))))


@time_machine.travel(T0, tick=False)
def test_one_campaign_at_a_time_corrected_while_open_and_cancelled(client, cli, db_session):
    staff = staff_member(client, cli)
    december = create_campaign(client, staff, name="Maassluis bedankt", opens=T0 - timedelta(hours=1),
                               closes=T0 + timedelta(days=14))
    january = create_campaign(client, staff, name="Nieuwjaarsactie", opens=T0 + timedelta(days=20),
                              closes=T0 + timedelta(days=30))
    cid = december["id"]

    # An empty rule says nothing about who takes part: refused, on creation and on change.
    r = client.post("/api/v1/campaigns", json=_body(opens_at=iso(T0 + timedelta(days=40)),
                                                    closes_at=iso(T0 + timedelta(days=45)), eligibility={}),
                    token=staff.token, headers=EN)
    assert r.status_code == 400 and r.get_json()["errors"]["eligibility"] == [
        "Say who takes part: a minimum of hours or engagements, registered_before, or everyone: true."]
    r = client.patch(f"/api/v1/campaigns/{january['id']}", json={"eligibility": {}}, token=staff.token)
    assert r.status_code == 400 and "eligibility" in r.get_json()["errors"]
    r = client.post("/api/v1/campaigns", json=_body(eligibility={"everyone": True, "min_approved_hours": 3,
                                                                 "period_start": "2026-01-01",
                                                                 "period_end": "2026-11-30"}), token=staff.token)
    assert r.status_code == 400 and "eligibility.everyone" in r.get_json()["errors"]

    # A second campaign overlapping the running one would hide it: refused with the reason.
    r = client.post("/api/v1/campaigns", json=_body(), token=staff.token, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"].startswith('The campaign "Maassluis bedankt" of this municipality runs from '
                                             "2026-12-01 10:00 until 2026-12-15 11:00")
    r = client.patch(f"/api/v1/campaigns/{january['id']}", json={"opens_at": iso(T0 + timedelta(days=10))},
                     token=staff.token)
    assert r.status_code == 409
    assert client.get("/api/v1/campaigns/" + january["id"], token=staff.token).get_json()["opens_at"] == \
        january["opens_at"]
    # Another municipality runs its own campaign at the same time.
    vlaardingen = staff_member(client, cli, "vlaardingen")
    assert client.post("/api/v1/campaigns", json=_body(municipality="vlaardingen"),
                       token=vlaardingen.token).status_code == 201

    # Volunteers are invited, choose, one voucher is redeemed.
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, cid, merchant["id"], title="Taart", value=2000, stock=5)
    anna, bob = volunteer(client), volunteer(client, postcode="3147 HB")
    result = cli.invoke(args=["run-appreciation-job", "open-campaigns"])
    assert result.exit_code == 0 and result.output.strip() == "open-campaigns: 2", result.output
    redeemed_code = claim(client, anna, cid, gift["id"]).get_json()["voucher_code"]
    open_code = claim(client, bob, cid, gift["id"]).get_json()["voucher_code"]
    assert client.post("/api/v1/merchant/redemptions", json={"code": redeemed_code},
                       token=owner.token).status_code == 201

    # While open, staff correct the texts and the closing date (vouchers stay redeemable until the closing).
    later = T0 + timedelta(days=18)
    r = client.patch(f"/api/v1/campaigns/{cid}", token=staff.token,
                     json={"name": "Maassluis zegt dank", "message": "Kies vóór 19 december.", "closes_at": iso(later)})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert (body["name"], body["message"]) == ("Maassluis zegt dank", "Kies vóór 19 december.")
    assert datetime.fromisoformat(body["closes_at"]) == later == datetime.fromisoformat(body["redeem_until"])
    current = client.get("/api/v1/campaigns/current", token=bob.token).get_json()
    assert current["campaign"]["name"] == "Maassluis zegt dank"
    r = client.patch(f"/api/v1/campaigns/{cid}", json={"closes_at": iso(T0 + timedelta(days=25))}, token=staff.token)
    assert r.status_code == 409  # would run into January's campaign
    r = client.patch(f"/api/v1/campaigns/{cid}", json={"closes_at": iso(T0 - timedelta(minutes=1))},
                     token=staff.token)
    assert r.status_code == 400 and "closes_at" in r.get_json()["errors"]
    r = client.patch(f"/api/v1/campaigns/{cid}", json={"budget_per_volunteer_cents": 5000}, token=staff.token)
    assert r.status_code == 409  # who gets what stays fixed

    # Cancelled while open: Bob's voucher stops working, his cake goes back, both are told, once.
    assert client.post(f"/api/v1/campaigns/{cid}/cancellation", token=volunteer(client).token).status_code == 403
    assert client.post(f"/api/v1/campaigns/{cid}/cancellation", token=vlaardingen.token).status_code == 403
    r = client.post(f"/api/v1/campaigns/{cid}/cancellation", token=staff.token)
    assert r.status_code == 200 and datetime.fromisoformat(r.get_json()["cancelled_at"]) == T0
    r = client.post("/api/v1/merchant/redemptions", json={"code": open_code}, token=owner.token)
    assert r.status_code == 404 and r.get_json()["type"].endswith("/voucher-unknown")
    db_session.expire_all()
    assert db_session.get(Gift, uuid.UUID(gift["id"])).stock == 4
    assert _cancel_messages(db_session, cid) == sorted([uuid.UUID(anna.id), uuid.UUID(bob.id)])
    message = db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.template == "campaign_cancelled"))
    rendered = render(message.template, message.locale, message.payload, tz=ZoneInfo("Europe/Amsterdam"),
                      base_url="http://127.0.0.1:5000")
    assert rendered.subject == "Geannuleerd: Maassluis zegt dank" and "niet meer geldig" in rendered.text
    assert client.post(f"/api/v1/campaigns/{cid}/cancellation", token=staff.token).status_code == 200
    assert len(_cancel_messages(db_session, cid)) == 2
    assert client.get("/api/v1/campaigns/current", token=bob.token).status_code == 404
    r = claim(client, bob, cid, gift["id"], headers=EN)
    assert r.status_code == 409 and r.get_json()["detail"] == "This campaign was cancelled."
    assert cli.invoke(args=["run-appreciation-job", "open-campaigns"]).output.strip() == "open-campaigns: 0"
    r = client.patch(f"/api/v1/campaigns/{cid}", json={"message": "?"}, token=staff.token)
    assert r.status_code == 409
    assert client.get(f"/api/v1/campaigns/{cid}/letter-codes.csv", token=staff.token).status_code == 409
    finance = list(csv.DictReader(io.StringIO(client.get(f"/api/v1/campaigns/{cid}/finance.csv",
                                                         token=staff.token).get_data(as_text=True))))
    assert [(f["vouchers_redeemed"], f["vouchers_open"], f["amount_cents"]) for f in finance] == [
        ("1", "0", "2000"), ("1", "0", "2000")]  # Anna's cake is still paid for

    # A campaign that has not opened can be cancelled too; then its dates are free again.
    r = client.post(f"/api/v1/campaigns/{january['id']}/cancellation", token=staff.token)
    assert r.status_code == 200 and _cancel_messages(db_session, january["id"]) == []
    replacement = create_campaign(client, staff, name="Nieuwe actie", opens=T0 + timedelta(days=1),
                                  closes=T0 + timedelta(days=30))
    current = client.get("/api/v1/campaigns/current", token=bob.token)
    assert current.status_code == 404  # opens tomorrow
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        token = login(client, bob.email)["access_token"]
        current = client.get("/api/v1/campaigns/current", token=token).get_json()
        assert current["campaign"]["id"] == replacement["id"]


@time_machine.travel(T0, tick=False)
def test_a_campaign_over_cannot_be_cancelled(client, cli):
    staff = staff_member(client, cli)
    c = create_campaign(client, staff, opens=T0 - timedelta(days=30), closes=T0 - timedelta(days=10),
                        redeem_until=T0 - timedelta(days=1))
    r = client.post(f"/api/v1/campaigns/{c['id']}/cancellation", token=staff.token, headers=EN)
    assert r.status_code == 409 and "over" in r.get_json()["detail"]
    assert client.get(f"/api/v1/campaigns/{c['id']}", token=staff.token).get_json()["cancelled_at"] is None
