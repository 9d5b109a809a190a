"""The headers every answer gets, once for both surfaces: nosniff everywhere, HSTS over https, and caching rules
for personal answers (private, no-cache) and exports (no-store)."""
from __future__ import annotations

import time_machine

from tests.support import register
from tests.campaigns.web_helpers import NOW, create, staff_browser
from tests.web_support import Browser


def test_nosniff_on_every_answer_of_both_surfaces(app, client):
    for response in (client.get("/api/v1/municipalities"), client.get("/api/v1/openapi.json"),
                     client.get("/api/v1/nowhere"), Browser(app).get("/"), Browser(app).get("/nergens"),
                     app.test_client().get("/manifest.webmanifest")):
        assert response.headers["X-Content-Type-Options"] == "nosniff", response.request.path


def test_hsts_only_when_the_request_came_over_https(app, client, proxied_app):
    assert "Strict-Transport-Security" not in client.get("/api/v1/municipalities").headers
    assert "Strict-Transport-Security" not in Browser(app).get("/").headers
    secure = {"base_url": "https://localhost"}
    assert client.get("/api/v1/municipalities", **secure).headers["Strict-Transport-Security"].startswith("max-age=")
    assert app.test_client().get("/", **secure).headers["Strict-Transport-Security"].startswith("max-age=")
    # behind the proxy, which ended TLS and says so
    behind = proxied_app.test_client()
    r = behind.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in behind.get("/", headers={"X-Forwarded-Proto": "http"}).headers
    # straight on the internet, a client's X-Forwarded-Proto is not believed
    assert "Strict-Transport-Security" not in app.test_client().get("/", headers={"X-Forwarded-Proto": "https"}).headers


def test_personal_api_answers_are_private_and_exports_are_not_stored(app, client, cli):
    person = register(client)
    for path in ("/api/v1/me", "/api/v1/me/profile", "/api/v1/me/notification-preferences"):
        r = client.get(path, token=person.token)
        assert r.headers["Cache-Control"] == "private, no-cache", (path, r.status_code)
    r = client.get("/api/v1/me/export", token=person.token)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    # a refusal to a request with credentials is personal too
    assert client.get("/api/v1/me", token="not-a-token").headers["Cache-Control"] == "private, no-cache"


@time_machine.travel(NOW, tick=False)
def test_staff_downloads_are_not_stored(app, client, cli):
    staff = staff_browser(app, client, cli)
    r = staff.get("/gemeente/export/funnel.csv?gemeente=maassluis&van=2026-01-01&tot=2026-12-31")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.headers["Cache-Control"] == "no-store" and r.headers["X-Content-Type-Options"] == "nosniff"
    r = staff.get(f"/gemeente/acties/{create(staff)}/financien.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.headers["Cache-Control"] == "no-store"
    r = client.get("/api/v1/reports/funnel?municipality=maassluis&from=2026-01-01&to=2026-12-31&format=csv",
                   token=staff.person.token)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
