"""Login throttling by client address cannot lock residents out; X-Forwarded-For is trusted only behind proxies;
a token is valid only for the user whose session it names."""
import base64
import json

import pytest
from flask_jwt_extended import create_access_token

from backend.app import create_app
from tests.conftest import app_config
from tests.support import PASSWORD, ApiClient, register

WRONG = "not-the-right-password"


@pytest.fixture(scope="module")
def strict_apps(new_database):
    """Two apps with a per-address limit of 3 failures a minute: one straight on the internet, one behind one
    proxy. (The suite's app has the default of 50, which one test cannot reach without being slow.)"""
    apps = {}
    for name, proxies in (("direct", 0), ("behind_proxy", 1)):
        apps[name] = create_app(app_config(new_database(), LOGIN_FAILURES_PER_IP_PER_MINUTE=3, PROXY_COUNT=proxies))
    yield apps
    _dispose(apps.values())


def _dispose(apps):
    from backend.extensions import db

    for app in apps:
        with app.app_context():
            db.engine.dispose()


def _login(client, email, password, **kwargs):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}, **kwargs)


def test_failures_on_five_accounts_from_one_address_do_not_block_an_untouched_account(client):
    untouched = register(client)
    for i in range(5):
        assert _login(client, f"typo{i}@example.org", WRONG).status_code == 401
    r = _login(client, untouched.email, PASSWORD)
    assert r.status_code == 200
    assert r.get_json()["token_type"] == "Bearer"


def test_per_address_limit_counts_failures_on_accounts_that_have_failures(strict_apps):
    from backend.extensions import limiter

    app = strict_apps["direct"]
    client = ApiClient(app)
    with app.app_context():
        limiter.reset()
    untouched, guessed = register(client), register(client)
    # One address tries two passwords on each of several accounts (a password spray).
    for i in range(3):
        assert _login(client, f"victim{i}@example.org", WRONG).status_code == 401
        assert _login(client, f"victim{i}@example.org", WRONG + "2").status_code == 401
    assert _login(client, guessed.email, WRONG).status_code == 401
    r = _login(client, guessed.email, WRONG + "2")
    assert r.status_code == 429 and r.headers["Retry-After"]
    # the right password of an account with failures of its own, from that address: still held back
    assert _login(client, guessed.email, PASSWORD).status_code == 429
    # the right password of an account without failures gets in, from the same address, at the same moment
    assert _login(client, untouched.email, PASSWORD).status_code == 200
    # another address is not affected
    assert _login(client, guessed.email, PASSWORD, environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200


def _spray_from(client, forwarded_for: str) -> list[int]:
    statuses = []
    for i in range(3):
        for attempt in (WRONG, WRONG + "2"):
            statuses.append(_login(client, f"spray{i}@example.org", attempt,
                                   headers={"X-Forwarded-For": forwarded_for}).status_code)
    statuses.append(_login(client, "spray0@example.org", WRONG + "3",
                           headers={"X-Forwarded-For": forwarded_for}).status_code)
    return statuses


def test_x_forwarded_for_is_ignored_without_a_proxy_count(strict_apps):
    from backend.extensions import limiter

    app = strict_apps["direct"]
    client = ApiClient(app)
    with app.app_context():
        limiter.reset()
    assert _spray_from(client, "203.0.113.1")[-1] == 429
    # Writing another X-Forwarded-For does not make the client someone else.
    r = _login(client, "spray1@example.org", WRONG + "4", headers={"X-Forwarded-For": "203.0.113.2"})
    assert r.status_code == 429


def test_x_forwarded_for_names_the_client_behind_the_configured_proxy(strict_apps):
    from backend.extensions import limiter

    app = strict_apps["behind_proxy"]
    client = ApiClient(app)
    with app.app_context():
        limiter.reset()
    assert _spray_from(client, "203.0.113.1")[-1] == 429
    # Another resident behind the same proxy (same connection address) is somebody else.
    r = _login(client, "spray1@example.org", WRONG + "4", headers={"X-Forwarded-For": "203.0.113.2"})
    assert r.status_code == 401


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_token_naming_another_users_live_session_is_refused(app, client):
    anna, bram = register(client, display_name="Anna"), register(client, display_name="Bram")
    bram_session = _claims(bram.token)["sid"]
    anna_session = _claims(anna.token)["sid"]
    with app.app_context():  # forged with the installation's secret, as someone holding it could
        forged = create_access_token(identity=anna.id, additional_claims={"sid": bram_session})
        genuine = create_access_token(identity=anna.id, additional_claims={"sid": anna_session})
    assert client.get("/api/v1/me", token=genuine).get_json()["display_name"] == "Anna"
    r = client.get("/api/v1/me", token=forged)
    assert r.status_code == 401
    assert r.get_json()["type"].endswith("/unauthorized")
    # Bram's own session is untouched.
    assert client.get("/api/v1/me", token=bram.token).get_json()["display_name"] == "Bram"
