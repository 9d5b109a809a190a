"""Open pages without an account (issue 22): the list of vacancies and initiatives with search by place and time,
each vacancy (JSON-LD, Open Graph, a calendar entry per shift), each organisation, the sitemap and the feeds; none
shows anything personal, a draft or a request for help."""
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.opportunities.helpers import organisation, shift, vacancy
from tests.support import volunteer
from tests.web_support import Browser, text

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=AMSTERDAM)  # a Monday


def _next(weekday: int, hour: int) -> datetime:
    """The coming local ``weekday`` (Monday 0) at ``hour``, at least a day after NOW."""
    day = NOW.date() + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def town(client, cli, time_machine):
    time_machine.move_to(NOW, tick=False)
    coordinator, org_id = organisation(client, cli, name="Buurthuis De Kapel")
    coffee = vacancy(client, coordinator, org_id, title="Koffie en een praatje", postcode="3144 AB")
    shift(client, coordinator, coffee["id"], starts_at=_next(1, 14), hours=3)  # Tuesday afternoon
    garden = vacancy(client, coordinator, org_id, title="Tuinieren bij de kerk", postcode="3146 CD",
                     category="nature")
    shift(client, coordinator, garden["id"], starts_at=_next(5, 10))  # Saturday morning
    draft = vacancy(client, coordinator, org_id, title="Nog geheim concept", publish=False)
    helper = volunteer(client, postcode="3144 BA")
    return {"coffee": coffee, "garden": garden, "draft": draft, "org": org_id, "coordinator": coordinator,
            "volunteer": helper}


def _titles(response) -> list[str]:
    return re.findall(r'<a class="utrecht-link" href="/vacatures/[0-9a-f-]{36}">([^<]+)</a>',
                      response.get_data(as_text=True))


def test_a_visitor_searches_by_place_and_time_without_an_account(app, town):
    visitor = Browser(app)
    everything = visitor.get("/vacatures")
    assert everything.status_code == 200 and "2 gevonden" in text(everything)
    assert set(_titles(everything)) == {"Koffie en een praatje", "Tuinieren bij de kerk"}  # one entry each
    tuesday = visitor.get("/vacatures?near=3144+BA&afstand=5&weekdays=tue&day_part=afternoon")
    assert _titles(tuesday) == ["Koffie en een praatje"] and "1 gevonden" in text(tuesday)
    assert "km" in text(tuesday)
    by_distance = visitor.get("/vacatures?near=3146+CD&sort=distance")
    assert _titles(by_distance) == ["Tuinieren bij de kerk", "Koffie en een praatje"]
    assert _titles(visitor.get("/vacatures?category=nature")) == ["Tuinieren bij de kerk"]
    assert _titles(visitor.get("/vacatures?weekdays=sun")) == []
    for query, field in (("near=9999+ZZ", "near"), ("afstand=3&near=3144", "afstand"), ("afstand=5", "afstand"),
                         ("weekdays=someday", "weekdays"), ("day_part=night", "day_part")):
        refused = visitor.get(f"/vacatures?{query}")
        assert refused.status_code == 422 and f'href="#{field}"' in refused.get_data(as_text=True), query


def test_the_vacancy_page_is_readable_by_search_engines_and_shareable(app, town):
    visitor = Browser(app)
    page = visitor.get(f"/vacatures/{town['coffee']['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Koffie en een praatje" in text(page)
    posting = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert posting["@type"] == "JobPosting" and posting["employmentType"] == "VOLUNTEER"
    assert posting["hiringOrganization"]["name"] == "Buurthuis De Kapel"
    assert posting["jobLocation"]["address"]["postalCode"] == "3144"  # the area, never a street
    assert f'<meta property="og:url" content="http://localhost/vacatures/{town["coffee"]["id"]}">' in html
    assert "Log in om je aan te melden" in text(page)
    assert f'/inloggen?next=/aanbod/{town["coffee"]["id"]}' in html  # comes back to the vacancy
    assert "wa.me" in html and "mailto:" in html
    ics = re.search(r'href="(/vacatures/[^"]+\.ics)"', html).group(1)
    entry = visitor.get(ics)
    assert entry.mimetype == "text/calendar" and "SUMMARY:Koffie en een praatje" in entry.get_data(as_text=True)
    assert "public" in entry.headers["Cache-Control"]
    organisation_page = visitor.get(f"/organisaties/{town['org']}")
    assert organisation_page.status_code == 200
    assert set(_titles(organisation_page)) == {"Koffie en een praatje", "Tuinieren bij de kerk"}
    # A draft is not open; nor is a made-up id.
    assert visitor.get(f"/vacatures/{town['draft']['id']}").status_code == 404
    # A volunteer's link to the vacancy (shared, or from before) opens its open page for a visitor.
    shared = visitor.get(f"/aanbod/{town['coffee']['id']}")
    assert shared.status_code == 302 and shared.headers["Location"] == f"/vacatures/{town['coffee']['id']}"
    assert visitor.get("/aanbod").headers["Location"] == "/vacatures"
    assert visitor.get("/vacatures/00000000-0000-4000-8000-000000000000").status_code == 404


def test_the_sitemap_and_the_feeds(app, town):
    visitor = Browser(app)
    sitemap = ET.fromstring(visitor.get("/sitemap.xml").get_data())
    locations = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"http://localhost/vacatures/{town['coffee']['id']}" in locations
    assert f"http://localhost/organisaties/{town['org']}" in locations
    assert not any(town["draft"]["id"] in loc for loc in locations)
    atom = visitor.get("/vacatures.atom")
    feed = ET.fromstring(atom.get_data())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.mimetype == "application/atom+xml"
    assert {e.find("a:title", ns).text for e in feed.findall("a:entry", ns)} == {"Koffie en een praatje",
                                                                                "Tuinieren bij de kerk"}
    feed_json = json.loads(visitor.get("/vacatures.json").get_data())
    assert feed_json["version"] == "https://jsonfeed.org/version/1.1"
    assert {i["title"] for i in feed_json["items"]} == {"Koffie en een praatje", "Tuinieren bij de kerk"}


def test_nothing_personal_is_on_the_open_pages(app, town, db_session):
    from backend.accounts.models import User

    people = db_session.query(User).all()
    assert people
    visitor = Browser(app)
    pages = [visitor.get(p).get_data(as_text=True) for p in (
        "/vacatures", f"/vacatures/{town['coffee']['id']}", f"/organisaties/{town['org']}", "/sitemap.xml",
        "/vacatures.atom", "/vacatures.json")]
    for person in people:
        for html in pages:
            assert person.email not in html
            assert not person.display_name or person.display_name not in html


def test_the_open_pages_in_english(app, town):
    visitor = Browser(app, language="en")
    assert "2 found" in text(visitor.get("/vacatures"))
    assert "Log in to sign up" in text(visitor.get(f"/vacatures/{town['coffee']['id']}"))
