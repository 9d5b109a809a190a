"""Configuring a municipality's single sign-on: who may (its staff, an admin, or the operator on the command line),
which issuer (https, a public address: webhooks.urls.check_url, the same SSRF rule as webhooks), which e-mail
domains it covers (each domain one municipality's at most). The client secret goes in and never comes out."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app

from backend.accounts.models import User
from backend.audit.operations import record
from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.places.models import Municipality
from backend.places.operations import get_municipality, require_staff
from backend.sso import messages  # noqa: F401  (registers the messages)
from backend.sso.models import SsoProvider
from backend.webhooks.urls import UnsafeUrl, check_url

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _invalid(field: str, key: str) -> InvalidInput:
    return InvalidInput("detail.validation", errors={field: [Msg(key)]})


def checked_issuer(issuer: str) -> str:
    """The issuer without a trailing slash, if DoeMee may fetch from it (also checked before every login, since
    what a name resolves to may change)."""
    issuer = issuer.strip().rstrip("/")
    try:
        check_url(issuer, allow_loopback=current_app.extensions["doemee_config"]["SSO_ALLOW_LOOPBACK"])
    except UnsafeUrl as exc:
        raise _invalid("issuer", str(exc)) from None
    return issuer


def _domains(raw: list[str], municipality_id) -> list[str]:
    domains = sorted({d.strip().lower().lstrip("@") for d in raw})
    if not all(_DOMAIN.match(d) for d in domains):
        raise _invalid("email_domains", "field.sso.domain_invalid")
    others = db.session.scalars(sa.select(SsoProvider.email_domains)
                                .where(SsoProvider.municipality_id != municipality_id))
    if any(set(taken) & set(domains) for taken in others):
        raise _invalid("email_domains", "field.sso.domain_taken")
    return domains


def _municipality(actor: User | None, slug: str):
    municipality = get_municipality(slug)
    if actor is not None:  # None: the operator, on the command line
        require_staff(actor, municipality)
    return municipality


def configure(actor: User | None, slug: str, data: dict) -> SsoProvider:
    """Set (or replace) the municipality's provider."""
    municipality = _municipality(actor, slug)
    provider = db.session.scalar(sa.select(SsoProvider).where(SsoProvider.municipality_id == municipality.id))
    if provider is None:
        provider = SsoProvider(municipality_id=municipality.id)
        db.session.add(provider)
    provider.display_name = data["display_name"].strip()
    provider.issuer = checked_issuer(data["issuer"])
    provider.client_id = data["client_id"].strip()
    provider.client_secret = data["client_secret"]
    provider.email_domains = _domains(data["email_domains"], municipality.id)
    provider.enabled = data.get("enabled", True)
    db.session.flush()
    record("sso.provider_configured", actor_id=actor.id if actor else None, object_type="sso_provider",
           object_id=provider.id, issuer=provider.issuer, email_domains=provider.email_domains)
    return provider


def get_provider(actor: User | None, slug: str) -> SsoProvider:
    municipality = _municipality(actor, slug)
    provider = db.session.scalar(sa.select(SsoProvider).where(SsoProvider.municipality_id == municipality.id))
    if provider is None:
        raise NotFound("detail.sso.not_configured")
    return provider


def remove_provider(actor: User | None, slug: str) -> None:
    provider = get_provider(actor, slug)
    record("sso.provider_removed", actor_id=actor.id if actor else None, object_type="sso_provider",
           object_id=provider.id)
    db.session.delete(provider)


def login_providers(slug: str) -> list[SsoProvider]:
    """The enabled provider of the municipality the pages show (none or one), for the login page's button."""
    return list(db.session.scalars(
        sa.select(SsoProvider).join(Municipality, Municipality.id == SsoProvider.municipality_id)
        .where(Municipality.slug == slug, SsoProvider.enabled.is_(True))))


def enabled_provider(provider_id) -> SsoProvider:
    provider = db.session.get(SsoProvider, provider_id)
    if provider is None or not provider.enabled:
        raise NotFound("detail.sso.not_configured")
    return provider
