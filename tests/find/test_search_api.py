"""The open search of /vacatures through the API (GET /opportunities/search): the same filters with camelCase
query keys find what the page finds, without an account, and nothing that is not open."""
import re

from tests.find.test_open_pages import town  # noqa: F401  (the fixture: a town with two open vacancies and a draft)
from tests.web_support import Browser


def _titles(client, query: str = "", **kwargs) -> list[str]:
    r = client.get(f"/api/v1/opportunities/search?{query}", **kwargs)
    assert r.status_code == 200, r.get_json()
    return [item["title"] for item in r.get_json()["items"]]


def _page_titles(browser, query: str) -> list[str]:
    return re.findall(r'<a class="utrecht-link" href="/vacatures/[0-9a-f-]{36}">([^<]+)</a>',
                      browser.get(f"/vacatures?{query}").get_data(as_text=True))


def test_the_api_finds_what_the_page_finds(app, client, town):  # noqa: F811
    r = client.get("/api/v1/opportunities/search")
    assert r.status_code == 200
    found = r.get_json()
    assert (found["total"], found["page"], found["pages"]) == (2, 1, 1)
    assert {item["title"] for item in found["items"]} == {"Koffie en een praatje", "Tuinieren bij de kerk"}
    assert "Nog geheim concept" not in str(found)  # a draft is not open

    tuesday = client.get("/api/v1/opportunities/search?near=3144+BA&withinKm=5&weekdays=tue&dayPart=afternoon")
    [coffee] = tuesday.get_json()["items"]
    assert coffee["id"] == town["coffee"]["id"] and coffee["organisation_id"] == town["org"]
    assert coffee["distance_km"] is not None and coffee["postcode4"] == "3144"
    assert len(coffee["next_shifts"]) == 1 and coffee["next_shifts"][0]["free_places"] == 3

    page = Browser(app)
    for api_query, page_query in (("near=3146+CD&sort=distance", "near=3146+CD&sort=distance"),
                                  ("category=nature", "category=nature"), ("weekdays=sun", "weekdays=sun"),
                                  ("weekdays=tue&weekdays=sat", "weekdays=tue&weekdays=sat")):
        assert _titles(client, api_query) == _page_titles(page, page_query), api_query
    assert _titles(client, "near=3146+CD&sort=distance") == ["Tuinieren bij de kerk", "Koffie en een praatje"]
    # Another municipality's open vacancies: none here.
    assert _titles(client, "municipality=vlaardingen") == []


def test_the_api_refuses_what_the_page_refuses(client, town):  # noqa: F811
    for query, field in (("near=9999+ZZ", "near"), ("withinKm=3&near=3144", "withinKm"), ("withinKm=5", "withinKm"),
                         ("weekdays=someday", "weekdays"), ("dayPart=night", "dayPart"), ("page=0", "page"),
                         ("municipality=atlantis", None)):
        r = client.get(f"/api/v1/opportunities/search?{query}", headers={"Accept-Language": "en"})
        assert r.status_code in (404, 400) and r.mimetype == "application/problem+json", (query, r.get_json())
        if field:
            assert field in {key.split(".")[0] for key in r.get_json()["errors"]}, (query, r.get_json())
