"""Notification settings per category and channel, quiet hours and the daily digest, through the page; and the
one-tap answer to "are you still available?" on Mijn DoeMee."""
from datetime import datetime, timezone

import sqlalchemy as sa

from backend.jobs.models import AvailabilityCheck
from backend.notifications.models import NotificationPreference
from tests.web_support import text
from tests.engagements.test_volunteer_work import _user_id, _volunteer


def _prefs(db_session, user_id):
    return db_session.scalar(sa.select(NotificationPreference).where(NotificationPreference.user_id == user_id)
                             .execution_options(populate_existing=True))


def test_choosing_channels_quiet_hours_and_the_digest(app, db_session):
    browser = _volunteer(app)
    page = browser.get("/mijn/meldingen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="channel_reminders_off"' in html and 'id="channel_account_off"' not in html  # account: always on
    r = browser.post("/mijn/meldingen", {"channel_reminders": "email", "channel_updates": "off",
                                         "channel_coordination": "push", "channel_account": "email",
                                         "quiet": "on", "quiet_start": "21:30", "quiet_end": "07:00",
                                         "daily_digest": "on"})
    assert r.status_code == 303
    prefs = _prefs(db_session, _user_id(db_session, browser.email))
    assert prefs.channels["reminders"] == "email" and prefs.channels["updates"] == "off"
    assert (prefs.quiet_start_minute, prefs.quiet_end_minute, prefs.daily_digest) == (21 * 60 + 30, 7 * 60, True)
    page = browser.get("/mijn/meldingen").get_data(as_text=True)
    assert 'name="channel_reminders" value="email" checked' in page
    assert '<option value="21:30" selected>' in page

    browser.post("/mijn/meldingen", {"channel_account": "email"})  # no quiet hours ticked: none
    assert _prefs(db_session, _user_id(db_session, browser.email)).quiet_hours_enabled is False


def test_refused_settings_are_shown_and_change_nothing(app, db_session):
    browser = _volunteer(app)
    r = browser.post("/mijn/meldingen", {"channel_account": "off", "quiet": "on", "quiet_start": "22:00",
                                         "quiet_end": "22:00"})
    assert r.status_code == 422 and "Kijk dit even na" in text(r)
    assert _prefs(db_session, _user_id(db_session, browser.email)) is None
    assert browser.post("/mijn/meldingen", {"channel_updates": "off"}, csrf=False).status_code == 400
    assert _prefs(db_session, _user_id(db_session, browser.email)) is None


def test_still_available_is_answered_with_one_tap(app, db_session):
    browser = _volunteer(app)
    me = _user_id(db_session, browser.email)
    assert "Ben je nog beschikbaar" not in text(browser.get("/mijn"))
    db_session.add(AvailabilityCheck(user_id=me, asked_at=datetime(2026, 5, 1, tzinfo=timezone.utc)))
    db_session.flush()
    assert "Ben je nog beschikbaar als vrijwilliger?" in text(browser.get("/mijn"))
    r = browser.post("/mijn/nog-beschikbaar", form_from="/mijn")
    assert r.status_code == 303
    assert "Fijn dat je nog meedoet!" in text(browser.get(r.headers["Location"]))
    check = db_session.scalar(sa.select(AvailabilityCheck).where(AvailabilityCheck.user_id == me)
                              .execution_options(populate_existing=True))
    assert check.answered_at is not None
    assert "Ben je nog beschikbaar" not in text(browser.get("/mijn"))


def test_in_english(app):
    browser = _volunteer(app, language="en")
    page = text(browser.get("/mijn/meldingen"))
    assert "Quiet hours" in page and "By e-mail" in page
