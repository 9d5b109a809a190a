"""The volunteer's app on a phone (390x844) in a real browser: log in with a complete profile, find a shift,
sign up, see it in my engagements, check in by typing the code at the door, pick a gift, see the voucher. The
profile steps work too. axe-core finds no WCAG 2.1 A/AA violation on any page on the way.

The live server runs in real time, so the shift is made around the real now (it starts in ten minutes: sign-up
is still open and so is the check-in)."""
import itertools
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.browser.support import check, open_menu, log_in
from tests.support import ApiClient, volunteer

pytestmark = pytest.mark.browser

_counter = itertools.count(1)


def _complete_volunteer(app) -> str:
    """A volunteer with a complete profile, made through the API (as the phone app would)."""
    client = ApiClient(app)
    person = volunteer(client, postcode="3144 BA", skills=[{"code": "cooking", "level": 2}], languages=["nl"],
                       availability=[{"weekday": d, "start": "00:00", "end": "24:00"}
                                     for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")])
    return person.email, person.id


_CAMPAIGN = {}


def _campaign(app) -> str:
    """The year-end campaign with a gift (one per municipality at a time: made once for the session)."""
    from tests.campaigns.helpers import create_campaign, offer, period, shop, staff_member

    if not _CAMPAIGN:
        client, cli = ApiClient(app), app.test_cli_runner()
        staff = staff_member(client, cli)
        campaign = create_campaign(client, staff, eligibility={"min_completed_engagements": 1, **period()},
                                   name="Maassluis bedankt")
        merchant, owner = shop(client, cli, staff, name="Bakkerij Het Hoofd")
        gift = offer(client, owner, campaign["id"], merchant["id"], title="Appeltaart", stock=50)
        _CAMPAIGN.update(id=campaign["id"], gift_id=gift["id"])
    return _CAMPAIGN


def _shift_and_campaign(app, volunteer_id) -> tuple[str, str]:
    """A shift starting in ten minutes (and one two days later), and the year-end campaign with a gift, for which
    the volunteer is eligible (one completed engagement)."""
    from backend.extensions import db
    from tests import factories
    from tests.appreciation import factories as appreciation

    title = f"Soep koken voor de buurt {next(_counter)}"
    with app.app_context():
        org = factories.organisation(db.session, name="Buurthuis De Kapel")
        opp = factories.opportunity(db.session, org, title=title, description="Samen soep koken en eten.",
                                    required_skills=["cooking"])
        start = (datetime.now(timezone.utc) + timedelta(minutes=10)).replace(second=0, microsecond=0)
        shift = factories.shift(db.session, opp, starts_at=start, capacity=4)
        # A later one too: "for you" leaves out what starts too soon to get there.
        factories.shift(db.session, opp, starts_at=start + timedelta(days=2), capacity=4)
        code = shift.checkin_code
        appreciation.completed_engagement(db.session, volunteer_id)
        db.session.commit()
    _campaign(app)
    return title, code



def test_find_a_shift_sign_up_check_in_and_pick_a_gift_on_a_phone(live_server, phone):
    base_url, app = live_server
    page = phone
    email, volunteer_id = _complete_volunteer(app)
    title, code = _shift_and_campaign(app, uuid.UUID(str(volunteer_id)))

    log_in(page, base_url, email)
    assert page.url == base_url + "/mijn"
    check(page, "11-home-volunteer")

    page.get_by_role("link", name="Voor jou").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Voor jou"
    assert title in page.inner_text("main") and "Waarom voor jou:" in page.inner_text("main")
    check(page, "12-for-you")

    page.goto(base_url + "/aanbod")
    page.get_by_label("Zoeken").fill("soep")
    page.get_by_role("button", name="Zoeken").click()
    check(page, "13-open-work")
    page.get_by_role("link", name=title).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    check(page, "14-opportunity")

    page.get_by_role("button", name="Aanmelden").first.click()
    assert "Je bent aangemeld. Bedankt!" in page.inner_text("main")
    check(page, "15-signed-up")

    page.get_by_role("link", name="Terug naar mijn inzet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn inzet"
    assert title in page.inner_text("main")
    check(page, "16-my-engagements")

    page.get_by_role("link", name=title).click()
    page.get_by_label("Code bij de deur").fill("FOUT00")
    page.get_by_role("button", name="Inchecken").click()  # sent by checkin.js, then the page with the error
    expect(page.locator("main")).to_contain_text("Kijk dit even na")
    check(page)
    page.get_by_label("Code bij de deur").fill(code)
    page.get_by_role("button", name="Inchecken").click()
    expect(page.locator("main")).to_contain_text("Je bent ingecheckt.")
    check(page, "17-checked-in")

    page.goto(base_url + "/mijn")
    page.get_by_role("link", name="Bedankt: mijn cadeau").click()
    assert "Je mag een cadeau kiezen." in page.inner_text("main")
    check(page, "18-gifts")
    page.get_by_role("button", name="Dit kies ik: Appeltaart").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn waardebon"
    assert page.locator(".doemee-voucher svg").bounding_box()["width"] >= 250  # most of a phone screen: large enough to scan
    assert len(page.locator(".doemee-voucher__code").inner_text().replace("-", "")) >= 12
    check(page, "19-voucher")
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


def test_the_profile_steps_on_a_phone(live_server, phone):
    base_url, app = live_server
    page = phone
    email, _id = _complete_volunteer(app)
    log_in(page, base_url, email)
    page.goto(base_url + "/mijn/profiel")
    assert "wijk Balkon" in page.inner_text("main")
    check(page, "20-profile")
    for step in ("postcode", "radius", "skills", "languages", "availability", "preference", "pause", "vog"):
        page.goto(f"{base_url}/mijn/profiel/{step}")
        check(page, "21-availability" if step == "availability" else None)
    # The tap grid: one tap on a part of the day, saved without any script of ours.
    page.goto(base_url + "/mijn/profiel/availability")
    page.get_by_label("Maandag Ochtend").check()  # Monday morning (the API's 00:00-24:00 is no part of the grid)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    assert "Opgeslagen." in page.inner_text("main")
    assert "1 dagdeel per week" in page.inner_text("main")


def test_my_engagements_and_the_voucher_stay_readable_offline_until_log_out(live_server, chromium):
    """Without bypassing the Content Security Policy, as a real phone would run it."""
    base_url, app = live_server
    email, volunteer_id = _complete_volunteer(app)
    title, _code = _shift_and_campaign(app, uuid.UUID(str(volunteer_id)))
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="nl-NL")
    page = context.new_page()
    log_in(page, base_url, email)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker's control
    page.goto(base_url + "/aanbod?zoek=" + title.rsplit(" ", 1)[-1])
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("button", name="Aanmelden").first.click()
    page.goto(base_url + "/mijn/bedankt")
    page.get_by_role("button", name="Dit kies ik: Appeltaart").click()
    voucher_url = page.url.split("?")[0]
    code = page.locator(".doemee-voucher__code").inner_text()
    page.goto(voucher_url)
    page.goto(base_url + "/mijn/inzet")

    context.set_offline(True)
    try:
        page.goto(base_url + "/mijn/inzet")
        assert title in page.inner_text("main") and "Bijgewerkt op" in page.inner_text("main")
        assert "Je bent offline." in page.inner_text("main")
        page.goto(voucher_url)
        assert page.locator(".doemee-voucher__code").inner_text() == code
        assert page.locator(".doemee-voucher svg").count() == 1
    finally:
        context.set_offline(False)

    page.goto(base_url + "/mijn")
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(base_url + "/?uitgelogd=1")
    page.wait_for_function("caches.has('doemee-personal-v1').then((kept) => !kept)")
    context.set_offline(True)
    try:
        page.goto(voucher_url)
        assert page.get_by_role("heading", level=1).inner_text() == "Geen internetverbinding"
        assert code not in page.content()
    finally:
        context.set_offline(False)
    context.close()
