"""Logging in to the web pages with the municipality's own OpenID provider (a real one, started locally), through
the Flask test client, with the provider's pages walked by a requests session: the same session as after a password
login, and every way it must fail: a wrong nonce, an expired id token, a state that does not match, an address the
provider did not verify, and people who have no staff account.

The provider keeps the real time, as the browser tests' server does, so these tests run at the real hour only
(``any_hour``); the one about expiry moves DoeMee's clock ahead of the provider's with time-machine.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
import time_machine

from backend.accounts.models import User
from backend.audit.models import AuditEvent
from tests.sso.provider import sign_in_at_provider, with_query
from tests.web_support import SESSION_COOKIE, path_of, text

pytestmark = pytest.mark.any_hour


def _press_the_button(browser):
    """The login page's button "Inloggen met Gemeente Maassluis", pressed."""
    page = browser.get("/inloggen")
    assert "Inloggen met Gemeente Maassluis" in text(page)
    action = re.search(r'action="(/inloggen/sso/[0-9a-f-]+)"', page.get_data(as_text=True)).group(1)
    return browser.post(action, {"next": ""}, form_from="/inloggen")


def _start(browser) -> str:
    """Where the button sends the browser (the provider's authorisation URL)."""
    response = _press_the_button(browser)
    assert response.status_code == 303
    return response.headers["Location"]


def _come_back(browser, url: str):
    return browser.get(path_of(url))


def test_staff_member_logs_in_through_the_provider(browser, maassluis_sso, staff, back_to, db_session):
    authorisation = _start(browser)
    assert authorisation.startswith(maassluis_sso + "/auth?")
    query = authorisation.split("?", 1)[1]
    for part in ("code_challenge_method=S256", "code_challenge=", "state=", "nonce=", "scope=openid+email"):
        assert part in query
    response = _come_back(browser, sign_in_at_provider(authorisation, "medewerker@maassluis.nl", back_to=back_to))
    assert response.status_code == 303, text(response)
    assert response.headers["Location"] == "/gemeente"  # the staff's home, as after a password login
    assert browser.cookie(SESSION_COOKIE)
    assert browser.get("/gemeente").status_code == 200  # a staff page: signed in, with the staff role
    assert "Mirjam" in text(browser.get("/mijn"))
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "sso.signed_in"))
    assert str(event.actor_id) == staff.id
    # The answer cannot be used twice: the browser's pending sign-in is gone.
    assert browser.get(path_of(back_to + "?code=x&state=y")).status_code == 401


def test_login_page_has_no_button_without_a_provider(browser):
    assert "Inloggen met" not in text(browser.get("/inloggen"))


@pytest.fixture
def refused(caplog):
    """Checks a refusal: 401, the words the person reads, no session, and the reason the operator reads."""

    def check(response, words: str, reason: str) -> None:
        assert response.status_code == 401
        assert words in text(response)
        assert not any(h.startswith(SESSION_COOKIE + "=") for h in response.headers.getlist("Set-Cookie"))
        assert f"single sign-on refused: {reason}" in caplog.messages

    return check


FAILED = "Inloggen via je organisatie is niet gelukt"


def test_a_token_for_another_nonce_is_refused(browser, refused, maassluis_sso, staff, back_to):
    # The provider is asked with another nonce than the one this browser's sign-in keeps: its id token carries it.
    authorisation = with_query(_start(browser), nonce="een-andere-nonce")
    answer = sign_in_at_provider(authorisation, "medewerker@maassluis.nl", back_to=back_to)
    refused(_come_back(browser, answer), FAILED, "id_token_InvalidClaimError_nonce")


def test_an_expired_id_token_is_refused(browser, refused, maassluis_sso, staff, back_to):
    answer = sign_in_at_provider(_start(browser), "medewerker@maassluis.nl", back_to=back_to)
    # The provider's id tokens live 120 seconds; DoeMee's clock is 10 minutes on when it reads this one.
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(minutes=10), tick=True):
        refused(_come_back(browser, answer), FAILED, "id_token_ExpiredTokenError_exp")


def test_a_state_that_does_not_match_is_refused(browser, refused, maassluis_sso, staff, back_to):
    answer = sign_in_at_provider(_start(browser), "medewerker@maassluis.nl", back_to=back_to)
    refused(_come_back(browser, with_query(answer, state="niet-de-mijne")), FAILED, "state_mismatch")


def test_an_answer_in_another_browser_is_refused(browser, refused, other_browser, maassluis_sso, staff, back_to):
    answer = sign_in_at_provider(_start(browser), "medewerker@maassluis.nl", back_to=back_to)
    refused(_come_back(other_browser, answer), FAILED, "no_pending_sign_in")


def test_an_address_the_provider_did_not_verify_is_refused(browser, refused, client, cli, maassluis_sso, back_to):
    from tests.support import make_role, register

    make_role(cli, register(client, email="ongeverifieerd@maassluis.nl"), "municipality_staff", "maassluis")
    answer = sign_in_at_provider(_start(browser), "ongeverifieerd@maassluis.nl", back_to=back_to)
    refused(_come_back(browser, answer), "heeft je e-mailadres niet bevestigd", "email_unverified")


def test_nobody_gets_an_account_from_the_provider(browser, refused, maassluis_sso, back_to, db_session):
    answer = sign_in_at_provider(_start(browser), "nieuw@maassluis.nl", back_to=back_to)
    refused(_come_back(browser, answer), "Er is geen DoeMee-account", "no_staff_account")
    assert db_session.scalar(sa.select(User).where(User.email == "nieuw@maassluis.nl")) is None


def test_a_volunteer_gets_no_staff_login_from_the_provider(browser, refused, client, maassluis_sso, back_to):
    from tests.support import register

    register(client, email="vrijwilliger@maassluis.nl")  # an account, but no work for the municipality
    answer = sign_in_at_provider(_start(browser), "vrijwilliger@maassluis.nl", back_to=back_to)
    refused(_come_back(browser, answer), "Er is geen DoeMee-account", "no_staff_account")


def test_a_coordinator_of_an_organisation_in_the_municipality_logs_in(browser, client, maassluis_sso, back_to,
                                                                       db_session):
    from tests import factories
    from tests.support import register

    person = register(client, email="vrijwilliger@maassluis.nl", display_name="Cor Coördinator")
    factories.organisation(db_session, coordinator_id=person.id)
    answer = sign_in_at_provider(_start(browser), "vrijwilliger@maassluis.nl", back_to=back_to)
    response = _come_back(browser, answer)
    assert response.status_code == 303 and browser.cookie(SESSION_COOKIE)
    assert browser.get(response.headers["Location"]).status_code == 200
    assert "Cor" in text(browser.get("/mijn"))


def test_a_provider_that_does_not_answer_sends_the_person_back(browser, refused, cli, settings):
    from tests.notifications.conftest import free_port

    settings(SSO_ALLOW_LOOPBACK=True, SSO_TIMEOUT_SECONDS=2.0)
    result = cli.invoke(args=["sso", "set", "maassluis", "--name", "Gemeente Maassluis", "--issuer",
                              f"http://127.0.0.1:{free_port()}", "--client-id", "doemee", "--domain", "maassluis.nl"],
                        env={"DOEMEE_SSO_CLIENT_SECRET": "geheim"})
    assert result.exit_code == 0, result.output
    refused(_press_the_button(browser), FAILED, "provider_unreachable")
