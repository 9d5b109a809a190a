"""Scheduled jobs that use the matching service: candidates in the understaffed alert, the weekly digest."""
from datetime import datetime, timedelta, timezone

from tests import factories as f
from tests.notifications.helpers import rows
from tests.support import register, volunteer

NOW = datetime(2026, 6, 10, 8, 0, tzinfo=timezone.utc)  # a Wednesday
THURSDAY = [{"weekday": "thu", "start": "12:00", "end": "20:00"}]


def _run(cli, job):
    result = cli.invoke(args=["run-job", job])
    assert result.exit_code == 0, result.output
    return result.output


def test_understaffed_alert_names_the_best_candidates(client, cli, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    coordinator = register(client)
    org = f.organisation(db_session, coordinator_id=coordinator.id)
    opp = f.opportunity(db_session, org, required_skills=["cooking"])
    f.shift(db_session, opp, starts_at=NOW + timedelta(hours=30), capacity=2)
    volunteer(client, postcode="3144 BA", display_name="Karin Kok", availability=THURSDAY,
              skills=[{"code": "cooking", "level": 3}])
    volunteer(client, postcode="3144 BA", display_name="Niet Beschikbaar", skills=[{"code": "cooking"}])
    _run(cli, "understaffed-shifts")
    [alert] = rows(db_session, template="understaffed_shift")
    candidates = alert.payload["candidates"]
    assert [c["first_name"] for c in candidates] == ["Karin"]
    assert candidates[0]["neighbourhood"] == "Balkon" and "skills" in candidates[0]["reasons"]


def test_weekly_digest_is_capped_rotates_and_skips_what_i_declined(client, cli, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    me = volunteer(client, postcode="3144 BA", availability=THURSDAY, skills=[{"code": "cooking"}])
    org = f.organisation(db_session)
    shifts = []
    for i in range(5):
        opp = f.opportunity(db_session, org, title=f"Koken {i}", required_skills=["cooking"])
        shifts.append((opp, f.shift(db_session, opp, starts_at=NOW + timedelta(days=1, hours=6 + i % 2))))
    declined_opp, declined_shift = shifts[0]
    f.engagement(db_session, volunteer_id=me.id, opp=declined_opp, shift=declined_shift, status="declined")

    _run(cli, "recommendation-digest")
    _run(cli, "recommendation-digest")  # same week: nothing new
    [first] = rows(db_session, template="recommendations_digest")
    shown = {item["demand_id"] for item in first.payload["items"]}
    assert len(shown) == 3 and str(declined_shift.id) not in shown
    assert first.priority == "low" and str(first.user_id) == me.id

    time_machine.move_to(NOW + timedelta(days=7, hours=-22), tick=False)  # next week, shifts of next Thursday
    for i in range(3):
        opp = f.opportunity(db_session, org, title=f"Later {i}", required_skills=["cooking"])
        f.shift(db_session, opp, starts_at=NOW + timedelta(days=8, hours=6))
    _run(cli, "recommendation-digest")
    second = [m for m in rows(db_session, template="recommendations_digest") if m.id != first.id]
    assert len(second) == 1
    assert not shown & {item["demand_id"] for item in second[0].payload["items"]}  # rotated


def test_appreciation_jobs_are_scheduled(cli):
    for job in ("milestones", "thank-yous", "campaign-invitations", "campaign-reminders"):
        assert _run(cli, job)


def test_digest_and_candidate_texts_render_in_both_languages(app):
    from zoneinfo import ZoneInfo

    from backend.notifications.render import render

    payload = {"items": [{"demand_id": "x", "kind": "shift", "title": "Koken in De Kapel",
                          "starts_at": "2026-06-11T14:00:00+00:00",
                          "reasons": [{"code": "skills", "params": {"matched": 1, "required": 1, "bits": [1]}}]}]}
    tz = ZoneInfo("Europe/Amsterdam")
    with app.app_context():
        en = render("recommendations_digest", "en", payload, tz=tz, base_url="http://x")
        nl = render("recommendations_digest", "nl", payload, tz=tz, base_url="http://x")
        alert = render("understaffed_shift", "nl", {"title": "Koken", "starts_at": "2026-06-11T14:00:00+00:00",
                                                    "free_places": 1, "capacity": 2,
                                                    "candidates": [{"first_name": "Karin", "neighbourhood": "Balkon"}]},
                       tz=tz, base_url="http://x")
    assert "Koken in De Kapel" in en.text and "fits what you can do: Cooking" in en.text
    assert "Past bij wat je kunt: Koken" in nl.text and nl.subject.startswith("Deze week op DoeMee")
    assert "Karin (Balkon)" in alert.text
