"""Thank-you campaign races on real parallel PostgreSQL connections: stock, one claim per volunteer, one redemption
per voucher."""
import uuid

import pytest
import sqlalchemy as sa

from backend.audit.models import AuditEvent
from backend.campaigns.models import Gift, GiftClaim
from backend.extensions import db
from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member
from tests.postgres.races import race
from tests.support import ApiClient, register, volunteer


def _campaign_with_gift(app, stock):
    client, cli = ApiClient(app), app.test_cli_runner()
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff)  # no minimums: every volunteer of Maassluis takes part
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, campaign["id"], merchant["id"], stock=stock)
    return client, cli, staff, campaign, gift, merchant, owner


def _gift_and_claims(app, gift_id):
    with app.app_context():
        gift = db.session.get(Gift, uuid.UUID(gift_id))
        claims = db.session.scalar(sa.select(sa.func.count()).where(GiftClaim.gift_id == gift.id))
        db.session.remove()
        return gift.stock, claims


@pytest.mark.parametrize("volunteers, stock", [(12, 5), (4, 10)])
def test_volunteers_racing_for_a_gift_get_exactly_the_stock(committing_app, volunteers, stock):
    client, _, _, campaign, gift, _, _ = _campaign_with_gift(committing_app, stock)
    people = [volunteer(client) for _ in range(volunteers)]
    responses = race(committing_app, [lambda c, p=p: claim(c, p, campaign["id"], gift["id"]) for p in people])
    codes = sorted(r.status_code for r in responses)
    won = min(volunteers, stock)
    assert codes == [201] * won + [409] * (volunteers - won)
    assert all(r.get_json()["detail"] for r in responses if r.status_code == 409)
    assert _gift_and_claims(committing_app, gift["id"]) == (stock - won, won)


def test_one_volunteer_claiming_twice_at_once_gets_one_claim(committing_app):
    client, _, _, campaign, gift, _, _ = _campaign_with_gift(committing_app, 5)
    person = volunteer(client)
    responses = race(committing_app, [lambda c: claim(c, person, campaign["id"], gift["id"])] * 8)
    codes = [r.status_code for r in responses]
    # one creates it; the others either lose the race on the unique index (409) or find it and keep it (200)
    assert codes.count(201) == 1 and set(codes) <= {200, 201, 409}, codes
    assert _gift_and_claims(committing_app, gift["id"]) == (4, 1)


def test_one_voucher_redeemed_at_once_by_two_shops_and_twice_by_one_is_redeemed_once(committing_app):
    client, cli, staff, campaign, gift, merchant, owner = _campaign_with_gift(committing_app, 5)
    colleague = register(client)
    assert client.post(f"/api/v1/merchants/{merchant['id']}/staff", json={"email": colleague.email},
                       token=staff.token).status_code == 201
    _, other_shop = shop(client, cli, staff, name="Slagerij De Haven")
    person = volunteer(client)
    code = claim(client, person, campaign["id"], gift["id"]).get_json()["voucher_code"]
    tills = [owner, colleague, owner, colleague, other_shop, other_shop]
    responses = race(committing_app, [
        lambda c, t=t: c.post("/api/v1/merchant/redemptions", json={"code": code}, token=t.token) for t in tills])
    by_type = sorted((r.status_code, r.get_json().get("type", "ok").rsplit("/", 1)[-1]) for r in responses)
    assert by_type == [(201, "ok")] + [(403, "voucher-other-shop")] * 2 + [(409, "voucher-redeemed")] * 3
    with committing_app.app_context():
        claims = db.session.scalars(sa.select(GiftClaim)).all()
        assert len(claims) == 1 and claims[0].redeemed_at is not None
        assert db.session.scalar(sa.select(sa.func.count()).where(
            AuditEvent.action == "campaign.voucher_redeemed")) == 1
        db.session.remove()


def test_switching_while_the_shop_redeems_keeps_stock_and_claim_consistent(committing_app):
    client, _, _, campaign, gift, merchant, owner = _campaign_with_gift(committing_app, 5)
    other = offer(client, owner, campaign["id"], merchant["id"], title="Koekjes", stock=5)
    person = volunteer(client)
    code = claim(client, person, campaign["id"], gift["id"]).get_json()["voucher_code"]
    actions = [lambda c: claim(c, person, campaign["id"], other["id"]),
               lambda c: c.post("/api/v1/merchant/redemptions", json={"code": code}, token=owner.token)]
    responses = race(committing_app, actions)
    switched, redeemed = (r.status_code for r in responses)
    # exactly one of them wins: a redeemed choice is final; a switched voucher has a new code
    assert (switched, redeemed) in {(409, 201), (200, 404), (200, 403)}, (switched, redeemed)
    stock_first, claims_first = _gift_and_claims(committing_app, gift["id"])
    stock_other, claims_other = _gift_and_claims(committing_app, other["id"])
    assert claims_first + claims_other == 1
    assert (stock_first, stock_other) == ((4, 5) if redeemed == 201 else (5, 4))
