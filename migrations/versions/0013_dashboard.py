"""Webhook secrets encrypted at rest (issue 25): the columns grow to hold a Fernet token, and the secrets already
stored are encrypted with the configured key (backend.webhooks.sealing: DOEMEE_WEBHOOK_SECRET_KEYS, else the key
derived from DOEMEE_SECRET_KEY). The downgrade decrypts them again.

Revision 0013_dashboard, on 0012_merge_issue21.
"""
import sqlalchemy as sa
from alembic import op

revision, down_revision = "0013_dashboard", "0012_merge_issue21"
branch_labels = depends_on = None

_endpoints = sa.table("webhook_endpoints", sa.column("id", sa.Uuid), sa.column("secret", sa.String),
                      sa.column("previous_secret", sa.String))


def _rewrite(change) -> None:
    bind = op.get_bind()
    for row in bind.execute(sa.select(_endpoints.c.id, _endpoints.c.secret, _endpoints.c.previous_secret)).all():
        bind.execute(sa.update(_endpoints).where(_endpoints.c.id == row.id).values(
            secret=change(row.secret),
            previous_secret=None if row.previous_secret is None else change(row.previous_secret)))


def upgrade():
    from backend.webhooks.sealing import seal  # the app's key, from the app this migration runs in

    for column in ("secret", "previous_secret"):
        op.alter_column("webhook_endpoints", column, type_=sa.String(length=255),
                        existing_type=sa.String(length=80))
    _rewrite(seal)


def downgrade():
    from backend.webhooks.sealing import unseal

    _rewrite(unseal)
    for column in ("secret", "previous_secret"):
        op.alter_column("webhook_endpoints", column, type_=sa.String(length=80),
                        existing_type=sa.String(length=255))
