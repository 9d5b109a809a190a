"""Coordinators invite volunteers; volunteers accept or decline; the roster."""
import uuid
from datetime import timedelta

from backend.engagements.models import Engagement
from backend.opportunities.models import Shift
from tests.engagements.factories import another_shift, coordinated_shift, fresh, outbox
from tests.support import register, volunteer

EN = {"Accept-Language": "en"}


def invite(client, setting, person, volunteer_id, **kw):
    return client.post(f"/api/v1/shifts/{setting.shift_id}/invitations", json={"volunteer_id": volunteer_id},
                       token=person.token, **kw)


def test_an_invitation_accepted_takes_a_place_and_tells_the_coordinator(client, db_session):
    setting = coordinated_shift(client, db_session, capacity=2)
    anna = volunteer(client)
    r = invite(client, setting, setting.coordinator, anna.id)
    assert r.status_code == 201, r.get_json()
    invitation = r.get_json()
    assert invitation["status"] == "invited" and invitation["volunteer_id"] == anna.id
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 0
    sent = outbox(db_session, "invitation", anna.id)
    assert len(sent) == 1 and sent[0].payload["engagement_id"] == invitation["id"] and sent[0].locale == "nl"
    assert fresh(db_session, Engagement, invitation["id"]).invited_by == uuid.UUID(setting.coordinator.id)

    r = client.post(f"/api/v1/engagements/{invitation['id']}/accept", token=anna.token)
    assert r.status_code == 200 and r.get_json()["status"] == "accepted"
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 1
    told = outbox(db_session, "invitation_accepted", setting.coordinator.id)
    assert len(told) == 1 and told[0].payload["status"] == "accepted"

    again = client.post(f"/api/v1/engagements/{invitation['id']}/accept", token=anna.token, headers=EN)
    assert again.status_code == 409
    assert again.get_json()["detail"] == "This engagement is not an open invitation (status: accepted)."


def test_accepting_when_the_shift_filled_up_puts_the_volunteer_on_the_waitlist(client, db_session):
    setting = coordinated_shift(client, db_session, capacity=1)
    anna, bram = volunteer(client), volunteer(client)
    invitation = invite(client, setting, setting.coordinator, anna.id).get_json()
    client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=bram.token)
    r = client.post(f"/api/v1/engagements/{invitation['id']}/accept", token=anna.token)
    assert r.status_code == 200
    assert r.get_json()["status"] == "waitlisted" and r.get_json()["waitlist_position"] == 1
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 1
    assert outbox(db_session, "invitation_accepted")[0].payload["status"] == "waitlisted"


def test_an_accepted_invitation_that_clashes_carries_an_overlap_warning(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(days=2))
    clashing = another_shift(db_session, setting, starts_in=timedelta(days=2, hours=1))
    anna = volunteer(client)
    mine = client.post(f"/api/v1/shifts/{clashing.id}/signups", token=anna.token).get_json()
    invitation = invite(client, setting, setting.coordinator, anna.id).get_json()
    r = client.post(f"/api/v1/engagements/{invitation['id']}/accept", token=anna.token)
    assert r.get_json()["warnings"] == [{"code": "overlap", "engagement_id": mine["id"]}]


def test_declining_tells_the_coordinator_and_ends_the_invitation(client, db_session):
    setting = coordinated_shift(client, db_session)
    anna = volunteer(client)
    invitation = invite(client, setting, setting.coordinator, anna.id).get_json()
    r = client.post(f"/api/v1/engagements/{invitation['id']}/decline", token=anna.token)
    assert r.status_code == 200 and r.get_json()["status"] == "declined"
    assert [str(m.user_id) for m in outbox(db_session, "invitation_declined")] == [setting.coordinator.id]
    assert client.post(f"/api/v1/engagements/{invitation['id']}/accept", token=anna.token).status_code == 409
    assert fresh(db_session, Shift, setting.shift.id).accepted_count == 0
    # a declined volunteer can be invited again (the same engagement)
    again = invite(client, setting, setting.coordinator, anna.id)
    assert again.status_code == 201 and again.get_json()["id"] == invitation["id"]


def test_only_the_invited_volunteer_can_answer(client, db_session):
    setting = coordinated_shift(client, db_session)
    anna, bram = volunteer(client), volunteer(client)
    invitation = invite(client, setting, setting.coordinator, anna.id).get_json()
    for action in ("accept", "decline"):
        r = client.post(f"/api/v1/engagements/{invitation['id']}/{action}", token=bram.token, headers=EN)
        assert r.status_code == 404 and r.get_json()["detail"] == "Engagement not found."
    assert fresh(db_session, Engagement, invitation["id"]).status == "invited"


def test_who_may_invite_whom(client, db_session):
    setting = coordinated_shift(client, db_session)
    other = coordinated_shift(client, db_session)
    anna, paused = volunteer(client), volunteer(client, paused=True)
    outsider = register(client)

    for person in (outsider, other.coordinator, anna):
        r = invite(client, setting, person, anna.id, headers=EN)
        assert r.status_code == 403, person
        assert r.get_json()["detail"] == "You are not a coordinator of this organisation."
    r = client.post(f"/api/v1/shifts/{uuid.uuid4()}/invitations", json={"volunteer_id": anna.id},
                    token=setting.coordinator.token)
    assert r.status_code == 404
    no_profile = register(client)
    for unknown in (str(uuid.uuid4()), no_profile.id):
        r = invite(client, setting, setting.coordinator, unknown, headers=EN)
        assert r.status_code == 404 and r.get_json()["detail"] == "No volunteer with a profile has this id."
    r = invite(client, setting, setting.coordinator, paused.id, headers=EN)
    assert r.status_code == 409 and "paused" in r.get_json()["detail"]
    r = invite(client, setting, setting.coordinator, "not-a-uuid")
    assert r.status_code == 400 and "volunteer_id" in r.get_json()["errors"]
    r = client.post(f"/api/v1/shifts/{setting.shift_id}/invitations", json={"volunteer_id": anna.id, "x": 1},
                    token=setting.coordinator.token)
    assert r.status_code == 400 and "x" in r.get_json()["errors"]

    assert invite(client, setting, setting.coordinator, anna.id).status_code == 201
    r = invite(client, setting, setting.coordinator, anna.id, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"] == "This volunteer is already on this shift (status: invited)."


def test_no_invitation_to_a_shift_that_is_closed(client, db_session):
    setting = coordinated_shift(client, db_session, opportunity_status="closed")
    r = invite(client, setting, setting.coordinator, volunteer(client).id, headers=EN)
    assert r.status_code == 409 and r.get_json()["detail"] == "This vacancy is not open for sign-ups (it is closed)."


def test_the_roster_shows_first_names_and_statuses_to_coordinators_only_full_names_once_accepted(client, db_session):
    setting = coordinated_shift(client, db_session, capacity=1)
    other = coordinated_shift(client, db_session)
    anna = volunteer(client, display_name="Anna de Vries")
    bram = volunteer(client, display_name="Bram Bakker")
    cor = volunteer(client, display_name="Cor")
    client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=anna.token)
    client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=bram.token)
    invite(client, setting, setting.coordinator, cor.id)

    r = client.get(f"/api/v1/shifts/{setting.shift_id}/engagements", token=setting.coordinator.token)
    assert r.status_code == 200
    rows = [(e["first_name"], e["status"], e["waitlist_position"]) for e in r.get_json()["items"]]
    assert rows == [("Anna", "accepted", None), ("Bram", "waitlisted", 1), ("Cor", "invited", None)]
    # the full name once they hold a place (issue 21), never before: Bram waits, Cor is invited
    assert [e["contact"] and e["contact"]["full_name"] for e in r.get_json()["items"]] == ["Anna de Vries", None, None]
    assert "Bakker" not in r.get_data(as_text=True)

    page = client.get(f"/api/v1/shifts/{setting.shift_id}/engagements?limit=2&status=accepted",
                      token=setting.coordinator.token).get_json()
    assert [e["first_name"] for e in page["items"]] == ["Anna"] and page["next_cursor"] is None
    for person in (other.coordinator, anna):
        assert client.get(f"/api/v1/shifts/{setting.shift_id}/engagements", token=person.token).status_code == 403
