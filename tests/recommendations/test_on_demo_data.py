"""The three matching endpoints and the CLI on the seeded Maassluis demo (small numbers)."""
import sqlalchemy as sa

from backend.accounts.models import User
from backend.opportunities.models import Opportunity
from backend.organisations.models import OrganisationMember

SMALL = ["seed-demo", "--volunteers", "300", "--organisations", "8", "--opportunities", "60", "--initiatives", "6",
         "--help-requests", "40", "--quiet"]
PASSWORD = "doemee-demo-2026"


def _login(client, email):
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.get_json()
    return r.get_json()["access_token"]


def test_matching_works_on_the_demo(cli, client, db_session):
    assert cli.invoke(args=SMALL).exit_code == 0
    # The feed: with this small demand (60 vacancies, 40 requests) a good part of the volunteers is offered
    # something that fits their few free hours, each item with reasons.
    offered = 0
    for n in range(1, 21):
        token = _login(client, f"vrijwilliger-{n:05d}@demo.doemee.invalid")
        r = client.get("/api/v1/me/recommendations?limit=5", token=token, headers={"Accept-Language": "en"})
        assert r.status_code == 200
        items = r.get_json()["items"]
        offered += bool(items)
        assert all(item["reasons"] and item["score"] > 0 for item in items)
        assert "street" not in r.get_data(as_text=True).lower()
    assert offered >= 4

    # Candidates for a demo vacancy, as its coordinator.
    opp = db_session.scalar(sa.select(Opportunity).where(Opportunity.kind == "vacancy",
                                                         Opportunity.status == "published").limit(1))
    coordinator_email = db_session.scalar(
        sa.select(User.email).join(OrganisationMember, OrganisationMember.user_id == User.id)
        .where(OrganisationMember.organisation_id == opp.organisation_id, OrganisationMember.status == "active")
        .limit(1))
    token = _login(client, coordinator_email)
    r = client.get(f"/api/v1/opportunities/{opp.id}/candidates", token=token)
    assert r.status_code in (200, 409)  # 409: this vacancy has no upcoming shift with free places

    # A batch run over the demo's open help requests.
    staff = _login(client, "gemeente@demo.doemee.invalid")
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc).replace(microsecond=0)
    from tests.recommendations.test_recommendations import batch_run

    run = batch_run(client, cli, {"municipality": "maassluis", "period_start": now.isoformat(),
                                  "period_end": (now + timedelta(days=14)).isoformat(), "dry_run": True}, staff)
    body = run.get_json()
    assert body["requests"] > 0 and body["assigned"] > 0
    assert body["assigned"] + len(body["unmatched"]) == body["requests"]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) > 300

    result = cli.invoke(args=["matching-run", "--municipality", "maassluis", "--days", "14", "--dry-run"])
    assert result.exit_code == 0 and "assigned" in result.output
