"""Deny by default: every web page declares who may see it; signed-out visitors are sent to log in; a page
without a declaration is closed; one commit per request, none when the page fails."""
import re

import pytest
import sqlalchemy as sa

from backend.accounts.models import User
from doemee.app import create_app
from tests.conftest import app_config
from tests.web_support import Browser, new_email, text
from web.access import PUBLIC, is_web_endpoint, page, web_policy_of

# Pages that need no login, on purpose. Adding one here is a decision, not an accident.
PUBLIC_PAGES = {
    "public.landing", "public.switch_language", "public.offline", "public.manifest", "public.service_worker",
    "public.static", "account.register", "account.login", "account.forgotten_password", "account.reset_password",
    "reminders.coming", "reminders.cant_make_it", "reminders.answer_coming", "reminders.answer_cant_make_it",
    # About the service (the footer) and the open list of vacancies and organisations (issue 22): nothing personal.
    "about.accessibility", "about.privacy", "about.contact", "find.index", "find.opportunity", "find.shift_calendar",
    "find.organisation", "find.sitemap", "find.robots", "find.atom", "find.json_feed",
    # The volunteer's list and vacancy page send a visitor to their open versions (tested in tests/find).
    "volunteering.browse", "volunteering.opportunity",
    # A saved search's stop link in an alert: its signed token is the credential (tested in tests/saved).
    "saved.stop", "saved.stop_alerts",
    # Logging in with the municipality's own identity provider (single sign-on): the way to log in at all.
    "sso_login.start", "sso_login.callback",
}


def _web_rules(app):
    with app.test_request_context():
        return [rule for rule in app.url_map.iter_rules() if is_web_endpoint(rule.endpoint)]


def test_every_web_page_declares_who_may_see_it(app):
    rules = _web_rules(app)
    assert len(rules) >= 15
    undeclared = [rule.rule for rule in rules if web_policy_of(app, rule.endpoint) is None]
    assert undeclared == []
    public = {rule.endpoint for rule in rules if PUBLIC in web_policy_of(app, rule.endpoint)}
    assert public == PUBLIC_PAGES


def test_every_other_page_sends_a_signed_out_visitor_to_log_in(app):
    browser = Browser(app)
    browser.get("/")
    for rule in _web_rules(app):
        if rule.endpoint in PUBLIC_PAGES:
            continue
        path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", rule.rule)  # a page behind an id
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                r = browser.client.get(path)
                assert r.status_code == 302 and r.headers["Location"].startswith("/inloggen?next="), path
            else:
                r = browser.post(path, {}, form_from="/")
                assert r.status_code in (302, 303) and "/inloggen" in r.headers["Location"], (method, path)


def test_a_page_without_declaration_is_closed_and_a_role_page_refuses_others(fresh_database):
    from flask import Blueprint

    from backend.extensions import db
    from web.views import BLUEPRINTS

    extra = Blueprint("staffonly", __name__)

    @extra.route("/gemeente/geheim")
    def forgotten():
        return "SECRET-CONTENT"

    @extra.route("/gemeente/overzicht")
    @page("municipality_staff")
    def staff_page():
        return "STAFF-CONTENT"

    BLUEPRINTS.append(extra)
    try:
        app = create_app(app_config(fresh_database))
    finally:
        BLUEPRINTS.remove(extra)
    browser = Browser(app)
    r = browser.client.get("/gemeente/geheim")
    assert r.status_code == 403 and r.mimetype == "text/html" and b"SECRET-CONTENT" not in r.data
    browser.register()
    r = browser.client.get("/gemeente/overzicht")
    assert r.status_code == 403 and r.mimetype == "text/html" and b"STAFF-CONTENT" not in r.data
    with app.app_context():
        db.engine.dispose()


@pytest.mark.logs_error
def test_a_page_that_fails_after_a_change_keeps_nothing(fresh_database, caplog):
    """The unit of work: the account made inside the failing request is rolled back."""
    from flask import Blueprint

    from backend.accounts import operations as accounts
    from backend.extensions import db
    from web.views import BLUEPRINTS

    extra = Blueprint("failing", __name__)
    email = new_email()

    @extra.route("/kapot")
    @page("public")
    def failing():
        accounts.create_admin(email=email, password="lange-wandeling-langs-de-waterweg", display_name="X")
        raise RuntimeError("after the change")

    BLUEPRINTS.append(extra)
    try:
        app = create_app(app_config(fresh_database))
    finally:
        BLUEPRINTS.remove(extra)
    r = app.test_client().get("/kapot")
    assert r.status_code == 500 and "Er ging bij ons iets mis" in text(r)
    assert "unhandled RuntimeError" in caplog.text and email not in caplog.text
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.email == email)) is None
        db.session.remove()
        db.engine.dispose()
