"""The demo data, through the demo's own staff account: Maassluis' six wijken in every report."""
from __future__ import annotations

import pytest
import time_machine

from tests.reports.builders import local
from tests.reports.checks import assert_no_small_cell

SIX_WIJKEN = {"Taanshuurpolder e.o.", "Dijkpolder", "Sluispolder", "Kapelpolder", "Burgemeesterswijk",
              "Steendijkpolder"}


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(local("2026-03-16 11:00"), tick=False):
        yield


def test_the_demo_staff_account_sees_every_wijk_of_maassluis(cli, client):
    result = cli.invoke(args=["seed-demo", "--volunteers", "60", "--organisations", "5", "--opportunities", "20",
                              "--initiatives", "3", "--help-requests", "12", "--quiet"])
    assert result.exit_code == 0, result.output
    staff = client.post("/api/v1/auth/login", json={"email": "gemeente@demo.doemee.invalid",
                                                     "password": "doemee-demo-2026"}).get_json()["access_token"]
    query = {"municipality": "maassluis", "from": "2026-01-01", "to": "2026-03-31"}
    for report in ("funnel", "new-volunteers", "demand", "hours"):
        r = client.get(f"/api/v1/reports/{report}", query_string=query, headers={"Authorization": f"Bearer {staff}"})
        assert r.status_code == 200, r.get_json()
        rows = r.get_json()["rows"]
        assert {row["district"] for row in rows if row["level"] == "district"} == SIX_WIJKEN
        assert len({row["neighbourhood"] for row in rows if row["level"] == "neighbourhood"}) == 15
        assert_no_small_cell(report, rows)
        if report == "funnel":
            total = next(row for row in rows if row["level"] == "total")
            assert total["registered"]["value"] == 60
