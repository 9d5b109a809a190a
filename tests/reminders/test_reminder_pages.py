"""The one-tap reply pages behind the links in a real reminder e-mail: opening a link changes nothing, the one
button does it."""
import re
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.notifications.models import ReminderReply
from tests import factories
from tests.notifications.helpers import relay, text_of
from tests.support import register
from tests.web_support import Browser, path_of, text

UTC = timezone.utc
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # a Wednesday afternoon, outside quiet hours


def _reminder_links(app, client, cli, db_session, mailbox, time_machine):
    time_machine.move_to(NOW, tick=False)
    anna = register(client, display_name="Anna")
    org = factories.organisation(db_session)
    opp = factories.opportunity(db_session, org, title="Koffie schenken in De Kapel")
    shift = factories.shift(db_session, opp, starts_at=NOW + timedelta(hours=20), capacity=2)
    engagement = factories.engagement(db_session, volunteer_id=anna.id, opp=opp, shift=shift)
    shift.accepted_count = 1
    db_session.flush()
    assert cli.invoke(args=["run-job", "shift-reminders"]).exit_code == 0
    assert relay(app) == 1
    [mail] = mailbox.to(anna.email)
    body = text_of(mail)
    [coming] = re.findall(r"https?://\S+/reminders/\S+/coming", body)
    [cant] = re.findall(r"https?://\S+/reminders/\S+/cant-make-it", body)
    return engagement, path_of(coming), path_of(cant)


def _status(db_session, engagement):
    return db_session.scalar(sa.select(Engagement.status).where(Engagement.id == engagement.id)
                             .execution_options(populate_existing=True))


def _reply(db_session, engagement):
    return db_session.scalar(sa.select(ReminderReply.answer).where(ReminderReply.engagement_id == engagement.id)
                             .execution_options(populate_existing=True))


def test_coming_link_shows_the_shift_and_one_button_and_only_the_button_answers(
        app, client, cli, db_session, mailbox, time_machine):
    engagement, coming, _ = _reminder_links(app, client, cli, db_session, mailbox, time_machine)
    browser = Browser(app)
    page = browser.get(coming)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Koffie schenken in De Kapel" in text(page)
    assert "donderdag 11 juni 2026, 10:00" in text(page)  # 08:00 UTC is 10:00 in Maassluis in summer
    assert html.count('type="submit"') == 2  # the language switch and the one confirm button
    assert "Ja, ik kom" in text(page)
    assert _reply(db_session, engagement) is None  # a mail scanner opening the link changed nothing

    r = browser.post(coming, {})
    assert r.status_code == 200 and "We hebben genoteerd dat je komt." in text(r)
    assert _reply(db_session, engagement) == "coming" and _status(db_session, engagement) == "accepted"


def test_cant_make_it_link_gives_the_place_back_only_after_the_button(
        app, client, cli, db_session, mailbox, time_machine):
    engagement, _, cant = _reminder_links(app, client, cli, db_session, mailbox, time_machine)
    browser = Browser(app, language="en")
    page = browser.get(cant)
    assert "Yes, cancel my place" in text(page)
    assert _status(db_session, engagement) == "accepted"
    r = browser.post(cant, {})
    assert r.status_code == 200 and "We have cancelled your place." in text(r)
    assert _status(db_session, engagement) == "withdrawn"
    # the same link again: nothing left to cancel, and the page says so
    again = browser.get(cant)
    assert "can no longer be answered here" in text(again)
    assert browser.post(cant, {}).status_code == 409


def test_a_forged_reply_link_is_a_not_found_page(app, client, cli, db_session, mailbox, time_machine):
    engagement, coming, _ = _reminder_links(app, client, cli, db_session, mailbox, time_machine)
    token = coming.split("/")[2]
    i = len(token) - 5
    forged = coming.replace(token, token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:])
    r = Browser(app).get(forged)
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert _reply(db_session, engagement) is None


def test_the_reply_button_needs_the_pages_csrf_token(app, client, cli, db_session, mailbox, time_machine):
    engagement, coming, _ = _reminder_links(app, client, cli, db_session, mailbox, time_machine)
    r = Browser(app).post(coming, {}, csrf=False)
    assert r.status_code == 400
    assert _reply(db_session, engagement) is None
