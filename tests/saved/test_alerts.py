"""The saved searches' alert: new vacancies that fit, one message per person, by real e-mail (the local SMTP server)
or push (the fake Expo endpoint); never the same vacancy twice, nothing when nothing is new; its stop link."""
import re
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.saved.models import SavedSearch
from tests import factories
from tests.notifications.conftest import expo  # noqa: F401  (fixture)
from tests.notifications.helpers import add_device, answering_expo, expo_messages, html_of, relay, rows, text_of
from tests.support import register, volunteer

UTC = timezone.utc
# Wednesday 18 November 2026, 08:30 in Maassluis (07:30 UTC): the job's time, after the default quiet hours.
START = datetime(2026, 11, 18, 7, 30, tzinfo=UTC)
TUESDAY_AFTERNOON = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 local
TUESDAY_MORNING = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 local


def _run(cli) -> str:
    result = cli.invoke(args=["run-job", "saved-search-alerts"])
    assert result.exit_code == 0, result.output
    return result.output


def _save(client, person, **changes) -> dict:
    body = {"municipality": "maassluis", "name": "Dinsdagmiddag", "filters": {"weekdays": ["tue"],
                                                                             "day_part": "afternoon"}, **changes}
    r = client.post("/api/v1/me/saved-searches", json=body, token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _vacancy(db_session, title, starts_at=TUESDAY_AFTERNOON, **fields):
    opp = factories.opportunity(db_session, factories.organisation(db_session, name="Buurthuis De Lijster"),
                                title=title, **fields)
    factories.shift(db_session, opp, starts_at=starts_at)
    return opp


def _alerts(db_session):
    return rows(db_session, template="saved_search_alert")


def test_a_week_later_one_mail_lists_the_new_vacancies_that_fit_and_never_again(
        app, client, cli, db_session, mailbox, time_machine):
    time_machine.move_to(START, tick=False)
    person = register(client, email="zoeker@example.org", display_name="Zoë")
    _save(client, person)
    _save(client, person, name="Koffie", filters={"category": "events"})
    _vacancy(db_session, "Oud nieuws")  # published before the searches were saved: not new to them
    db_session.execute(sa.update(SavedSearch).values(checked_until=START + timedelta(minutes=1)))

    time_machine.move_to(START + timedelta(days=2), tick=False)
    fits = _vacancy(db_session, "Voorlezen op dinsdag")
    _vacancy(db_session, "Ochtendkoffie", starts_at=TUESDAY_MORNING, category="care")  # fits neither search
    _vacancy(db_session, "Ontwerp", status="draft")  # not published

    time_machine.move_to(START + timedelta(days=6), tick=False)
    _run(cli)
    assert _alerts(db_session) == []  # a weekly search: not a week yet

    time_machine.move_to(START + timedelta(days=7), tick=False)
    _run(cli)
    [alert] = _alerts(db_session)  # one message for both searches
    # Both searches fit it; it is named once, under one of them.
    assert [s["name"] for s in alert.payload["searches"]] in (["Dinsdagmiddag"], ["Koffie"])
    assert [i["title"] for s in alert.payload["searches"] for i in s["items"]] == ["Voorlezen op dinsdag"]

    assert relay(app) == 1
    [mail] = mailbox.to("zoeker@example.org")
    assert mail["Subject"] == "Nieuw vrijwilligerswerk voor je zoekopdracht: 1"
    body = text_of(mail)
    assert "Voorlezen op dinsdag" in body and f"/vacatures/{fits.id}" in body and "Ochtendkoffie" not in body
    assert alert.payload["searches"][0]["name"] in body and "/zoekopdracht/stop/" in html_of(mail)

    _run(cli)  # again the same day: nothing new, nothing twice
    time_machine.move_to(START + timedelta(days=14), tick=False)
    _run(cli)  # a week later, nothing new published: nothing sent
    assert len(_alerts(db_session)) == 1

    time_machine.move_to(START + timedelta(days=15), tick=False)
    fits.published_at = START + timedelta(days=15)  # published again (paused and back): still named once only
    _vacancy(db_session, "Nog een dinsdag")
    time_machine.move_to(START + timedelta(days=21), tick=False)
    _run(cli)
    latest = max(_alerts(db_session), key=lambda m: m.created_at)
    assert [i["title"] for s in latest.payload["searches"] for i in s["items"]] == ["Nog een dinsdag"]


def test_a_daily_search_by_push_reaches_the_phone(app, client, cli, db_session, time_machine, expo):  # noqa: F811
    time_machine.move_to(START, tick=False)
    person = volunteer(client)
    answering_expo(expo)
    add_device(client, person)
    _save(client, person, frequency="daily", channel="push")

    time_machine.move_to(START + timedelta(hours=3), tick=False)
    _vacancy(db_session, "Voorlezen op dinsdag")
    time_machine.move_to(START + timedelta(days=1), tick=False)
    _run(cli)
    assert relay(app) == 1
    [push] = expo_messages(expo)
    assert push["title"] == "Nieuw vrijwilligerswerk voor je zoekopdracht: 1"
    assert push["body"] == "Voorlezen op dinsdag."


def test_a_search_switched_off_sends_nothing(client, cli, db_session, time_machine):
    time_machine.move_to(START, tick=False)
    person = volunteer(client)
    made = _save(client, person)
    client.patch(f"/api/v1/me/saved-searches/{made['id']}", json={"frequency": "off"}, token=person.token)
    time_machine.move_to(START + timedelta(days=1), tick=False)
    _vacancy(db_session, "Voorlezen op dinsdag")
    time_machine.move_to(START + timedelta(days=8), tick=False)
    _run(cli)
    assert _alerts(db_session) == []


def test_the_stop_link_works_without_logging_in(app, client, cli, db_session, mailbox, time_machine):
    from tests.web_support import Browser, text

    time_machine.move_to(START, tick=False)
    person = register(client, email="stop@example.org")
    _save(client, person)
    time_machine.move_to(START + timedelta(days=1), tick=False)
    _vacancy(db_session, "Voorlezen op dinsdag")
    time_machine.move_to(START + timedelta(days=7), tick=False)
    _run(cli)
    relay(app)
    [mail] = mailbox.to("stop@example.org")
    link = re.search(r"https?://[^\s]+/zoekopdracht/stop/([^\s]+)", text_of(mail))
    path = "/zoekopdracht/stop/" + link.group(1)

    browser = Browser(app)  # not logged in
    page = browser.get(path)
    assert page.status_code == 200 and "Dinsdagmiddag" in text(page)
    assert db_session.scalar(sa.select(SavedSearch.frequency)) == "weekly"  # opening the link changes nothing
    done = browser.post(path, {})
    assert done.status_code == 200 and "geen e-mails of berichten meer" in text(done)
    db_session.expire_all()
    assert db_session.scalar(sa.select(SavedSearch.frequency)) == "off"

    assert browser.get(path[:-3] + "abc").status_code == 404  # a forged token
