"""Signing up for shifts: places, waitlist, withdrawal and promotion, refusals, lists, overlaps, data rights."""
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from backend.engagements.clashes import accepted_overlaps
from backend.engagements.models import Engagement, HoursEntry
from backend.opportunities.models import Shift
from backend.volunteers.models import VolunteerProfile
from tests import factories
from tests.engagements.factories import accepted_help, another_shift, coordinated_shift, engagements_on, fresh, now, outbox
from tests.support import PASSWORD, register, volunteer

EN = {"Accept-Language": "en"}


def sign_up(client, person, shift_id, **kw):
    return client.post(f"/api/v1/shifts/{shift_id}/signups", token=person.token, **kw)


def test_places_are_given_until_the_shift_is_full_then_the_waitlist_starts(client, db_session):
    setting = coordinated_shift(client, db_session, capacity=2)
    people = [volunteer(client) for _ in range(4)]
    bodies = []
    for person in people:
        r = sign_up(client, person, setting.shift_id)
        assert r.status_code == 201, r.get_json()
        bodies.append(r.get_json())
    assert [b["status"] for b in bodies] == ["accepted", "accepted", "waitlisted", "waitlisted"]
    assert [b["waitlist_position"] for b in bodies] == [None, None, 1, 2]
    assert bodies[0]["title"] == "Koffie schenken" and bodies[0]["kind"] == "shift"
    assert bodies[0]["starts_at"].endswith("+00:00") and bodies[0]["warnings"] == []
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 2
    assert len(outbox(db_session, "signup_accepted")) == 2
    waitlisted = outbox(db_session, "signup_waitlisted", people[2].id)
    assert len(waitlisted) == 1 and waitlisted[0].payload["engagement_id"] == bodies[2]["id"]


def test_withdrawal_promotes_the_longest_waiting_and_keeps_the_order(client, db_session):
    setting = coordinated_shift(client, db_session, capacity=1)
    anna, bram, cor, dirk = (volunteer(client) for _ in range(4))
    ids = {p.id: sign_up(client, p, setting.shift_id).get_json()["id"] for p in (anna, bram, cor, dirk)}

    r = client.post(f"/api/v1/engagements/{ids[anna.id]}/withdraw", token=anna.token)
    assert r.status_code == 200 and r.get_json()["status"] == "withdrawn"

    statuses = {str(e.volunteer_id): e.status for e in engagements_on(db_session, setting.shift.id)}
    assert statuses == {anna.id: "withdrawn", bram.id: "accepted", cor.id: "waitlisted", dirk.id: "waitlisted"}
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 1
    promoted = outbox(db_session, "waitlist_promoted")
    assert [str(m.user_id) for m in promoted] == [bram.id]
    assert promoted[0].payload["engagement_id"] == ids[bram.id]
    assert [str(m.user_id) for m in outbox(db_session, "engagement_withdrawn")] == [setting.coordinator.id]
    positions = {p.id: client.get(f"/api/v1/engagements/{ids[p.id]}", token=p.token).get_json()["waitlist_position"]
                 for p in (cor, dirk)}
    assert positions == {cor.id: 1, dirk.id: 2}

    # leaving the waitlist frees no place and moves the rest up
    assert client.post(f"/api/v1/engagements/{ids[cor.id]}/withdraw", token=cor.token).status_code == 200
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 1
    assert client.get(f"/api/v1/engagements/{ids[dirk.id]}", token=dirk.token).get_json()["waitlist_position"] == 1
    assert len(outbox(db_session, "waitlist_promoted")) == 1

    # withdrawing twice is refused
    again = client.post(f"/api/v1/engagements/{ids[cor.id]}/withdraw", token=cor.token, headers=EN)
    assert again.status_code == 409
    assert again.get_json()["detail"] == "An engagement with status withdrawn cannot be withdrawn."


def test_signing_up_again_after_withdrawing_reuses_the_row_and_goes_to_the_back(client, db_session):
    setting = coordinated_shift(client, db_session, capacity=1)
    anna, bram, cor = (volunteer(client) for _ in range(3))
    first = sign_up(client, anna, setting.shift_id).get_json()
    sign_up(client, bram, setting.shift_id)
    client.post(f"/api/v1/engagements/{first['id']}/withdraw", token=anna.token)
    sign_up(client, cor, setting.shift_id)
    again = sign_up(client, anna, setting.shift_id)
    assert again.status_code == 201
    assert again.get_json()["id"] == first["id"]
    assert again.get_json()["status"] == "waitlisted" and again.get_json()["waitlist_position"] == 2
    assert len(engagements_on(db_session, setting.shift.id)) == 3


def test_the_same_volunteer_twice_is_409_and_one_row(client, db_session):
    setting = coordinated_shift(client, db_session)
    anna = volunteer(client)
    assert sign_up(client, anna, setting.shift_id).status_code == 201
    r = sign_up(client, anna, setting.shift_id, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"] == "You are already on this shift (status: accepted)."
    assert len(engagements_on(db_session, setting.shift.id)) == 1
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 1


@pytest.mark.parametrize("status", ["draft", "paused", "closed"])
def test_no_sign_up_for_a_shift_of_an_opportunity_that_is_not_published(client, db_session, status):
    setting = coordinated_shift(client, db_session, opportunity_status=status)
    r = sign_up(client, volunteer(client), setting.shift_id, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"] == f"This vacancy is not open for sign-ups (it is {status})."
    assert engagements_on(db_session, setting.shift.id) == []


def test_no_sign_up_for_a_cancelled_or_started_shift_or_an_unknown_one(client, db_session):
    setting = coordinated_shift(client, db_session)
    started = another_shift(db_session, setting, starts_in=timedelta(minutes=-5))
    setting.shift.status = "cancelled"
    db_session.flush()
    anna = volunteer(client)
    cancelled = sign_up(client, anna, setting.shift_id, headers=EN)
    assert cancelled.status_code == 409 and cancelled.get_json()["detail"] == "This shift has been cancelled."
    late = sign_up(client, anna, started.id, headers={"Accept-Language": "nl"})
    assert late.status_code == 409
    assert late.get_json()["detail"] == "Deze dienst is al begonnen; aanmelden of reageren kan niet meer."
    unknown = sign_up(client, anna, uuid.uuid4(), headers=EN)
    assert unknown.status_code == 404 and unknown.get_json()["detail"] == "Shift not found."
    assert client.post("/api/v1/shifts/not-a-uuid/signups", token=anna.token).status_code == 404


def test_sign_up_needs_an_active_volunteer_profile(client, db_session):
    setting = coordinated_shift(client, db_session)
    no_profile = register(client)
    r = sign_up(client, no_profile, setting.shift_id, headers=EN)
    assert r.status_code == 409 and r.get_json()["detail"] == "Create your volunteer profile before you sign up."
    paused = volunteer(client, paused=True)
    r = sign_up(client, paused, setting.shift_id, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"] == "Your volunteer profile is paused; resume it to sign up."
    assert client.post(f"/api/v1/shifts/{setting.shift_id}/signups").status_code == 401
    resident = register(client, roles=["resident"])
    assert sign_up(client, resident, setting.shift_id).status_code == 403
    assert engagements_on(db_session, setting.shift.id) == []


def test_others_cannot_see_or_withdraw_my_engagement(client, db_session):
    setting = coordinated_shift(client, db_session)
    other_org = coordinated_shift(client, db_session)
    anna, bram = volunteer(client), volunteer(client)
    engagement_id = sign_up(client, anna, setting.shift_id).get_json()["id"]

    for person in (bram, other_org.coordinator):
        assert client.get(f"/api/v1/engagements/{engagement_id}", token=person.token).status_code == 404
        r = client.post(f"/api/v1/engagements/{engagement_id}/withdraw", token=person.token, headers=EN)
        assert r.status_code in (403, 404)
    r = client.post(f"/api/v1/engagements/{engagement_id}/withdraw", token=bram.token, headers=EN)
    assert r.status_code == 404 and r.get_json()["detail"] == "Engagement not found."
    assert fresh(db_session, Engagement, engagement_id).status == "accepted"
    # the coordinator of the shift's own organisation may read it
    r = client.get(f"/api/v1/engagements/{engagement_id}", token=setting.coordinator.token)
    assert r.status_code == 200 and r.get_json()["volunteer_id"] == anna.id
    assert client.get(f"/api/v1/engagements/{uuid.uuid4()}", token=anna.token).status_code == 404


def test_withdrawing_a_held_place_after_the_start_is_refused(client, db_session):
    setting = coordinated_shift(client, db_session)
    anna = volunteer(client)
    engagement_id = sign_up(client, anna, setting.shift_id).get_json()["id"]
    shift = fresh(db_session, Shift, setting.shift.id)
    shift.starts_at, shift.ends_at = now() - timedelta(minutes=10), now() + timedelta(hours=1)
    db_session.flush()
    r = client.post(f"/api/v1/engagements/{engagement_id}/withdraw", token=anna.token, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"] == "The shift has started; tell the coordinator instead of withdrawing."


def test_an_overlapping_sign_up_carries_a_warning(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(days=2), hours=3)
    overlapping = another_shift(db_session, setting, starts_in=timedelta(days=2, hours=2))
    touching = another_shift(db_session, setting, starts_in=timedelta(days=2, hours=3))
    anna = volunteer(client)
    first = sign_up(client, anna, setting.shift_id).get_json()
    second = sign_up(client, anna, overlapping.id)
    assert second.status_code == 201
    assert second.get_json()["warnings"] == [{"code": "overlap", "engagement_id": first["id"]}]
    # a shift that starts exactly when the first ends does not clash with it, but with the overlapping one
    third = sign_up(client, anna, touching.id).get_json()
    assert third["warnings"] == [{"code": "overlap", "engagement_id": second.get_json()["id"]}]


def test_an_accepted_help_appointment_counts_as_a_clash(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(days=2))
    anna = volunteer(client)
    helping, request = accepted_help(db_session, anna.id, starts_in=timedelta(days=2, minutes=30))
    r = sign_up(client, anna, setting.shift_id)
    assert r.get_json()["warnings"] == [{"code": "overlap", "engagement_id": str(helping.id)}]
    # the function the help feature calls: the help window against the shift, and without excluded ones
    shift_engagement = uuid.UUID(r.get_json()["id"])
    found = accepted_overlaps(uuid.UUID(anna.id), request.window_start, request.window_end,
                              exclude_engagement_id=helping.id)
    assert [e.id for e in found] == [shift_engagement]
    assert accepted_overlaps(uuid.UUID(anna.id), request.window_end, request.window_end + timedelta(hours=5),
                             exclude_engagement_id=shift_engagement) == []


def test_my_engagements_by_start_with_cursor_and_filters(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(days=5))
    later = another_shift(db_session, setting, starts_in=timedelta(days=9))
    sooner = another_shift(db_session, setting, starts_in=timedelta(days=1))
    past = another_shift(db_session, setting, starts_in=timedelta(days=-3))
    anna, bram = volunteer(client), volunteer(client)
    ids = [sign_up(client, anna, s).get_json()["id"] for s in (setting.shift_id, later.id, sooner.id)]
    sign_up(client, bram, sooner.id)
    db_session.add(Engagement(volunteer_id=uuid.UUID(anna.id), opportunity_id=setting.opportunity.id,
                              shift_id=past.id, status="completed", status_changed_at=now()))
    db_session.flush()
    client.post(f"/api/v1/engagements/{ids[1]}/withdraw", token=anna.token)

    first = client.get("/api/v1/me/engagements?limit=2", token=anna.token).get_json()
    assert [e["shift_id"] for e in first["items"]] == [str(past.id), str(sooner.id)]
    second = client.get(f"/api/v1/me/engagements?limit=2&cursor={first['next_cursor']}", token=anna.token).get_json()
    assert [e["shift_id"] for e in second["items"]] == [setting.shift_id, str(later.id)]
    assert second["next_cursor"] is None

    upcoming = client.get("/api/v1/me/engagements?upcoming=true&status=accepted", token=anna.token).get_json()
    assert [e["id"] for e in upcoming["items"]] == [ids[2], ids[0]]
    withdrawn = client.get("/api/v1/me/engagements?status=withdrawn", token=anna.token).get_json()
    assert [e["id"] for e in withdrawn["items"]] == [ids[1]]
    bad = client.get("/api/v1/me/engagements?status=maybe&cursor=zzz", token=anna.token)
    assert bad.status_code == 400 and "status" in bad.get_json()["errors"]
    assert client.get("/api/v1/me/engagements?cursor=zzz", token=anna.token).get_json()["errors"] == {
        "cursor": ["Geen cursor van deze lijst."]}


def test_export_holds_my_engagements_and_erasure_removes_them_and_frees_the_place(client, db_session):
    setting = coordinated_shift(client, db_session, capacity=1)
    anna, bram = volunteer(client, display_name="Anna Aanmelder"), volunteer(client)
    engagement_id = sign_up(client, anna, setting.shift_id).get_json()["id"]
    waiting_id = sign_up(client, bram, setting.shift_id).get_json()["id"]
    db_session.add(HoursEntry(engagement_id=uuid.UUID(engagement_id), volunteer_id=uuid.UUID(anna.id), minutes=90))
    db_session.flush()
    client.post("/api/v1/me/calendar-feed", token=anna.token)

    export = client.get("/api/v1/me/export", token=anna.token)
    assert export.status_code == 200, export.get_json()
    section = export.get_json()["engagements"]
    assert [(e["id"], e["status"], e["title"]) for e in section["engagements"]] == [
        (engagement_id, "accepted", "Koffie schenken")]
    assert [(h["engagement_id"], h["minutes"]) for h in section["hours"]] == [(engagement_id, 90)]
    assert len(section["calendar_feeds"]) == 1

    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=anna.token).status_code == 204
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)
                             .where(Engagement.volunteer_id == uuid.UUID(anna.id))) == 0
    assert db_session.get(VolunteerProfile, uuid.UUID(anna.id)) is None
    assert db_session.scalar(sa.select(sa.func.count()).select_from(HoursEntry)) == 0
    # the place Anna held went to the first on the waitlist
    assert fresh(db_session, Engagement, waiting_id).status == "accepted"
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 1
    assert [str(m.user_id) for m in outbox(db_session, "waitlist_promoted")] == [bram.id]


def test_an_idempotent_retry_does_not_sign_up_twice(client, db_session):
    setting = coordinated_shift(client, db_session)
    anna = volunteer(client)
    key = {"Idempotency-Key": "signup-retry-1"}
    first = sign_up(client, anna, setting.shift_id, headers=key)
    replay = sign_up(client, anna, setting.shift_id, headers=key)
    assert first.status_code == replay.status_code == 201
    assert replay.get_json() == first.get_json() and replay.headers["Idempotent-Replayed"] == "true"
    assert len(engagements_on(db_session, setting.shift.id)) == 1


def test_factories_shift_defaults_are_in_the_future(db_session):
    # guards the assumption the tests above make about tests.factories.shift
    org = factories.organisation(db_session)
    assert factories.shift(db_session, factories.opportunity(db_session, org)).starts_at > now()
