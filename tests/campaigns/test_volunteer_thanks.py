"""The year-end thank-you through the pages: am I eligible and why, the catalogue with what is left, choosing and
switching a gift, my voucher as a large QR code with the code in text. Nobody sees another's voucher."""
import re
import uuid

import sqlalchemy as sa

from backend.campaigns.models import Gift, GiftClaim
from tests.appreciation import factories as mine
from tests.campaigns.helpers import create_campaign, offer, period, shop, staff_member
from tests.web_support import Browser, text
from tests.engagements.test_volunteer_work import _user_id, _volunteer


def _campaign(client, cli, **rule):
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff, eligibility={"min_completed_engagements": 1, **period(), **rule})
    merchant, owner = shop(client, cli, staff)
    cake = offer(client, owner, campaign["id"], merchant["id"], title="Taart", stock=3)
    flowers = offer(client, owner, campaign["id"], merchant["id"], title="Bos bloemen", stock=1)
    return campaign, cake, flowers


def _stock(db_session, gift_id):
    return db_session.scalar(sa.select(Gift.stock).where(Gift.id == uuid.UUID(gift_id)).execution_options(populate_existing=True))


def test_an_active_volunteer_picks_a_gift_switches_and_shows_the_voucher(app, client, cli, db_session):
    campaign, cake, flowers = _campaign(client, cli)
    browser = _volunteer(app)
    mine.completed_engagement(db_session, _user_id(db_session, browser.email))

    page = text(browser.get("/mijn/bedankt"))
    assert "Maassluis bedankt" in page and "Je mag een cadeau kiezen." in page
    assert "Taart" in page and "Bakkerij Het Hoofd" in page and "nog 3 over" in page and "€ 20,00" in page

    r = browser.post(f"/mijn/bedankt/{campaign['id']}/kies", {"gift_id": cake["id"]}, form_from="/mijn/bedankt")
    assert r.status_code == 303
    voucher = browser.get(r.headers["Location"])
    html = voucher.get_data(as_text=True)
    claim = db_session.scalar(sa.select(GiftClaim).execution_options(populate_existing=True))
    assert "Je cadeau ligt voor je klaar." in text(voucher)
    code_shown = re.search(r'doemee-voucher__code">([^<]+)<', html).group(1)
    assert code_shown.replace("-", "") == claim.voucher_code
    assert "<svg" in html and 'viewBox="' in html and 'class="doemee-voucher__qr"' in html
    assert _stock(db_session, cake["id"]) == 2

    # Switching to the flowers gives the cake back and makes a new code.
    r = browser.post(f"/mijn/bedankt/{campaign['id']}/kies", {"gift_id": flowers["id"]}, form_from="/mijn/bedankt")
    assert r.status_code == 303
    assert (_stock(db_session, cake["id"]), _stock(db_session, flowers["id"])) == (3, 0)
    assert code_shown not in browser.get(r.headers["Location"]).get_data(as_text=True)
    page = text(browser.get("/mijn/bedankt"))
    assert "Je cadeau: Bos bloemen bij Bakkerij Het Hoofd" in page and "Dit heb je gekozen." in page


def test_who_is_not_eligible_reads_why_and_cannot_choose(app, client, cli, db_session):
    campaign, cake, _flowers = _campaign(client, cli)
    browser = _volunteer(app)
    page = browser.get("/mijn/bedankt")
    assert "Dit jaar kun je nog geen cadeau kiezen." in text(page) and "Waarom:" in text(page)
    assert "/kies" not in page.get_data(as_text=True)
    r = browser.post(f"/mijn/bedankt/{campaign['id']}/kies", {"gift_id": cake["id"]}, form_from="/mijn/bedankt")
    assert r.status_code in (403, 409, 422)
    assert _stock(db_session, cake["id"]) == 3


def test_nobody_sees_another_volunteers_voucher(app, client, cli, db_session):
    campaign, cake, _flowers = _campaign(client, cli)
    anna, bob = _volunteer(app), _volunteer(app)
    mine.completed_engagement(db_session, _user_id(db_session, anna.email))
    anna.post(f"/mijn/bedankt/{campaign['id']}/kies", {"gift_id": cake["id"]}, form_from="/mijn/bedankt")
    code = db_session.scalar(sa.select(GiftClaim.voucher_code))
    r = bob.get(f"/mijn/bedankt/{campaign['id']}/bon")
    assert r.status_code == 404 and code not in r.get_data(as_text=True)


def test_choosing_without_the_forms_token_is_refused(app, client, cli, db_session):
    campaign, cake, _flowers = _campaign(client, cli)
    browser = _volunteer(app)
    mine.completed_engagement(db_session, _user_id(db_session, browser.email))
    r = browser.post(f"/mijn/bedankt/{campaign['id']}/kies", {"gift_id": cake["id"]}, csrf=False)
    assert r.status_code == 400 and _stock(db_session, cake["id"]) == 3


def test_without_a_campaign_the_page_says_when_it_comes(browser):
    browser.register()
    assert "Aan het eind van het jaar bedankt de gemeente" in text(browser.get("/mijn/bedankt"))


def test_the_gift_pages_in_english(app, client, cli, db_session):
    campaign, cake, _flowers = _campaign(client, cli)
    browser = _volunteer(app, language="en")
    mine.completed_engagement(db_session, _user_id(db_session, browser.email))
    assert "You may choose a gift." in text(browser.get("/mijn/bedankt"))
    r = browser.post(f"/mijn/bedankt/{campaign['id']}/kies", {"gift_id": cake["id"]}, form_from="/mijn/bedankt")
    assert "Voucher code" in text(browser.get(r.headers["Location"]))
