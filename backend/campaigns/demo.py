"""The demo's year-end thank-you: a campaign of Maassluis that is open now, with gifts from three local shops,
so that a demo volunteer can pick a gift and show the voucher, and a shop login (``SHOP_EMAIL``, for the first
shop) that redeems it at /winkel. Idempotent (one demo campaign per year; one shop login)."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.accounts.models import User
from backend.accounts.operations import grant_role
from backend.accounts.passwords import hash_password
from backend.campaigns.models import Campaign, Gift, Merchant, MerchantStaff
from backend.extensions import db
from backend.models_base import utcnow
from backend.places.models import Municipality

# The demo's logins share one password (backend.demo.people.DEMO_PASSWORD, not imported: demo depends on us).
SHOP_EMAIL = "winkel@demo.doemee.invalid"
SHOP_PASSWORD = "doemee-demo-2026"
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
        return [f"demo thank-you campaign {now.year}: already there", *_shop_login(maassluis)]
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
    return [f"demo thank-you campaign {now.year}: {len(SHOPS)} shops, {gifts} gifts", *_shop_login(maassluis)]


def _shop_login(maassluis) -> list[str]:
    """The demo shop's login: staff of the first shop (role merchant), made once."""
    shop = db.session.scalar(sa.select(Merchant).where(Merchant.municipality_id == maassluis.id,
                                                      Merchant.name == SHOPS[0][0]).order_by(Merchant.created_at))
    user = db.session.scalar(sa.select(User).where(User.email == SHOP_EMAIL))
    if shop is None or user is not None:
        return []
    user = User(email=SHOP_EMAIL, password_hash=hash_password(SHOP_PASSWORD), display_name=SHOPS[0][0], locale="nl")
    db.session.add(user)
    db.session.flush()
    db.session.add(MerchantStaff(merchant_id=shop.id, user_id=user.id))
    grant_role(user, "merchant")
    db.session.flush()
    return [f"demo shop login: {SHOP_EMAIL} ({SHOPS[0][0]})"]
