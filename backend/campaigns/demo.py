"""The demo's year-end thank-you: a campaign of Maassluis that is open now, with gifts from three local shops,
so that a demo volunteer can pick a gift and show the voucher. Idempotent (one demo campaign per year)."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.campaigns.models import Campaign, Gift, Merchant
from backend.extensions import db
from backend.models_base import utcnow
from backend.places.models import Municipality

SHOPS = [
    ("Bakkerij Het Hoofd", "Hoogstraat 12, Maassluis", [("Appeltaart", "Een hele appeltaart, vers gebakken", 1500, 400)]),
    ("Bloemenhuis De Sluis", "Markt 3, Maassluis", [("Bos bloemen", "Een bos seizoensbloemen", 1250, 400)]),
    ("Boekhandel Koppelstok", "Koningshoek 40, Maassluis", [("Boekenbon", "Een boekenbon van 20 euro", 2000, 300),
                                                            ("Leesbril-etui", "Een stevig etui", 800, 50)]),
]


def seed_thanks(*, now=None) -> list[str]:
    now = now or utcnow()
    maassluis = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "maassluis"))
    if db.session.scalar(sa.select(Campaign.id).where(Campaign.municipality_id == maassluis.id,
                                                      Campaign.year == now.year)) is not None:
        return [f"demo thank-you campaign {now.year}: already there"]
    # Open from yesterday for a month, so that it is open whenever the demo is loaded; everyone with a profile
    # may choose ("everyone"), so that any demo volunteer can try it.
    campaign = Campaign(municipality_id=maassluis.id, name=f"Maassluis bedankt {now.year}", year=now.year,
                        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
                        redeem_until=now + timedelta(days=60), eligibility={"everyone": True},
                        budget_per_volunteer_cents=2000, message="Dank je wel voor je inzet!")
    db.session.add(campaign)
    db.session.flush()
    gifts = 0
    for name, address, offers in SHOPS:
        merchant = Merchant(municipality_id=maassluis.id, name=name, address=address, verified_at=now)
        db.session.add(merchant)
        db.session.flush()
        for title, description, value_cents, stock in offers:
            db.session.add(Gift(campaign_id=campaign.id, merchant_id=merchant.id, title=title,
                                description=description, value_cents=value_cents, stock_offered=stock, stock=stock))
            gifts += 1
    db.session.flush()
    return [f"demo thank-you campaign {now.year}: {len(SHOPS)} shops, {gifts} gifts"]
