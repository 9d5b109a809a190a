"""Prove after the run that stock, claims and redemptions add up exactly (SQL on the bench database), and that
the finance export served by the API agrees to the cent.

    DOEMEE_DATABASE_URL=... .venv/bin/python bench/campaign/verify.py /tmp/campaign-bench
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import requests
import sqlalchemy as sa

CHECKS = {
    "gifts whose stock_offered - stock differs from their claims": """
        SELECT count(*) FROM gifts g
        WHERE g.stock_offered - g.stock <> (SELECT count(*) FROM gift_claims c WHERE c.gift_id = g.id)""",
    "gifts with negative stock": "SELECT count(*) FROM gifts WHERE stock < 0",
    "volunteers with more than one claim": """
        SELECT count(*) FROM (SELECT user_id FROM gift_claims GROUP BY campaign_id, user_id HAVING count(*) > 1) x""",
    "claims whose merchant or value differs from their gift": """
        SELECT count(*) FROM gift_claims c JOIN gifts g ON g.id = c.gift_id
        WHERE c.merchant_id <> g.merchant_id OR c.value_cents <> g.value_cents""",
    "redeemed claims without redeemer": "SELECT count(*) FROM gift_claims WHERE redeemed_at IS NOT NULL AND redeemed_by IS NULL",
}
TOTALS = {
    "claims": "SELECT count(*) FROM gift_claims",
    "stock taken (sum of stock_offered - stock)": "SELECT sum(stock_offered - stock) FROM gifts",
    "stock left": "SELECT sum(stock) FROM gifts",
    "gifts out of stock": "SELECT count(*) FROM gifts WHERE stock = 0",
    "redeemed": "SELECT count(*) FROM gift_claims WHERE redeemed_at IS NOT NULL",
    "redeemed value (cents)": "SELECT coalesce(sum(value_cents), 0) FROM gift_claims WHERE redeemed_at IS NOT NULL",
    "redemption audit events": "SELECT count(*) FROM audit_events WHERE action = 'campaign.voucher_redeemed'",
}


def main(out_dir: str) -> None:
    from doemee.app import create_app
    from backend.demo import STAFF_EMAIL
    from backend.extensions import db

    out = Path(out_dir)
    redemptions = json.loads((out / "redemptions.json").read_text())
    shops = json.loads((out / "shops.json").read_text())
    with create_app().app_context():
        bad = {name: db.session.execute(sa.text(sql)).scalar() for name, sql in CHECKS.items()}
        totals = {name: db.session.execute(sa.text(sql)).scalar() for name, sql in TOTALS.items()}
        from backend.accounts.models import User
        from backend.accounts.tokens import start_session

        staff = db.session.scalar(sa.select(User).where(User.email == STAFF_EMAIL))
        token = start_session(staff)["access_token"]
        db.session.commit()
    r = requests.get(f"http://127.0.0.1:8077/api/v1/campaigns/{shops['campaign_id']}/finance.csv", timeout=60,
                     headers={"Authorization": f"Bearer {token}"})
    finance_total = int(list(csv.DictReader(io.StringIO(r.text)))[-1]["amount_cents"])
    for name, value in bad.items():
        print(f"{name}: {value}")
    for name, value in totals.items():
        print(f"{name}: {value}")
    print(f"finance.csv TOTAL amount_cents: {finance_total}")
    print(f"redemption responses: {redemptions['statuses']}")
    assert all(v == 0 for v in bad.values()), bad
    assert totals["claims"] == totals["stock taken (sum of stock_offered - stock)"]
    assert totals["redeemed"] == redemptions["statuses"].get("201", 0) == redemptions["vouchers"]
    assert totals["redeemed"] == totals["redemption audit events"]
    assert finance_total == totals["redeemed value (cents)"]
    print("OK: stock, claims and redemptions add up exactly")


if __name__ == "__main__":
    main(sys.argv[1])
