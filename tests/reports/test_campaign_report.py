"""The campaign report follows the suppression rule ("claimed 2, invited 16" no longer shows the 2); the finance
export stays exact to the cent and the voucher."""
from __future__ import annotations

import csv
import io
import secrets
import uuid
from datetime import timedelta

from backend.campaigns.models import CampaignInvitation, GiftClaim
from backend.models_base import utcnow
from tests import factories
from tests.appreciation import factories as people
from tests.campaigns.helpers import create_campaign, offer, shop, staff_member


def test_small_counts_are_hidden_and_no_total_gives_them_away(client, cli, db_session):
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff)
    bakery, baker = shop(client, cli, staff)
    books, bookseller = shop(client, cli, staff, name="Boekhandel De Vuurtoren")
    cake = offer(client, baker, campaign["id"], bakery["id"], value=2000)
    book = offer(client, bookseller, campaign["id"], books["id"], title="Boekenbon", value=1250)
    cid = uuid.UUID(campaign["id"])
    # invited: Vertobuurt 8, Bloemenbuurt 6, Balkon 2; claimed: 11 cakes (9 redeemed), 2 books (1 redeemed)
    plan = {"vertobuurt": (8, [(cake, True)] * 6), "bloemenbuurt": (6, [(cake, True)] * 3 + [(cake, False)] * 2),
            "balkon": (2, [(book, True), (book, False)])}
    for hood_slug, (invited, claims) in plan.items():
        hood = factories.neighbourhood(db_session, hood_slug)
        for i in range(invited):
            user = people.desk_volunteer(db_session, hood_slug=hood_slug, postcode="3144 BA")
            db_session.add(CampaignInvitation(campaign_id=cid, user_id=user.id, neighbourhood_id=hood.id,
                                              invited_at=utcnow()))
            if i < len(claims):
                gift, redeemed = claims[i]
                db_session.add(GiftClaim(campaign_id=cid, user_id=user.id, gift_id=uuid.UUID(gift["id"]),
                                         merchant_id=uuid.UUID(gift["merchant_id"]), value_cents=gift["value_cents"],
                                         neighbourhood_id=hood.id, voucher_code=secrets.token_hex(8).upper(),
                                         redeemed_at=utcnow() if redeemed else None))
    db_session.flush()

    report = client.get(f"/api/v1/campaigns/{campaign['id']}/report", token=staff.token).get_json()
    assert [report[k]["display"] for k in ("invited", "claimed", "redeemed")] == ["16", "13", "10"]
    hoods = {h["slug"]: h for h in report["neighbourhoods"]}
    assert [hoods["vertobuurt"][k]["value"] for k in ("invited", "claimed", "redeemed")] == [8, 6, 6]
    assert hoods["vertobuurt"]["participation_percent"]["value"] == 75.0
    assert [hoods["balkon"][k]["display"] for k in ("invited", "claimed", "redeemed")] == ["<5", "<5", "<5"]
    assert hoods["balkon"]["participation_percent"] == {"value": None, "suppressed": True, "display": "x"}
    shops = {m["name"]: m for m in report["merchants"]}
    # the bookshop's 2 claims are small; 13 - 11 would give them away, so the bakery's 11 is hidden too
    assert shops["Boekhandel De Vuurtoren"]["claimed"]["display"] == "<5"
    assert shops["Bakkerij Het Hoofd"]["claimed"] == {"value": None, "suppressed": True, "display": "x"}
    assert shops["Bakkerij Het Hoofd"]["value_to_reimburse_cents"] == 9 * 2000  # money stays exact
    for rows, key in ((report["merchants"], "claimed"), (report["merchants"], "redeemed"),
                      (report["neighbourhoods"], "invited"), (report["neighbourhoods"], "claimed")):
        cells = [r[key] for r in rows]
        assert all(c["suppressed"] or c["value"] == 0 or c["value"] >= 5 for c in cells)
        assert sum(c["suppressed"] for c in cells) != 1 or report[key]["suppressed"], key

    finance = list(csv.DictReader(io.StringIO(
        client.get(f"/api/v1/campaigns/{campaign['id']}/finance.csv", token=staff.token).get_data(as_text=True))))
    assert [(r["merchant"], r["vouchers_redeemed"], r["vouchers_open"], r["amount_cents"]) for r in finance] == [
        ("Bakkerij Het Hoofd", "9", "2", "18000"), ("Boekhandel De Vuurtoren", "1", "1", "1250"),
        ("", "10", "3", "19250")]


def test_the_eligible_count_follows_the_rule_with_hours_nominations_and_a_registration_date(client, cli,
                                                                                             db_session):
    """The report counts the eligible in PostgreSQL (eligibility.eligible_count); its figure must be the rule's
    verdict per volunteer (eligibility.judge), which the claims use."""
    from backend.accounts.models import User
    from tests.campaigns.helpers import period
    from tests.support import make_role, register

    staff = staff_member(client, cli)
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = factories.organisation(db_session, coordinator_id=coordinator.id)
    enough = [people.desk_volunteer(db_session) for _ in range(6)]
    nominated = [people.desk_volunteer(db_session) for _ in range(5)]
    too_few = [people.desk_volunteer(db_session) for _ in range(7)]
    for person in enough:
        people.approved_hours(db_session, person.id, 10, org=org)
    for person in nominated + too_few:
        people.approved_hours(db_session, person.id, 3, org=org)
    late = people.desk_volunteer(db_session)  # registered after the date below: never eligible
    people.approved_hours(db_session, late.id, 20, org=org)
    tomorrow = (utcnow().date() + timedelta(days=1)).isoformat()
    for person in enough + nominated + too_few:  # registered well before
        db_session.get(User, person.id).created_at = utcnow() - timedelta(days=400)
    db_session.get(User, late.id).created_at = utcnow() + timedelta(days=2)
    db_session.flush()

    windows = iter(range(10))

    def eligible(rule) -> dict:  # one campaign at a time: each in a window of its own
        opens = utcnow() + timedelta(days=60 * next(windows))
        campaign = create_campaign(client, staff, eligibility=rule, opens=opens, closes=opens + timedelta(days=14),
                                   redeem_until=opens + timedelta(days=30))
        for person in nominated:
            r = client.post(f"/api/v1/campaigns/{campaign['id']}/nominations",
                            json={"organisation_id": str(org.id), "volunteer_id": str(person.id)},
                            token=coordinator.token)
            assert r.status_code == 201, r.get_json()
        return client.get(f"/api/v1/campaigns/{campaign['id']}/report", token=staff.token).get_json()["eligible"]

    assert eligible({"min_approved_hours": 10, **period()})["value"] == 6 + 5 + 1
    assert eligible({"min_approved_hours": 10, "nominations": False, **period()})["value"] == 6 + 1
    assert eligible({"min_approved_hours": 10, "registered_before": tomorrow, **period()})["value"] == 6 + 5
    assert eligible({"min_approved_hours": 2, "min_completed_engagements": 2, **period()})["value"] == 6 + 5 + 1
    assert eligible({"min_approved_hours": 2, "min_completed_engagements": 2, "nominations": False,
                     **period()})["value"] == 6 + 1
    assert eligible({"everyone": True, "registered_before": tomorrow})["value"] == 6 + 5 + 7
