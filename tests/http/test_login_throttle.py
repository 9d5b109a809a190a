"""One login throttle for both surfaces: failures count per account and per address across accounts, on the API
and the web alike; an address past its allowance waits a growing delay (stated in Retry-After), which lets a right
password in after the wait and slows one password tried on many accounts to a guess a minute."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support import PASSWORD, ApiClient, register
from tests.web_support import Browser, text

WRONG = "not-the-right-password"
NOW = "2026-11-20 10:00:00+01:00"


@pytest.fixture(autouse=True)
def _fresh_counters(app):
    from backend.extensions import limiter

    with app.app_context():
        limiter.reset()


def _api(client, email, password, **kwargs):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}, **kwargs)


def _web(browser, email, password, **kwargs):
    return browser.post("/inloggen", {"email": email, "password": password}, **kwargs)


def test_failures_on_five_accounts_do_not_keep_a_sixth_person_out_on_either_surface(app, client):
    sixth = register(client)
    browser = Browser(app)
    for i in range(5):
        assert _web(browser, f"typo{i}@example.org", WRONG).status_code == 401
        assert _api(client, f"typo{i}@example.org", WRONG).status_code == 401
    assert _web(browser, sixth.email, PASSWORD).status_code == 303
    assert _api(client, sixth.email, PASSWORD).status_code == 200


def test_failures_on_one_account_count_on_both_surfaces(app, client):
    person = register(client)
    browser = Browser(app)
    limit = app.extensions["doemee_config"]["LOGIN_ATTEMPTS_PER_MINUTE"]
    for i in range(limit):
        r = _api(client, person.email, WRONG) if i % 2 else _web(browser, person.email, WRONG)
        assert r.status_code == 401
    r = _api(client, person.email, PASSWORD)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) <= 60
    r = _web(browser, person.email, PASSWORD)
    assert r.status_code == 429 and r.mimetype == "text/html" and "Te veel pogingen" in text(r)
    assert r.headers["Retry-After"]


def test_spraying_is_slowed_on_both_surfaces_and_a_right_password_gets_in_after_the_wait(strict_app, time_machine):
    time_machine.move_to(NOW, tick=False)
    client, browser = ApiClient(strict_app), Browser(strict_app)
    untouched = register(client)
    # one password tried on many accounts, from one address, on both surfaces: the allowance is 3
    assert _api(client, "victim0@example.org", WRONG).status_code == 401
    assert _web(browser, "victim1@example.org", WRONG).status_code == 401
    assert _api(client, "victim2@example.org", WRONG).status_code == 401
    r = _api(client, "victim3@example.org", WRONG)
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
    r = _web(browser, "victim3@example.org", WRONG)
    assert r.status_code == 429 and r.mimetype == "text/html" and r.headers["Retry-After"] == "2"
    # during the wait even the right password of an account without failures waits (no oracle for the sprayer)
    assert _api(client, untouched.email, PASSWORD).status_code == 429
    # another address is not affected
    assert _api(client, untouched.email, PASSWORD, environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
    # after the wait it gets in, from the busy address, on both surfaces
    time_machine.shift(timedelta(seconds=2))
    assert _api(client, untouched.email, PASSWORD).status_code == 200
    assert _web(browser, untouched.email, PASSWORD).status_code == 303
    # each further failure doubles the wait, up to a minute
    waits = []
    for i in range(8):
        r = _api(client, f"victim{10 + i}@example.org", WRONG)
        assert r.status_code == 401
        r = _api(client, f"victim{10 + i}@example.org", WRONG)
        assert r.status_code == 429
        waits.append(int(r.headers["Retry-After"]))
        time_machine.shift(timedelta(seconds=waits[-1]))
    assert waits == [4, 8, 16, 32, 60, 60, 60, 60]
    # a new minute does not give the sprayer the allowance back: the level is remembered
    time_machine.shift(timedelta(minutes=2))
    assert _api(client, "victim30@example.org", WRONG).status_code == 401
    r = _api(client, "victim31@example.org", WRONG)
    assert r.status_code == 429 and r.headers["Retry-After"] == "60"
    # a quarter of an hour without failures: forgotten
    time_machine.shift(timedelta(minutes=16))
    for i in range(2):
        assert _api(client, f"victim{40 + i}@example.org", WRONG).status_code == 401
    assert _api(client, untouched.email, PASSWORD).status_code == 200


def test_x_forwarded_for_names_the_client_only_behind_a_configured_proxy(strict_app, proxied_app, app):
    from backend.extensions import limiter

    def spray(application, forwarded_for):
        client = ApiClient(application)
        return [_api(client, f"spray{i}@example.org", WRONG, headers={"X-Forwarded-For": forwarded_for}).status_code
                for i in range(4)]

    # straight on the internet (strict_app): writing another X-Forwarded-For does not make the client someone else
    assert spray(strict_app, "203.0.113.1")[-1] == 429
    assert spray(strict_app, "203.0.113.2")[0] == 429
    with app.app_context():
        limiter.reset()
    # behind one proxy the forwarded address is the client: each is counted for itself
    assert spray(proxied_app, "203.0.113.1") == [401, 401, 401, 429]
    assert spray(proxied_app, "203.0.113.2")[0] == 401
