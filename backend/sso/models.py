"""The OpenID Connect provider of a municipality (one at most): where its staff and coordinators sign in."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import created_at, updated_at, uuid_pk


class SsoProvider(db.Model):
    """No column names a person (who configured it is in the audit trail). The client secret is kept readable
    because the token request sends it; it is never shown back by the API or the CLI, nor logged."""

    __tablename__ = "sso_providers"
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False,
                                unique=True)
    # What the login button says: "Inloggen met <display_name>" (e.g. "Gemeente Maassluis").
    display_name = sa.Column(sa.String(80), nullable=False)
    issuer = sa.Column(sa.String(300), nullable=False)
    client_id = sa.Column(sa.String(200), nullable=False)
    client_secret = sa.Column(sa.String(300), nullable=False)
    # The e-mail domains whose accounts this provider may sign in, lower case ("maassluis.nl").
    email_domains = sa.Column(sa.JSON, nullable=False, default=list)
    enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    created_at = created_at()
    updated_at = updated_at()
