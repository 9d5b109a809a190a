"""Which changes become webhook events, for whom: check-ins and approved hours for the organisation; matched help
requests, gift claims and redemptions for the municipality's staff (and not another municipality's)."""
import dataclasses
from datetime import timedelta

from tests.accounts.factories import staff_member
from tests.campaigns.helpers import claim, create_campaign, offer, shop
from tests.engagements.factories import coordinated_shift
from tests.support import Person, login, register, volunteer
from tests.webhooks.conftest import HOOK_PATH, START
from tests.webhooks.helpers import deliver, received, register_endpoint, verified


def _relogin(client, person: Person) -> Person:
    """Tokens live 15 minutes; after moving the clock, log in again."""
    tokens = login(client, person.email)
    return dataclasses.replace(person, access_token=tokens["access_token"], refresh_token=tokens["refresh_token"])


def _bodies(receiver, secret: str) -> list[dict]:
    return [verified(secret, headers, body) for headers, body in received(receiver)]


def test_check_in_and_approved_hours_reach_the_organisation(client, app, db_session, receiver, pinned):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(minutes=5), hours=1)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id,
                                 events=["engagement.checked_in", "hours.approved"])
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=200)
    anna = volunteer(client)
    signed = client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=anna.token).get_json()
    start, end = setting.shift.starts_at, setting.shift.ends_at

    pinned.move_to(start + timedelta(minutes=10), tick=False)
    anna = _relogin(client, anna)
    r = client.post(f"/api/v1/shifts/{setting.shift_id}/checkin", json={"code": setting.shift.checkin_code},
                    token=anna.token)
    assert r.status_code == 200, r.get_json()
    pinned.move_to(end + timedelta(minutes=1), tick=False)
    coordinator = _relogin(client, setting.coordinator)
    hours = client.get(f"/api/v1/organisations/{setting.organisation.id}/hours", token=coordinator.token)
    [entry] = hours.get_json()["items"]
    r = client.post(f"/api/v1/hours/{entry['id']}/approve", json={"minutes": 45}, token=coordinator.token)
    assert r.status_code == 200, r.get_json()

    assert deliver(app)["delivered"] == 2  # the sign-up was not asked for
    checked_in, approved = _bodies(receiver, endpoint["secret"])
    assert checked_in["type"] == "engagement.checked_in" and checked_in["data"]["engagement_id"] == signed["id"]
    assert approved["type"] == "hours.approved"
    assert approved["data"] == {"engagement_id": signed["id"], "hours_id": entry["id"], "minutes": 45,
                                "opportunity_id": str(setting.opportunity.id), "shift_id": setting.shift_id,
                                "status": "approved"}


def test_help_matched_and_gift_claims_reach_their_municipality_only(client, cli, app, db_session, receiver, pinned):
    staff, elsewhere = staff_member(client, cli), staff_member(client, cli, "vlaardingen")
    endpoint = register_endpoint(client, staff, receiver, municipality="maassluis",
                                 events=["help_request.matched", "gift_claim.created", "gift_claim.redeemed"])
    register_endpoint(client, elsewhere, receiver, municipality="vlaardingen")
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=200)

    asker = register(client, roles=["resident"], display_name="Gerda Vraagsma")
    start = START + timedelta(days=2)
    r = client.post("/api/v1/help-requests", token=asker.token, json={
        "category": "groceries", "title": "Boodschappen doen", "description": "Elke week naar de Jumbo.",
        "window_start": start.isoformat(), "window_end": (start + timedelta(hours=4)).isoformat(),
        "recurring": False, "urgency": "normal", "notes": "",
        "address": {"street": "Geheimhoudingslaan", "house_number": "17b", "postcode": "3144 BA"}})
    assert r.status_code == 201, r.get_json()
    request_id = r.get_json()["id"]
    helper = volunteer(client, display_name="Ans")
    offer_id = client.post(f"/api/v1/help-requests/{request_id}/offers", token=helper.token).get_json()["id"]
    r = client.post(f"/api/v1/help-requests/{request_id}/offers/{offer_id}/accept", token=asker.token)
    assert r.status_code == 200, r.get_json()

    campaign = create_campaign(client, staff)
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, campaign["id"], merchant["id"])
    claimed = claim(client, helper, campaign["id"], gift["id"])
    assert claimed.status_code == 201, claimed.get_json()
    r = client.post("/api/v1/merchant/redemptions", json={"code": claimed.get_json()["voucher_code"]},
                    token=owner.token)
    assert r.status_code == 201, r.get_json()

    assert deliver(app)["delivered"] == 3  # all to Maassluis; Vlaardingen's endpoint got nothing
    bodies = _bodies(receiver, endpoint["secret"])
    assert [b["type"] for b in bodies] == ["help_request.matched", "gift_claim.created", "gift_claim.redeemed"]
    assert bodies[0]["data"] == {"help_request_id": request_id, "engagement_id": offer_id,
                                 "opportunity_id": bodies[0]["data"]["opportunity_id"]}
    claim_data = {"gift_claim_id": claimed.get_json()["id"], "campaign_id": campaign["id"], "gift_id": gift["id"],
                  "merchant_id": merchant["id"]}
    assert bodies[1]["data"] == claim_data and bodies[2]["data"] == claim_data
    for _headers, text in received(receiver):
        for personal in ("Gerda", "Ans", "Geheimhoudingslaan", "3144", asker.email, helper.email, helper.id,
                         claimed.get_json()["voucher_code"]):
            assert personal not in text
