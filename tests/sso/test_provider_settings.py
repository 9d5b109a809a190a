"""A municipality's single sign-on settings: its staff set them through the API, the operator with `flask sso`;
the client secret goes in and never comes out (not in an answer, the command's output, the audit trail or a log
line); only https issuers (http://127.0.0.1 when a setting allows it); each e-mail domain one municipality's."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from backend.audit.models import AuditEvent
from backend.config import ConfigError, load_config
from backend.sso.models import SsoProvider
from tests.conftest import TEST_SECRET
from tests.support import make_role, register

pytestmark = pytest.mark.any_hour  # no clock is read: the clock runs leave it to the real-hour run

SECRET = "zeer-geheim-client-secret-1234567890"
PATH = "/api/v1/municipalities/{}/sso-provider"


def _body(**changes) -> dict:
    return {"display_name": "Gemeente Maassluis", "issuer": "http://127.0.0.1:8443/realms/maassluis",
            "client_id": "doemee", "client_secret": SECRET, "email_domains": ["Maassluis.nl", "@wijkteam.nl"],
            **changes}


@pytest.fixture
def staff_token(client, cli, settings):
    settings(SSO_ALLOW_LOOPBACK=True)
    person = register(client)
    make_role(cli, person, "municipality_staff", "maassluis")
    from tests.support import login

    return login(client, person.email)["access_token"]


def test_staff_set_the_provider_and_never_see_the_secret_again(client, staff_token, db_session, caplog):
    r = client.put(PATH.format("maassluis"), json=_body(), token=staff_token)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["email_domains"] == ["maassluis.nl", "wijkteam.nl"] and body["enabled"] is True
    assert "client_secret" not in body and SECRET not in r.get_data(as_text=True)
    r = client.get(PATH.format("maassluis"), token=staff_token)
    assert r.status_code == 200 and SECRET not in r.get_data(as_text=True)
    assert r.get_json()["issuer"] == "http://127.0.0.1:8443/realms/maassluis"
    stored = db_session.scalar(sa.select(SsoProvider))
    assert stored.client_secret == SECRET  # kept for the token request
    events = db_session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "sso.provider_configured")).all()
    assert len(events) == 1 and SECRET not in str(events[0].details)
    assert SECRET not in caplog.text


def test_the_login_page_shows_the_button_until_it_is_removed(client, staff_token, browser):
    client.put(PATH.format("maassluis"), json=_body(display_name="Gemeente Maassluis (Entra)"), token=staff_token)
    assert "Inloggen met Gemeente Maassluis (Entra)" in browser.get("/inloggen").get_data(as_text=True)
    client.put(PATH.format("maassluis"), json=_body(enabled=False), token=staff_token)
    assert "Inloggen met" not in browser.get("/inloggen").get_data(as_text=True)
    assert client.delete(PATH.format("maassluis"), token=staff_token).status_code == 204
    assert client.get(PATH.format("maassluis"), token=staff_token).status_code == 404


def test_only_the_municipalitys_own_staff_may(client, cli, staff_token):
    volunteer = register(client)
    assert client.put(PATH.format("maassluis"), json=_body(), token=volunteer.token).status_code == 403
    other = register(client)
    make_role(cli, other, "municipality_staff", "vlaardingen")
    from tests.support import login

    other_token = login(client, other.email)["access_token"]
    assert client.put(PATH.format("maassluis"), json=_body(), token=other_token).status_code == 403
    assert client.put(PATH.format("maassluis"), json=_body()).status_code == 401


def test_an_http_issuer_needs_the_setting(client, staff_token, settings):
    settings(SSO_ALLOW_LOOPBACK=False)
    r = client.put(PATH.format("maassluis"), json=_body(), token=staff_token)
    assert r.status_code == 400 and list(r.get_json()["errors"]) == ["issuer"]
    r = client.put(PATH.format("maassluis"), json=_body(issuer="http://login.maassluis.example"), token=staff_token)
    assert r.status_code == 400 and list(r.get_json()["errors"]) == ["issuer"]


def test_a_private_network_issuer_is_refused(client, staff_token):
    r = client.put(PATH.format("maassluis"), json=_body(issuer="https://10.0.0.7/realms/x"), token=staff_token)
    assert r.status_code == 400 and list(r.get_json()["errors"]) == ["issuer"]


def test_domains_are_checked_and_each_is_one_municipalitys(client, cli, staff_token):
    r = client.put(PATH.format("maassluis"), json=_body(email_domains=["niet een domein"]), token=staff_token)
    assert r.status_code == 400 and list(r.get_json()["errors"]) == ["email_domains"]
    assert client.put(PATH.format("maassluis"), json=_body(), token=staff_token).status_code == 200
    result = cli.invoke(args=["sso", "set", "vlaardingen", "--name", "Vlaardingen", "--issuer",
                              "http://127.0.0.1:9000", "--client-id", "x", "--domain", "wijkteam.nl"],
                        env={"DOEMEE_SSO_CLIENT_SECRET": "s"})
    assert result.exit_code == 1 and "email_domains" in result.output


def test_the_operator_sets_shows_and_removes_it_on_the_command_line(cli, settings, db_session):
    settings(SSO_ALLOW_LOOPBACK=True)
    result = cli.invoke(args=["sso", "set", "maassluis", "--name", "Gemeente Maassluis", "--issuer",
                              "http://127.0.0.1:8443/", "--client-id", "doemee", "--domain", "maassluis.nl"],
                        input=SECRET + "\n")  # typed when asked, not echoed
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert db_session.scalar(sa.select(SsoProvider.client_secret)) == SECRET
    result = cli.invoke(args=["sso", "show", "maassluis"])
    assert result.exit_code == 0 and "http://127.0.0.1:8443" in result.output and SECRET not in result.output
    assert cli.invoke(args=["sso", "remove", "maassluis"]).exit_code == 0
    assert db_session.scalar(sa.select(SsoProvider)) is None
    result = cli.invoke(args=["sso", "show", "maassluis"])
    assert result.exit_code == 1


def test_the_command_line_refuses_what_the_api_refuses(cli, settings):
    settings(SSO_ALLOW_LOOPBACK=False)
    result = cli.invoke(args=["sso", "set", "maassluis", "--name", "M", "--issuer", "http://127.0.0.1:8443",
                              "--client-id", "doemee", "--domain", "maassluis.nl"],
                        env={"DOEMEE_SSO_CLIENT_SECRET": SECRET})
    assert result.exit_code == 1 and "issuer" in result.output and SECRET not in result.output


def test_production_refuses_loopback_issuers():
    with pytest.raises(ConfigError, match="SSO_ALLOW_LOOPBACK"):
        load_config({"ENV": "production", "SECRET_KEY": TEST_SECRET, "SSO_ALLOW_LOOPBACK": True,
                     "DATABASE_URL": "postgresql://db.example/doemee"}, environ={})
