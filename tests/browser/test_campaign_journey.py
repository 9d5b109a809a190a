"""The thank-you campaign end to end in a real browser: staff (desktop, 1280x800) create a campaign with a preview
of who takes part, invite a shop; the shop (a phone, 390x844) offers a gift; staff approve it and open the
campaign; a volunteer (a second phone) picks the gift; the shop types the voucher code at its till; staff see it in
the live view and in the finance export. axe-core finds no WCAG 2.1 A/AA violation on any page on the way.

The campaign is Schiedam's: the other browser tests run Maassluis's and Vlaardingen's in the same live server (one
campaign per municipality at a time). The live server keeps real time, so the window is set around the real now."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.support import check, log_in, open_menu
from tests.support import ApiClient, volunteer

pytestmark = pytest.mark.browser


def _context(chromium, viewport, **kw):
    context = chromium.new_context(viewport=viewport, device_scale_factor=1, locale="nl-NL", bypass_csp=True, **kw)
    return context, context.new_page()



def test_staff_run_a_campaign_a_volunteer_picks_and_the_shop_redeems(live_server, chromium):
    from tests.campaigns.helpers import shop, staff_member

    base_url, app = live_server
    client = ApiClient(app)
    staff_person = staff_member(client, app.test_cli_runner(), "schiedam")
    _merchant, owner = shop(client, app.test_cli_runner(), staff_person, name="Bakkerij De Schie",
                            municipality="schiedam")
    person = volunteer(client, postcode="3111 AB")
    for _ in range(5):
        volunteer(client, postcode="3111 AC")
    local = datetime.now(ZoneInfo("Europe/Amsterdam"))
    staff_context, staff = _context(chromium, DESKTOP)
    shop_context, till = _context(chromium, PHONE, is_mobile=True, has_touch=True)
    volunteer_context, phone = _context(chromium, PHONE, is_mobile=True, has_touch=True)
    try:
        # Staff create the campaign, with a preview of who takes part.
        log_in(staff, base_url, staff_person.email)
        staff.goto(base_url + "/gemeente/acties")
        assert staff.get_by_role("heading", level=1).inner_text() == "Bedankacties"
        check(staff, "50-campaigns")
        staff.get_by_role("link", name="Nieuwe actie").click()
        staff.get_by_label("Naam", exact=True).fill("Schiedam bedankt")
        staff.get_by_label("Jaar").fill(str(local.year))
        staff.get_by_label("Kiezen opent").fill((local + timedelta(days=1)).strftime("%Y-%m-%dT09:00"))
        staff.get_by_label("Kiezen sluit").fill((local + timedelta(days=30)).strftime("%Y-%m-%dT17:00"))
        staff.get_by_label("Budget per vrijwilliger in euro").fill("15")
        staff.get_by_label("Elke vrijwilliger van de gemeente", exact=True).check()
        staff.get_by_role("button", name="Bekijk wie meedoet").click()
        preview = staff.get_by_role("table", name="Vrijwilligers die meedoen, per wijk")
        assert preview.get_by_role("row", name="Centrum 6").count() == 1
        assert preview.get_by_role("row", name="Oost 0").count() == 1  # 0 is shown; only 1-4 are hidden
        check(staff, "51-campaign-preview")
        staff.get_by_role("button", name="De actie aanmaken").click()
        assert staff.get_by_role("heading", level=1).inner_text() == "Schiedam bedankt"
        staff.get_by_label("Winkel om uit te nodigen").select_option(label="Bakkerij De Schie")
        staff.get_by_role("button", name="De winkel uitnodigen").click()
        assert "De winkel is uitgenodigd" in staff.get_by_role("status").inner_text()
        check(staff, "52-campaign-new")

        # The shop offers a gift on its phone.
        log_in(till, base_url, owner.email)
        till.goto(base_url + "/winkel")
        open_menu(till)  # on the phone the main menu folds behind "Menu"
        till.get_by_role("link", name="Je cadeaus").first.click()
        check(till, "53-shop-gifts")
        till.get_by_role("link", name="Een cadeau aanbieden").click()
        till.get_by_label("Cadeau", exact=True).fill("Appeltaart")
        till.get_by_label("Waarde in euro").fill("12,50")
        till.get_by_label("Hoeveel je aanbiedt").fill("20")
        check(till, "54-shop-offer-gift")
        till.get_by_role("button", name="Ter goedkeuring indienen").click()
        assert "Wacht op goedkeuring van de gemeente" in till.inner_text("main")

        # Staff approve it and open the campaign; the hourly job invites the volunteers.
        staff.reload()
        check(staff)  # the gift waits with its two forms: approve, or turn down with a reason the shop reads
        staff.get_by_role("button", name="Goedkeuren Appeltaart").click()
        staff.get_by_role("button", name="De actie nu openen").click()
        assert "De actie is open" in staff.get_by_role("status").inner_text()
        result = app.test_cli_runner().invoke(args=["run-appreciation-job", "open-campaigns"])
        assert result.exit_code == 0, result.output  # (it also invites for the other tests' campaigns)

        # A volunteer picks the gift on a phone.
        log_in(phone, base_url, person.email)
        phone.goto(base_url + "/mijn/bedankt")
        phone.get_by_role("button", name="Dit kies ik: Appeltaart").click()
        code = phone.locator(".doemee-voucher__code").inner_text()
        check(phone, "55-volunteer-voucher")

        # The shop types the code at its till.
        till.goto(base_url + "/winkel")
        till.get_by_label("Code van de waardebon").fill(code)
        till.get_by_role("button", name="Controleren en inwisselen").click()
        assert till.get_by_role("status").get_by_role("heading").inner_text() == "Geldig: geef het cadeau mee"

        # Staff see it live and in the finance export.
        staff.reload()
        volunteers = staff.get_by_role("table", name="Vrijwilligers", exact=True).inner_text().split("\n")[-1].split("\t")
        assert [cell.strip() for cell in volunteers] == ["6", "6", "<5", "<5"]  # take part, invited, chose, redeemed
        shops = staff.get_by_role("table", name="Waardebonnen per winkel")
        assert shops.get_by_role("row", name="Bakkerij De Schie").inner_text().split("\t")[-1].strip() == "€\xa012,50"
        check(staff, "56-campaign-live")
        staff.get_by_role("link", name="Financiën").click()
        assert "€\xa012,50" in staff.get_by_role("table", name="Vergoeding per winkel").inner_text()
        check(staff, "57-campaign-finance")
        csv = staff.request.get(staff.url.replace("/financien", "/financien.csv")).text()
        assert "Bakkerij De Schie" in csv and ",1,0,1250,12.50" in csv
        for name, shot in (("Brieven", "58-campaign-letters"), ("Balie", "59-campaign-desk"),
                           ("Corrigeren", None)):
            staff.get_by_role("navigation", name="Actie").get_by_role("link", name=name).click()
            check(staff, shot)
    finally:
        for context in (staff_context, shop_context, volunteer_context):
            context.close()
