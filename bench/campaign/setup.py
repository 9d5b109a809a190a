"""Prepare the thank-you campaign benchmark: the Maassluis demo (15,000 volunteers), one open campaign that
every volunteer may join, 40 verified shops with 3 gifts each (120 gifts), access tokens for every volunteer and
shop, and the request list for wrk.

    DOEMEE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/doemee_bench_appreciation \
    DOEMEE_SECRET_KEY=... DOEMEE_ACCESS_TOKEN_MINUTES=240 .venv/bin/python bench/campaign/setup.py /tmp/campaign-bench

Not a test: it commits to the database it is given (drop and recreate that database first).
"""
from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

SHOPS = 40
GIFTS_PER_SHOP = 3
SEED = 20261122


def main(out_dir: str) -> None:
    from flask_migrate import upgrade

    from backend.accounts.models import RoleGrant, User
    from backend.accounts.tokens import start_session
    from doemee.app import create_app
    from backend.campaigns import gifts as campaign_gifts, operations as campaigns
    from backend.demo import STAFF_EMAIL, seed_demo
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.reference_data import load_reference_data
    from backend.volunteers.models import VolunteerProfile

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    app = create_app()
    with app.app_context():
        upgrade(revision="heads")  # other features add their own branches until the lead merges them
        load_reference_data()
        seed_demo(volunteers=15000, progress=False)
        db.session.commit()
        staff = db.session.scalar(sa.select(User).where(User.email == STAFF_EMAIL))
        now = utcnow()
        campaign = campaigns.create_campaign(staff, {
            "municipality": "maassluis", "name": "Maassluis bedankt (bench)", "year": now.year,
            "opens_at": now - timedelta(minutes=5), "closes_at": now + timedelta(days=14),
            "redeem_until": now + timedelta(days=30), "eligibility": {}, "budget_per_volunteer_cents": 2500,
            "message": "Dank je wel!"})
        gifts, shop_tokens = [], {}
        for i in range(SHOPS):
            merchant = campaigns.onboard_merchant(staff, {"municipality": "maassluis", "name": f"Winkel {i + 1:02d}",
                                                          "address": f"Hoogstraat {i + 1}, Maassluis"})
            campaigns.verify_merchant(staff, merchant.id)
            owner = User(id=uuid.uuid4(), email=f"winkel-{i + 1:02d}@bench.doemee.invalid", password_hash="!",
                         display_name=f"Winkel {i + 1:02d}", locale="nl")
            owner.roles.append(RoleGrant(role="volunteer"))
            db.session.add(owner)
            db.session.flush()
            campaigns.add_merchant_staff(staff, merchant.id, owner.email)
            shop_tokens[str(merchant.id)] = start_session(owner)["access_token"]
            for j in range(GIFTS_PER_SHOP):
                # 120 gifts, 12,000 in stock for 15,000 volunteers: the popular ones run out during the hour
                gifts.append(campaign_gifts.offer_gift(owner, campaign.id, {
                    "merchant_id": merchant.id, "title": f"Cadeau {i + 1:02d}-{j + 1}", "description": "",
                    "value_cents": rng.choice([1000, 1500, 2000, 2500]), "stock": 100}))
        db.session.commit()
        # Popularity is skewed (Zipf-like): a few gifts draw many volunteers, as a real catalogue does.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(gifts))]
        volunteer_ids = list(db.session.scalars(sa.select(VolunteerProfile.user_id).order_by(VolunteerProfile.user_id)))
        lines = []
        for n, user_id in enumerate(volunteer_ids):
            user = db.session.get(User, user_id)
            token = start_session(user)["access_token"]
            gift = rng.choices(gifts, weights)[0]
            lines.append(f"/api/v1/campaigns/{campaign.id}/claims|{token}|{json.dumps({'gift_id': str(gift.id)})}")
            if n % 1000 == 999:
                db.session.commit()
        db.session.commit()
        rng.shuffle(lines)
        (out / "claims.txt").write_text("\n".join(lines) + "\n")
        (out / "shops.json").write_text(json.dumps({"campaign_id": str(campaign.id), "tokens": shop_tokens}))
        print(f"campaign {campaign.id}: {len(volunteer_ids)} volunteers, {SHOPS} shops, {len(gifts)} gifts, "
              f"stock {sum(g.stock for g in gifts)}")


if __name__ == "__main__":
    main(sys.argv[1])
