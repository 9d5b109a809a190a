"""The municipality's dashboard (/gemeente): the report figures as tables with suppressed cells ("<5" / "x"), a
bar chart beside them, CSV exports through the same operation as the API; staff of Vlaardingen see nothing of
Maassluis."""
import csv
import io
import re
from html import unescape

import time_machine

from tests.accounts.factories import staff_browser
from tests.support import volunteer
from tests.web_support import Browser, text

NOW = "2026-06-15 10:00:00+02:00"
PERIOD = "van=2026-01-01&tot=2026-06-30"


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _volunteers(client):
    """Six volunteers in Balkon (wijk Kapelpolder), two in Bloemenbuurt (Dijkpolder) and two in Vogelbuurt
    (Burgemeesterswijk): two small groups on purpose, so that each hides the other and Balkon can show."""
    for _ in range(6):
        volunteer(client, postcode="3144 BA")
    for _ in range(2):
        volunteer(client, postcode="3146 CD")
    for _ in range(2):
        volunteer(client, postcode="3144 CD")


@time_machine.travel(NOW, tick=False)
def test_staff_see_the_figures_with_small_numbers_hidden(app, client, cli):
    _volunteers(client)
    browser = staff_browser(app, client, cli)
    r = browser.get(f"/gemeente?{PERIOD}")
    assert r.status_code == 200
    page, html = text(r), r.get_data(as_text=True)
    assert "Van aanmelding tot actieve vrijwilliger" in page and "Nieuwe vrijwilligers per maand" in page
    assert "Vraag en onvervulde vraag" in page and "Gegeven uren" in page and "Aandachtswijken en de rest" in page
    # The small group shows as "<5", never as its number; the total of eight is shown.
    funnel = html.split('id="funnel"')[1].split('id="new"')[0]
    assert "Aantallen van 1 tot en met 4 mensen staan er als \"<5\" (0 staat er gewoon als 0)" in page
    assert "&lt;5" in funnel and ">2<" not in funnel and ">10<" in funnel
    # nobody in Sluispolder: 0, not "<5" (issue 22); the wijk reads as a wijk beside its buurt of the same name
    assert "Wijk Sluispolder 0 0 0 0 0" in text_of(funnel) and "Wijk Kapelpolder 6" in text_of(funnel)
    assert '<svg class="doemee-chart"' in html and 'aria-hidden="true"' in html
    assert "/gemeente/export/funnel.csv?gemeente=maassluis" in html


@time_machine.travel(NOW, tick=False)
def test_the_csv_export_has_the_same_suppressed_cells(app, client, cli):
    _volunteers(client)
    browser = staff_browser(app, client, cli)
    r = browser.get(f"/gemeente/export/new-volunteers.csv?gemeente=maassluis&{PERIOD}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    values = {row["Nieuwe vrijwilligers"] for row in rows}
    assert "<5" in values and "2" not in values and "10" in values and "0" in values


@time_machine.travel(NOW, tick=False)
def test_one_neighbourhood_narrows_the_tables(app, client, cli):
    _volunteers(client)
    browser = staff_browser(app, client, cli)
    def funnel(query):
        html = browser.get(f"/gemeente?{PERIOD}{query}").get_data(as_text=True)
        return text_of(html.split('id="funnel"')[1].split('id="new"')[0])

    everywhere, kapelpolder = funnel(""), funnel("&wijk=Kapelpolder")
    assert "Balkon 6" in everywhere and "Vogelbuurt" in everywhere and "Wijk Dijkpolder" in everywhere
    # the wijk: its row and its four buurten, the municipality's totals; no other wijk or buurt
    assert "Wijk Kapelpolder 6" in kapelpolder and "Balkon 6" in kapelpolder and "Koningshoek 0" in kapelpolder
    assert "Vogelbuurt" not in kapelpolder and "Wijk Dijkpolder" not in kapelpolder
    assert "Alle buurten 10" in kapelpolder
    balkon = funnel("&wijk=Kapelpolder&buurten_van=Kapelpolder&buurt=balkon")
    assert "Balkon 6" in balkon and "Koningshoek" not in balkon and "Vogelbuurt" not in balkon
    assert "Aangemeld 6" in balkon  # the chart's label and value (the chart is about Balkon now)


@time_machine.travel(NOW, tick=False)
def test_the_neighbourhoods_to_choose_from_follow_the_district(app, client, cli):
    _volunteers(client)
    browser = staff_browser(app, client, cli)

    def options(html, name):
        select = html.split(f'name="{name}"')[1].split("</select>")[0]
        return re.findall(r'<option value="([^"]*)"', select)

    html = browser.get(f"/gemeente?{PERIOD}").get_data(as_text=True)
    # each wijk once, by its name; no buurt to choose before a wijk is chosen (a hint says how)
    assert options(html, "wijk") == ["", "Burgemeesterswijk", "Dijkpolder", "Kapelpolder", "Sluispolder",
                                      "Steendijkpolder", "Taanshuurpolder e.o."]
    assert 'name="buurt"' not in html and "Kies eerst de wijk" in text(browser.get(f"/gemeente?{PERIOD}"))
    html = browser.get(f"/gemeente?{PERIOD}&wijk=Kapelpolder").get_data(as_text=True)
    assert options(html, "buurt") == ["", "balkon", "componistenbuurt", "kapelpolder", "koningshoek"]
    assert "Alle buurten van deze wijk" in html
    # the wijk changed while the old wijk's buurt was still chosen: the new wijk is shown, the old buurt dropped
    r = browser.get(f"/gemeente?{PERIOD}&wijk=Burgemeesterswijk&buurten_van=Kapelpolder&buurt=balkon")
    funnel = text_of(r.get_data(as_text=True).split('id="funnel"')[1].split('id="new"')[0])
    assert r.status_code == 200 and "Vogelbuurt" in funnel and "Balkon" not in funnel
    assert options(r.get_data(as_text=True), "buurt") == ["", "burgemeesterswijk", "vogelbuurt"]
    # a buurt of another wijk asked for on purpose is refused: the page shows the wijk and says why
    r = browser.get(f"/gemeente?{PERIOD}&wijk=Burgemeesterswijk&buurt=balkon")
    assert r.status_code == 422 and "Deze buurt ligt niet in de gekozen wijk." in text(r)
    assert 'id="buurt-error-1"' in r.get_data(as_text=True) and "Vogelbuurt" in text(r)
    # the CSV follows the same choice
    csv_rows = list(csv.DictReader(io.StringIO(browser.get(
        f"/gemeente/export/funnel.csv?gemeente=maassluis&{PERIOD}&wijk=Kapelpolder").get_data(as_text=True))))
    # (a page's download: its columns and levels in the page's language)
    assert {r["Wijk"] for r in csv_rows if r["Niveau"] in ("Wijk", "Buurt")} == {"Kapelpolder"}


@time_machine.travel(NOW, tick=False)
def test_staff_of_vlaardingen_see_nothing_of_maassluis(app, client, cli):
    _volunteers(client)
    browser = staff_browser(app, client, cli, "vlaardingen")
    r = browser.get(f"/gemeente?{PERIOD}")
    assert r.status_code == 200 and "Balkon" not in text(r) and ">8<" not in r.get_data(as_text=True)
    assert browser.get(f"/gemeente?gemeente=maassluis&{PERIOD}").status_code == 403
    r = browser.get(f"/gemeente/export/funnel.csv?gemeente=maassluis&{PERIOD}")
    assert r.status_code == 403 and r.mimetype != "text/csv"


def test_only_staff_open_the_dashboard(app, browser):
    browser.register()
    assert browser.get("/gemeente").status_code == 403
    r = Browser(app).get("/gemeente")
    assert r.status_code == 302 and "/inloggen" in r.headers["Location"]


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_in_english(app, client, cli):
    browser = staff_browser(app, client, cli)
    assert browser.post("/taal", {"locale": "en", "next": "/gemeente"}, form_from="/gemeente").status_code == 303
    page = text(browser.get(f"/gemeente?{PERIOD}"))
    assert "Volunteer funnel" in page and "Focus neighbourhoods and the rest" in page


def test_a_bad_date_is_refused(app, client, cli):
    browser = staff_browser(app, client, cli)
    assert browser.get("/gemeente?van=gisteren").status_code == 400


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_checks_who_asks_and_reads_the_areas_once_for_its_four_reports(app, client, cli):
    from tests.recommendations.statements import one_request

    _volunteers(client)
    browser = staff_browser(app, client, cli)
    response, seen = one_request(lambda: browser.get(f"/gemeente?{PERIOD}"))
    assert response.status_code == 200 and "Gegeven uren" in text(response)
    from_neighbourhoods = [s for s in seen if "FROM neighbourhoods" in s and "GROUP BY" not in s]
    # The areas once, for the reports and for the page's choice of wijk and buurt; one statement per figure.
    assert len(from_neighbourhoods) == 1, from_neighbourhoods
    # The session, the municipalities one may see, the one asked for, a plan per execution (SET LOCAL), its areas, a
    # statement per report (4) and the menu's unread messages (1): once each, not once per report.
    assert len(seen) <= 10, seen
    assert sum("plan_cache_mode" in s for s in seen) == 1
