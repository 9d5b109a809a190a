"""A page fails as a page: every failure of a request outside /api/ is an HTML page, also with the database down,
and the API's failures are problem+json."""
from __future__ import annotations

import pytest

from doemee.app import create_app
from tests.conftest import app_config


@pytest.fixture(scope="module")
def app_without_database():
    # Nothing listens on port 1: every statement fails to connect (OperationalError).
    application = create_app(app_config("postgresql://postgres@127.0.0.1:1/doemee"))
    application.testing = True
    return application


def test_with_the_database_down_a_page_is_an_html_page_and_the_api_problem_json(app_without_database):
    client = app_without_database.test_client(use_cookies=False)
    r = client.get("/mijn", headers={"Cookie": "doemee_session=" + "a" * 43, "Accept-Language": "en"})
    assert r.status_code == 503 and r.mimetype == "text/html" and r.headers["Retry-After"]
    assert "Something went wrong on our side" in r.get_data(as_text=True)
    assert r.headers["Cache-Control"] == "no-store"
    r = client.get("/api/v1/municipalities")
    assert r.status_code == 503 and r.mimetype == "application/problem+json" and r.headers["Retry-After"]


def test_http_errors_are_pages_outside_the_api(app, client):
    from tests.web_support import Browser

    r = Browser(app).get("/nergens")
    assert r.status_code == 404 and r.mimetype == "text/html"
    r = app.test_client().put("/inloggen")
    assert r.status_code == 405 and r.mimetype == "text/html" and "POST" in r.headers["Allow"]
    r = client.get("/api/v1/nergens")
    assert r.status_code == 404 and r.mimetype == "application/problem+json"
