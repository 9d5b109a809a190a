"""``flask webhook-secrets``: a new key for DOEMEE_WEBHOOK_SECRET_KEYS, the key in use now, and encrypting every
stored webhook secret again with the first key (after a rotation). See backend.webhooks.sealing."""
from __future__ import annotations

import click
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import current_app
from flask.cli import with_appcontext

from backend.extensions import db
from backend.webhooks.sealing import keys, reseal


@click.group("webhook-secrets")
def webhook_secrets_command():
    """The key that encrypts webhook secrets at rest, and its rotation."""


@webhook_secrets_command.command("new-key")
def new_key():
    """Print a new Fernet key (put it first in DOEMEE_WEBHOOK_SECRET_KEYS, the old key after it)."""
    click.echo(Fernet.generate_key().decode())


@webhook_secrets_command.command("current-key")
@with_appcontext
def current_key():
    """Print the key that encrypts now (the one derived from DOEMEE_SECRET_KEY when no keys are set): list it
    after a new key, so that the secrets stay readable until `reseal` has run."""
    click.echo(keys(current_app.extensions["doemee_config"])[0].decode())


@webhook_secrets_command.command("reseal")
@with_appcontext
def reseal_command():
    """Encrypt every stored webhook secret again with the first key of DOEMEE_WEBHOOK_SECRET_KEYS."""
    table = sa.table("webhook_endpoints", sa.column("id", sa.Uuid), sa.column("secret", sa.String),
                     sa.column("previous_secret", sa.String))
    rows = db.session.execute(sa.select(table.c.id, table.c.secret, table.c.previous_secret)).all()
    for row in rows:
        db.session.execute(sa.update(table).where(table.c.id == row.id).values(
            secret=reseal(row.secret),
            previous_secret=None if row.previous_secret is None else reseal(row.previous_secret)))
    db.session.commit()
    click.echo(f"webhook secrets: {len(rows)} endpoints encrypted with the first key")
