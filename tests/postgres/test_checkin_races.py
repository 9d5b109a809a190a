"""A check-in replayed by the page script while the first attempt is still being handled (the phone thought it
was lost), on real parallel PostgreSQL connections: every copy gets the same answer and it counts once."""
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from tests import factories
from tests.postgres.races import race
from tests.web_support import csrf_token
from tests.engagements.test_volunteer_work import _user_id, _volunteer

COOKIES = ("doemee_session", "doemee_csrf")


def test_simultaneous_copies_of_one_check_in_count_once(committing_app):
    app = committing_app
    browser = _volunteer(app)
    with app.app_context():
        org = factories.organisation(db.session, name="Buurthuis De Kapel")
        opp = factories.opportunity(db.session, org, title="Koffie schenken")
        start = datetime.now(timezone.utc) + timedelta(minutes=10)
        shift = factories.shift(db.session, opp, starts_at=start, capacity=3)
        engagement = factories.engagement(db.session, volunteer_id=_user_id(db.session, browser.email), opp=opp,
                                          shift=shift)
        engagement_id, code = engagement.id, shift.checkin_code
        db.session.commit()
    token = csrf_token(browser.get(f"/mijn/inzet/{engagement_id}"))
    cookies = {name: browser.client.get_cookie(name).value for name in COOKIES}

    def signed_in_client(_app):
        client = app.test_client()
        for name, value in cookies.items():
            client.set_cookie(name, value)
        return client

    def check_in(client):
        return client.post(f"/mijn/inzet/{engagement_id}/inchecken", data={"code": code, "csrf_token": token},
                           headers={"Idempotency-Key": "door-1", "Accept-Language": "nl"})

    n = 4
    results = race(app, [check_in] * n, client=signed_in_client)
    assert [r.status_code for r in results] == [303] * n
    assert len({r.headers["Location"] for r in results}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in results) == n - 1
    with app.app_context():
        assert db.session.scalar(sa.select(Engagement.status).where(Engagement.id == engagement_id)) == "checked_in"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(HoursEntry)
                                 .where(HoursEntry.engagement_id == uuid.UUID(str(engagement_id)))) == 1
