"""Registration, login, tokens and their abuse, password change and reset, rate limits."""
import base64
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from backend.accounts.models import ConsentRecord, User
from backend.notifications.models import OutboxMessage
from tests.support import PASSWORD, login, privacy_version, register


def _register(client, **overrides):
    body = {"email": "anna@example.org", "password": PASSWORD, "display_name": "Anna", "locale": "nl",
            "accepted_privacy_version": privacy_version(client), **overrides}
    return client.post("/api/v1/auth/register", json=body, headers={"Accept-Language": "en"})


def test_privacy_statement_in_both_languages(client):
    body = client.get("/api/v1/privacy").get_json()
    assert body["version"]
    assert "postcode" in body["text"]["en"] and "postcode" in body["text"]["nl"]


def test_register_records_consent_and_gives_the_volunteer_role(client, db_session):
    r = _register(client)
    assert r.status_code == 201
    body = r.get_json()
    assert body["email"] == "anna@example.org"
    assert [g["role"] for g in body["roles"]] == ["volunteer"]
    assert "password" not in json.dumps(body)
    consent = db_session.scalars(sa.select(ConsentRecord)).all()
    assert [(c.purpose, c.text_version) for c in consent] == [("privacy_statement", privacy_version(client))]
    stored = db_session.scalar(sa.select(User.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("version", [None, "2020-01", ""])
def test_register_needs_the_current_privacy_version(client, db_session, version):
    body = {} if version is None else {"accepted_privacy_version": version}
    r = client.post("/api/v1/auth/register", headers={"Accept-Language": "en"},
                    json={"email": "anna@example.org", "password": PASSWORD, "display_name": "Anna", **body})
    assert r.status_code == 400
    assert "accepted_privacy_version" in r.get_json()["errors"]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


@pytest.mark.parametrize("password,message", [
    ("kort", "Use at least 10 characters."),
    ("wachtwoord123", "This password is too common; choose another."),
    ("aaaaaaaaaaaaaa", "Use at least 5 different characters."),
    ("anna.jansen-secret!", "The password may not contain your e-mail address."),
])
def test_password_policy(client, password, message):
    r = _register(client, email="anna.jansen@example.org", password=password)
    assert r.status_code == 400
    assert message in r.get_json()["errors"]["password"]


def test_duplicate_email_is_409_whatever_the_case(client):
    assert _register(client).status_code == 201
    r = _register(client, email="  ANNA@Example.org ")
    assert r.status_code in (409, 400)
    r = _register(client, email="ANNA@example.org")
    assert r.status_code == 409
    assert r.get_json()["detail"] == "An account with this e-mail address already exists."


def test_register_rejects_staff_roles(client):
    r = _register(client, roles=["municipality_staff"])
    assert r.status_code == 400
    assert "roles.0" in r.get_json()["errors"]


def test_login_and_me(client):
    person = register(client, display_name="Bram")
    r = client.get("/api/v1/me", token=person.token)
    assert r.status_code == 200 and r.get_json()["display_name"] == "Bram"
    tokens = login(client, person.email.upper())
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 15 * 60


def test_wrong_password_and_unknown_email_look_the_same(client):
    person = register(client)
    a = client.post("/api/v1/auth/login", json={"email": person.email, "password": "wrong-password-1"})
    b = client.post("/api/v1/auth/login", json={"email": "nobody@example.org", "password": "wrong-password-1"})
    assert a.status_code == b.status_code == 401
    assert a.get_json() == b.get_json()


def test_sixth_failed_login_for_an_account_within_a_minute_is_429(client):
    person = register(client)
    for i in range(5):
        # different addresses each time: the per-account limit must still count them together
        r = client.post("/api/v1/auth/login", json={"email": person.email, "password": f"wrong-{i}-password"},
                        environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/login", json={"email": person.email, "password": PASSWORD},
                    environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert r.status_code == 429
    assert r.headers["Retry-After"]
    assert r.get_json()["type"].endswith("/too-many-requests")


def test_successful_logins_do_not_count_towards_the_limit(client):
    person = register(client)
    for _ in range(7):
        login(client, person.email)


def test_refresh_rotates_and_reuse_revokes_the_whole_login(client):
    person = register(client)
    first = client.post("/api/v1/auth/refresh", token=person.refresh_token)
    assert first.status_code == 200
    new = first.get_json()
    assert new["refresh_token"] != person.refresh_token
    assert client.get("/api/v1/me", token=new["access_token"]).status_code == 200

    replay = client.post("/api/v1/auth/refresh", token=person.refresh_token, headers={"Accept-Language": "en"})
    assert replay.status_code == 401
    assert "already used" in replay.get_json()["detail"]
    # the thief's copy and the rightful new tokens are all dead now
    assert client.post("/api/v1/auth/refresh", token=new["refresh_token"]).status_code == 401
    assert client.get("/api/v1/me", token=new["access_token"]).status_code == 401
    assert client.get("/api/v1/me", token=person.access_token).status_code == 401
    # a fresh login still works
    assert client.get("/api/v1/me", token=login(client, person.email)["access_token"]).status_code == 200


def test_wrong_token_type_is_401(client):
    person = register(client)
    r = client.get("/api/v1/me", token=person.refresh_token, headers={"Accept-Language": "en"})
    assert r.status_code == 401
    assert r.get_json()["detail"] == "This kind of token cannot be used here."
    assert client.post("/api/v1/auth/refresh", token=person.access_token).status_code == 401


def _segments(token):
    return token.split(".")


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(token) -> dict:
    payload = _segments(token)[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_tampered_token_is_401(client):
    anna, bram = register(client), register(client)
    header, payload, signature = _segments(anna.token)
    claims = _claims(anna.token)
    claims["sub"] = bram.id  # pretend to be Bram
    forged = f"{header}.{_b64(claims)}.{signature}"
    r = client.get("/api/v1/me", token=forged)
    assert r.status_code == 401
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert client.get("/api/v1/me", token=f"{header}.{payload}.{flipped}").status_code == 401
    assert client.get("/api/v1/me", token="not.a.token").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_alg_none_is_401(client):
    anna = register(client)
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(anna.token))}."
    assert client.get("/api/v1/me", token=unsigned).status_code == 401


def test_expired_access_token_is_401(client, time_machine):
    time_machine.move_to("2026-11-22 12:00:00+00:00", tick=False)
    person = register(client)
    assert client.get("/api/v1/me", token=person.token).status_code == 200
    time_machine.shift(timedelta(minutes=16))
    r = client.get("/api/v1/me", token=person.token, headers={"Accept-Language": "en"})
    assert r.status_code == 401
    assert r.get_json()["detail"] == "The token has expired."
    # the same on a public list, which checks the token's session in its page statement (and after the worker
    # remembered the token as verified: mobile_api reads it once per worker)
    listed = client.get("/api/v1/shifts", token=person.token, headers={"Accept-Language": "en"})
    assert listed.status_code == 401 and listed.get_json()["detail"] == "The token has expired."
    # the refresh token is still good for a new pair
    assert client.post("/api/v1/auth/refresh", token=person.refresh_token).status_code == 200


def test_missing_token_is_401_with_challenge(client):
    r = client.get("/api/v1/me/profile")
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_logout_revokes_access_and_refresh(client):
    person = register(client)
    other_login = login(client, person.email)
    assert client.post("/api/v1/auth/logout", token=person.token).status_code == 204
    assert client.get("/api/v1/me", token=person.token).status_code == 401
    assert client.post("/api/v1/auth/refresh", token=person.refresh_token).status_code == 401
    # another login (another phone) is not affected
    assert client.get("/api/v1/me", token=other_login["access_token"]).status_code == 200


def test_password_change_ends_every_login(client):
    person = register(client)
    other_login = login(client, person.email)
    r = client.post("/api/v1/auth/password", token=person.token,
                    json={"current_password": "wrong-wrong-wrong", "new_password": "nieuwe-fiets-naar-delft"})
    assert r.status_code == 400 and "current_password" in r.get_json()["errors"]
    r = client.post("/api/v1/auth/password", token=person.token,
                    json={"current_password": PASSWORD, "new_password": "nieuwe-fiets-naar-delft"})
    assert r.status_code == 200
    assert client.get("/api/v1/me", token=person.token).status_code == 401
    assert client.get("/api/v1/me", token=other_login["access_token"]).status_code == 401
    assert client.get("/api/v1/me", token=r.get_json()["access_token"]).status_code == 200
    assert client.post("/api/v1/auth/login", json={"email": person.email, "password": PASSWORD}).status_code == 401
    login(client, person.email, "nieuwe-fiets-naar-delft")


def _reset_token(db_session, email):
    user_id = db_session.scalar(sa.select(User.id).where(User.email == email))
    messages = db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.user_id == user_id,
                                                                 OutboxMessage.template == "password_reset")).all()
    assert len(messages) == 1
    return messages[0].payload["token"]


def test_password_reset_by_single_use_mailed_token(client, db_session):
    person = register(client, locale="en")
    assert client.post("/api/v1/auth/password-reset", json={"email": person.email}).status_code == 202
    message = db_session.scalar(sa.select(OutboxMessage))
    assert (message.channel, message.locale, message.status) == ("email", "en", "pending")
    token = _reset_token(db_session, person.email)

    weak = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "kort"})
    assert weak.status_code == 400
    r = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "zeilboot-op-de-maas"})
    assert r.status_code == 204
    assert client.get("/api/v1/me", token=person.token).status_code == 401  # old logins ended
    login(client, person.email, "zeilboot-op-de-maas")
    again = client.post("/api/v1/auth/password-reset/confirm",
                        json={"token": token, "new_password": "nog-een-ander-wachtwoord"})
    assert again.status_code == 400


def test_password_reset_for_unknown_address_answers_the_same_and_sends_nothing(client, db_session):
    r = client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.org"})
    assert r.status_code == 202
    assert db_session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_password_reset_token_expires(client, db_session, time_machine):
    time_machine.move_to("2026-11-22 12:00:00+00:00", tick=False)
    person = register(client)
    client.post("/api/v1/auth/password-reset", json={"email": person.email})
    token = _reset_token(db_session, person.email)
    time_machine.shift(timedelta(minutes=61))
    r = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "zeilboot-op-de-maas"})
    assert r.status_code == 400


def test_password_reset_requests_are_throttled(client):
    for _ in range(5):
        assert client.post("/api/v1/auth/password-reset", json={"email": "x@example.org"}).status_code == 202
    assert client.post("/api/v1/auth/password-reset", json={"email": "x@example.org"}).status_code == 429
