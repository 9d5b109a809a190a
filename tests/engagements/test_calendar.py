"""The volunteer's private iCal feed."""
import hashlib
from datetime import timedelta, timezone

import sqlalchemy as sa
from icalendar import Calendar

from backend.engagements.models import CalendarFeed
from tests.engagements.factories import accepted_help, another_shift, coordinated_shift
from tests.support import register, volunteer


def feed_path(url: str) -> str:
    return url[url.index("/api/v1/"):]


def events_of(body: bytes) -> dict:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_lists_what_i_said_yes_to_in_utc(client, db_session):
    setting = coordinated_shift(client, db_session, starts_in=timedelta(days=2), capacity=1)
    full_later = another_shift(db_session, setting, starts_in=timedelta(days=4), capacity=1)
    withdrawn = another_shift(db_session, setting, starts_in=timedelta(days=6))
    anna, bram = volunteer(client), volunteer(client)
    accepted = client.post(f"/api/v1/shifts/{setting.shift_id}/signups", token=anna.token).get_json()
    client.post(f"/api/v1/shifts/{full_later.id}/signups", token=bram.token)
    client.post(f"/api/v1/shifts/{full_later.id}/signups", token=anna.token)  # waitlisted: not in the feed
    gone = client.post(f"/api/v1/shifts/{withdrawn.id}/signups", token=anna.token).get_json()
    client.post(f"/api/v1/engagements/{gone['id']}/withdraw", token=anna.token)
    help_engagement, help_request = accepted_help(db_session, anna.id, starts_in=timedelta(days=3))

    r = client.post("/api/v1/me/calendar-feed", token=anna.token)
    assert r.status_code == 201
    url = r.get_json()["url"]
    assert url.startswith("http://localhost/api/v1/calendar/") and "." not in url.rsplit("/", 1)[1]
    feed = client.get(feed_path(url))
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"

    events = events_of(feed.data)
    assert set(events) == {f"{accepted['id']}@doemee", f"{help_engagement.id}@doemee"}
    shift_event = events[f"{accepted['id']}@doemee"]
    assert str(shift_event["SUMMARY"]) == "Koffie schenken"
    assert shift_event.decoded("DTSTART") == setting.shift.starts_at
    assert shift_event.decoded("DTSTART").tzinfo.utcoffset(None) == timedelta(0)
    assert shift_event.decoded("DTEND") == setting.shift.ends_at
    assert b"DTSTART:" in feed.data and b"Z\r\n" in feed.data  # written as UTC, not floating or local
    help_event = events[f"{help_engagement.id}@doemee"]
    assert str(help_event["SUMMARY"]) == "Boodschappen doen"
    assert help_event.decoded("DTSTART") == help_request.window_start.astimezone(timezone.utc)
    # the postcode as written anywhere (a bare "3144" also turns up by chance in a random UID or a DTSTAMP)
    for secret in (b"Geheimstraat", b"3144 BA", b"3144BA", b"Vraagsteller", b"LOCATION"):
        assert secret not in feed.data

    # the UID stays the same, so calendar apps update events instead of duplicating them
    assert set(events_of(client.get(feed_path(url)).data)) == set(events)


def test_a_new_feed_revokes_the_old_one_and_only_a_hash_is_stored(client, db_session):
    anna = volunteer(client)
    first = client.post("/api/v1/me/calendar-feed", token=anna.token).get_json()["url"]
    second = client.post("/api/v1/me/calendar-feed", token=anna.token).get_json()["url"]
    assert first != second
    r = client.get(feed_path(first), headers={"Accept-Language": "en"})
    assert r.status_code == 404 and r.get_json()["detail"] == "This calendar link does not exist (anymore)."
    assert client.get(feed_path(second)).status_code == 200

    token = second.rsplit("/", 1)[1]
    db_session.expire_all()
    hashes = list(db_session.scalars(sa.select(CalendarFeed.token_hash)))
    assert hashlib.sha256(token.encode()).hexdigest() in hashes
    assert all(token not in h for h in hashes)

    assert client.delete("/api/v1/me/calendar-feed", token=anna.token).status_code == 204
    assert client.get(feed_path(second)).status_code == 404
    assert client.get("/api/v1/calendar/not-a-token").status_code == 404
    assert client.post("/api/v1/me/calendar-feed").status_code == 401


def test_an_empty_feed_is_still_a_calendar(client):
    anna = register(client)
    url = client.post("/api/v1/me/calendar-feed", token=anna.token).get_json()["url"]
    feed = client.get(feed_path(url))
    assert feed.status_code == 200
    calendar = Calendar.from_ical(feed.data)
    assert str(calendar["VERSION"]) == "2.0" and calendar.walk("VEVENT") == []


def test_the_feed_url_of_api_1_0_redirects_to_the_one_without_ics(client):
    """Until API 1.1 the feed's URL ended in .ics; calendar apps that subscribed to it follow a 308."""
    anna = volunteer(client)
    path = feed_path(client.post("/api/v1/me/calendar-feed", token=anna.token).get_json()["url"])
    former = client.get(path + ".ics", validate=False)  # not in the document
    assert former.status_code == 308 and former.headers["Location"] == path
    followed = client.get(former.headers["Location"])
    assert followed.status_code == 200 and followed.mimetype == "text/calendar"
    assert client.get("/api/v1/calendar/not-a-token.ics", validate=False).headers["Location"] == (
        "/api/v1/calendar/not-a-token")
