"""Races on a request for help, on real parallel PostgreSQL connections."""
import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.extensions import db
from backend.help.models import HelpRequest
from backend.notifications.models import OutboxMessage
from tests.help.test_help_requests import post, resident
from tests.postgres.races import race
from tests.support import ApiClient, volunteer


def test_two_accepts_of_different_offers_at_once_one_wins(committing_app):
    client = ApiClient(committing_app)
    asker = resident(client)
    request_id = post(client, asker)["id"]
    helpers = [volunteer(client) for _ in range(2)]
    offers = [client.post(f"/api/v1/help-requests/{request_id}/offers", token=h.token).get_json()["id"]
              for h in helpers]

    targets = list(offers)  # each thread takes one (list.pop is atomic)
    responses = race(committing_app, [lambda c: c.post(
        f"/api/v1/help-requests/{request_id}/offers/{targets.pop()}/accept", token=asker.token)] * 2)
    assert sorted(r.status_code for r in responses) == [200, 409]
    with committing_app.app_context():
        statuses = sorted(db.session.scalars(sa.select(Engagement.status)))
        assert statuses == ["accepted", "closed"]
        request = db.session.scalar(sa.select(HelpRequest))
        accepted = db.session.scalar(sa.select(Engagement).where(Engagement.status == "accepted"))
        assert request.accepted_engagement_id == accepted.id
        templates = sorted(db.session.scalars(sa.select(OutboxMessage.template).where(
            OutboxMessage.template.in_(("offer_accepted", "offer_closed")))))
        assert templates == ["offer_accepted", "offer_closed"]


def test_simultaneous_offers_by_one_volunteer_make_one_offer(committing_app):
    client = ApiClient(committing_app)
    request_id = post(client, resident(client))["id"]
    helper = volunteer(client)
    responses = race(committing_app, [lambda c: c.post(f"/api/v1/help-requests/{request_id}/offers",
                                                        token=helper.token)] * 6)
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    with committing_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Engagement)) == 1
