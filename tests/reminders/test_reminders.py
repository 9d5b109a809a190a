"""Shift and help reminders: on time in local time (also across the clock change), once, with one-tap answers."""
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.jobs.reminders import reminder_moment
from tests import factories
from tests.notifications.helpers import relay, rows, text_of
from tests.support import register, volunteer

UTC = timezone.utc


def _run(cli, job="shift-reminders"):
    result = cli.invoke(args=["run-job", job])
    assert result.exit_code == 0, result.output
    return result.output


def _shift_with(db_session, people, starts_at, *, capacity=3, status="accepted", reminder_hours=None):
    org = factories.organisation(db_session)
    if reminder_hours is not None:
        org.reminder_hours = reminder_hours
    opp = factories.opportunity(db_session, org, title="Koffie schenken")
    shift = factories.shift(db_session, opp, starts_at=starts_at, capacity=capacity)
    engagements = [factories.engagement(db_session, volunteer_id=p.id, opp=opp, shift=shift, status=status)
                   for p in people]
    shift.accepted_count = sum(1 for e in engagements if e.status == "accepted")
    db_session.flush()
    return shift, engagements


def _reminders(db_session):
    return sorted(rows(db_session, template="shift_reminder"), key=lambda m: m.dedupe_key)


def test_24h_and_2h_reminders_come_once_each_in_their_window(client, cli, db_session, time_machine):
    now = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    anna, bert = register(client), register(client)
    waiting = register(client)
    starts = datetime(2026, 6, 11, 14, 0, tzinfo=UTC)  # Thursday 16:00 CEST
    shift, _ = _shift_with(db_session, [anna, bert], starts)
    factories.engagement(db_session, volunteer_id=waiting.id, opp=shift.opportunity, shift=shift,
                         status="waitlisted")

    _run(cli)
    assert _reminders(db_session) == []  # 30 h before: too early

    time_machine.move_to(starts - timedelta(hours=24), tick=False)
    assert "2 due, 2 enqueued" in _run(cli)
    assert "2 due, 0 enqueued" in _run(cli)  # a second run changes nothing
    reminders = _reminders(db_session)
    assert {m.dedupe_key for m in reminders} == {f"reminder:shift:{shift.id}:volunteer:{p.id}:24h"
                                                 for p in (anna, bert)}
    assert all(m.priority == "normal" and m.payload["hours"] == 24 for m in reminders)

    time_machine.move_to(starts - timedelta(hours=2), tick=False)
    _run(cli)
    two_hours = [m for m in _reminders(db_session) if m.dedupe_key.endswith(":2h")]
    assert len(two_hours) == 2 and all(m.priority == "urgent" for m in two_hours)
    assert len(_reminders(db_session)) == 4  # the waitlisted volunteer got none

    time_machine.move_to(starts + timedelta(minutes=1), tick=False)
    _run(cli)
    assert len(_reminders(db_session)) == 4


def test_late_sign_up_gets_only_the_short_reminder(client, cli, db_session, time_machine):
    time_machine.move_to(datetime(2026, 6, 10, 8, 0, tzinfo=UTC), tick=False)
    person = register(client)
    _shift_with(db_session, [person], datetime(2026, 6, 10, 9, 30, tzinfo=UTC))
    _run(cli)
    assert [m.dedupe_key.rsplit(":", 1)[1] for m in _reminders(db_session)] == ["2h"]


def test_organisation_lead_times_are_used(client, cli, db_session, time_machine):
    now = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    person = register(client)
    _shift_with(db_session, [person], now + timedelta(hours=47), reminder_hours=[48, 4])
    _run(cli)
    assert [m.payload["hours"] for m in _reminders(db_session)] == [48]


def test_reminder_over_the_spring_clock_change_is_at_the_same_local_time_the_day_before(
        client, cli, app, mailbox, db_session, time_machine):
    # Sunday 29 March 2026, 10:00 CEST (08:00 UTC); the clocks went forward at 02:00 that night.
    starts = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    time_machine.move_to(datetime(2026, 3, 28, 8, 0, tzinfo=UTC), tick=False)
    person = register(client, email="lente@example.org", display_name="Lente")
    _shift_with(db_session, [person], starts)

    time_machine.move_to(datetime(2026, 3, 28, 8, 59, tzinfo=UTC), tick=False)  # Saturday 09:59 CET
    _run(cli)
    assert _reminders(db_session) == []
    time_machine.move_to(datetime(2026, 3, 28, 9, 0, tzinfo=UTC), tick=False)  # Saturday 10:00 CET: 25 h before
    _run(cli)
    assert len(_reminders(db_session)) == 1

    relay(app)
    [mail] = mailbox.to("lente@example.org")
    assert mail["Subject"] == "Herinnering: Koffie schenken, zondag 29 maart om 10:00"
    assert "zondag 29 maart om 10:00" in text_of(mail)


def test_reminder_over_the_autumn_clock_change():
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Amsterdam")
    starts = datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # Sunday 25 October 10:00 CET, after the clocks went back
    assert reminder_moment(starts, 24, tz) == datetime(2026, 10, 24, 8, 0, tzinfo=UTC)  # Saturday 10:00 CEST
    assert reminder_moment(starts, 2, tz) == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)   # two real hours


def test_help_appointment_reminders(client, cli, db_session, time_machine):
    time_machine.move_to(datetime(2026, 6, 10, 8, 0, tzinfo=UTC), tick=False)
    resident, helper = register(client), register(client)
    hr = factories.help_request(db_session, requester_id=resident.id,
                                window_start=datetime(2026, 6, 11, 8, 0, tzinfo=UTC))
    opp = db_session.get(factories.Opportunity, hr.opportunity_id)
    factories.engagement(db_session, volunteer_id=helper.id, opp=opp, status="accepted")
    assert "1 due, 1 enqueued" in _run(cli, "help-reminders")
    assert "1 due, 0 enqueued" in _run(cli, "help-reminders")
    [m] = rows(db_session, template="help_reminder")
    assert m.dedupe_key == f"reminder:help:{hr.id}:volunteer:{helper.id}:24h"
    assert m.user_id == uuid.UUID(helper.id)


# --- one tap ------------------------------------------------------------------------------------------------------

def _token_of(db_session, volunteer_id):
    [m] = [m for m in _reminders(db_session) if m.user_id == uuid.UUID(volunteer_id)]
    return m.payload["reply_token"]


def test_one_tap_coming_and_cant_make_it_which_promotes_the_waitlist(client, cli, db_session, time_machine):
    now = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    anna, bert, carla = volunteer(client), volunteer(client), volunteer(client)
    shift, (e_anna, e_bert) = _shift_with(db_session, [anna, bert], now + timedelta(hours=20), capacity=2)
    e_carla = factories.engagement(db_session, volunteer_id=carla.id, opp=shift.opportunity, shift=shift,
                                   status="waitlisted")
    _run(cli)

    r = client.post(f"/api/v1/reminders/{_token_of(db_session, anna.id)}/coming")
    assert r.status_code == 200
    assert r.get_json() == {"engagement_id": str(e_anna.id), "answer": "coming", "status": "accepted"}

    r = client.post(f"/api/v1/reminders/{_token_of(db_session, bert.id)}/cant-make-it")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "withdrawn"
    status = dict(db_session.execute(sa.select(Engagement.id, Engagement.status)
                                     .execution_options(populate_existing=True)).all())
    assert status[e_bert.id] == "withdrawn" and status[e_carla.id] == "accepted"
    assert [m.user_id for m in rows(db_session, template="waitlist_promoted")] == [uuid.UUID(carla.id)]
    # the same link again: the place is no longer theirs to give up
    assert client.post(f"/api/v1/reminders/{_token_of(db_session, bert.id)}/cant-make-it").status_code == 409


def test_reply_links_are_checked(client, cli, db_session, time_machine):
    now = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
    time_machine.move_to(now, tick=False)
    person = volunteer(client)
    _shift_with(db_session, [person], now + timedelta(hours=20))
    _run(cli)
    token = _token_of(db_session, person.id)
    # Change a character inside the signature: the last base64 character can carry only padding bits, so
    # changing it may not change the signature at all.
    i = len(token) - 5
    forged = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]
    assert client.post(f"/api/v1/reminders/{forged}/coming").status_code == 404
    time_machine.move_to(now + timedelta(hours=21), tick=False)  # the shift has started
    assert client.post(f"/api/v1/reminders/{token}/coming").status_code == 409
