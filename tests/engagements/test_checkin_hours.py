"""Check-in at the door, proposed hours and their approval, no-shows."""
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

from backend.engagements.models import Engagement, HoursEntry
from backend.engagements.attendance import CHECKIN_CLOSES_AFTER, CHECKIN_OPENS_BEFORE
from backend.opportunities.models import Shift
from tests.engagements.factories import coordinated_shift, fresh, outbox
from tests.support import Person, login, volunteer

EN = {"Accept-Language": "en"}


def sign_up(client, person, setting) -> str:
    r = client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def check_in(client, person, setting, code, **kw):
    return client.post(f"/api/v1/shifts/{setting.shift_id}/checkin", json={"code": code}, token=person.token, **kw)


def relogin(client, person: Person) -> Person:
    """Tokens live 15 minutes; after travelling in time, log in again."""
    tokens = login(client, person.email)
    return Person(person.id, person.email, person.password, tokens["access_token"], tokens["refresh_token"])


def hours_of(session, engagement_id) -> HoursEntry | None:
    session.expire_all()
    return session.scalar(sa.select(HoursEntry).where(HoursEntry.engagement_id == uuid.UUID(engagement_id)))


def test_the_coordinator_reads_the_check_in_code_others_do_not(client, db_session):
    setting = coordinated_shift(client, db_session)
    other = coordinated_shift(client, db_session)
    r = client.get(f"/api/v1/shifts/{setting.shift_id}/checkin-code", token=setting.coordinator.token)
    assert r.status_code == 200
    body = r.get_json()
    code = setting.shift.checkin_code
    assert body["code"] == code and body["qr_text"] == f"doemee:checkin:{setting.shift_id}:{code}"
    assert body["qr_svg"].startswith("<svg") and "<path" in body["qr_svg"]
    assert body["opens_at"] == (setting.shift.starts_at - CHECKIN_OPENS_BEFORE).isoformat()
    assert body["closes_at"] == (setting.shift.starts_at + CHECKIN_CLOSES_AFTER).isoformat()
    for person in (other.coordinator, volunteer(client)):
        assert client.get(f"/api/v1/shifts/{setting.shift_id}/checkin-code", token=person.token).status_code == 403
    assert client.get(f"/api/v1/shifts/{uuid.uuid4()}/checkin-code",
                      token=setting.coordinator.token).status_code == 404


def test_checking_in_before_the_start_proposes_the_whole_shift(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(minutes=10), hours=2)
    anna = volunteer(client, display_name="Anna de Vries")
    engagement_id = sign_up(client, anna, setting)
    r = check_in(client, anna, setting, f"  {setting.shift.checkin_code.lower()} ")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "checked_in" and r.get_json()["checked_in_at"] is not None
    entry = hours_of(db_session, engagement_id)
    assert entry.status == "proposed" and entry.minutes == 120

    listed = client.get(f"/api/v1/organisations/{setting.organisation.id}/hours?status=proposed",
                        token=setting.coordinator.token).get_json()["items"]
    assert [(h["id"], h["first_name"], h["minutes"], h["title"]) for h in listed] == [
        (str(entry.id), "Anna", 120, "Koffie schenken")]
    assert client.get(f"/api/v1/organisations/{setting.organisation.id}/hours?status=approved",
                      token=setting.coordinator.token).get_json()["items"] == []
    again = check_in(client, anna, setting, setting.shift.checkin_code, headers=EN)
    assert again.status_code == 409
    assert again.get_json()["detail"] == ("Only volunteers accepted for this shift can check in "
                                          "(your status: checked_in).")


def test_check_in_refusals_are_precise(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(minutes=20), capacity=1)
    far = coordinated_shift(client, db_session, starts_in=timedelta(days=3))
    anna, bram, cor = volunteer(client), volunteer(client), volunteer(client)
    sign_up(client, anna, setting)
    sign_up(client, bram, setting)  # waitlisted

    wrong = check_in(client, anna, setting, "NOPE00", headers=EN)
    assert wrong.status_code == 400
    assert wrong.get_json()["errors"] == {"code": ["This is not the code of this shift."]}
    empty = check_in(client, anna, setting, "")
    assert empty.status_code == 400 and "code" in empty.get_json()["errors"]
    for person in (bram, cor):
        r = check_in(client, person, setting, setting.shift.checkin_code, headers=EN)
        assert r.status_code == 409 and r.get_json()["detail"].startswith("Only volunteers accepted")

    sign_up(client, anna, far)
    early = check_in(client, anna, far, far.shift.checkin_code, headers=EN)
    assert early.status_code == 409
    opens = (far.shift.starts_at - CHECKIN_OPENS_BEFORE).astimezone(ZoneInfo("Europe/Amsterdam")).strftime(
        "%Y-%m-%d %H:%M")
    assert early.get_json()["detail"].startswith(f"Check-in is open from {opens} to ")
    nl = check_in(client, anna, far, far.shift.checkin_code)
    assert nl.get_json()["detail"].startswith(f"Inchecken kan van {opens} tot ")
    assert client.post(f"/api/v1/shifts/{uuid.uuid4()}/checkin", json={"code": "ABC"},
                       token=anna.token).status_code == 404
    assert fresh(db_session, Engagement, sign_up_id(db_session, setting, anna)).status == "accepted"


def sign_up_id(session, setting, person):
    return session.scalar(sa.select(Engagement.id).where(Engagement.shift_id == setting.shift.id,
                                                         Engagement.volunteer_id == uuid.UUID(person.id)))


def test_a_late_check_in_proposes_the_rest_and_approval_after_the_end_completes(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(minutes=5), hours=1)
    anna = volunteer(client)
    engagement_id = sign_up(client, anna, setting)
    start, end = setting.shift.starts_at, setting.shift.ends_at
    with time_machine.travel(start + timedelta(minutes=50), tick=True):
        anna, coordinator = relogin(client, anna), relogin(client, setting.coordinator)
        assert check_in(client, anna, setting, setting.shift.checkin_code).status_code == 200
        entry = hours_of(db_session, engagement_id)
        assert entry.minutes == 10
        early = client.post(f"/api/v1/hours/{entry.id}/approve", json={}, token=coordinator.token, headers=EN)
        assert early.status_code == 409
        assert early.get_json()["detail"] == "Hours can be approved once the shift has ended."
    with time_machine.travel(end + timedelta(minutes=1), tick=True):
        anna, coordinator = relogin(client, anna), relogin(client, coordinator)
        r = client.post(f"/api/v1/hours/{entry.id}/approve", json={"minutes": 15}, token=coordinator.token)
        assert r.status_code == 200, r.get_json()
        assert r.get_json()["status"] == "approved" and r.get_json()["minutes"] == 15
        assert fresh(db_session, Engagement, engagement_id).status == "completed"
        assert hours_of(db_session, engagement_id).approved_by == uuid.UUID(coordinator.id)
        sent = outbox(db_session, "hours_approved", anna.id)
        assert len(sent) == 1 and sent[0].payload["minutes"] == 15
        twice = client.post(f"/api/v1/hours/{entry.id}/approve", json={}, token=coordinator.token, headers=EN)
        assert twice.status_code == 409 and twice.get_json()["detail"] == "These hours have already been approved."
        assert client.post(f"/api/v1/hours/{entry.id}/reject", token=coordinator.token).status_code == 409


def test_rejecting_hours_and_who_may_decide(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(minutes=10))
    other = coordinated_shift(client, db_session)
    anna = volunteer(client)
    engagement_id = sign_up(client, anna, setting)
    check_in(client, anna, setting, setting.shift.checkin_code)
    entry = hours_of(db_session, engagement_id)

    for person in (other.coordinator, anna):
        r = client.post(f"/api/v1/hours/{entry.id}/reject", token=person.token, headers=EN)
        assert r.status_code == 404 and r.get_json()["detail"] == "Hours entry not found."
        assert client.post(f"/api/v1/hours/{entry.id}/approve", json={}, token=person.token).status_code == 404
        assert client.get(f"/api/v1/organisations/{setting.organisation.id}/hours",
                          token=person.token).status_code == 403
    assert client.get(f"/api/v1/organisations/{uuid.uuid4()}/hours",
                      token=setting.coordinator.token).status_code == 404
    bad = client.post(f"/api/v1/hours/{entry.id}/approve", json={"minutes": 0}, token=setting.coordinator.token)
    assert bad.status_code == 400 and "minutes" in bad.get_json()["errors"]
    assert client.post(f"/api/v1/hours/{uuid.uuid4()}/reject", token=setting.coordinator.token).status_code == 404

    r = client.post(f"/api/v1/hours/{entry.id}/reject", token=setting.coordinator.token)
    assert r.status_code == 200 and r.get_json()["status"] == "rejected"
    assert fresh(db_session, Engagement, engagement_id).status == "checked_in"
    assert len(outbox(db_session, "hours_rejected", anna.id)) == 1


def test_no_show_only_after_the_start_and_only_for_accepted_not_checked_in(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(minutes=5))
    other = coordinated_shift(client, db_session)
    anna, bram = volunteer(client), volunteer(client)
    absent, present = sign_up(client, anna, setting), sign_up(client, bram, setting)
    check_in(client, bram, setting, setting.shift.checkin_code)

    early = client.post(f"/api/v1/engagements/{absent}/no-show", token=setting.coordinator.token, headers=EN)
    assert early.status_code == 409
    assert early.get_json()["detail"] == "A no-show can be recorded only after the shift has started."
    with time_machine.travel(setting.shift.starts_at + timedelta(minutes=10), tick=True):
        coordinator = relogin(client, setting.coordinator)
        for person in (relogin(client, other.coordinator), relogin(client, anna)):
            assert client.post(f"/api/v1/engagements/{absent}/no-show", token=person.token).status_code == 404
        r = client.post(f"/api/v1/engagements/{absent}/no-show", token=coordinator.token)
        assert r.status_code == 200 and r.get_json()["status"] == "no_show"
        assert len(outbox(db_session, "no_show_notice", anna.id)) == 1
        checked_in = client.post(f"/api/v1/engagements/{present}/no-show", token=coordinator.token, headers=EN)
        assert checked_in.status_code == 409 and "(status: checked_in)" in checked_in.get_json()["detail"]
    # the place stays taken: a no-show does not free it for the waitlist
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 2
