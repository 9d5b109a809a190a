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
    """Six volunteers in one neighbourhood of Maassluis and two in another: one small group on purpose."""
    for _ in range(6):
        volunteer(client, postcode="3144 BA")
    for _ in range(2):
        volunteer(client, postcode="3146 CD")


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
    assert "Aantallen van minder dan 5 mensen staan er als \"<5\"" in page
    assert "&lt;5" in funnel and ">2<" not in funnel and ">8<" in funnel
    assert '<svg class="doemee-chart"' in html and 'aria-hidden="true"' in html
    assert "/gemeente/export/funnel.csv?gemeente=maassluis" in html


@time_machine.travel(NOW, tick=False)
def test_the_csv_export_has_the_same_suppressed_cells(app, client, cli):
    _volunteers(client)
    browser = staff_browser(app, client, cli)
    r = browser.get(f"/gemeente/export/new-volunteers.csv?gemeente=maassluis&{PERIOD}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    values = {row["Nieuwe vrijwilligers"] for row in rows}  # the columns in the page's language
    assert "<5" in values and "2" not in values and "8" in values


@time_machine.travel(NOW, tick=False)
def test_one_neighbourhood_narrows_the_tables(app, client, cli):
    _volunteers(client)
    browser = staff_browser(app, client, cli)
    def funnel(query):
        html = browser.get(f"/gemeente?{PERIOD}{query}").get_data(as_text=True)
        return text_of(html.split('id="funnel"')[1].split('id="new"')[0])

    everywhere, balkon = funnel(""), funnel("&wijk=balkon")
    assert "Balkon 6" in everywhere and "Vogelbuurt" in everywhere
    assert "Balkon 6" in balkon and "Vogelbuurt" not in balkon
    assert "Aangemeld 6" in balkon  # the chart's label and value (the chart is about Balkon now)


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
    # The areas once for the reports, once for the page's choice of neighbourhood; one statement per figure.
    assert len(from_neighbourhoods) == 2, from_neighbourhoods
    # The session, the municipalities one may see, the one asked for, a plan per execution (SET LOCAL), its areas, a
    # statement per report (4), the neighbourhoods to choose from (3) and the menu's unread messages (1): once each,
    # not once per report.
    assert len(seen) <= 13, seen
    assert sum("plan_cache_mode" in s for s in seen) == 1
