"""Where and whom (issue 21): a vacancy's place and contact person, on the vacancy page with links to the phone's
map app, on the engagement after a sign-up, in "Mijn inzet", in the invitation, the reminder and the calendar; and
who is on a shift as the coordinators see them: full name and chosen channel once accepted, never before."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from backend.notifications.render import render
from tests.notifications.helpers import relay
from tests.opportunities.helpers import organisation, shift, vacancy
from tests.support import login, register, volunteer
from tests.web_support import Browser, text

# Mails are held in the quiet hours (22:00-08:00): the tests that read them run in the afternoon.
AFTERNOON = datetime(2026, 6, 15, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))

API = "/api/v1"
PLACE = {"name": "Buurthuis De Vloot", "street": "Uiverstraat 2", "directions": "Ingang aan de achterkant",
         "latitude": 51.9187, "longitude": 4.2497}


def _vacancy_with_place(client, cli, *, capacity=3, **fields):
    coordinator, org_id = organisation(client, cli)
    opening = vacancy(client, coordinator, org_id, place=PLACE,
                      contact={"person_id": coordinator.id, "channel": "phone", "phone": "06-12345678"}, **fields)
    return coordinator, org_id, opening, shift(client, coordinator, opening["id"], capacity=capacity)


def _web(app, person, language="nl"):
    browser = Browser(app, language=language)
    assert browser.login(person.email).status_code == 303
    return browser


def test_the_vacancy_has_a_place_with_map_links_and_a_contact_person_only_its_coordinators_manage(client, cli):
    coordinator, org_id, opening, _ = _vacancy_with_place(client, cli)
    assert opening["place"]["street"] == "Uiverstraat 2" and opening["place"]["city"] == "Maassluis"
    assert opening["place"]["postcode"] == "3144 AB"
    assert opening["place"]["geo_uri"].startswith("geo:51.918700,4.249700?q=51.918700,4.249700(")
    assert opening["place"]["map_url"].startswith("https://www.openstreetmap.org/?mlat=51.918700&mlon=4.249700")
    assert opening["contact"] == {"person_id": coordinator.id, "first_name": "Anna", "channel": "phone",
                                  "email": None, "phone": "+31612345678"}

    # open to anyone: the place, never the person
    public = client.get(f"{API}/opportunities/{opening['id']}")
    assert public.status_code == 200 and public.get_json()["place"]["name"] == "Buurthuis De Vloot"
    assert "contact" not in public.get_json() and "612345678" not in public.get_data(as_text=True)

    # a coordinator of another organisation is no contact person here, and may not change the vacancy
    stranger, _ = organisation(client, cli, name="Sportclub")
    refused = client.patch(f"{API}/opportunities/{opening['id']}", token=coordinator.token,
                           json={"contact": {"person_id": stranger.id, "channel": "email"}})
    assert refused.status_code == 400 and set(refused.get_json()["errors"]) == {"contact.person_id"}
    assert client.patch(f"{API}/opportunities/{opening['id']}", token=stranger.token,
                        json={"place": None}).status_code == 403

    # remote drops the place; at home or online is a place of its own
    remote = client.patch(f"{API}/opportunities/{opening['id']}", token=coordinator.token, json={"remote": True})
    assert remote.status_code == 200 and remote.get_json()["place"]["remote"] is True
    assert remote.get_json()["place"]["street"] == ""


def test_the_vacancy_page_shows_the_place_with_links_to_the_map_app_and_the_contacts_first_name(app, client, cli):
    _, _, opening, _ = _vacancy_with_place(client, cli)
    anna = volunteer(client)
    page = _web(app, anna).get(f"/aanbod/{opening['id']}")
    shown = text(page)
    assert page.status_code == 200
    assert "Buurthuis De Vloot Uiverstraat 2 3144 AB Maassluis Ingang aan de achterkant" in shown
    assert "Open in mijn kaart-app" in shown and "Of bekijk het op OpenStreetMap" in shown
    html = page.get_data(as_text=True)
    assert 'href="geo:51.918700,4.249700?q=51.918700,4.249700(Buurthuis%20De%20Vloot)"' in html
    assert 'href="https://www.openstreetmap.org/?mlat=51.918700&amp;mlon=4.249700#map=18/51.918700/4.249700"' in html
    assert "Contactpersoon Anna" in shown
    assert "1234 5678" not in shown and "tel:" not in html  # how to reach them: once on a shift
    english = text(_web(app, register(client, locale="en"), "en").get(f"/aanbod/{opening['id']}"))
    assert "Open in my map app" in english and "Contact person Anna" in english


def test_after_signing_up_the_confirmation_and_my_engagements_say_where_and_whom(app, client, cli):
    _, _, opening, one = _vacancy_with_place(client, cli)
    anna = volunteer(client)
    browser = _web(app, anna)
    signed = browser.post(f"/diensten/{one['id']}/aanmelden", {}, form_from=f"/aanbod/{opening['id']}")
    assert signed.status_code == 303 and "aangemeld=1" in signed.location
    confirmation = text(browser.get(signed.location))
    assert "Je bent aangemeld" in confirmation
    assert "Waar Buurthuis De Vloot Uiverstraat 2 3144 AB Maassluis" in confirmation
    assert "Contactpersoon Anna 06 1234 5678" in confirmation
    mine = text(browser.get("/mijn/inzet"))
    assert "Buurthuis De Vloot" in mine and "Contactpersoon: Anna" in mine

    engagement_id = signed.location.split("/mijn/inzet/")[1].split("?")[0]
    own = client.get(f"{API}/engagements/{engagement_id}", token=anna.token).get_json()
    assert own["place"]["street"] == "Uiverstraat 2" and own["contact"]["phone"] == "+31612345678"
    assert client.get(f"{API}/engagements/{engagement_id}", token=volunteer(client).token).status_code == 404
    # after withdrawing, the place stays and the contact person's number goes
    assert client.post(f"{API}/engagements/{engagement_id}/withdraw", token=anna.token).status_code == 200
    gone = client.get(f"{API}/engagements/{engagement_id}", token=anna.token).get_json()
    assert gone["place"]["street"] == "Uiverstraat 2" and gone["contact"] is None


def _volunteer_named(client, name):
    person = register(client, display_name=name)
    assert client.put(f"{API}/me/profile", json={"postcode": "3144 BA"}, token=person.token).status_code == 201
    return person


def test_coordinators_see_full_names_and_channels_of_accepted_volunteers_only(app, client, cli):
    coordinator, _, _, one = _vacancy_with_place(client, cli, capacity=2)
    gijs_v, gijs_b, gijs_j = (_volunteer_named(client, name) for name in ("Gijs de Vries", "Gijs Bakker",
                                                                            "Gijs Jansen"))
    ids = {}
    for person in (gijs_v, gijs_b, gijs_j):  # the third is waitlisted
        ids[person.id] = client.post(f"{API}/shifts/{one['id']}/signups", token=person.token).get_json()["id"]
    chosen = client.put(f"{API}/engagements/{ids[gijs_b.id]}/contact", token=gijs_b.token,
                        json={"channel": "phone", "phone": "0612345679"})
    assert chosen.status_code == 200 and chosen.get_json()["contact_channel"] == "phone"
    assert client.put(f"{API}/engagements/{ids[gijs_j.id]}/contact", token=gijs_j.token,
                      json={"channel": "email"}).status_code == 200
    # nobody chooses for someone else
    assert client.put(f"{API}/engagements/{ids[gijs_b.id]}/contact", token=gijs_v.token,
                      json={"channel": "email"}).status_code == 404

    items = client.get(f"{API}/shifts/{one['id']}/engagements", token=coordinator.token).get_json()["items"]
    contacts = {line["engagement_id"]: line["contact"] for line in items}
    assert contacts[ids[gijs_v.id]] == {"full_name": "Gijs de Vries", "channel": "doemee", "email": None,
                                        "phone": None}
    assert contacts[ids[gijs_b.id]] == {"full_name": "Gijs Bakker", "channel": "phone", "email": None,
                                        "phone": "+31612345679"}
    assert contacts[ids[gijs_j.id]] is None  # waitlisted: first name only, though they chose e-mail
    assert {line["first_name"] for line in items} == {"Gijs"}
    # a volunteer is no coordinator
    assert client.get(f"{API}/shifts/{one['id']}/engagements", token=gijs_v.token).status_code == 403

    page = _web(app, coordinator).get(f"/organisatie/diensten/{one['id']}")
    shown = text(page)
    assert "Gijs de Vries Alleen via DoeMee" in shown and "Gijs Bakker 06 1234 5679" in shown
    assert "Jansen" not in shown and gijs_j.email not in shown
    assert _web(app, gijs_v).get(f"/organisatie/diensten/{one['id']}").status_code == 403


def test_an_invitation_in_its_own_words_seen_with_place_and_contact_and_answered_in_one_tap(
        app, client, cli, mailbox, time_machine):
    time_machine.move_to(AFTERNOON, tick=False)
    coordinator, _, _, one = _vacancy_with_place(client, cli)
    bram = volunteer(client)
    coordinating = _web(app, coordinator)
    invited = coordinating.post(f"/organisatie/diensten/{one['id']}/uitnodigen", {"volunteer_id": bram.id})
    assert invited.status_code == 303
    shown = text(coordinating.get(invited.location))
    assert "De uitnodiging is verstuurd. De vrijwilliger krijgt een bericht en kan ja of nee zeggen." in shown
    assert "Als dit adres een DoeMee-account heeft" not in shown

    relay(app)
    [mail] = mailbox.to(bram.email)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert mail["Subject"] == "Uitnodiging: Koffie schenken in het buurthuis"
    assert "Buurthuis De Kapel nodigt je uit voor" in body
    assert "Waar: Buurthuis De Vloot, Uiverstraat 2, 3144 AB Maassluis" in body
    assert "Contactpersoon: Anna (06 1234 5678)" in body and "/mijn/inzet/" in body

    browser = _web(app, bram)
    mine = browser.get("/mijn/inzet")
    listed = text(mine)
    assert "Uitnodigingen voor jou" in listed and "Uiverstraat 2" in listed and "Contactpersoon Anna" in listed
    engagement_id = re.search(r'/mijn/inzet/([0-9a-f-]{36})/uitnodiging', mine.get_data(as_text=True)).group(1)
    seen = client.get(f"{API}/engagements/{engagement_id}", token=bram.token).get_json()
    assert seen["status"] == "invited" and seen["contact"]["first_name"] == "Anna"
    answered = browser.post(f"/mijn/inzet/{engagement_id}/uitnodiging", {"answer": "accept"}, form_from="/mijn/inzet")
    assert answered.status_code == 303
    assert client.get(f"{API}/engagements/{engagement_id}", token=bram.token).get_json()["status"] == "accepted"


def test_the_reminder_mail_and_push_and_the_calendar_carry_place_and_contact(app, client, cli, mailbox,
                                                                               time_machine):
    time_machine.move_to(AFTERNOON, tick=False)
    _, _, _, one = _vacancy_with_place(client, cli)
    anna = volunteer(client)
    assert client.post(f"{API}/shifts/{one['id']}/signups", token=anna.token).status_code == 201
    relay(app)
    mailbox.clear()

    time_machine.move_to(datetime.fromisoformat(one["starts_at"]) - timedelta(hours=24), tick=False)
    result = cli.invoke(args=["run-job", "shift-reminders"])
    assert result.exit_code == 0 and "1 due, 1 enqueued" in result.output, result.output
    relay(app)
    [mail] = mailbox.to(anna.email)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Waar: Buurthuis De Vloot, Uiverstraat 2, 3144 AB Maassluis" in body
    assert "Kaart: https://www.openstreetmap.org/?mlat=51.918700&mlon=4.249700" in body
    assert "Contactpersoon: Anna (06 1234 5678)" in body
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Contactpersoon: Anna (06 1234 5678)" in html

    push = render("shift_reminder", "nl", {"title": "Koffie schenken", "starts_at": one["starts_at"], "hours": 2,
                                           "place": "Buurthuis De Vloot, Uiverstraat 2", "contact_name": "Anna"},
                  tz=ZoneInfo("Europe/Amsterdam"), base_url="http://localhost")
    assert push.push_body.endswith("bij Buurthuis De Vloot, Uiverstraat 2, contactpersoon Anna. Kom je?")

    token = login(client, anna.email)["access_token"]  # a day later: a new login
    url = client.post(f"{API}/me/calendar-feed", token=token).get_json()["url"]
    feed = client.get(url[url.index("/api/v1/"):])
    [event] = Calendar.from_ical(feed.data).walk("VEVENT")
    assert str(event["LOCATION"]) == "Buurthuis De Vloot, Uiverstraat 2, 3144 AB Maassluis"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (51.9187, 4.2497)
    assert str(event["DESCRIPTION"]) == "Ingang aan de achterkant\nContactpersoon: Anna (06 1234 5678)"


def test_the_vacancy_form_sets_place_and_contact_person_and_the_export_names_the_contact(app, client, cli):
    coordinator, org_id = organisation(client, cli)
    browser = _web(app, coordinator)
    form = browser.get(f"/organisatie/{org_id}/vacatures/nieuw")
    assert "Contactpersoon" in text(form) and f'value="{coordinator.id}" selected' in form.get_data(as_text=True)
    saved = browser.post(f"/organisatie/{org_id}/vacatures/nieuw", {
        "title": "Voorlezen", "category": "events", "postcode": "3144 AB", "commitment": "one_off",
        "place_name": "Bibliotheek", "place_street": "Uiverstraat 2", "contact_person": coordinator.id,
        "contact_channel": "email", "action": "save"})
    assert saved.status_code == 303, text(saved)[:1500]
    page = text(browser.get(saved.location))
    assert "Bibliotheek Uiverstraat 2 3144 AB Maassluis" in page and coordinator.email in page
    export = client.get(f"{API}/me/export", token=coordinator.token)
    assert export.status_code == 200
    [entry] = export.get_json()["contact_person_of"]
    assert entry["title"] == "Voorlezen" and entry["channel"] == "email"
    # someone who coordinates nothing here sees no form
    outsider = register(client)
    assert _web(app, outsider).get(f"/organisatie/{org_id}/vacatures/nieuw").status_code == 403


def test_the_volunteer_chooses_on_the_page_how_the_coordinators_may_reach_them(app, client, cli):
    coordinator, _, _, one = _vacancy_with_place(client, cli)
    anna = volunteer(client)
    engagement_id = client.post(f"{API}/shifts/{one['id']}/signups", token=anna.token).get_json()["id"]
    browser = _web(app, anna)
    refused = browser.post(f"/mijn/inzet/{engagement_id}/contact", {"contact_channel": "phone",
                                                                   "contact_phone": "12345"})
    assert refused.status_code == 422 and "Gebruik een Nederlands telefoonnummer" in text(refused)
    chosen = browser.post(f"/mijn/inzet/{engagement_id}/contact", {"contact_channel": "phone",
                                                                  "contact_phone": "06 1234 5679"})
    assert chosen.status_code == 303
    page = browser.get(chosen.location)
    assert "Opgeslagen." in text(page) and 'value="06 1234 5679"' in page.get_data(as_text=True)
    roster = text(_web(app, coordinator).get(f"/organisatie/diensten/{one['id']}"))
    assert "Anna 06 1234 5679" in roster
    # someone else's engagement is not found
    other = volunteer(client)
    assert _web(app, other).post(f"/mijn/inzet/{engagement_id}/contact", {"contact_channel": "email"},
                                 form_from="/mijn/inzet").status_code == 404
