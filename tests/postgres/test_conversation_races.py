"""Conversations on real parallel PostgreSQL connections: the same first question sent six times at once makes one
thread, and each coordinator gets one notice (the one-per-hour rule holds between transactions too)."""
import sqlalchemy as sa

from backend.conversations.models import Message, Thread
from backend.extensions import db
from backend.notifications.models import OutboxMessage
from tests import factories
from tests.postgres.races import numbered, race
from tests.support import ApiClient, register, volunteer


def test_simultaneous_questions_make_one_thread_and_one_notice(committing_app):
    client = ApiClient(committing_app)
    coordinator, asker = register(client), volunteer(client)
    with committing_app.app_context():
        org = factories.organisation(db.session, coordinator_id=coordinator.id)
        opportunity_id = factories.opportunity(db.session, org).id
        db.session.commit()

    responses = race(committing_app, numbered(6, lambda c, i: c.post(
        f"/api/v1/conversations/vacancies/{opportunity_id}/messages", json={"body": f"Vraag {i}"},
        token=asker.token)))
    assert [r.status_code for r in responses] == [201] * 6
    assert len({r.get_json()["id"] for r in responses}) == 1
    with committing_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Thread)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 6
        notices = db.session.scalars(sa.select(OutboxMessage.user_id).where(
            OutboxMessage.template == "conversation_message")).all()
        assert [str(n) for n in notices] == [coordinator.id]
