"""Web push on this phone, through the pages: the offer after a sign-up (only where the server has web push), the
subscription posted with the form's CSRF token (the same operation as the API), the phones on the notification
settings page and removing one. What the browser's JavaScript does is in web/static/js/push.js."""
from datetime import timedelta

import sqlalchemy as sa

from backend.config import vapid_public_key
from backend.notifications.models import DeviceToken
from tests.notifications.helpers import message, relay
from tests.notifications.webpush_support import FakeBrowser, push_service  # noqa: F401
from tests.web_support import csrf_token, fetch, text
from tests.engagements.test_volunteer_work import NOW, _user_id, _volunteer, _work


def _signed_up(app, db_session, time_machine, **kwargs):
    time_machine.move_to(NOW, tick=False)
    opp, shift = _work(db_session)
    browser = _volunteer(app, **kwargs)
    r = browser.post(f"/diensten/{shift.id}/aanmelden", form_from=f"/aanbod/{opp.id}")
    assert r.status_code == 303
    browser.engagement_page = r.headers["Location"]
    return browser


def _form(fake: FakeBrowser, **changes) -> dict:
    subscription = fake.subscription()
    return {"endpoint": subscription["endpoint"], **subscription["keys"], **changes}


def _phones(db_session, email) -> list:
    return list(db_session.scalars(sa.select(DeviceToken).where(DeviceToken.user_id == _user_id(db_session, email))
                                   .execution_options(populate_existing=True)))


def test_after_signing_up_the_page_offers_reminders_on_this_phone(app, db_session, time_machine, push_service):
    browser = _signed_up(app, db_session, time_machine)
    page = browser.get(browser.engagement_page)
    html = page.get_data(as_text=True)
    key = vapid_public_key(app.extensions["doemee_config"]["VAPID_PRIVATE_KEY"])
    # Hidden until push.js finds the browser can do push; without JavaScript the page is as before.
    assert f'data-push-key="{key}"' in html and "data-push-offer" in html and " hidden" in html
    assert 'action="/mijn/meldingen/deze-telefoon"' in html and "js/push.js" in html
    assert "Herinneringen op deze telefoon?" in text(page) and "Ja, herinner mij op deze telefoon" in text(page)

    plain = browser.get(browser.engagement_page.split("?")[0]).get_data(as_text=True)
    assert "data-push-offer" not in plain  # only right after a sign-up


def test_the_offer_in_english(app, db_session, time_machine, push_service):
    browser = _signed_up(app, db_session, time_machine, language="en")
    page = text(browser.get(browser.engagement_page))
    assert "Reminders on this phone?" in page and "Yes, remind me on this phone" in page


def test_without_web_push_on_the_server_there_is_no_offer(app, db_session, time_machine):
    browser = _signed_up(app, db_session, time_machine)
    page = browser.get(browser.engagement_page)
    assert "Je bent aangemeld" in text(page)
    assert "data-push-offer" not in page.get_data(as_text=True) and "push.js" not in page.get_data(as_text=True)


def test_the_subscription_is_kept_and_the_reminder_arrives_on_the_phone(app, db_session, time_machine,
                                                                         push_service):
    browser = _signed_up(app, db_session, time_machine)
    fake = FakeBrowser(push_service)
    push_service.expect_request(fake.path, method="POST").respond_with_data("", status=201)

    r = browser.post("/mijn/meldingen/deze-telefoon", _form(fake), form_from=browser.engagement_page)

    assert r.status_code == 204
    [phone] = _phones(db_session, browser.email)
    assert (phone.provider, phone.platform, phone.token) == ("webpush", "web", fake.endpoint)
    person = type("Person", (), {"id": str(_user_id(db_session, browser.email))})
    time_machine.move_to(NOW + timedelta(minutes=1), tick=False)
    key = message(db_session, person, template="waitlist_promoted")
    relay(app)
    # (the sign-up's own notice, if any, arrives the same way)
    assert key in [fake.decrypt(request.data)["tag"] for request, _response in push_service.log
                   if request.path == fake.path]


def test_posting_without_the_forms_token_is_refused_and_keeps_nothing(app, db_session, time_machine, push_service):
    browser = _signed_up(app, db_session, time_machine)
    r = browser.post("/mijn/meldingen/deze-telefoon", _form(FakeBrowser(push_service)), csrf=False)
    assert r.status_code == 400
    assert _phones(db_session, browser.email) == []


def test_a_bad_subscription_is_refused_with_the_field_and_keeps_nothing(app, db_session, time_machine,
                                                                         push_service):
    browser = _signed_up(app, db_session, time_machine)
    r = browser.post("/mijn/meldingen/deze-telefoon", _form(FakeBrowser(push_service), auth="kort"),
                     form_from=browser.engagement_page)
    assert r.status_code == 422
    assert r.get_json() == {"errors": {"auth": [
        "Dit is geen authenticatiegeheim van 16 bytes (base64url)."]}}
    assert _phones(db_session, browser.email) == []

    fake = FakeBrowser(push_service)
    r = browser.post("/mijn/meldingen/deze-telefoon", _form(fake, endpoint=fake.endpoint + "x" * 1000),
                     form_from=browser.engagement_page)
    assert r.status_code == 422
    # the API's own sentence for it (both read the subscription through the same schema)
    assert r.get_json() == {"errors": {"endpoint": ["Lengte moet tussen 1 en 1000 liggen."]}}
    assert _phones(db_session, browser.email) == []


def test_the_phone_is_listed_in_the_notification_settings_and_can_be_removed(app, db_session, time_machine,
                                                                              push_service):
    browser = _signed_up(app, db_session, time_machine)
    fake = FakeBrowser(push_service)
    assert "Geen enkele telefoon krijgt meldingen" in text(browser.get("/mijn/meldingen"))
    browser.post("/mijn/meldingen/deze-telefoon", _form(fake), form_from=browser.engagement_page)
    [phone] = _phones(db_session, browser.email)

    page = browser.get("/mijn/meldingen")
    assert "Telefoons met meldingen" in text(page) and "Browser, toegevoegd" in text(page)
    assert f'data-push-endpoint="{fake.endpoint}"' in page.get_data(as_text=True)

    r = browser.post(f"/mijn/meldingen/telefoons/{phone.id}/verwijderen", form_from="/mijn/meldingen")
    assert r.status_code == 303
    assert "Deze telefoon krijgt geen meldingen van DoeMee meer." in text(browser.get(r.headers["Location"]))
    assert _phones(db_session, browser.email) == []


def test_nobody_removes_another_persons_phone(app, db_session, time_machine, push_service):
    owner = _signed_up(app, db_session, time_machine)
    owner.post("/mijn/meldingen/deze-telefoon", _form(FakeBrowser(push_service)), form_from=owner.engagement_page)
    [phone] = _phones(db_session, owner.email)
    other = _volunteer(app)
    r = other.post(f"/mijn/meldingen/telefoons/{phone.id}/verwijderen", form_from="/mijn/meldingen")
    assert r.status_code == 404
    assert len(_phones(db_session, owner.email)) == 1


def test_the_service_worker_shows_pushes_and_the_script_is_served(app):
    client = app.test_client()
    status, mimetype, body = fetch(client, "/sw.js")
    assert status == 200 and b'addEventListener("push"' in body and b'addEventListener("notificationclick"' in body
    status, mimetype, body = fetch(client, "/static/js/push.js")
    assert status == 200 and mimetype in ("text/javascript", "application/javascript")
    assert b"applicationServerKey" in body and b"csrf_token" in body
