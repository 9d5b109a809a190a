"""Setting up the thank-you campaign through the pages, shared by the campaign page tests."""
from __future__ import annotations

import re

import sqlalchemy as sa

from backend.campaigns.models import Campaign
from tests.accounts.factories import signed_in, staff_browser  # noqa: F401  (the campaign page tests' staff)
from tests.campaigns.helpers import shop

# A Friday in November; the campaign opens the next Wednesday unless staff open it sooner.
NOW = "2026-11-20 10:00:00+01:00"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def shop_browser(app, client, cli, staff_person, *, name="Bakkerij Het Hoofd", language="nl"):
    """A verified shop of Maassluis, and a browser signed in as its owner."""
    merchant, owner = shop(client, cli, staff_person, name=name)
    browser = signed_in(app, owner, language=language)
    browser.merchant_id = merchant["id"]
    return browser


def campaign_form(**changes) -> dict:
    form = {"name": "Maassluis bedankt 2026", "year": "2026", "opens_at": "2026-11-25T09:00",
            "closes_at": "2026-12-20T17:00", "redeem_until": "2027-01-15T17:00", "budget": "20,00",
            "message": "Dank je wel voor je inzet!", "everyone": "on", "curated": "on", "action": "save"}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def create(browser, **changes) -> str:
    """Create a campaign through the form; returns its id."""
    r = browser.post("/gemeente/acties/nieuw", campaign_form(**changes))
    assert r.status_code == 303, r.get_data(as_text=True)[:3000]
    return re.search(r"/gemeente/acties/([0-9a-f-]{36})", r.headers["Location"]).group(1)


def campaigns_in(db_session) -> list[Campaign]:
    return list(db_session.scalars(sa.select(Campaign).execution_options(populate_existing=True)))


def offer_on_page(shop, campaign_id, **changes):
    form = {"title": "Appeltaart", "description": "Een hele taart", "value": "15,50", "stock": "10", **changes}
    path = f"/winkel/cadeaus/{campaign_id}/{shop.merchant_id}/nieuw"
    return shop.post(path, form)


def gift_id_on(page_html: str) -> str:
    return re.search(r"/winkel/cadeau/([0-9a-f-]{36})", page_html).group(1)
