"""Bad input and forbidden moves in the thank-you campaign: clear problems, nothing changed."""
import uuid
from datetime import timedelta

import sqlalchemy as sa
import time_machine

from backend.campaigns.models import Gift, GiftClaim
from tests.appreciation import factories as mine
from tests.campaigns.helpers import claim, create_campaign, now, offer, period, shop, staff_member
from tests.support import login, register, volunteer


def _nothing_claimed(db_session, gift_id, stock):
    assert db_session.scalar(sa.select(sa.func.count()).select_from(GiftClaim)) == 0
    assert db_session.get(Gift, uuid.UUID(gift_id)).stock == stock


def _setup(client, cli, **campaign):
    staff = staff_member(client, cli)
    c = create_campaign(client, staff, **campaign)
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, c["id"], merchant["id"], stock=3)
    return staff, c, merchant, owner, gift


def test_claims_that_break_the_rules_are_refused_and_change_nothing(client, cli, db_session):
    staff, c, merchant, owner, gift = _setup(client, cli, eligibility={"min_completed_engagements": 1, **period()})
    eligible = volunteer(client)
    mine.completed_engagement(db_session, eligible.id)
    ineligible = volunteer(client, postcode="3146 AB")
    outsider = volunteer(client, postcode="3131 AB")  # Vlaardingen
    no_profile = register(client)
    # One campaign at a time per municipality: the other one runs next month.
    other_campaign = create_campaign(client, staff, opens=now() + timedelta(days=40), closes=now() + timedelta(days=50))
    other_gift = offer(client, owner, other_campaign["id"], merchant["id"], stock=3)
    en = {"Accept-Language": "en"}

    r = claim(client, ineligible, c["id"], gift["id"], headers=en)
    assert r.status_code == 403 and r.get_json()["errors"]["eligibility"] == [
        f"You completed 0 engagements between {period()['period_start']} and {period()['period_end']}; "
        "1 are needed."]
    r = claim(client, ineligible, c["id"], gift["id"])
    assert r.status_code == 403 and r.get_json()["detail"] == (
        f"Je doet niet mee aan deze actie: Je hebt tussen {period()['period_start']} en {period()['period_end']} "
        "0 inzetten afgerond; 1 zijn nodig.")
    r = claim(client, outsider, c["id"], gift["id"], headers=en)
    assert r.status_code == 403 and "another municipality" in r.get_json()["detail"]
    assert claim(client, no_profile, c["id"], gift["id"]).status_code == 403
    r = claim(client, eligible, c["id"], other_gift["id"])
    assert r.status_code == 400 and "gift_id" in r.get_json()["errors"]
    assert claim(client, eligible, c["id"], str(uuid.uuid4())).status_code == 400
    assert claim(client, eligible, str(uuid.uuid4()), gift["id"]).status_code == 404
    r = client.post(f"/api/v1/campaigns/{c['id']}/claims", json={"gift_id": "taart"}, token=eligible.token)
    assert r.status_code == 400 and "gift_id" in r.get_json()["errors"]
    r = client.post(f"/api/v1/campaigns/{c['id']}/claims", json={"gift_id": gift["id"], "extra": 1},
                    token=eligible.token)
    assert r.status_code == 400 and "extra" in r.get_json()["errors"]
    _nothing_claimed(db_session, gift["id"], 3)
    _nothing_claimed(db_session, other_gift["id"], 3)
    assert client.get("/api/v1/campaigns/current", token=outsider.token).status_code == 404


def test_claims_outside_the_window_are_refused(client, cli, db_session):
    _, c, _, _, gift = _setup(client, cli, closes=now() + timedelta(days=2), redeem_until=now() + timedelta(days=9))
    person = volunteer(client)
    with time_machine.travel(now() + timedelta(days=3), tick=False):
        token = login(client, person.email)["access_token"]
        r = client.post(f"/api/v1/campaigns/{c['id']}/claims", json={"gift_id": gift["id"]}, token=token,
                        headers={"Accept-Language": "en"})
        assert r.status_code == 409 and r.get_json()["detail"].startswith("Gifts can be chosen from")
        current = client.get("/api/v1/campaigns/current", token=token).get_json()
        assert current["can_choose"] is False  # still shown: its vouchers can be redeemed
    _nothing_claimed(db_session, gift["id"], 3)


def test_out_of_stock_gift_is_refused_and_stock_never_goes_negative(client, cli, db_session):
    _, c, _, _, gift = _setup(client, cli)
    people = [volunteer(client) for _ in range(4)]
    codes = [claim(client, p, c["id"], gift["id"]).status_code for p in people]
    assert codes == [201, 201, 201, 409]
    assert db_session.get(Gift, uuid.UUID(gift["id"])).stock == 0


def test_setting_up_needs_the_right_people_and_sane_values(client, cli):
    staff = staff_member(client, cli)
    vlaardingen_staff = staff_member(client, cli, "vlaardingen")
    nobody = register(client)
    body = {"municipality": "maassluis", "name": "Bedankt", "year": 2026, "opens_at": now().isoformat(),
            "closes_at": (now() + timedelta(days=3)).isoformat(), "eligibility": {"everyone": True},
            "budget_per_volunteer_cents": 2500}
    assert client.post("/api/v1/campaigns", json=body, token=nobody.token).status_code == 403
    assert client.post("/api/v1/campaigns", json=body, token=vlaardingen_staff.token).status_code == 403
    r = client.post("/api/v1/campaigns", json={**body, "eligibility": {"min_approved_hours": 5}}, token=staff.token)
    assert r.status_code == 400 and "eligibility.period_start" in r.get_json()["errors"]
    r = client.post("/api/v1/campaigns", json={**body, "closes_at": body["opens_at"]}, token=staff.token)
    assert r.status_code == 400 and "closes_at" in r.get_json()["errors"]
    r = client.post("/api/v1/campaigns", json={**body, "opens_at": "2026-12-01T10:00:00"}, token=staff.token)
    assert r.status_code == 400 and "opens_at" in r.get_json()["errors"]  # no offset: ambiguous
    c = create_campaign(client, staff)
    r = client.patch(f"/api/v1/campaigns/{c['id']}", json={"budget_per_volunteer_cents": 5000}, token=staff.token)
    assert r.status_code == 409  # opened: budget and rule are fixed
    r = client.patch(f"/api/v1/campaigns/{c['id']}", json={"message": "Tot ziens!"}, token=staff.token)
    assert r.status_code == 200 and r.get_json()["message"] == "Tot ziens!"
    assert client.get(f"/api/v1/campaigns/{c['id']}", token=vlaardingen_staff.token).status_code == 403

    unverified, owner = shop(client, cli, staff, verify=False)
    r = client.post(f"/api/v1/campaigns/{c['id']}/gifts", json={"merchant_id": unverified["id"], "title": "Taart",
                                                                "value_cents": 100, "stock": 1}, token=owner.token)
    assert r.status_code == 403
    verified, seller = shop(client, cli, staff, name="Bloemist")
    gift = {"merchant_id": verified["id"], "title": "Bos bloemen", "value_cents": 2501, "stock": 1}
    r = client.post(f"/api/v1/campaigns/{c['id']}/gifts", json=gift, token=seller.token)
    assert r.status_code == 400 and "value_cents" in r.get_json()["errors"]
    r = client.post(f"/api/v1/campaigns/{c['id']}/gifts", json={**gift, "value_cents": 100}, token=owner.token)
    assert r.status_code == 403  # not this shop's staff
    r = client.post("/api/v1/merchants", json={"municipality": "maassluis", "name": "X"}, token=seller.token)
    assert r.status_code == 403  # shops do not onboard themselves


def test_stock_offered_can_grow_but_not_below_what_was_chosen(client, cli, db_session):
    _, c, _, owner, gift = _setup(client, cli)
    for _ in range(2):
        assert claim(client, volunteer(client), c["id"], gift["id"]).status_code == 201
    r = client.patch(f"/api/v1/gifts/{gift['id']}", json={"stock": 1}, token=owner.token)
    assert r.status_code == 400 and "stock" in r.get_json()["errors"]
    r = client.patch(f"/api/v1/gifts/{gift['id']}", json={"stock": 10}, token=owner.token)
    assert r.status_code == 200 and (r.get_json()["stock_offered"], r.get_json()["stock_left"]) == (10, 8)


def test_voucher_problems_at_the_till(client, cli):
    staff, c, _, owner, gift = _setup(client, cli, redeem_until=now() + timedelta(days=20))
    person = volunteer(client)
    code = claim(client, person, c["id"], gift["id"]).get_json()["voucher_code"]
    for bad in ("", "NOT-A-CODE", "0000-0000-0000-0000"):
        r = client.post("/api/v1/merchant/redemptions", json={"code": bad}, token=owner.token)
        assert r.status_code in (404, 400), bad
    assert client.post("/api/v1/merchant/redemptions", json={"code": code}, token=person.token).status_code == 403
    with time_machine.travel(now() + timedelta(days=21), tick=False):
        fresh = login(client, owner.email)["access_token"]
        r = client.post("/api/v1/merchant/redemptions", json={"code": code}, token=fresh,
                        headers={"Accept-Language": "en"})
        assert r.status_code == 410 and r.get_json()["type"].endswith("/voucher-expired")
        assert "could be redeemed until" in r.get_json()["detail"]
