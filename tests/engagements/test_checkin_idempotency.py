"""A check-in sent again (the page script replays one typed while offline) with the same Idempotency-Key counts
once: the retry gets the first answer, not a second check-in nor an error. The same key for another form is
refused; a refused check-in (wrong code) keeps no key, so the corrected retry goes through."""
from datetime import timedelta

import sqlalchemy as sa

from backend.engagements.models import HoursEntry, IdempotencyKey
from tests import factories
from tests.web_support import csrf_token, text
from tests.engagements.test_volunteer_work import NOW, _status, _user_id, _volunteer, _work


def _engagement(app, db_session):
    browser = _volunteer(app)
    opp, shift = _work(db_session, starts_at=NOW + timedelta(minutes=10))
    engagement = factories.engagement(db_session, volunteer_id=_user_id(db_session, browser.email), opp=opp,
                                      shift=shift)
    return browser, shift, engagement


def _send(browser, engagement_id, code, key, token):
    return browser.client.post(f"/mijn/inzet/{engagement_id}/inchecken", data={"code": code, "csrf_token": token},
                               headers={"Idempotency-Key": key, "Accept-Language": "nl"})


def _hours(db_session, engagement_id) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(HoursEntry)
                             .where(HoursEntry.engagement_id == engagement_id))


def test_the_same_key_twice_checks_in_once(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser, shift, engagement = _engagement(app, db_session)
    token = csrf_token(browser.get(f"/mijn/inzet/{engagement.id}"))

    first = _send(browser, engagement.id, shift.checkin_code, "checkin-7f3a", token)
    assert first.status_code == 303 and "ingecheckt=1" in first.headers["Location"]
    again = _send(browser, engagement.id, shift.checkin_code, "checkin-7f3a", token)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _status(db_session, engagement.id) == "checked_in" and _hours(db_session, engagement.id) == 1
    assert "Je bent ingecheckt" in text(browser.get(again.headers["Location"]))

    # Without the key a second check-in is refused as such (this is what the key spares the phone).
    twice = _send(browser, engagement.id, shift.checkin_code, "another-key", token)
    assert twice.status_code == 409 and _hours(db_session, engagement.id) == 1
    # The same key for another form is refused and changes nothing.
    other = _send(browser, engagement.id, "ABCDEF", "checkin-7f3a", token)
    assert other.status_code == 422 and _hours(db_session, engagement.id) == 1


def test_a_refused_check_in_keeps_no_key(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser, shift, engagement = _engagement(app, db_session)
    token = csrf_token(browser.get(f"/mijn/inzet/{engagement.id}"))
    wrong = _send(browser, engagement.id, "ZZZZZZ", "k1", token)
    assert wrong.status_code == 422 and _status(db_session, engagement.id) == "accepted"
    assert db_session.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)) == 0
    assert _send(browser, engagement.id, shift.checkin_code, "k2", token).status_code == 303
    assert _status(db_session, engagement.id) == "checked_in"


def test_the_key_needs_the_csrf_token_and_is_per_user(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser, shift, engagement = _engagement(app, db_session)
    r = _send(browser, engagement.id, shift.checkin_code, "k1", "not-the-token")
    assert r.status_code == 400 and _status(db_session, engagement.id) == "accepted"
    other = _volunteer(app)
    token = csrf_token(other.get("/mijn/inzet"))
    assert _send(other, engagement.id, shift.checkin_code, "k1", token).status_code == 404
    assert _status(db_session, engagement.id) == "accepted"
