"""Capacity under real concurrency: many volunteers, parallel connections, one shift (PostgreSQL only)."""
import uuid
from datetime import timedelta

import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.extensions import db, limiter
from backend.opportunities.models import Shift
from tests import factories
from tests.engagements.factories import now
from tests.postgres.races import numbered, race
from tests.support import ApiClient, volunteer


def volunteers(app, n):
    """n volunteers with profiles (registration is rate-limited per address; the set-up is not what is tested)."""
    people = []
    for i in range(n):
        if i % 20 == 0:
            with app.app_context():
                limiter.reset()
        people.append(volunteer(ApiClient(app)))
    return people


def committed_shift(app, *, starts_in: timedelta, capacity: int) -> uuid.UUID:
    with app.app_context():
        organisation = factories.organisation(db.session)
        opportunity = factories.opportunity(db.session, organisation)
        shift = factories.shift(db.session, opportunity, starts_at=(now() + starts_in).replace(microsecond=0),
                                capacity=capacity)
        db.session.commit()
        shift_id = shift.id
        db.session.remove()
        return shift_id


def shift_state(app, shift_id):
    with app.app_context():
        shift = db.session.get(Shift, shift_id)
        engagements = list(db.session.scalars(
            sa.select(Engagement).where(Engagement.shift_id == shift_id)
            .order_by(Engagement.status_changed_at, Engagement.id)))
        db.session.remove()
        return shift, engagements


def test_fifty_volunteers_at_once_for_ten_places_end_with_ten_accepted_and_forty_waitlisted(committing_app):
    people = volunteers(committing_app, 50)
    for round_ in range(3):
        shift_id = committed_shift(committing_app, starts_in=timedelta(days=3 + round_), capacity=10)
        responses = race(committing_app, numbered(50, lambda c, i: c.post(f"/api/v1/shifts/{shift_id}/signups",
                                                                            token=people[i].token)))
        assert [r.status_code for r in responses] == [201] * 50, [r.get_json() for r in responses
                                                                  if r.status_code != 201][:3]
        bodies = [r.get_json() for r in responses]
        assert sorted(b["status"] for b in bodies) == ["accepted"] * 10 + ["waitlisted"] * 40
        assert sorted(b["waitlist_position"] for b in bodies if b["status"] == "waitlisted") == list(range(1, 41))

        shift, engagements = shift_state(committing_app, shift_id)
        assert len(engagements) == 50
        assert shift.accepted_count == 10
        assert sum(e.status == "accepted" for e in engagements) == 10
        # the waitlist order in the database is the order of the positions the volunteers were told
        told = {b["id"]: b["waitlist_position"] for b in bodies if b["status"] == "waitlisted"}
        in_order = [str(e.id) for e in engagements if e.status == "waitlisted"]
        assert [told[i] for i in in_order] == list(range(1, 41))


def test_one_volunteer_signing_up_five_times_at_once_gets_one_place(committing_app):
    anna = volunteer(ApiClient(committing_app))
    shift_id = committed_shift(committing_app, starts_in=timedelta(days=2), capacity=3)
    responses = race(committing_app, [lambda c: c.post(f"/api/v1/shifts/{shift_id}/signups", token=anna.token)] * 5)
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409]
    shift, engagements = shift_state(committing_app, shift_id)
    assert len(engagements) == 1 and engagements[0].status == "accepted"
    assert shift.accepted_count == 1


def test_withdrawals_and_sign_ups_at_once_keep_the_count_in_step(committing_app):
    client = ApiClient(committing_app)
    holders, newcomers = volunteers(committing_app, 5), volunteers(committing_app, 10)
    shift_id = committed_shift(committing_app, starts_in=timedelta(days=4), capacity=5)
    engagement_ids = [client.post(f"/api/v1/shifts/{shift_id}/signups", token=p.token).get_json()["id"]
                      for p in holders]

    def act(c, i):
        if i < 5:
            return c.post(f"/api/v1/engagements/{engagement_ids[i]}/withdraw", token=holders[i].token)
        return c.post(f"/api/v1/shifts/{shift_id}/signups", token=newcomers[i - 5].token)

    responses = race(committing_app, numbered(15, act))
    assert [r.status_code for r in responses] == [200] * 5 + [201] * 10
    shift, engagements = shift_state(committing_app, shift_id)
    accepted = [e for e in engagements if e.status == "accepted"]
    assert shift.accepted_count == len(accepted) == 5
    assert {str(e.volunteer_id) for e in accepted} <= {p.id for p in newcomers}
    assert sum(e.status == "waitlisted" for e in engagements) == 5


def test_a_withdrawn_volunteer_signing_up_again_five_times_at_once_gets_one_place(committing_app):
    # The sign-up reads the engagement in the statement that locks the shift; whoever waited for the lock must
    # see the engagement as the winner left it (accepted again), not as it was before the wait (withdrawn).
    anna = volunteer(ApiClient(committing_app))
    client = ApiClient(committing_app)
    shift_id = committed_shift(committing_app, starts_in=timedelta(days=2), capacity=10)
    engagement_id = client.post(f"/api/v1/shifts/{shift_id}/signups", token=anna.token).get_json()["id"]
    assert client.post(f"/api/v1/engagements/{engagement_id}/withdraw", token=anna.token).status_code == 200
    for _ in range(3):
        responses = race(committing_app, [lambda c: c.post(f"/api/v1/shifts/{shift_id}/signups",
                                                             token=anna.token)] * 5)
        assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409]
        shift, engagements = shift_state(committing_app, shift_id)
        assert [e.status for e in engagements] == ["accepted"] and shift.accepted_count == 1
        assert client.post(f"/api/v1/engagements/{engagement_id}/withdraw", token=anna.token).status_code == 200
