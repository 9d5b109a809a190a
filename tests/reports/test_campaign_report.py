"""The campaign report follows the suppression rule ("claimed 2, invited 16" no longer shows the 2); the finance
export stays exact to the cent and the voucher."""
from __future__ import annotations

import csv
import io
import secrets
import uuid

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
        assert all(c["suppressed"] or c["value"] >= 5 for c in cells)
        assert sum(c["suppressed"] for c in cells) != 1 or report[key]["suppressed"], key

    finance = list(csv.DictReader(io.StringIO(
        client.get(f"/api/v1/campaigns/{campaign['id']}/finance.csv", token=staff.token).get_data(as_text=True))))
    assert [(r["merchant"], r["vouchers_redeemed"], r["vouchers_open"], r["amount_cents"]) for r in finance] == [
        ("Bakkerij Het Hoofd", "9", "2", "18000"), ("Boekhandel De Vuurtoren", "1", "1", "1250"),
        ("", "10", "3", "19250")]
