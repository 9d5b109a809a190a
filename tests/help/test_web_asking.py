"""Residents ask for help themselves on the web (/mijn/hulpvragen): the form (flexible or a moment; the address kept
for the chosen volunteer only; contact in DoeMee or by phone), the offers with why each volunteer fits, choosing
one (the others are told kindly), closing with thanks, withdrawing; only their own requests; nl and en; CSRF."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.help.models import HelpRequest, HelpRequestAddress
from backend.notifications.models import OutboxMessage
from backend.opportunities.models import Opportunity
from tests.support import register
from tests.web_support import Browser, path_of, text

MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)
STREET = "Verborgenlaan"


def resident_browser(app, *, language="nl", name="Ria Jansen"):
    """Joins on the web ticking "I (also) want to ask for help", as the landing page's link leads one to."""
    browser = Browser(app, language=language)
    page = browser.get("/meedoen")
    version = re.search(r'name="privacy_version" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    r = browser.post("/meedoen", {"display_name": name, "email": f"{name.split()[0].lower()}-{id(browser)}@example.org",
                                  "password": "een-lang-wachtwoord-1", "locale": language, "privacy": "on",
                                  "privacy_version": version, "wants_help": "on"})
    assert r.status_code == 303 and path_of(r.headers["Location"]) == "/mijn/hulpvragen/nieuw?welkom=1"
    return browser


def helper(client, name, postcode="3144 BA", skills=None):
    person = register(client, display_name=name)
    body = {"postcode": postcode}
    if skills:
        body["skills"] = skills
    r = client.put("/api/v1/me/profile", json=body, token=person.token)
    assert r.status_code == 201, r.get_json()
    return person


def ask(browser, **changes) -> str:
    data = {"category": "groceries", "title": "Boodschappen halen", "description": "Een tas van de Jumbo",
            "when": "moment", "day": "2026-10-22", "start": "10:00", "end": "12:00", "urgency": "normal",
            "street": STREET, "house_number": "12", "postcode": "3144 BA", "contact": "doemee", **changes}
    r = browser.post("/mijn/hulpvragen/nieuw", data)
    assert r.status_code == 303, text(r)[:2000]
    return path_of(r.headers["Location"]).split("/")[3].split("?")[0]


def offer_ids(page) -> list[str]:
    return re.findall(r"/aanbod/([0-9a-f-]{36})/kiezen", page.get_data(as_text=True))


def outbox(db_session, template):
    return list(db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == template)))


def test_joining_to_ask_leads_to_the_form_and_a_flexible_request_keeps_the_address_for_later(app, db_session,
                                                                                              time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = resident_browser(app)
    form = text(ria.get("/mijn/hulpvragen/nieuw?welkom=1"))
    assert "Welkom bij DoeMee!" in form and "Boodschappen of een klein boodschapje" in form
    assert "Niemand ziet je adres tot je een vrijwilliger kiest." in form

    request_id = ask(ria, when="flexibel", day="", start="", end="", contact="phone", phone="06-12 34 56 78")
    saved = db_session.get(HelpRequest, request_id)
    assert saved.window_end - saved.window_start == timedelta(days=14)
    assert saved.window_start == MONDAY
    address = db_session.get(HelpRequestAddress, saved.id)
    assert (address.street, address.phone) == (STREET, "+31612345678")
    page = text(ria.get(f"/mijn/hulpvragen/{request_id}?done=asked"))
    assert "Je hulpvraag staat in DoeMee." in page and "Flexibel, tot maandag 2 november 2026" in page
    assert "Telefonisch, op 06 1234 5678" in page and "Niemand ziet het tot je een helper kiest." in page
    assert "Taanshuurpolder" in page or "Sluispolder" in page or "Maassluis" in page or "buurt" in page.lower()

    home = text(ria.get("/mijn"))  # a resident's home: asking, not the volunteer's menu
    assert "Hulp vragen" in home and "Mijn hulpvragen" in home and "Voor jou" not in home
    assert "Boodschappen halen" in text(ria.get("/mijn/hulpvragen"))


def test_contact_in_doemee_keeps_no_phone_number(app, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = resident_browser(app)
    request_id = ask(ria, contact="doemee", phone="06 1234 5678")
    assert db_session.get(HelpRequestAddress, request_id).phone is None


def test_bad_input_reshows_the_form_and_stores_nothing(app, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = resident_browser(app)
    before = db_session.scalar(sa.select(sa.func.count()).select_from(HelpRequest))
    cases = [({"category": ""}, "Verplicht veld ontbreekt"),
             ({"contact": "phone", "phone": ""}, "Vul je telefoonnummer in, of kies voor contact in DoeMee."),
             ({"when": "moment", "start": ""}, "Verplicht veld ontbreekt"),
             ({"postcode": "9999 ZZ"}, "9999"),
             ({"day": "2026-10-18"}, "De periode mag niet in het verleden beginnen")]
    for changes, message in cases:
        data = {"category": "groceries", "title": "Boodschappen", "description": "Een tas", "when": "moment",
                "day": "2026-10-22", "start": "10:00", "end": "12:00", "urgency": "normal", "street": STREET,
                "house_number": "12", "postcode": "3144 BA", "contact": "doemee", **changes}
        r = ria.post("/mijn/hulpvragen/nieuw", data)
        assert r.status_code == 422, changes
        page = text(r)
        assert "Kijk dit even na" in page and f'value="{STREET}"' in r.get_data(as_text=True), changes  # as typed
        assert message.lower() in page.lower(), (changes, page[:1500])
    assert db_session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)) == before


def test_choose_a_helper_the_others_are_told_kindly_then_close_with_thanks(app, client, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = resident_browser(app)
    request_id = ask(ria)
    anna = helper(client, "Anna Bakker", skills=[{"code": "groceries", "level": 3}])
    bram = helper(client, "Bram Visser", postcode="3145 AA")
    for person in (anna, bram):
        assert client.post(f"/api/v1/help-requests/{request_id}/offers", token=person.token).status_code == 201

    anna_web = Browser(app)
    anna_web.login(anna.email)
    volunteer_page = text(anna_web.get(f"/hulpvragen/{request_id}"))
    assert STREET not in volunteer_page and "Ria" not in volunteer_page  # never before acceptance
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=anna.token).status_code == 404

    detail = ria.get(f"/mijn/hulpvragen/{request_id}")
    page = text(detail)
    assert "Wie wil helpen" in page and "Anna" in page and "Bram" in page
    assert "Bakker" not in page and "Visser" not in page  # first names only
    assert "Kan helpen met: Boodschappen doen (Heel goed)" in page and "Woont in je buurt" in page
    anna_offer = client.get("/api/v1/me/engagements", token=anna.token).get_json()["items"][0]["id"]
    assert set(offer_ids(detail)) == {anna_offer, client.get("/api/v1/me/engagements", token=bram.token)
                                      .get_json()["items"][0]["id"]}
    r = ria.post(f"/mijn/hulpvragen/{request_id}/aanbod/{anna_offer}/kiezen", {},
                 form_from=f"/mijn/hulpvragen/{request_id}")
    assert r.status_code == 303
    chosen = text(ria.get(path_of(r.headers["Location"])))
    assert "Je hebt je helper gekozen." in chosen and "Je helper: Anna" in chosen
    assert "Alleen Anna, je helper, ziet het." in chosen

    [closed] = outbox(db_session, "offer_closed")
    assert str(closed.user_id) == bram.id
    assert len(outbox(db_session, "offer_accepted")) == 1
    assert STREET in text(anna_web.get(f"/hulpvragen/{request_id}"))  # now the volunteer sees the address
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=bram.token).status_code == 404

    r = ria.post(f"/mijn/hulpvragen/{request_id}/bedanken", {}, form_from=f"/mijn/hulpvragen/{request_id}")
    assert r.status_code == 303
    closed_page = text(ria.get(path_of(r.headers["Location"])))
    assert "Dank je wel! Je hulpvraag is gesloten" in closed_page and "Niemand ziet het meer." in closed_page
    [thanked] = outbox(db_session, "help_thanks")
    assert str(thanked.user_id) == anna.id
    assert db_session.get(Engagement, anna_offer).status == "completed"
    assert db_session.get(Opportunity, db_session.get(HelpRequest, request_id).opportunity_id).status == "closed"
    assert STREET not in text(anna_web.get(f"/hulpvragen/{request_id}"))


def test_withdraw_tells_everyone_who_offered(app, client, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = resident_browser(app)
    request_id = ask(ria)
    anna = helper(client, "Anna Bakker")
    client.post(f"/api/v1/help-requests/{request_id}/offers", token=anna.token)
    r = ria.post(f"/mijn/hulpvragen/{request_id}/intrekken", {}, form_from=f"/mijn/hulpvragen/{request_id}")
    assert r.status_code == 303
    assert "Je hulpvraag is ingetrokken." in text(ria.get(path_of(r.headers["Location"])))
    assert [str(m.user_id) for m in outbox(db_session, "help_request_cancelled")] == [anna.id]


def test_a_resident_sees_only_their_own_requests(app, client, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria, kees = resident_browser(app), resident_browser(app, name="Kees Smit")
    request_id = ask(ria)
    anna = helper(client, "Anna Bakker")
    client.post(f"/api/v1/help-requests/{request_id}/offers", token=anna.token)
    offer = client.get("/api/v1/me/engagements", token=anna.token).get_json()["items"][0]["id"]
    assert kees.get(f"/mijn/hulpvragen/{request_id}").status_code == 404
    assert "Boodschappen halen" not in text(kees.get("/mijn/hulpvragen"))
    for action in (f"aanbod/{offer}/kiezen", "bedanken", "intrekken"):
        r = kees.post(f"/mijn/hulpvragen/{request_id}/{action}", {}, form_from="/mijn/hulpvragen")
        assert r.status_code == 404, action
    assert client.get(f"/api/v1/help-requests/{request_id}", token=anna.token).get_json()["status"] == "published"
    # a volunteer who offered does not get the owner's page either
    anna_web = Browser(app)
    anna_web.login(anna.email)
    assert anna_web.get(f"/mijn/hulpvragen/{request_id}").status_code == 404
    assert Browser(app).get("/mijn/hulpvragen/nieuw").status_code == 302  # to log in first


def test_posting_without_the_csrf_token_is_refused(app, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = resident_browser(app)
    r = ria.post("/mijn/hulpvragen/nieuw", {"category": "groceries", "title": "Boodschappen", "description": "x",
                                           "when": "flexibel", "urgency": "normal", "street": STREET,
                                           "house_number": "12", "postcode": "3144 BA", "contact": "doemee"},
                 csrf=False)
    assert r.status_code == 400
    assert db_session.scalar(sa.select(sa.func.count()).select_from(HelpRequestAddress)
                             .where(HelpRequestAddress.street == STREET)) == 0


def test_the_pages_in_english(app, client, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = resident_browser(app, language="en")
    form = text(ria.get("/mijn/hulpvragen/nieuw"))
    assert "What do you need help with?" in form and "Flexible: any time in the next two weeks" in form
    request_id = ask(ria)
    page = text(ria.get(f"/mijn/hulpvragen/{request_id}?done=asked"))
    assert "Your request is in DoeMee." in page and "Nobody has offered yet." in page
    assert "Withdraw my request" in page


def test_a_volunteer_takes_up_asking_and_the_landing_page_links_to_the_form(app, client, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    landing = Browser(app).get("/")
    assert 'href="/mijn/hulpvragen/nieuw"' in landing.get_data(as_text=True)
    assert "Vraag het hier." in text(landing)
    person = helper(client, "Joke de Wit")
    joke = Browser(app)
    joke.login(person.email)
    r = joke.get("/mijn/hulpvragen/nieuw")
    assert r.status_code == 303 and path_of(r.headers["Location"]) == "/mijn/hulpvragen"
    assert "Ja, ik wil hulp vragen" in text(joke.get("/mijn/hulpvragen"))
    r = joke.post("/mijn/hulpvragen/aanzetten", {}, form_from="/mijn/hulpvragen")
    assert r.status_code == 303 and path_of(r.headers["Location"]) == "/mijn/hulpvragen/nieuw"
    assert ask(joke)
    home = text(joke.get("/mijn"))  # a volunteer who also asks keeps the volunteer's home, with their requests
    assert "Voor jou" in home and "Mijn hulpvragen" in home


def test_every_kind_urgency_and_contact_way_of_the_api_has_plain_words_on_the_form(app, time_machine):
    from backend.help.models import CATEGORIES, CONTACT_WAYS, URGENCIES
    from web.views.asking import CONTACT_WORDS, KINDS, URGENCY_WORDS

    assert (set(KINDS), set(URGENCY_WORDS), set(CONTACT_WORDS)) == (set(CATEGORIES), set(URGENCIES), set(CONTACT_WAYS))
    time_machine.move_to(MONDAY, tick=False)
    form = resident_browser(app).get("/mijn/hulpvragen/nieuw").get_data(as_text=True)
    for name, codes in (("category", CATEGORIES), ("urgency", URGENCIES), ("contact", CONTACT_WAYS)):
        assert set(re.findall(rf'name="{name}" value="(\w+)"', form)) == set(codes), name
