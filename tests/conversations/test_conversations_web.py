"""Conversations on the web pages: asking from the vacancy page, answering from the menu's unread count, writing to
everyone from the shift roster; messages shown as text (HTML never rendered, links clickable); CSRF; both languages;
the staff's reported list."""
import re

import sqlalchemy as sa

from backend.conversations.models import Message
from tests.conversations.helpers import ask, scene
from tests.support import make_role, register
from tests.web_support import Browser, text

NASTY = '<script>alert("x")</script><b>vet</b> Route: https://example.org/route?a=1&b=2.'


def _signed_in(app, person) -> Browser:
    browser = Browser(app)
    assert browser.login(person.email).status_code == 303
    return browser


def test_a_volunteer_asks_from_the_vacancy_page_and_html_is_shown_as_text(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    volunteer = _signed_in(app, s.asker)
    vacancy = volunteer.get(f"/aanbod/{s.opportunity_id}")
    link = f"/berichten/vacature/{s.opportunity_id}"
    assert f'href="{link}"' in vacancy.get_data(as_text=True) and "Stel een vraag" in text(vacancy)
    form = volunteer.get(link)
    assert form.status_code == 200 and "Je hoeft je nog niet aan te melden" in text(form)

    r = volunteer.post(link, {"body": NASTY})
    assert r.status_code == 303
    page = volunteer.get(r.location)
    html = page.get_data(as_text=True)
    assert "<script>alert" not in html and "<b>vet</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;" in html
    assert re.search(r'<a class="utrecht-link" href="https://example.org/route\?a=1&amp;b=2" rel="nofollow noopener '
                     r'noreferrer">https://example.org/route\?a=1&amp;b=2</a>\.', html)
    assert "Je bericht is verstuurd." in text(page)

    # the coordinator sees the count in the menu, reads, answers; the count is gone
    coordinator = _signed_in(app, s.coordinator)
    menu = coordinator.get("/mijn")
    assert "Berichten 1 ongelezen" in text(menu)
    listing = coordinator.get("/berichten")
    assert "1 nieuw bericht" in text(listing) and "Met: Anna" in text(listing)
    thread_path = r.location.split("?")[0]
    answer = coordinator.post(thread_path, {"body": "Welkom, kom gerust kijken."})
    assert answer.status_code == 303
    assert "ongelezen" not in text(coordinator.get("/mijn"))
    assert "Welkom, kom gerust kijken." in text(volunteer.get(thread_path))


def test_the_coordinator_writes_to_everyone_from_the_roster(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    coordinator = _signed_in(app, s.coordinator)
    roster = coordinator.get(f"/organisatie/diensten/{s.shift_id}")
    assert roster.status_code == 200, text(roster)[:500]
    link = f"/berichten/dienst/{s.shift_id}"
    assert f'href="{link}"' in roster.get_data(as_text=True) and "Bericht aan iedereen op deze dienst" in text(roster)
    r = coordinator.post(link, {"body": "Vergeet je schort niet!"})
    assert r.status_code == 303
    on_shift = _signed_in(app, s.on_shift)
    page = on_shift.get(r.location.split("?")[0])
    assert "Vergeet je schort niet!" in text(page) and "Carla (Buurthuis De Kapel)" in text(page)
    # the volunteer who only asked is not on it
    assert _signed_in(app, s.asker).get(r.location.split("?")[0]).status_code == 404


def test_a_blank_or_forged_message_changes_nothing(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    volunteer = _signed_in(app, s.asker)
    link = f"/berichten/vacature/{s.opportunity_id}"
    r = volunteer.post(link, {"body": "   "})
    assert r.status_code == 422 and "Schrijf een bericht." in text(r)
    r = volunteer.post(link, {"body": "Zonder token"}, csrf=False)
    assert r.status_code == 400
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0


def test_the_pages_speak_english(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    volunteer = _signed_in(app, s.asker)
    assert volunteer.post("/taal", {"locale": "en", "next": "/mijn"}, form_from="/mijn").status_code == 303
    assert "Ask a question" in text(volunteer.get(f"/aanbod/{s.opportunity_id}"))
    assert "You do not need to sign up first" in text(volunteer.get(f"/berichten/vacature/{s.opportunity_id}"))
    thread = ask(client, s.asker, s.opportunity_id)
    page = volunteer.get(f"/berichten/{thread['id']}")
    assert "With: Buurthuis De Kapel" in text(page) and "Your message" in text(page)


def test_outsiders_and_staff_pages(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id, "Geheim")
    staff = register(client)
    make_role(cli, staff, "municipality_staff", "maassluis")
    staff_browser = _signed_in(app, staff)
    assert staff_browser.get(f"/berichten/{thread['id']}").status_code == 404
    assert staff_browser.get(f"/gemeente/berichten/{thread['id']}").status_code == 404
    assert "Er is geen gesprek gemeld." in text(staff_browser.get("/gemeente/berichten"))
    assert _signed_in(app, s.asker).get("/gemeente/berichten").status_code == 403

    coordinator = _signed_in(app, s.coordinator)
    message_id = thread["messages"][0]["id"]
    r = coordinator.post(f"/berichten/{thread['id']}/{message_id}", {},
                         form_from=f"/berichten/{thread['id']}")
    assert r.status_code == 303
    assert "De gemeente kijkt naar dit bericht." in text(coordinator.get(r.location))
    page = staff_browser.get(f"/gemeente/berichten/{thread['id']}")
    assert page.status_code == 200 and "Geheim" in text(page) and "Je bezoek wordt vastgelegd" in text(page)


def test_the_accepted_helper_writes_from_the_help_request_page(app, client, cli, db_session):
    from tests.conversations.helpers import accepted_help, unread

    neighbour, helper, other, request_id = accepted_help(client, db_session)
    browser = _signed_in(app, helper)
    page = browser.get(f"/hulpvragen/{request_id}")
    link = f"/berichten/hulp/{request_id}"
    assert f'href="{link}"' in page.get_data(as_text=True)
    assert "Alleen jullie tweeën lezen deze berichten." in text(browser.get(link))
    r = browser.post(link, {"body": "Ik bel om 10 uur aan."})
    assert r.status_code == 303
    assert unread(client, neighbour) == 1
    # the volunteer whose offer was closed has no link and no way in
    outsider = _signed_in(app, other)
    assert f'href="{link}"' not in outsider.get(f"/hulpvragen/{request_id}").get_data(as_text=True)
    assert outsider.get(link).status_code == 404


def test_the_neighbour_writes_to_their_helper_from_their_request(app, client, cli, db_session):
    from tests.conversations.helpers import accepted_help, unread

    neighbour, helper, _other, request_id = accepted_help(client, db_session)
    browser = _signed_in(app, neighbour)
    page = browser.get(f"/mijn/hulpvragen/{request_id}")
    link = f"/berichten/hulp/{request_id}"
    assert page.status_code == 200 and f'href="{link}"' in page.get_data(as_text=True)
    r = browser.post(link, {"body": "Kom je om 10 uur?"})
    assert r.status_code == 303 and unread(client, helper) == 1
