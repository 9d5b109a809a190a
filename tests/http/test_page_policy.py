"""A page is shown by the rule its POST is judged by: staff of Vlaardingen may neither open nor send Maassluis'
form for a new campaign, on the web as in the API."""
from __future__ import annotations

import time_machine

from tests.campaigns.web_helpers import NOW, campaign_form, campaigns_in, staff_browser


@time_machine.travel(NOW, tick=False)
def test_staff_of_another_municipality_cannot_open_the_new_campaign_form(app, client, cli, db_session):
    other = staff_browser(app, client, cli, "vlaardingen")
    assert other.get("/gemeente/acties/nieuw").status_code == 200  # their own municipality's
    assert other.get("/gemeente/acties/nieuw?gemeente=vlaardingen").status_code == 200
    assert other.get("/gemeente/acties/nieuw?gemeente=maassluis").status_code == 403
    r = other.post("/gemeente/acties/nieuw?gemeente=maassluis", campaign_form(), form_from="/gemeente/acties/nieuw")
    assert r.status_code == 403 and campaigns_in(db_session) == []
    r = client.post("/api/v1/campaigns", json={"municipality": "maassluis", "name": "x", "year": 2026,
                                               "opens_at": "2026-11-25T09:00:00+01:00",
                                               "closes_at": "2026-12-20T17:00:00+01:00",
                                               "eligibility": {"everyone": True}, "budget_per_volunteer_cents": 2000},
                    token=other.person.token)
    assert r.status_code == 403
