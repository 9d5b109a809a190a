"""Every role at home (issue 22): after logging in without a page to go back to, staff land on the dashboard, a shop
on its till, a coordinator on their organisations, a resident who only asks for help on their requests, a volunteer
on "Mijn DoeMee"; a page asked for (a vacancy's "log in to sign up", or "join") is where they go instead."""
from tests.accounts.factories import staff_member
from tests.campaigns.helpers import shop
from tests.support import PASSWORD, make_role, register
from tests.web_support import Browser


def _lands(app, person) -> str:
    browser = Browser(app)
    r = browser.login(person.email)
    assert r.status_code == 303
    landing = browser.client.get("/")  # the landing page sends a signed-in person home too
    assert landing.status_code == 302 and landing.headers["Location"] == r.headers["Location"]
    return r.headers["Location"]


def test_each_role_lands_on_its_own_home(app, client, cli):
    staff = staff_member(client, cli)
    assert _lands(app, staff) == "/gemeente"
    _merchant, owner = shop(client, cli, staff)
    assert _lands(app, owner) == "/winkel"
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    assert _lands(app, coordinator) == "/organisatie"
    resident = register(client, roles=["resident"])
    assert _lands(app, resident) == "/mijn/hulpvragen"
    assert _lands(app, register(client)) == "/mijn"


def test_a_page_asked_for_wins_and_joining_comes_back_to_it(app, client, cli):
    staff = staff_member(client, cli)
    browser = Browser(app)
    r = browser.post("/inloggen", {"email": staff.email, "password": PASSWORD, "next": "/mijn/inzet"},
                     form_from="/inloggen?next=/mijn/inzet")
    assert r.status_code == 303 and r.headers["Location"] == "/mijn/inzet"
    # Joining from a vacancy's page: the join form carries the page, and the new volunteer lands on it.
    visitor = Browser(app)
    form = visitor.get("/meedoen?next=/aanbod/00000000-0000-4000-8000-000000000000").get_data(as_text=True)
    assert 'name="next" value="/aanbod/00000000-0000-4000-8000-000000000000"' in form
    joined = visitor.post("/meedoen", {"display_name": "Ria", "email": "ria@example.org", "password": PASSWORD,
                                       "locale": "nl", "privacy": "on", "privacy_version": _version(form),
                                       "next": "/aanbod/00000000-0000-4000-8000-000000000000"},
                          form_from="/meedoen")
    assert joined.status_code == 303
    assert joined.headers["Location"] == "/aanbod/00000000-0000-4000-8000-000000000000"
    # Never another site.
    elsewhere = Browser(app).post("/meedoen", {"display_name": "Kees", "email": "kees@example.org",
                                               "password": PASSWORD, "locale": "nl", "privacy": "on",
                                               "privacy_version": _version(form), "next": "//evil.example/"},
                                  form_from="/meedoen")
    assert elsewhere.headers["Location"] == "/mijn?welkom=1"


def _version(page: str) -> str:
    import re

    return re.search(r'name="privacy_version" value="([^"]+)"', page).group(1)
