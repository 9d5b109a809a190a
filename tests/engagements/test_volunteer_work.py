"""Finding work and doing it, through the pages: for you, all open work with search, an opportunity with its
shifts, signing up (a place or the waiting list with its number, a clash warned about), withdrawing, invitations,
my engagements, checking in at the door by code, the calendar link. A volunteer never sees another's engagement."""
from datetime import datetime, timedelta, timezone

import uuid

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import CalendarFeed, Engagement, HoursEntry
from tests import factories
from tests.web_support import Browser, text

UTC = timezone.utc
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # a Wednesday afternoon


def _volunteer(app, *, language="nl", postcode="3144 BA"):
    browser = Browser(app, language=language)
    email = browser.register(locale=language)
    r = browser.post("/mijn/profiel/postcode", {"postcode": postcode})
    assert r.status_code == 303
    browser.post("/mijn/profiel/skills", {"skills": "cooking"})
    browser.post("/mijn/profiel/availability", {f"slot_{d}_{p}": "on" for d in ("mon", "tue", "wed", "thu", "fri",
                                                                              "sat", "sun")
                                               for p in ("morning", "afternoon", "evening")})
    browser.email = email
    return browser


def _user_id(db_session, email):
    return db_session.scalar(sa.select(User.id).where(User.email == email))


def _status(db_session, engagement_id):
    return db_session.scalar(sa.select(Engagement.status).where(Engagement.id == engagement_id)
                             .execution_options(populate_existing=True))


def _work(db_session, *, title="Koffie schenken in De Kapel", starts_at=None, capacity=3, **fields):
    org = factories.organisation(db_session, name="Buurthuis De Kapel")
    opp = factories.opportunity(db_session, org, title=title, description="Koffie en een praatje.", **fields)
    shift = factories.shift(db_session, opp, starts_at=starts_at or NOW + timedelta(days=2), capacity=capacity)
    return opp, shift


def test_all_open_work_with_search_and_an_opportunity_with_its_shifts(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    opp, shift = _work(db_session)
    _work(db_session, title="Fietsen repareren")
    page = text(browser.get("/aanbod"))
    assert "Koffie schenken in De Kapel" in page and "Fietsen repareren" in page
    assert "Buurthuis De Kapel" in page and "nog 3 plekken vrij" in page and "km van huis" in page

    found = text(browser.get("/aanbod?zoek=fiets"))
    assert "Fietsen repareren" in found and "Koffie schenken" not in found
    assert "Niets gevonden" in text(browser.get("/aanbod?zoek=zwemmen"))

    detail = browser.get(f"/aanbod/{opp.id}")
    assert detail.status_code == 200
    assert "Koffie en een praatje." in text(detail)
    assert f'action="/diensten/{shift.id}/aanmelden"' in detail.get_data(as_text=True)
    assert "vr 12 jun, 14:00 - 16:00" in text(detail)  # 12:00 UTC is 14:00 in Maassluis in summer


def test_signing_up_gives_a_place_then_the_waiting_list_with_its_number(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    opp, shift = _work(db_session, capacity=1)
    first, second = _volunteer(app), _volunteer(app)

    r = first.post(f"/diensten/{shift.id}/aanmelden", form_from=f"/aanbod/{opp.id}")
    assert r.status_code == 303
    page = text(first.get(r.headers["Location"]))
    assert "Je bent aangemeld. Bedankt!" in page

    r = second.post(f"/diensten/{shift.id}/aanmelden", form_from=f"/aanbod/{opp.id}")
    page = text(second.get(r.headers["Location"]))
    assert "je staat op de wachtlijst, nummer 1" in page
    assert "Op de wachtlijst (nummer 1)" in page

    # My engagements lists it as coming up.
    mine = text(first.get("/mijn/inzet"))
    assert "Koffie schenken in De Kapel" in mine and "Je bent aangemeld" in mine and "Bijgewerkt op" in mine

    # The first withdraws: the place goes to the second, who sees it.
    mine_html = first.get("/mijn/inzet").get_data(as_text=True)
    first_engagement = uuid.UUID(mine_html.split('href="/mijn/inzet/')[1].split('"')[0])
    r = first.post(f"/mijn/inzet/{first_engagement}/afmelden", form_from=f"/mijn/inzet/{first_engagement}")
    assert r.status_code == 303 and "Je bent afgemeld" in text(first.get(r.headers["Location"]))
    assert _status(db_session, first_engagement) == "withdrawn"
    assert "Je bent aangemeld" in text(second.get("/mijn/inzet"))


def test_a_clash_with_another_sign_up_is_shown(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    one_opp, one = _work(db_session)
    other_opp, other = _work(db_session, title="Soep koken", starts_at=one.starts_at + timedelta(hours=1))
    browser.post(f"/diensten/{one.id}/aanmelden", form_from=f"/aanbod/{one_opp.id}")
    r = browser.post(f"/diensten/{other.id}/aanmelden", form_from=f"/aanbod/{other_opp.id}")
    assert "overlap=1" in r.headers["Location"]
    assert "Let op: dit is op hetzelfde moment als iets anders" in text(browser.get(r.headers["Location"]))


def test_signing_up_without_the_forms_token_is_refused_and_changes_nothing(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    _opp, shift = _work(db_session)
    r = browser.post(f"/diensten/{shift.id}/aanmelden", {}, csrf=False)
    assert r.status_code == 400
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)
                             .where(Engagement.shift_id == shift.id)) == 0


def test_an_invitation_is_accepted_or_declined_with_one_button(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    me = _user_id(db_session, browser.email)
    opp, shift = _work(db_session)
    invited = factories.engagement(db_session, volunteer_id=me, opp=opp, shift=shift, status="invited")
    page = browser.get(f"/mijn/inzet/{invited.id}")
    assert "Je bent uitgenodigd" in text(page) and "Ja, ik kom" in text(page)
    r = browser.post(f"/mijn/inzet/{invited.id}/uitnodiging", {"answer": "accept"})
    assert r.status_code == 303 and _status(db_session, invited.id) == "accepted"

    opp2, shift2 = _work(db_session, title="Soep koken", starts_at=NOW + timedelta(days=5))
    second = factories.engagement(db_session, volunteer_id=me, opp=opp2, shift=shift2, status="invited")
    r = browser.post(f"/mijn/inzet/{second.id}/uitnodiging", {"answer": "decline"})
    assert "Je hebt de uitnodiging afgeslagen." in text(browser.get(r.headers["Location"]))
    assert _status(db_session, second.id) == "declined"


def test_a_volunteer_never_sees_or_changes_another_volunteers_engagement(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    anna, bob = _volunteer(app), _volunteer(app)
    opp, shift = _work(db_session)
    annas = factories.engagement(db_session, volunteer_id=_user_id(db_session, anna.email), opp=opp, shift=shift)
    assert anna.get(f"/mijn/inzet/{annas.id}").status_code == 200
    r = bob.get(f"/mijn/inzet/{annas.id}")
    assert r.status_code == 404 and "Koffie schenken" not in text(r)
    r = bob.post(f"/mijn/inzet/{annas.id}/afmelden", form_from="/mijn/inzet")
    assert r.status_code == 404 and _status(db_session, annas.id) == "accepted"
    assert "Koffie schenken" not in text(bob.get("/mijn/inzet"))


def _accepted_for(app, db_session, starts_at):
    """A volunteer with a place on a shift that starts at ``starts_at``: (browser, shift, engagement)."""
    browser = _volunteer(app)
    opp, shift = _work(db_session, starts_at=starts_at)
    engagement = factories.engagement(db_session, volunteer_id=_user_id(db_session, browser.email), opp=opp,
                                      shift=shift)
    return browser, shift, engagement


def test_checking_in_at_the_door_by_typing_the_code(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser, shift, engagement = _accepted_for(app, db_session, NOW + timedelta(minutes=10))
    page = browser.get(f"/mijn/inzet/{engagement.id}")
    assert "Inchecken bij de deur" in text(page)

    r = browser.post(f"/mijn/inzet/{engagement.id}/inchecken", {"code": "ZZZZZZ"})
    assert r.status_code == 422 and 'aria-invalid="true"' in r.get_data(as_text=True)
    assert _status(db_session, engagement.id) == "accepted"

    r = browser.post(f"/mijn/inzet/{engagement.id}/inchecken", {"code": shift.checkin_code.lower()})
    assert r.status_code == 303
    assert "Je bent ingecheckt" in text(browser.get(r.headers["Location"]))
    assert _status(db_session, engagement.id) == "checked_in"
    assert db_session.scalar(sa.select(HoursEntry.status).where(HoursEntry.engagement_id == engagement.id)) \
        == "proposed"


def test_checking_in_too_early_says_when_it_opens(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser, shift, engagement = _accepted_for(app, db_session, NOW + timedelta(hours=3))
    r = browser.post(f"/mijn/inzet/{engagement.id}/inchecken", {"code": shift.checkin_code})
    assert r.status_code == 409 and "16:30" in text(r)  # 30 minutes before 17:00 in Maassluis
    assert _status(db_session, engagement.id) == "accepted"


def test_the_calendar_link_is_made_shown_once_renewed_and_stopped(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    me = _user_id(db_session, browser.email)
    r = browser.post("/mijn/agenda", {"action": "create"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    url = html.split('id="calendar-url" type="text" readonly value="')[1].split('"')[0]
    assert url.startswith("http://localhost/api/v1/calendar/") and not url.endswith(".ics")
    assert browser.client.get(url.replace("http://localhost", "")).status_code == 200
    assert url not in browser.get("/mijn/agenda").get_data(as_text=True)  # shown once
    r = browser.post("/mijn/agenda", {"action": "delete"})
    assert r.status_code == 303
    assert browser.client.get(url.replace("http://localhost", "")).status_code == 404
    assert db_session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed).where(
        CalendarFeed.volunteer_id == me, CalendarFeed.revoked_at.is_(None))) == 0


def test_for_you_shows_cards_with_their_reasons_and_filters(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    _work(db_session, required_skills=["cooking"])
    page = text(browser.get("/voor-jou"))
    assert "Koffie schenken in De Kapel" in page and "Waarom voor jou:" in page
    assert "Koffie schenken" not in text(browser.get("/voor-jou?soort=help_request"))
    # two days after a Wednesday: a Friday, at 14:00 in Maassluis
    assert "Koffie schenken" in text(browser.get("/voor-jou?dag=fri&dagdeel=afternoon"))
    assert "Koffie schenken" not in text(browser.get("/voor-jou?dag=sat"))


def test_the_pages_in_english(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app, language="en")
    opp, shift = _work(db_session)
    assert "All open work" in text(browser.get("/aanbod"))
    r = browser.post(f"/diensten/{shift.id}/aanmelden", form_from=f"/aanbod/{opp.id}")
    assert "You are signed up. Thank you!" in text(browser.get(r.headers["Location"]))
    assert "Coming up" in text(browser.get("/mijn/inzet"))


def test_for_you_without_a_profile_leads_to_the_profile(browser):
    browser.register()
    r = browser.get("/voor-jou")
    assert r.status_code == 303 and r.headers["Location"].endswith("/mijn/profiel")


def test_the_check_in_field_shows_from_half_an_hour_before_and_the_reminders_are_explained(app, db_session,
                                                                                          time_machine):
    time_machine.move_to(NOW, tick=False)
    browser, _shift, engagement = _accepted_for(app, db_session, NOW + timedelta(days=2))
    page = text(browser.get(f"/mijn/inzet/{engagement.id}"))
    assert "Inchecken bij de deur" not in page and "Code bij de deur" not in page
    assert "een dag van tevoren en twee uur van tevoren" in page and "met een code, vanaf" in page
    time_machine.move_to(NOW + timedelta(days=2) - timedelta(minutes=29), tick=False)
    assert "Code bij de deur" in text(browser.get(f"/mijn/inzet/{engagement.id}"))
