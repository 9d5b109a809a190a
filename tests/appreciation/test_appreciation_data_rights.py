"""Export and erasure for appreciation: claims stay countable for the finance export but no longer point at the
person."""
import csv
import io
import uuid

import sqlalchemy as sa

from backend.campaigns.models import Gift, GiftClaim
from tests.appreciation import factories as mine
from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member
from tests.support import PASSWORD, volunteer


def test_export_shows_my_milestones_and_claims_and_erasure_keeps_the_money_traceable(client, cli, db_session):
    staff = staff_member(client, cli)
    c = create_campaign(client, staff)
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, c["id"], merchant["id"], title="Taart", value=2000)
    person = volunteer(client, display_name="Zwaantje Wisbaar")
    mine.completed_engagement(db_session, person.id)
    assert cli.invoke(args=["run-appreciation-job", "grant-milestones"]).exit_code == 0
    assert cli.invoke(args=["run-appreciation-job", "open-campaigns"]).exit_code == 0
    code = claim(client, person, c["id"], gift["id"]).get_json()["voucher_code"]
    assert client.post("/api/v1/merchant/redemptions", json={"code": code}, token=owner.token).status_code == 201

    export = client.get("/api/v1/me/export", token=person.token).get_json()["appreciation"]
    assert [m["code"] for m in export["milestones"]] == ["first_engagement"]
    assert [(g["gift"], g["shop"], g["value_cents"]) for g in export["gift_claims"]] == [
        ("Taart", "Bakkerij Het Hoofd", 2000)]
    assert export["gift_claims"][0]["redeemed_at"] and len(export["campaign_invitations"]) == 1
    assert code.replace("-", "") not in str(export)  # the voucher is a bearer token; the app shows it

    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=person.token).status_code == 204
    claims = db_session.scalars(sa.select(GiftClaim)).all()
    assert len(claims) == 1 and claims[0].user_id is None and claims[0].value_cents == 2000
    r = client.get(f"/api/v1/campaigns/{c['id']}/finance.csv", token=staff.token)
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert rows[-1]["amount_cents"] == "2000" and rows[-1]["vouchers_redeemed"] == "1"
    report = client.get(f"/api/v1/campaigns/{c['id']}/report", token=staff.token).get_json()
    # the report counts people, so one claim shows as "<5" (the finance export above keeps it exact)
    assert [report[k]["display"] for k in ("invited", "claimed", "redeemed")] == ["<5", "<5", "<5"]


def test_erasure_cancels_an_unredeemed_voucher_and_returns_its_gift(client, cli, db_session):
    staff = staff_member(client, cli)
    c = create_campaign(client, staff)
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, c["id"], merchant["id"], title="Taart", value=2000, stock=5)
    keeper, leaver = volunteer(client), volunteer(client)
    redeemed_code = claim(client, keeper, c["id"], gift["id"]).get_json()["voucher_code"]
    assert client.post("/api/v1/merchant/redemptions", json={"code": redeemed_code},
                       token=owner.token).status_code == 201
    open_code = claim(client, leaver, c["id"], gift["id"]).get_json()["voucher_code"]
    assert db_session.get(Gift, uuid.UUID(gift["id"])).stock == 3

    for person in (leaver, keeper):
        assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=person.token).status_code == 204

    r = client.post("/api/v1/merchant/redemptions", json={"code": open_code}, token=owner.token,
                    headers={"Accept-Language": "en"})
    assert r.status_code == 404 and r.get_json()["type"].endswith("/voucher-unknown")
    assert "cancelled" in r.get_json()["detail"]
    db_session.expire_all()
    assert db_session.get(Gift, uuid.UUID(gift["id"])).stock == 4  # the cancelled voucher's cake is back
    claims = db_session.scalars(sa.select(GiftClaim)).all()
    assert [(x.user_id, x.value_cents, x.redeemed_at is not None) for x in claims] == [(None, 2000, True)]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/v1/campaigns/{c['id']}/finance.csv",
                                                      token=staff.token).get_data(as_text=True))))
    assert [(r["vouchers_redeemed"], r["vouchers_open"], r["amount_cents"]) for r in rows] == [
        ("1", "0", "2000"), ("1", "0", "2000")]
    current = client.get("/api/v1/campaigns/current", token=volunteer(client).token).get_json()
    assert current["gifts"][0]["stock_left"] == 4
