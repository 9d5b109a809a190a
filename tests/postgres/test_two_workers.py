"""Two web workers on one PostgreSQL database (two apps: their own engines, pools and caches): a logout in one
ends the access token in the other at its next request, and a list's ETag means the same in both (issue 14)."""
import pytest

from backend.extensions import db
from tests.opportunities.helpers import API, at, organisation, shift, vacancy
from tests.conftest import PG_URL, app_config
from tests.support import ApiClient, login, volunteer


@pytest.fixture
def second_worker(committing_app):
    from doemee.app import create_app

    other = create_app(app_config(PG_URL))
    other.testing = True
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_logout_in_one_worker_ends_the_token_in_the_other_at_once(committing_app, second_worker):
    one, two = ApiClient(committing_app), ApiClient(second_worker)
    person = volunteer(one)
    assert two.get(f"{API}/me", token=person.token).status_code == 200
    assert two.get(f"{API}/shifts?near=me", token=person.token).status_code == 200
    assert one.post(f"{API}/auth/logout", token=person.token).status_code == 204
    assert two.get(f"{API}/me", token=person.token).status_code == 401
    assert two.get(f"{API}/shifts?near=me", token=person.token).status_code == 401
    # A password change (every login of the person ends) seen from the other worker as well.
    tokens = login(one, person.email)
    assert two.get(f"{API}/me", token=tokens["access_token"]).status_code == 200
    r = one.post(f"{API}/auth/password", json={"current_password": person.password,
                                              "new_password": "een-nieuw-lang-wachtwoord-voor-anna"},
                 token=tokens["access_token"])
    assert r.status_code == 200, r.get_json()
    assert two.get(f"{API}/me", token=tokens["access_token"]).status_code == 401


def test_an_etag_of_one_worker_is_checked_right_by_the_other(committing_app, second_worker):
    one, two = ApiClient(committing_app), ApiClient(second_worker)
    coordinator, org_id = organisation(one, committing_app.test_cli_runner())
    opp = vacancy(one, coordinator, org_id)
    s = shift(one, coordinator, opp["id"], starts_at=at(2), capacity=3)
    first = one.get(f"{API}/shifts?limit=20")
    etag = {"If-None-Match": first.headers["ETag"]}
    assert two.get(f"{API}/shifts?limit=20", headers=etag).status_code == 304
    assert one.post(f"{API}/shifts/{s['id']}/signups", token=volunteer(one).token).status_code == 201
    changed = two.get(f"{API}/shifts?limit=20", headers=etag)
    assert changed.status_code == 200 and changed.get_json()["items"][0]["free_places"] == 2
