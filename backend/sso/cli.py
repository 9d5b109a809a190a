"""``flask sso set|show|remove <municipality>`` (``doemee sso ...`` in an installation): the operator configures a
municipality's single sign-on. The input goes through the API's schema (one contract); the client secret is read
from DOEMEE_SSO_CLIENT_SECRET or asked for without echo, and never printed."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from marshmallow import ValidationError

from backend.errors import DomainError
from backend.extensions import db
from backend.schemas import field_messages
from backend.sso import operations as sso
from backend.sso.schemas import ProviderInSchema


def _refuse(problems: dict) -> None:
    db.session.rollback()
    raise click.ClickException("; ".join(f"{field}: {', '.join(map(str, messages))}"
                                         for field, messages in problems.items()))


def _describe(provider) -> str:
    state = "on" if provider.enabled else "off"
    return (f"{provider.display_name}: issuer {provider.issuer}, client {provider.client_id}, "
            f"domains {', '.join(provider.email_domains)}, {state} (the client secret is not shown)")


@click.group("sso")
def sso_group():
    """Single sign-on of a municipality's staff and coordinators (OpenID Connect)."""


@sso_group.command("set")
@click.argument("municipality")
@click.option("--name", "display_name", required=True, help='the button says "Inloggen met NAME"')
@click.option("--issuer", required=True, help="the provider's issuer URL (https://...)")
@click.option("--client-id", required=True)
@click.option("--client-secret", required=True, envvar="DOEMEE_SSO_CLIENT_SECRET", prompt=True, hide_input=True,
              help="better: set DOEMEE_SSO_CLIENT_SECRET, or type it when asked (not echoed)")
@click.option("--domain", "email_domains", multiple=True, required=True, help="an e-mail domain it covers; repeat")
@click.option("--disabled", is_flag=True, help="configure it without showing the button yet")
@with_appcontext
def set_command(municipality, disabled, **values):
    """Set (or replace) the municipality's provider."""
    try:
        data = ProviderInSchema().load({**values, "email_domains": list(values["email_domains"]),
                                        "enabled": not disabled})
        provider = sso.configure(None, municipality, data)
    except ValidationError as exc:
        _refuse(field_messages(exc.messages))
    except DomainError as exc:
        _refuse(exc.errors or {exc.slug: [exc.detail]})
    db.session.commit()
    click.echo(_describe(provider))


@sso_group.command("show")
@click.argument("municipality")
@with_appcontext
def show_command(municipality):
    """What is configured (without the secret)."""
    try:
        click.echo(_describe(sso.get_provider(None, municipality)))
    except DomainError as exc:
        _refuse({exc.slug: [exc.detail]})


@sso_group.command("remove")
@click.argument("municipality")
@with_appcontext
def remove_command(municipality):
    """Remove the provider: its staff log in with their password again."""
    try:
        sso.remove_provider(None, municipality)
    except DomainError as exc:
        _refuse({exc.slug: [exc.detail]})
    db.session.commit()
    click.echo("removed")
