"""Relays on real parallel PostgreSQL connections: each message exactly once; a dead relay's batch is not lost."""
import threading
import uuid
from datetime import timedelta

import sqlalchemy as sa

from backend.accounts.models import User
from backend.extensions import db
from backend.models_base import utcnow
from backend.notifications.models import DeviceToken, OutboxMessage
from backend.notifications.outbox import enqueue_many
from backend.notifications.relay import claim
from tests.notifications.helpers import answering_expo, expo_messages, expo_token, relay as relay_all


def _people_with_messages(app, n_messages, n_people=50):
    with app.app_context():
        users = [User(id=uuid.uuid4(), email=f"relay{i}@example.org", password_hash="x", display_name=f"R{i}",
                      locale="nl") for i in range(n_people)]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all([DeviceToken(user_id=u.id, token=expo_token(f"r{i}"), provider="expo", platform="ios")
                            for i, u in enumerate(users)])
        enqueue_many([{"dedupe_key": f"pg:{i}", "user_id": users[i % n_people].id, "channel": "push",
                       "template": "waitlist_promoted", "locale": "nl", "payload": {"n": i}, "priority": "urgent"}
                      for i in range(n_messages)])
        db.session.commit()


def _status_counts(app):
    with app.app_context():
        return dict(db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                                       .group_by(OutboxMessage.status)).all())


def test_two_relays_deliver_1000_messages_each_exactly_once(committing_app, httpserver, settings):
    settings(PUSH_EXPO_URL=httpserver.url_for("").rstrip("/"), RELAY_BATCH_SIZE=50)
    answering_expo(httpserver)
    _people_with_messages(committing_app, 1000)
    barrier = threading.Barrier(2)
    delivered = [0, 0]

    def relay(i):
        barrier.wait()
        delivered[i] = relay_all(committing_app)

    threads = [threading.Thread(target=relay, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a relay hung"

    keys = [m["data"]["key"] for m in expo_messages(httpserver)]
    assert len(keys) == 1000 and len(set(keys)) == 1000  # every message, none twice
    assert sum(delivered) == 1000 and all(delivered)  # both relays took part
    assert _status_counts(committing_app) == {"sent": 1000}


def test_a_relay_that_dies_holding_a_lease_delays_but_loses_nothing(committing_app, httpserver, settings,
                                                                    time_machine):
    settings(PUSH_EXPO_URL=httpserver.url_for("").rstrip("/"), RELAY_BATCH_SIZE=30, RELAY_LEASE_SECONDS=120)
    answering_expo(httpserver)
    _people_with_messages(committing_app, 40)
    start = utcnow()
    time_machine.move_to(start, tick=False)

    with committing_app.app_context():  # the relay that dies: claims a batch and is never heard of again
        doomed = claim()
        db.session.remove()
    assert len(doomed.messages) == 30

    assert relay_all(committing_app) == 10  # the rest goes out now
    assert _status_counts(committing_app) == {"sent": 10, "sending": 30}

    time_machine.move_to(start + timedelta(seconds=119), tick=False)
    assert relay_all(committing_app) == 0  # still leased
    time_machine.move_to(start + timedelta(seconds=121), tick=False)
    assert relay_all(committing_app) == 30  # lease expired: delivered

    keys = [m["data"]["key"] for m in expo_messages(httpserver)]
    assert sorted(keys) == sorted(f"pg:{i}" for i in range(40))
    assert _status_counts(committing_app) == {"sent": 40}
    with committing_app.app_context():
        attempts = set(db.session.scalars(sa.select(OutboxMessage.attempts).where(
            OutboxMessage.id.in_([m.id for m in doomed.messages]))))
    assert attempts == {2}  # the lost attempt counts (a message that kills relays ends as a dead letter)
