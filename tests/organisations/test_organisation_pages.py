"""The organisation's side (/organisatie) through the browser-like test client: registering an organisation,
co-coordinators, vacancies with a weekly rule, shifts, the roster, the door, hours; who may see what; CSRF;
both languages. The municipality's verification and the volunteers' sign-ups go through the API."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa

from backend.engagements.models import Engagement, HoursEntry
from backend.notifications.models import OutboxMessage
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import OrganisationMember
from tests.accounts.factories import staff_member
from tests.support import login, volunteer
from tests.web_support import Browser, path_of, text

# A Monday in October 2026, the week before summer time ends (Sunday 25 October).
MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)


def _staff_token(client, cli) -> str:
    return login(client, staff_member(client, cli).email)["access_token"]


def _coordinator(app, client, cli, *, name="Buurthuis De Kapel", verify=True, language="nl"):
    """A browser signed in as the coordinator of a freshly registered organisation; returns (browser, org id)."""
    browser = Browser(app, language=language)
    email = browser.register(name="Carla Coördinator", locale=language)
    r = browser.post("/organisatie/nieuw", {"name": name, "description": "Koffie en ontmoeting"})
    assert r.status_code == 303, text(r)[:1000]
    org_id = path_of(r.headers["Location"]).split("/")[2].split("?")[0]
    if verify:
        v = client.put(f"/api/v1/organisations/{org_id}/verification", token=_staff_token(client, cli))
        assert v.status_code == 200
    browser.email = email
    return browser, org_id


def _new_vacancy(browser, org_id, **fields) -> str:
    data = {"title": "Koffie schenken", "description": "Gastvrij zijn", "category": "events",
            "postcode": "3144 BA", "commitment": "one_off", "action": "save", **fields}
    r = browser.post(f"/organisatie/{org_id}/vacatures/nieuw", data)
    assert r.status_code == 303, text(r)[:2000]
    return path_of(r.headers["Location"]).split("/")[3].split("?")[0]


def _add_shift(browser, opp_id, day="2026-10-21", start="10:00", end="12:00", capacity="2"):
    r = browser.post(f"/organisatie/vacatures/{opp_id}/diensten",
                     {"shift_date": day, "shift_start": start, "shift_end": end, "shift_capacity": capacity},
                     form_from=f"/organisatie/vacatures/{opp_id}")
    assert r.status_code == 303, text(r)[:2000]


def _shifts(db_session, opp_id) -> list[Shift]:
    db_session.expire_all()
    return list(db_session.scalars(sa.select(Shift).where(Shift.opportunity_id == uuid.UUID(opp_id))
                                   .order_by(Shift.starts_at)))


def test_register_an_organisation_it_waits_for_verification_and_coordinators_come_and_go(app, client, cli,
                                                                                        db_session):
    browser, org_id = _coordinator(app, client, cli, verify=False)
    page = browser.get(f"/organisatie/{org_id}?done=registered")
    assert "Wachten op verificatie door de gemeente" in text(page)
    assert "Buurthuis De Kapel" in text(browser.get("/organisatie"))
    # the profile: its own text in Dutch, and a website that must be a web address
    r = browser.post(f"/organisatie/{org_id}/profiel", {"description": "Inloop op dinsdag", "website": "kapel.nl"},
                     form_from=f"/organisatie/{org_id}")
    assert r.status_code == 422 and "Een webadres begint met https://." in text(r)
    r = browser.post(f"/organisatie/{org_id}/profiel", {"description": "Inloop op dinsdag",
                                                         "website": "https://kapel.example"},
                     form_from=f"/organisatie/{org_id}")
    assert r.status_code == 303
    assert "Inloop op dinsdag" in text(browser.get(f"/organisatie/{org_id}"))

    colleague = Browser(app)
    colleague_email = colleague.register(name="Dirk Jansen")
    r = browser.post(f"/organisatie/{org_id}/coordinatoren", {"email": colleague_email},
                     form_from=f"/organisatie/{org_id}")
    assert r.status_code == 303
    assert "Dirk Jansen (uitgenodigd)" in text(browser.get(f"/organisatie/{org_id}"))
    # the colleague sees the invitation, accepts it and can open the organisation
    mine = colleague.get("/organisatie")
    assert "uitgenodigd om deze organisatie te coördineren" in text(mine)
    r = colleague.post(f"/organisatie/{org_id}/uitnodiging", {}, form_from="/organisatie")
    assert r.status_code == 303
    assert colleague.get(f"/organisatie/{org_id}").status_code == 200
    # an unknown address: the same answer, and nobody is added
    browser.post(f"/organisatie/{org_id}/coordinatoren", {"email": "niemand@example.org"},
                 form_from=f"/organisatie/{org_id}")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(OrganisationMember)
                             .where(OrganisationMember.organisation_id == uuid.UUID(org_id))) == 2
    # removing the colleague closes the organisation's pages to them
    colleague_id = db_session.scalar(sa.select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == uuid.UUID(org_id), OrganisationMember.status == "active")
        .order_by(OrganisationMember.accepted_at.desc()))
    r = browser.post(f"/organisatie/{org_id}/coordinatoren/{colleague_id}/verwijderen", {},
                     form_from=f"/organisatie/{org_id}")
    assert r.status_code == 303
    assert colleague.get(f"/organisatie/{org_id}").status_code == 403


def test_register_needs_a_name_and_the_page_speaks_english(app, client, cli):
    browser = Browser(app, language="en")
    browser.register(locale="en")
    r = browser.post("/organisatie/nieuw", {"name": "", "description": ""})
    assert r.status_code == 422 and "Missing data for required field." in text(r)  # as the API says it
    r = browser.post("/organisatie/nieuw", {"name": "Sportclub", "description": ""})
    page = browser.get(path_of(r.headers["Location"]))
    assert "Waiting for verification by the municipality" in text(page)


def test_a_weekly_rule_shows_its_dates_across_the_clock_change_and_publishing_makes_them(
        app, client, cli, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    browser, org_id = _coordinator(app, client, cli)
    rule = {"commitment": "regular", "weekdays": "tue", "rule_start": "18:00", "rule_end": "20:00",
            "rule_capacity": "3", "rule_weeks": "2", "rule_starting": "2026-10-19"}
    r = browser.post(f"/organisatie/{org_id}/vacatures/nieuw",
                     {"title": "Jeugdtraining", "category": "sports", "postcode": "3144 BA", "action": "preview",
                      **rule})
    assert r.status_code == 200
    preview = text(r)
    # 18:00 on the clock on both Tuesdays, before and after summer time ends
    assert "Diensten die deze planning maakt: 2" in preview
    assert "di 20 okt 2026, 18:00-20:00" in preview and "di 27 okt 2026, 18:00-20:00" in preview
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Opportunity)) == 0  # a preview saves nothing

    opp_id = _new_vacancy(browser, org_id, title="Jeugdtraining", category="sports", required_skills="sports_coaching",
                          languages=["nl", "en"], requires_vog="on", min_age="18", **rule)
    assert _shifts(db_session, opp_id) == []
    r = browser.post(f"/organisatie/vacatures/{opp_id}/status", {"action": "publish"},
                     form_from=f"/organisatie/vacatures/{opp_id}")
    assert r.status_code == 303
    shifts = _shifts(db_session, opp_id)
    assert [s.starts_at.isoformat() for s in shifts] == ["2026-10-20T16:00:00+00:00", "2026-10-27T17:00:00+00:00"]
    page = text(browser.get(f"/organisatie/vacatures/{opp_id}"))
    assert "Gepubliceerd" in page and "di 27 okt 2026, 18:00-20:00" in page

    # capacity and cancelling one shift; its volunteer is told (an outbox message)
    anna = volunteer(client)
    assert client.post(f"/api/v1/shifts/{shifts[1].id}/signups", token=anna.token).status_code == 201
    r = browser.post(f"/organisatie/diensten/{shifts[0].id}/capaciteit", {"capacity": "5"},
                     form_from=f"/organisatie/vacatures/{opp_id}")
    assert r.status_code == 303 and _shifts(db_session, opp_id)[0].capacity == 5
    r = browser.post(f"/organisatie/diensten/{shifts[1].id}/annuleren", {},
                     form_from=f"/organisatie/vacatures/{opp_id}")
    assert r.status_code == 303 and _shifts(db_session, opp_id)[1].status == "cancelled"
    told = db_session.scalars(sa.select(OutboxMessage.template).where(
        OutboxMessage.user_id == uuid.UUID(anna.id))).all()
    assert "shift_cancelled" in told


def test_a_vacancy_form_says_what_is_wrong_and_saves_nothing(app, client, cli, db_session):
    browser, org_id = _coordinator(app, client, cli)
    r = browser.post(f"/organisatie/{org_id}/vacatures/nieuw",
                     {"title": "Klussen", "category": "odd_jobs", "commitment": "one_off", "action": "save"})
    assert r.status_code == 422 and "postcode" in text(r).lower()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Opportunity)) == 0
    opp_id = _new_vacancy(browser, org_id, remote="on", postcode="")
    r = browser.post(f"/organisatie/vacatures/{opp_id}/bewerken",
                     {"title": "Koffie schenken op zondag", "category": "events", "remote": "on",
                      "commitment": "one_off", "action": "save"})
    assert r.status_code == 303
    assert "Koffie schenken op zondag" in text(browser.get(f"/organisatie/vacatures/{opp_id}"))


def test_roster_candidates_invitation_door_and_hours(app, client, cli, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    browser, org_id = _coordinator(app, client, cli)
    opp_id = _new_vacancy(browser, org_id, category="groceries", required_skills="groceries")
    _add_shift(browser, opp_id, day="2026-10-21", start="10:00", end="12:00", capacity="3")
    browser.post(f"/organisatie/vacatures/{opp_id}/status", {"action": "publish"},
                 form_from=f"/organisatie/vacatures/{opp_id}")
    [shift] = _shifts(db_session, opp_id)
    anna = volunteer(client, skills=[{"code": "groceries", "level": 2}],
                     availability=[{"weekday": "wed", "start": "09:00", "end": "13:00"}])
    bram, cees = volunteer(client), volunteer(client)
    assert client.post(f"/api/v1/shifts/{shift.id}/signups", token=bram.token).status_code == 201
    assert client.post(f"/api/v1/shifts/{shift.id}/signups", token=cees.token).status_code == 201

    page = browser.get(f"/organisatie/diensten/{shift.id}")
    assert page.status_code == 200
    body = text(page)
    assert "Geaccepteerd" in body and "Anna" in body  # Bram on the roster, Anna a candidate
    html = page.get_data(as_text=True)
    assert f'value="{anna.id}"' in html
    r = browser.post(f"/organisatie/diensten/{shift.id}/uitnodigen", {"volunteer_id": anna.id},
                     form_from=f"/organisatie/diensten/{shift.id}")
    assert r.status_code == 303
    assert "Uitgenodigd" in text(browser.get(f"/organisatie/diensten/{shift.id}"))

    code_page = browser.get(f"/organisatie/diensten/{shift.id}/code")
    assert code_page.status_code == 200
    code = db_session.get(Shift, shift.id).checkin_code
    assert code in text(code_page) and "<svg" in code_page.get_data(as_text=True)

    # at the door (10:05 local): Bram has no phone and is ticked off
    time_machine.move_to(datetime(2026, 10, 21, 8, 5, tzinfo=timezone.utc), tick=False)
    bram_engagement = db_session.scalar(sa.select(Engagement.id).where(Engagement.volunteer_id == uuid.UUID(bram.id)))
    r = browser.post(f"/organisatie/deelnames/{bram_engagement}/aanwezig", {},
                     form_from=f"/organisatie/diensten/{shift.id}")
    assert r.status_code == 303
    assert "Ingecheckt" in text(browser.get(f"/organisatie/diensten/{shift.id}"))
    # Cees did not come: marked once the shift has started
    cees_engagement = db_session.scalar(sa.select(Engagement.id).where(
        Engagement.volunteer_id == uuid.UUID(cees.id)))
    r = browser.post(f"/organisatie/deelnames/{cees_engagement}/niet-gekomen", {},
                     form_from=f"/organisatie/diensten/{shift.id}")
    assert r.status_code == 303
    db_session.expire_all()
    assert db_session.get(Engagement, cees_engagement).status == "no_show"

    # after the shift: approve with corrected minutes; the CSV has them
    time_machine.move_to(datetime(2026, 10, 21, 11, 0, tzinfo=timezone.utc), tick=False)
    hours_id = db_session.scalar(sa.select(HoursEntry.id).where(HoursEntry.volunteer_id == uuid.UUID(bram.id)))
    page = browser.get(f"/organisatie/diensten/{shift.id}")
    assert 'name="minutes-%s" value="115"' % hours_id in page.get_data(as_text=True)
    r = browser.post(f"/organisatie/diensten/{shift.id}/uren", {"hours": str(hours_id),
                                                                f"minutes-{hours_id}": "90"},
                     form_from=f"/organisatie/diensten/{shift.id}")
    assert r.status_code == 303
    db_session.expire_all()
    entry = db_session.get(HoursEntry, hours_id)
    assert (entry.status, entry.minutes) == ("approved", 90)
    csv_body = browser.get(f"/organisatie/{org_id}/uren.csv").get_data(as_text=True)
    assert re.search(r"^2026-10,\S*,[0-9a-f]{8},90,1\.50\r$", csv_body, re.M), csv_body
    assert csv_body.splitlines()[0] == "Maand,Vrijwilliger,Vrijwilligersnummer,Minuten,Uren"  # in Dutch


def test_the_week_overview_highlights_free_places_and_understaffed_shifts(app, client, cli, db_session,
                                                                          time_machine):
    time_machine.move_to(MONDAY, tick=False)
    browser, org_id = _coordinator(app, client, cli)
    opp_id = _new_vacancy(browser, org_id, title="Markt opbouwen")
    _add_shift(browser, opp_id, day="2026-10-20", start="10:00", end="12:00", capacity="2")  # within 48 h
    _add_shift(browser, opp_id, day="2026-10-24", start="10:00", end="12:00", capacity="1")  # this week
    _add_shift(browser, opp_id, day="2026-11-03", start="10:00", end="12:00", capacity="1")  # next week
    browser.post(f"/organisatie/vacatures/{opp_id}/status", {"action": "publish"},
                 form_from=f"/organisatie/vacatures/{opp_id}")
    page = text(browser.get(f"/organisatie/{org_id}"))
    week = page.split("Deze week", 1)[1]
    assert "Te weinig mensen in de komende 48 uur" in week
    assert "di 20 okt 2026, 10:00-12:00" in week and "za 24 okt 2026" in week and "3 nov" not in week
    assert "2 vrij" in week


def test_a_coordinator_sees_nothing_of_another_organisation(app, client, cli, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    owner, org_a = _coordinator(app, client, cli, name="Organisatie A")
    opp_id = _new_vacancy(owner, org_a)
    _add_shift(owner, opp_id)
    owner.post(f"/organisatie/vacatures/{opp_id}/status", {"action": "publish"},
               form_from=f"/organisatie/vacatures/{opp_id}")
    [shift] = _shifts(db_session, opp_id)
    anna = volunteer(client)
    client.post(f"/api/v1/shifts/{shift.id}/signups", token=anna.token)
    engagement_id = db_session.scalar(sa.select(Engagement.id).where(Engagement.shift_id == shift.id))

    other, org_b = _coordinator(app, client, cli, name="Organisatie B")
    for path in (f"/organisatie/{org_a}", f"/organisatie/vacatures/{opp_id}", f"/organisatie/diensten/{shift.id}",
                 f"/organisatie/diensten/{shift.id}/code", f"/organisatie/{org_a}/uren.csv",
                 f"/organisatie/vacatures/{opp_id}/bewerken"):
        r = other.get(path)
        assert r.status_code == 403, path
        assert "Anna" not in text(r) and "Koffie schenken" not in text(r)
    for path, data in ((f"/organisatie/diensten/{shift.id}/uitnodigen", {"volunteer_id": anna.id}),
                       (f"/organisatie/diensten/{shift.id}/annuleren", {}),
                       (f"/organisatie/deelnames/{engagement_id}/aanwezig", {}),
                       (f"/organisatie/vacatures/{opp_id}/status", {"action": "close"}),
                       (f"/organisatie/deelnames/{engagement_id}/niet-gekomen", {}),
                       (f"/organisatie/diensten/{shift.id}/uren", {"hours": str(engagement_id)}),
                       (f"/organisatie/diensten/{shift.id}/capaciteit", {"capacity": "9"}),
                       (f"/organisatie/{org_a}/coordinatoren", {"email": other.email})):
        assert other.post(path, data, form_from=f"/organisatie/{org_b}").status_code in (403, 404), path
    db_session.expire_all()
    assert db_session.get(Shift, shift.id).status == "open" and db_session.get(Shift, shift.id).capacity == 2
    assert db_session.get(Opportunity, uuid.UUID(opp_id)).status == "published"
    # a volunteer without the coordinator role is not let in at all; unknown ids are not found
    volunteer_browser = Browser(app)
    volunteer_browser.register()
    assert volunteer_browser.get(f"/organisatie/{org_a}").status_code == 403
    assert owner.get("/organisatie/diensten/geen-uuid").status_code == 404


def test_every_form_needs_the_pages_csrf_token(app, client, cli, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    browser, org_id = _coordinator(app, client, cli)
    opp_id = _new_vacancy(browser, org_id)
    r = browser.post(f"/organisatie/vacatures/{opp_id}/status", {"action": "publish"}, csrf=False)
    assert r.status_code == 400
    r = browser.post(f"/organisatie/{org_id}/vacatures/nieuw", {"title": "X", "category": "events",
                                                                "remote": "on", "action": "save"}, csrf=False)
    assert r.status_code == 400
    db_session.expire_all()
    assert [o.status for o in db_session.scalars(sa.select(Opportunity))] == ["draft"]


def test_the_header_links_coordinators_to_their_organisations(app, client, cli):
    browser, _org = _coordinator(app, client, cli, language="en")
    assert "My organisations" in text(browser.get("/mijn"))
