"""The thank-you campaign for staff (/gemeente/acties): create with a preview of who takes part (no cell under 5
shown), invite a shop, approve its gift, open, follow it live, remind, close, cancel; staff of Vlaardingen see
nothing of Maassluis; a form without its token or with bad input changes nothing."""
import csv
import io
import re
import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

from backend.campaigns.models import CampaignInvitation, Gift
from backend.notifications.models import OutboxMessage
from backend.notifications.render import render
from tests.campaigns.helpers import claim
from tests.support import volunteer
from tests.campaigns.web_helpers import (
    NOW, campaign_form, campaigns_in, create, gift_id_on, offer_on_page, shop_browser, staff_browser)
from tests.web_support import Browser, text


def _preview_cells(html: str) -> list[str]:
    table = html.split('id="preview-title"')[1].split("</table>")[0]
    return re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', table)


@time_machine.travel(NOW, tick=False)
def test_the_preview_counts_who_takes_part_per_neighbourhood_and_never_shows_a_small_number(app, client, cli,
                                                                                                 db_session):
    for _ in range(6):
        volunteer(client, postcode="3144 BA")  # Balkon
    for postcode in ("3146 CD", "3146 CD", "3144 CD", "3144 CD"):
        volunteer(client, postcode=postcode)  # two small groups on purpose (Bloemenbuurt, Vogelbuurt): 2 each
    staff = staff_browser(app, client, cli)
    r = staff.post("/gemeente/acties/nieuw", campaign_form(action="preview"))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    cells = _preview_cells(html)
    assert "6" in cells and cells.count("&lt;5") == 2 and "10" in cells
    # no number from 1 to 4; nobody is 0 (issue 22: only 1-4 are hidden)
    assert "0" in cells and all(c in ("&lt;5", "x") or int(c) == 0 or int(c) >= 5 for c in cells)
    assert campaigns_in(db_session) == []  # a preview stores nothing
    assert "Maassluis bedankt 2026" in html  # the form keeps what was typed


@time_machine.travel(NOW, tick=False)
def test_staff_run_a_campaign_from_creation_to_the_finance_export(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    cid = create(staff)
    [campaign] = campaigns_in(db_session)
    assert campaign.budget_per_volunteer_cents == 2000 and campaign.curated and campaign.eligibility == {
        "everyone": True, "nominations": True}  # as the API stores it: the rule's defaults filled in
    assert campaign.opens_at.isoformat() == "2026-11-25T08:00:00+00:00"  # 09:00 in Maassluis
    page = text(staff.get(f"/gemeente/acties/{cid}"))
    assert "Nog niet open" in page and "Nog geen cadeaus aangeboden." in page

    # The shop is not invited yet: the campaign is not on its gifts page.
    bakery = shop_browser(app, client, cli, staff.person)
    assert "Maassluis bedankt 2026" not in text(bakery.get("/winkel/cadeaus"))
    assert offer_on_page(bakery, cid).status_code == 404
    r = staff.post(f"/gemeente/acties/{cid}/winkels", {"merchant_id": bakery.merchant_id},
                   form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 303
    [told] = db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "campaign_shop_invitation"))
    rendered = render(told.template, "nl", told.payload, tz=ZoneInfo("Europe/Amsterdam"), base_url="http://x")
    assert "Maassluis bedankt 2026" in rendered.subject and "http://x/winkel/cadeaus" in rendered.text

    # Opening before a gift is approved is refused with the reason.
    r = staff.post(f"/gemeente/acties/{cid}/openen", form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 409 and "Keur eerst minstens één cadeau goed" in text(r)

    assert offer_on_page(bakery, cid).status_code == 303
    gift_id = gift_id_on(bakery.get("/winkel/cadeaus").get_data(as_text=True))
    assert "Wacht op goedkeuring" in text(staff.get(f"/gemeente/acties/{cid}"))
    r = staff.post(f"/gemeente/acties/{cid}/cadeaus/{gift_id}/goedkeuren",
                   form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 303
    gift = db_session.get(Gift, uuid.UUID(gift_id), populate_existing=True)
    assert gift.status == "approved" and gift.stock == 10 and gift.value_cents == 1550

    r = staff.post(f"/gemeente/acties/{cid}/openen", form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 303 and "Open" in text(staff.get(r.headers["Location"]))
    people = [volunteer(client) for _ in range(6)]
    assert cli.invoke(args=["run-appreciation-job", "open-campaigns"]).output.strip() == "open-campaigns: 6"
    for person in people[:5]:
        assert claim(client, person, cid, gift_id).status_code == 201
    codes = [client.get(f"/api/v1/campaigns/{cid}/claims/mine", token=p.token).get_json()["voucher_code"]
             for p in people[:5]]
    for code in codes[:3]:
        assert bakery.post("/winkel/inwisselen", {"code": code}, form_from="/winkel").status_code == 200

    live = staff.get(f"/gemeente/acties/{cid}")
    cells = re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', live.get_data(as_text=True))
    assert cells[:4] == ["6", "6", "5", "&lt;5"]  # take part, invited, chosen, redeemed (3: suppressed)
    assert "€ 46,50" in text(live)  # 3 x 15,50 to reimburse

    # Remind the one who has not chosen, once; then close.
    r = staff.post(f"/gemeente/acties/{cid}/herinneren", form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 303 and "herinnerd=1" in r.headers["Location"]
    assert "Herinnerd: 1 vrijwilligers" in text(staff.get(r.headers["Location"]))
    r = staff.post(f"/gemeente/acties/{cid}/herinneren", form_from=f"/gemeente/acties/{cid}")
    assert "herinnerd=0" in r.headers["Location"]
    reminded = db_session.scalars(sa.select(CampaignInvitation.user_id).where(
        CampaignInvitation.reminded_at.is_not(None))).all()
    assert [str(u) for u in reminded] == [people[5].id]

    finance = staff.get(f"/gemeente/acties/{cid}/financien.csv")
    assert finance.status_code == 200 and finance.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(finance.get_data(as_text=True))))
    # a download from the page: its columns in the page's language (the API's keeps merchant_id, amount_cents ...)
    assert [(r["Winkel"], r["Waardebonnen ingewisseld"], r["Waardebonnen nog niet ingewisseld"], r["Bedrag in centen"],
             r["Bedrag in euro"]) for r in rows] == [("Bakkerij Het Hoofd", "3", "2", "4650", "46.50"),
                                                    ("", "3", "2", "4650", "46.50")]
    assert rows[-1]["Winkelnummer"] == "Totaal"
    assert "€ 46,50" in text(staff.get(f"/gemeente/acties/{cid}/financien"))

    with time_machine.travel("2026-11-21 10:00:00+01:00", tick=False):
        r = staff.post(f"/gemeente/acties/{cid}/sluiten", form_from=f"/gemeente/acties/{cid}")
        assert r.status_code == 303
        assert "Gesloten; waardebonnen zijn nog te gebruiken" in text(staff.get(r.headers["Location"]))
    assert campaigns_in(db_session)[0].closes_at.isoformat() == "2026-11-21T09:00:00+00:00"


@time_machine.travel(NOW, tick=False)
def test_bad_input_is_shown_on_the_form_and_changes_nothing(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    for changes, message in [({"budget": "12,345"}, "Geef een bedrag in euro"),
                             ({"budget": "-5"}, "Geef een bedrag in euro"),
                             ({"name": ""}, "Verplicht veld ontbreekt."),
                             ({"everyone": None}, "Geef aan wie meedoet"),
                             ({"closes_at": "2026-11-24T09:00"}, None),
                             ({"opens_at": "morgen"}, "Geef een datum en een tijd.")]:
        r = staff.post("/gemeente/acties/nieuw", campaign_form(**changes))
        assert r.status_code == 422, changes
        if message:
            assert message in text(r), (changes, text(r)[:2000])
    assert campaigns_in(db_session) == []


@time_machine.travel(NOW, tick=False)
def test_a_form_without_its_token_is_refused(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    r = staff.post("/gemeente/acties/nieuw", campaign_form(), csrf=False)
    assert r.status_code == 400 and campaigns_in(db_session) == []
    cid = create(staff)
    r = staff.post(f"/gemeente/acties/{cid}/annuleren", {"confirm": "on"}, csrf=False)
    assert r.status_code == 400 and campaigns_in(db_session)[0].cancelled_at is None


@time_machine.travel(NOW, tick=False)
def test_staff_of_vlaardingen_see_nothing_of_maassluis(app, client, cli):
    maassluis = staff_browser(app, client, cli)
    cid = create(maassluis)
    other = staff_browser(app, client, cli, "vlaardingen")
    assert "Maassluis bedankt" not in text(other.get("/gemeente/acties"))
    assert other.get("/gemeente/acties?gemeente=maassluis").status_code == 403
    for path in ("", "/wijzigen", "/brieven", "/balie", "/financien", "/financien.csv"):
        assert other.get(f"/gemeente/acties/{cid}{path}").status_code == 403, path
    for path in ("/openen", "/sluiten", "/herinneren", "/brieven", "/brieven.pdf", "/brieven.csv"):
        assert other.post(f"/gemeente/acties/{cid}{path}", form_from="/gemeente/acties").status_code == 403, path
    r = other.post(f"/gemeente/acties/{cid}/annuleren", {"confirm": "on"}, form_from="/gemeente/acties")
    assert r.status_code == 403
    volunteer_browser = Browser(app)
    volunteer_browser.register()
    assert volunteer_browser.get("/gemeente/acties").status_code == 403
    assert Browser(app).get("/gemeente/acties").status_code == 302


@time_machine.travel(NOW, tick=False)
def test_correct_and_cancel_a_campaign(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    cid = create(staff)
    edit = f"/gemeente/acties/{cid}/wijzigen"
    assert "Maassluis bedankt 2026" in text(staff.get(edit))
    r = staff.post(edit, campaign_form(name="Maassluis zegt dank", budget="25"))
    assert r.status_code == 303
    [campaign] = campaigns_in(db_session)
    assert campaign.name == "Maassluis zegt dank" and campaign.budget_per_volunteer_cents == 2500
    r = staff.post(edit, campaign_form(budget="nul"))
    assert r.status_code == 422 and campaigns_in(db_session)[0].budget_per_volunteer_cents == 2500

    r = staff.post(f"/gemeente/acties/{cid}/annuleren", {}, form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 422 and campaigns_in(db_session)[0].cancelled_at is None
    r = staff.post(f"/gemeente/acties/{cid}/annuleren", {"confirm": "on"}, form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 303 and campaigns_in(db_session)[0].cancelled_at is not None
    assert "Geannuleerd" in text(staff.get(f"/gemeente/acties/{cid}"))


@time_machine.travel(NOW, tick=False)
def test_the_campaign_pages_in_english(app, client, cli):
    staff = staff_browser(app, client, cli, language="en")
    assert staff.post("/taal", {"locale": "en", "next": "/gemeente/acties"},
                      form_from="/gemeente/acties").status_code == 303
    assert "Thank-you campaigns" in text(staff.get("/gemeente/acties"))
    cid = create(staff, budget="20.00")
    page = text(staff.get(f"/gemeente/acties/{cid}"))
    assert "Not open yet" in page and "€20.00" in page
    r = staff.post("/gemeente/acties/nieuw", campaign_form(budget="abc"))
    assert "Give an amount in euros" in text(r)


@time_machine.travel(NOW, tick=False)
def test_correcting_refuses_an_emptied_name_or_rule_instead_of_keeping_the_old_one(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    cid = create(staff)
    edit = f"/gemeente/acties/{cid}/wijzigen"
    for changes, message in [({"everyone": None}, "Geef aan wie meedoet"),
                             ({"name": ""}, "Lengte moet tussen 1 en 120 liggen.")]:
        r = staff.post(edit, campaign_form(**changes))
        assert r.status_code == 422 and message in text(r), (changes, text(r)[:1500])
    [campaign] = campaigns_in(db_session)
    assert campaign.name == "Maassluis bedankt 2026" and campaign.eligibility == {"everyone": True, "nominations": True}
