"""A thank-you campaign from creation to the finance export, through the HTTP API and the job CLI."""
import csv
import io
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.campaigns.models import Gift, GiftClaim
from backend.notifications.models import OutboxMessage
from tests import factories
from tests.appreciation import factories as mine
from tests.campaigns.helpers import claim, create_campaign, now, offer, period, shop, staff_member
from tests.support import make_role, register, volunteer


def _outbox(session, template):
    return {m.dedupe_key: m for m in session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == template))}


def _csv(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_a_campaign_from_creation_to_the_finance_export(client, cli, db_session):
    staff = staff_member(client, cli)
    # volunteers: two with enough hours, one nominated, one with too few hours, one registered at the desk
    anna = volunteer(client, postcode="3144 BA")
    bob = volunteer(client, postcode="3147 HB")
    nina = volunteer(client, postcode="3143 GB")
    tim = volunteer(client, postcode="3144 BB")
    eve = register(client, locale="en")
    assert client.put("/api/v1/me/profile", json={"postcode": "3146 AA"}, token=eve.token).status_code == 201
    gerrit = mine.desk_volunteer(db_session, display_name="Gerrit Papier")
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = factories.organisation(db_session, coordinator_id=coordinator.id)
    for person_id, hours in ((anna.id, 12), (bob.id, 10.5), (tim.id, 3), (eve.id, 20), (gerrit.id, 16)):
        mine.approved_hours(db_session, person_id, hours, org=org)
    mine.completed_engagement(db_session, nina.id, org=org)

    campaign = create_campaign(client, staff, eligibility={"min_approved_hours": 10, **period()}, budget=2500,
                               redeem_until=now() + timedelta(days=30))
    cid = campaign["id"]
    assert campaign["eligibility"]["min_approved_hours"] == 10 and campaign["eligibility"]["nominations"] is True

    r = client.post(f"/api/v1/campaigns/{cid}/nominations",
                    json={"organisation_id": str(org.id), "volunteer_id": nina.id}, token=coordinator.token)
    assert r.status_code == 201, r.get_json()

    # shops and gifts
    bakery, baker = shop(client, cli, staff, name="Bakkerij Het Hoofd")
    books, bookseller = shop(client, cli, staff, name="Boekhandel De Vuurtoren")
    cake = offer(client, baker, cid, bakery["id"], title="Taart", value=2000, stock=5)
    bread = offer(client, baker, cid, bakery["id"], title="Broodpakket", value=1250, stock=5)
    book = offer(client, bookseller, cid, books["id"], title="Boekenbon", value=2500, stock=2)

    # the window is open: every eligible volunteer is invited, once
    result = cli.invoke(args=["run-appreciation-job", "open-campaigns"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "open-campaigns: 5"
    invites = _outbox(db_session, "campaign_invitation")
    assert set(invites) == {f"campaign:{cid}:invite:{p}" for p in (anna.id, bob.id, nina.id, eve.id, gerrit.id)}
    assert invites[f"campaign:{cid}:invite:{eve.id}"].locale == "en"
    assert cli.invoke(args=["run-appreciation-job", "open-campaigns"]).output.strip() == "open-campaigns: 0"

    # what volunteers see
    r = client.get("/api/v1/campaigns/current", token=anna.token, headers={"Accept-Language": "en"})
    current = r.get_json()
    assert r.status_code == 200 and current["eligible"] is True and current["can_choose"] is True
    assert current["reasons"][0]["code"] == "enough_hours" and "10 approved hours" in current["reasons"][0]["text"]
    assert {g["title"]: g["stock_left"] for g in current["gifts"]} == {"Taart": 5, "Broodpakket": 5, "Boekenbon": 2}
    assert current["claim"] is None
    r = client.get("/api/v1/campaigns/current", token=tim.token)
    assert r.get_json()["eligible"] is False
    assert r.get_json()["reasons"] == [{"code": "too_few_hours", "text": r.get_json()["reasons"][0]["text"]}]
    assert "3 goedgekeurde uren; 10 zijn nodig" in r.get_json()["reasons"][0]["text"]
    nina_view = client.get("/api/v1/campaigns/current", token=nina.token).get_json()
    assert nina_view["eligible"] is True and nina_view["reasons"][0]["code"] == "nominated"

    # choosing and switching
    r = claim(client, anna, cid, cake["id"])
    assert r.status_code == 201, r.get_json()
    first = r.get_json()
    assert first["gift"]["title"] == "Taart" and first["gift"]["stock_left"] == 4
    assert len(first["voucher_code"]) == 19 and first["voucher_qr_svg"].startswith("<svg")
    r = claim(client, anna, cid, book["id"])
    assert r.status_code == 200
    switched = r.get_json()
    assert switched["id"] == first["id"] and switched["gift"]["title"] == "Boekenbon"
    assert switched["voucher_code"] != first["voucher_code"]
    assert db_session.get(Gift, uuid.UUID(cake["id"])).stock == 5  # the cake went back
    assert claim(client, bob, cid, cake["id"]).status_code == 201
    assert claim(client, nina, cid, bread["id"]).status_code == 201
    r = claim(client, tim, cid, bread["id"], headers={"Accept-Language": "en"})
    assert r.status_code == 403 and "too_few_hours" not in r.get_json()["detail"]
    assert "10 are needed" in r.get_json()["errors"]["eligibility"][0]

    # at the shops
    r = client.post("/api/v1/merchant/redemptions", json={"code": switched["voucher_code"]}, token=baker.token)
    assert r.status_code == 403 and r.get_json()["type"].endswith("/voucher-other-shop")
    r = client.post("/api/v1/merchant/redemptions", json={"code": first["voucher_code"]}, token=baker.token)
    assert r.status_code == 404 and r.get_json()["type"].endswith("/voucher-unknown")  # replaced by the switch
    r = client.post("/api/v1/merchant/redemptions", json={"code": switched["voucher_code"].lower()},
                    token=bookseller.token)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["value_cents"] == 2500 and r.get_json()["gift_title"] == "Boekenbon"
    r = client.post("/api/v1/merchant/redemptions", json={"code": switched["voucher_code"]}, token=bookseller.token)
    assert r.status_code == 409 and r.get_json()["type"].endswith("/voucher-redeemed")
    r = claim(client, anna, cid, cake["id"])
    assert r.status_code == 409  # redeemed: the choice is final
    bob_claim = client.get(f"/api/v1/campaigns/{cid}/claims/mine", token=bob.token).get_json()
    assert client.post("/api/v1/merchant/redemptions", json={"code": bob_claim["voucher_code"]},
                       token=baker.token).status_code == 201

    # a letter for Gerrit, who has no app; he exchanges it at the bakery
    r = client.post(f"/api/v1/campaigns/{cid}/letter-codes", token=staff.token)
    assert r.status_code == 201 and r.get_json() == {"created": 1, "total": 1}
    letters = _csv(client.get(f"/api/v1/campaigns/{cid}/letter-codes.csv", token=staff.token))
    assert [(row["name"], row["postcode"], row["neighbourhood"]) for row in letters] == [
        ("Gerrit Papier", "3143 PB", "Koningshoek")]
    again = _csv(client.get(f"/api/v1/campaigns/{cid}/letter-codes.csv", token=staff.token))
    assert again[0]["code"] == letters[0]["code"]  # one code per volunteer, stable
    r = client.post("/api/v1/merchant/letter-redemptions", json={"code": letters[0]["code"], "gift_id": book["id"]},
                    token=baker.token)
    assert r.status_code == 400 and "gift_id" in r.get_json()["errors"]  # not the bakery's gift
    r = client.post("/api/v1/merchant/letter-redemptions", json={"code": letters[0]["code"], "gift_id": bread["id"]},
                    token=baker.token)
    assert r.status_code == 201 and r.get_json()["source"] == "letter"
    r = client.post("/api/v1/merchant/letter-redemptions", json={"code": letters[0]["code"], "gift_id": bread["id"]},
                    token=baker.token)
    assert r.status_code == 409 and r.get_json()["type"].endswith("/voucher-redeemed")

    # one week before closing, Eve (invited, no choice yet) is reminded, once
    closes = datetime.fromisoformat(campaign["closes_at"])
    reminder_time = (closes - timedelta(days=3)).isoformat()
    result = cli.invoke(args=["run-appreciation-job", "remind-unclaimed", "--now", reminder_time])
    assert result.output.strip() == "remind-unclaimed: 1", result.output
    assert set(_outbox(db_session, "campaign_reminder")) == {f"campaign:{cid}:reminder:{eve.id}"}
    assert cli.invoke(args=["run-appreciation-job", "remind-unclaimed", "--now", reminder_time]).output.strip() \
        == "remind-unclaimed: 0"

    # the report and the finance export
    report = client.get(f"/api/v1/campaigns/{cid}/report", token=staff.token).get_json()
    # counts of people under 5 are suppressed ("<5"); the amounts to reimburse stay exact
    assert [report[k]["display"] for k in ("eligible", "invited", "claimed", "redeemed")] == ["5", "5", "<5", "<5"]
    assert report["invited"]["value"] == 5 and report["claimed"] == {"value": None, "suppressed": True,
                                                                     "display": "<5"}
    per_shop = {m["name"]: m for m in report["merchants"]}
    assert per_shop["Bakkerij Het Hoofd"]["claimed"]["display"] == "<5"
    assert per_shop["Bakkerij Het Hoofd"]["value_to_reimburse_cents"] == 2000 + 1250
    assert per_shop["Boekhandel De Vuurtoren"]["value_to_reimburse_cents"] == 2500
    hoods = {h["slug"]: h for h in report["neighbourhoods"]}
    assert hoods["balkon"]["invited"]["display"] == "<5" and hoods["koningshoek"]["redeemed"]["display"] == "<5"
    assert hoods["koningshoek"]["participation_percent"]["suppressed"]

    finance = _csv(client.get(f"/api/v1/campaigns/{cid}/finance.csv", token=staff.token))
    assert [(r["merchant"], r["vouchers_redeemed"], r["vouchers_open"], r["amount_cents"], r["amount_eur"])
            for r in finance] == [("Bakkerij Het Hoofd", "2", "1", "3250", "32.50"),
                                  ("Boekhandel De Vuurtoren", "1", "0", "2500", "25.00"),
                                  ("", "3", "1", "5750", "57.50")]
    assert finance[-1]["merchant_id"] == "TOTAL"
    # stock and claims add up
    for gift in db_session.scalars(sa.select(Gift).where(Gift.campaign_id == uuid.UUID(cid))):
        chosen = db_session.scalar(sa.select(sa.func.count()).where(GiftClaim.gift_id == gift.id))
        assert gift.stock_offered - gift.stock == chosen
