"""The campaign's lifecycle through the API, as staff run it on their pages: invite a shop, open the campaign
before its date, remind those who have not chosen, close it, and exchange a letter code at the desk. Staff of
another municipality are refused every step."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
import time_machine

from backend.campaigns.models import CampaignShop, GiftClaim, LetterCode
from backend.notifications.models import OutboxMessage
from tests.appreciation import factories as mine
from tests.campaigns.helpers import create_campaign, offer, shop, staff_member
from tests.support import volunteer

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
EN = {"Accept-Language": "en"}


def _problem(r, status: int) -> dict:
    assert r.status_code == status and r.mimetype == "application/problem+json", (r.status_code, r.get_json())
    return r.get_json()


def _upcoming(client, cli):
    """Staff of Maassluis, a campaign of theirs that opens tomorrow, and a verified shop with a gift in it."""
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff, opens=T0 + timedelta(days=1), closes=T0 + timedelta(days=14))
    merchant, owner = shop(client, cli, staff)
    return staff, campaign["id"], merchant, owner


@time_machine.travel(T0, tick=False)
def test_staff_invite_a_shop_whose_staff_are_told(client, cli, db_session):
    staff, cid, merchant, owner = _upcoming(client, cli)
    r = client.post(f"/api/v1/campaigns/{cid}/shops", json={"merchant_id": merchant["id"]}, token=staff.token)
    assert r.status_code == 201, r.get_json()
    assert r.get_json() == {"campaign_id": cid, "merchant_id": merchant["id"], "invited_at": "2026-12-01T10:00:00+00:00"}
    again = client.post(f"/api/v1/campaigns/{cid}/shops", json={"merchant_id": merchant["id"]}, token=staff.token)
    assert again.status_code == 201 and again.get_json() == r.get_json()  # once
    assert db_session.scalar(sa.select(sa.func.count()).select_from(CampaignShop)) == 1
    told = db_session.scalars(sa.select(OutboxMessage.template).where(OutboxMessage.user_id == owner.id)).all()
    assert told == ["campaign_shop_invitation"]

    problem = _problem(client.post(f"/api/v1/campaigns/{cid}/shops", json={"merchant_id": "geen-id"},
                                   token=staff.token, headers=EN), 400)
    assert set(problem["errors"]) == {"merchant_id"}
    assert set(_problem(client.post(f"/api/v1/campaigns/{cid}/shops", json={}, token=staff.token), 400)["errors"]) \
        == {"merchant_id"}


@time_machine.travel(T0, tick=False)
def test_staff_open_a_campaign_before_its_date_and_close_it(client, cli, db_session):
    staff, cid, merchant, owner = _upcoming(client, cli)
    # Not open yet: it cannot be closed, nor can anyone be reminded.
    assert _problem(client.post(f"/api/v1/campaigns/{cid}/closing", token=staff.token), 409)["detail"]
    assert _problem(client.post(f"/api/v1/campaigns/{cid}/reminders", token=staff.token), 409)["detail"]
    offer(client, owner, cid, merchant["id"])
    client.post(f"/api/v1/campaigns/{cid}/shops", json={"merchant_id": merchant["id"]}, token=staff.token)

    r = client.post(f"/api/v1/campaigns/{cid}/opening", token=staff.token)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["opens_at"] == "2026-12-01T10:00:00+00:00"
    assert client.get("/api/v1/campaigns/current", token=volunteer(client).token).get_json()["campaign"]["id"] == cid
    # Opened already: opening again is refused with the reason.
    assert "has opened" in _problem(client.post(f"/api/v1/campaigns/{cid}/opening", token=staff.token,
                                             headers=EN), 409)["detail"]

    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        r = client.post(f"/api/v1/campaigns/{cid}/closing", token=staff.token)
        assert r.status_code == 200 and r.get_json()["closes_at"] == "2026-12-01T10:10:00+00:00"
        again = client.post(f"/api/v1/campaigns/{cid}/closing", token=staff.token)
        assert again.status_code == 200 and again.get_json()["closes_at"] == r.get_json()["closes_at"]


@time_machine.travel(T0, tick=False)
def test_staff_remind_the_invited_who_have_not_chosen(client, cli, db_session):
    staff = staff_member(client, cli)
    cid = create_campaign(client, staff, opens=T0 - timedelta(hours=1), closes=T0 + timedelta(days=14))["id"]
    merchant, owner = shop(client, cli, staff)
    offer(client, owner, cid, merchant["id"])  # a campaign opens (by its date) only with an approved gift
    anna, bob = volunteer(client), volunteer(client, postcode="3147 HB")
    assert cli.invoke(args=["run-appreciation-job", "open-campaigns"]).exit_code == 0

    r = client.post(f"/api/v1/campaigns/{cid}/reminders", token=staff.token)
    assert r.status_code == 200 and r.get_json() == {"reminded": 2}
    reminded = db_session.scalars(sa.select(OutboxMessage.user_id).where(
        OutboxMessage.template == "campaign_reminder")).all()
    assert sorted(map(str, reminded)) == sorted([anna.id, bob.id])
    # Reminded a moment ago: not again.
    assert client.post(f"/api/v1/campaigns/{cid}/reminders", token=staff.token).get_json() == {"reminded": 0}


def _letter_campaign(client, cli, db_session):
    """An open campaign with a gift and a volunteer without the app, whose letter code staff made."""
    staff = staff_member(client, cli)
    cid = create_campaign(client, staff, opens=T0 - timedelta(hours=1), closes=T0 + timedelta(days=14))["id"]
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, cid, merchant["id"], title="Appeltaart", stock=2)
    gerrit = mine.desk_volunteer(db_session)
    assert client.post(f"/api/v1/campaigns/{cid}/letter-codes", token=staff.token).status_code == 201
    code = db_session.scalar(sa.select(LetterCode.code).where(LetterCode.user_id == gerrit.id))
    return staff, cid, gift, gerrit, code


@time_machine.travel(T0, tick=False)
def test_a_letter_code_is_exchanged_at_the_desk(client, cli, db_session):
    staff, cid, gift, gerrit, code = _letter_campaign(client, cli, db_session)
    problem = _problem(client.post(f"/api/v1/campaigns/{cid}/desk-checks", json={"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"},
                                   token=staff.token, headers=EN), 400)
    assert list(problem["errors"]) == ["code"]
    r = client.post(f"/api/v1/campaigns/{cid}/desk-checks", json={"code": code.lower()}, token=staff.token)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["code"].replace("-", "") == code
    assert [g["id"] for g in r.get_json()["gifts"]] == [gift["id"]]
    # The check takes the code alone; the exchange needs the gift picked.
    assert "gift_id" in _problem(client.post(f"/api/v1/campaigns/{cid}/desk-checks",
                                             json={"code": code, "gift_id": gift["id"]}, token=staff.token),
                                 400)["errors"]
    assert set(_problem(client.post(f"/api/v1/campaigns/{cid}/desk-redemptions", json={"code": code},
                                    token=staff.token), 400)["errors"]) == {"gift_id"}

    r = client.post(f"/api/v1/campaigns/{cid}/desk-redemptions", json={"code": code, "gift_id": gift["id"]},
                    token=staff.token)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["source"] == "letter" and r.get_json()["gift"]["id"] == gift["id"]
    claim = db_session.scalar(sa.select(GiftClaim))
    assert claim.user_id == gerrit.id and claim.redeemed_at is None
    assert r.get_json()["voucher_code"].replace("-", "") == claim.voucher_code
    # Used up: the next check and exchange are refused on the code.
    assert list(_problem(client.post(f"/api/v1/campaigns/{cid}/desk-checks", json={"code": code},
                                     token=staff.token), 400)["errors"]) == ["code"]
    assert list(_problem(client.post(f"/api/v1/campaigns/{cid}/desk-redemptions",
                                     json={"code": code, "gift_id": gift["id"]}, token=staff.token),
                         400)["errors"]) == ["code"]


@time_machine.travel(T0, tick=False)
def test_staff_of_another_municipality_are_refused_every_step(client, cli, db_session):
    staff, cid, gift, _gerrit, code = _letter_campaign(client, cli, db_session)
    merchant_id = gift["merchant_id"]
    vlaardingen = staff_member(client, cli, "vlaardingen")
    steps = [("shops", {"merchant_id": merchant_id}), ("opening", None), ("closing", None), ("reminders", None),
             ("desk-checks", {"code": code}), ("desk-redemptions", {"code": code, "gift_id": gift["id"]})]
    for step, body in steps:
        r = client.post(f"/api/v1/campaigns/{cid}/{step}", json=body, token=vlaardingen.token)
        assert r.status_code in (403, 404) and r.mimetype == "application/problem+json", (step, r.get_json())
    # A volunteer may not run a campaign at all.
    r = client.post(f"/api/v1/campaigns/{cid}/reminders", token=volunteer(client).token)
    assert r.status_code == 403
    assert db_session.scalar(sa.select(sa.func.count()).select_from(GiftClaim)) == 0
    assert db_session.scalar(sa.select(LetterCode.used_at).where(LetterCode.code == code)) is None
