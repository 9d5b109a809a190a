"""A staff member of Maassluis logs in with the municipality's own identity provider, in a real browser: the
login page's button, the provider's own login and consent pages (a real OpenID provider, the npm oidc-provider,
started for this test: tests/sso/provider.py), and back in DoeMee on the staff's dashboard. Someone whose address
the provider did not verify is sent back to the login page with a message. axe-core: no WCAG 2.1 A/AA violation
on DoeMee's pages (the provider's development pages are not ours)."""
from __future__ import annotations

from types import MappingProxyType
from urllib.parse import urlsplit

import pytest

from tests.browser.support import check
from tests.sso.provider import CLIENT_ID, running_provider, secret_of
from tests.support import ApiClient, make_role, register

pytestmark = pytest.mark.browser


@pytest.fixture
def provider_for(live_server, monkeypatch):
    """The test provider, sending browsers back to the live server; Maassluis configured to use it."""
    base_url, app = live_server
    monkeypatch.setitem(app.extensions, "doemee_config",
                        MappingProxyType({**app.extensions["doemee_config"], "SSO_ALLOW_LOOPBACK": True}))
    provider = running_provider(base_url + "/inloggen/sso/terug")
    issuer = next(provider)
    cli = app.test_cli_runner()
    result = cli.invoke(args=["sso", "set", "maassluis", "--name", "Gemeente Maassluis", "--issuer", issuer,
                              "--client-id", CLIENT_ID, "--domain", "maassluis.nl"],
                        env={"DOEMEE_SSO_CLIENT_SECRET": secret_of(CLIENT_ID)})
    assert result.exit_code == 0, result.output
    yield issuer
    assert cli.invoke(args=["sso", "remove", "maassluis"]).exit_code == 0
    provider.close()


def _only_local(page) -> None:
    # The provider's development pages ask for a web font elsewhere: nothing leaves 127.0.0.1.
    page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
               else route.abort())


def _at_provider(page, issuer: str, login: str) -> None:
    assert page.url.startswith(issuer + "/interaction/")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("wat-dan-ook")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def _staff_at_the_login_page(live_server, page, email: str, name: str, screenshot: str) -> None:
    """A staff member of Maassluis with this address (made in DoeMee), on the login page."""
    base_url, app = live_server
    make_role(app.test_cli_runner(), register(ApiClient(app), email=email, display_name=name), "municipality_staff",
              "maassluis")
    _only_local(page)
    page.goto(base_url + "/inloggen")
    assert "Werk je bij de gemeente of bij een organisatie?" in page.inner_text("main")
    check(page, screenshot)


def test_staff_member_logs_in_with_the_municipalitys_provider(live_server, desktop, provider_for):
    base_url, _app = live_server
    page = desktop
    _staff_at_the_login_page(live_server, page, "medewerker@maassluis.nl", "Mirjam Medewerker", "140-sso-login-button")
    page.get_by_role("button", name="Inloggen met Gemeente Maassluis").click()
    _at_provider(page, provider_for, "medewerker@maassluis.nl")
    page.wait_for_url(base_url + "/gemeente")
    assert page.get_by_role("navigation", name="Gemeente").is_visible()
    check(page)
    assert page.console_errors == []


def test_an_unverified_address_is_sent_back_with_a_message(live_server, phone, provider_for):
    base_url, _app = live_server
    page = phone
    _staff_at_the_login_page(live_server, page, "ongeverifieerd@maassluis.nl", "Otto Onbevestigd",
                             "141-sso-login-button-phone")
    page.get_by_role("button", name="Inloggen met Gemeente Maassluis").click()
    _at_provider(page, provider_for, "ongeverifieerd@maassluis.nl")
    page.wait_for_url(base_url + "/inloggen/sso/terug*")
    assert "Je organisatie heeft je e-mailadres niet bevestigd" in page.inner_text("main")
    # The page as it was: the password form, and the button to try again.
    assert page.get_by_role("button", name="Inloggen met Gemeente Maassluis").is_visible()
    check(page, "142-sso-address-not-verified")
