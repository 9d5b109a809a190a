"""The other scheduled jobs (run at once with `flask run-job`; the engine and job health: tests/jobs)."""
import uuid
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from backend.accounts.models import AuthSession, PasswordResetToken
from backend.jobs.models import AvailabilityCheck
from backend.notifications.models import OutboxMessage
from backend.volunteers.models import VolunteerProfile
from tests import factories
from tests.notifications.helpers import rows
from tests.support import login, make_role, register, volunteer

UTC = timezone.utc
NOW = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)


def _run(cli, job):
    result = cli.invoke(args=["run-job", job])
    assert result.exit_code == 0, result.output
    return result.output


def _recipients(db_session, template):
    return sorted(str(m.user_id) for m in rows(db_session, template=template))


def test_understaffed_shift_alerts_coordinators_once_a_day(client, cli, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    coordinator, other_org_coordinator, helper = register(client), register(client), register(client)
    org = factories.organisation(db_session, coordinator_id=coordinator.id)
    factories.organisation(db_session, coordinator_id=other_org_coordinator.id, name="Ander")
    opp = factories.opportunity(db_session, org)
    short = factories.shift(db_session, opp, starts_at=NOW + timedelta(hours=30), capacity=3)
    factories.engagement(db_session, volunteer_id=helper.id, opp=opp, shift=short)
    short.accepted_count = 1
    full = factories.shift(db_session, opp, starts_at=NOW + timedelta(hours=20), capacity=1)
    full.accepted_count = 1
    later = factories.shift(db_session, opp, starts_at=NOW + timedelta(hours=60), capacity=2)  # not within 48 h
    db_session.flush()

    _run(cli, "understaffed-shifts")
    _run(cli, "understaffed-shifts")
    [alert] = rows(db_session, template="understaffed_shift")
    assert str(alert.user_id) == coordinator.id
    assert alert.payload["free_places"] == 2 and alert.payload["shift_id"] == str(short.id)

    time_machine.move_to(NOW + timedelta(days=1), tick=False)  # next day: still short; the later one now in 48 h
    _run(cli, "understaffed-shifts")
    alerts = sorted(m.payload["shift_id"] for m in rows(db_session, template="understaffed_shift"))
    assert alerts == sorted([str(short.id), str(short.id), str(later.id)])


def test_unmatched_help_request_goes_to_the_asker_and_the_municipality_staff(client, cli, db_session,
                                                                             time_machine):
    time_machine.move_to(NOW, tick=False)
    resident, staff, other_staff = register(client), register(client), register(client)
    make_role(cli, staff, "municipality_staff", "maassluis")
    make_role(cli, other_staff, "municipality_staff", "vlaardingen")
    factories.help_request(db_session, requester_id=resident.id, window_start=NOW + timedelta(days=5))

    _run(cli, "unmatched-help-requests")
    assert rows(db_session, template="help_request_unmatched") == []  # not 48 hours yet

    time_machine.move_to(NOW + timedelta(hours=49), tick=False)
    _run(cli, "unmatched-help-requests")
    _run(cli, "unmatched-help-requests")
    assert _recipients(db_session, "help_request_unmatched") == sorted([resident.id, staff.id])


def test_inactive_volunteer_is_asked_then_paused_and_logging_in_answers(client, cli, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    quiet, active, answers = volunteer(client), volunteer(client), volunteer(client)

    time_machine.move_to(NOW + timedelta(weeks=7), tick=False)
    login(client, active.email)
    _run(cli, "availability-check")
    assert rows(db_session, template="availability_check") == []

    time_machine.move_to(NOW + timedelta(weeks=8, days=1), tick=False)
    assert "2 asked" in _run(cli, "availability-check")
    assert _recipients(db_session, "availability_check") == sorted([quiet.id, answers.id])
    _run(cli, "availability-check")
    assert len(rows(db_session, template="availability_check")) == 2  # asked once

    time_machine.move_to(NOW + timedelta(weeks=10), tick=False)
    fresh = login(client, answers.email)  # logging in is an answer
    r = client.post("/api/v1/me/availability-check", token=fresh["access_token"])
    assert r.status_code == 200 and r.get_json()["paused"] is False

    time_machine.move_to(NOW + timedelta(weeks=12, days=2), tick=False)
    assert "1 paused" in _run(cli, "availability-check")
    profiles = {str(p.user_id): p.paused for p in db_session.scalars(
        sa.select(VolunteerProfile).execution_options(populate_existing=True))}
    assert profiles[quiet.id] is True and profiles[answers.id] is False and profiles[active.id] is False
    assert _recipients(db_session, "profile_paused") == [quiet.id]
    assert db_session.get(VolunteerProfile, uuid.UUID(quiet.id)) is not None  # paused, never deleted

    # answering afterwards lifts the pause
    again = login(client, quiet.email)
    assert client.post("/api/v1/me/availability-check", token=again["access_token"]).status_code == 200
    assert client.get("/api/v1/me/profile", token=again["access_token"]).get_json()["paused"] is False
    assert client.post("/api/v1/me/availability-check", token=again["access_token"]).status_code == 409


def test_vog_expiring_tells_volunteer_and_coordinators_of_upcoming_places(client, cli, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    coordinator, bystander = register(client), register(client)
    vol, later = volunteer(client), volunteer(client)
    for person, until in ((vol, date(2026, 7, 1)), (later, date(2026, 9, 1))):
        profile = db_session.get(VolunteerProfile, uuid.UUID(person.id))
        profile.vog_status, profile.vog_valid_until = "valid", until
    org = factories.organisation(db_session, coordinator_id=coordinator.id)
    factories.organisation(db_session, coordinator_id=bystander.id, name="Ander")
    opp = factories.opportunity(db_session, org, requires_vog=True)
    factories.engagement(db_session, volunteer_id=vol.id, opp=opp,
                         shift=factories.shift(db_session, opp, starts_at=NOW + timedelta(days=5)))

    _run(cli, "vog-expiry")
    _run(cli, "vog-expiry")
    assert _recipients(db_session, "vog_expiring") == [vol.id]
    [note] = rows(db_session, template="vog_expiring_coordinator")
    assert str(note.user_id) == coordinator.id and note.payload == {"volunteer_id": vol.id,
                                                                    "valid_until": "2026-07-01"}


def test_housekeeping_deletes_what_has_expired_and_keeps_the_rest(client, cli, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    person = register(client)
    client.post("/api/v1/auth/password-reset", json={"email": person.email})
    client.post("/api/v1/auth/logout", token=person.token)
    user_id = uuid.UUID(person.id)
    db_session.add_all([
        OutboxMessage(dedupe_key="old-sent", user_id=user_id, channel="any", template="x", locale="nl",
                      payload={}, status="sent", sent_at=NOW - timedelta(days=1)),
        OutboxMessage(dedupe_key="dead", user_id=user_id, channel="any", template="x", locale="nl", payload={},
                      status="dead"),
    ])
    db_session.flush()

    time_machine.move_to(NOW + timedelta(days=31), tick=False)
    _run(cli, "housekeeping")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(PasswordResetToken)) == 0
    keys = set(db_session.scalars(sa.select(OutboxMessage.dedupe_key)))
    assert "old-sent" not in keys and "dead" in keys  # dead letters wait for an operator
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuthSession)) == 1  # revoked 31 days ago

    time_machine.move_to(NOW + timedelta(days=91), tick=False)
    _run(cli, "housekeeping")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuthSession)) == 0
