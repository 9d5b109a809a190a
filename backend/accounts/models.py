"""Accounts, roles, login sessions and their tokens, password resets and consent records."""
import sqlalchemy as sa
from sqlalchemy.orm import relationship

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk

ROLES = ("volunteer", "resident", "coordinator", "intermediary", "municipality_staff", "merchant", "admin")
SELF_SERVICE_ROLES = ("volunteer", "resident")
# Roles granted by (or for) one municipality: its staff, and the professionals it verified to post help requests
# on residents' behalf (wijkteam, welfare workers).
MUNICIPAL_ROLES = ("municipality_staff", "intermediary")


def first_name(display_name: str) -> str:
    return (display_name.split() or [""])[0]


class User(db.Model):
    __tablename__ = "users"
    id = uuid_pk()
    email = sa.Column(sa.String(254), nullable=False, unique=True)
    password_hash = sa.Column(sa.String(200), nullable=False)
    display_name = sa.Column(sa.String(80), nullable=False)
    locale = sa.Column(sa.String(2), nullable=False, default="nl")
    created_at = created_at()
    updated_at = updated_at()

    # Not eager: authentication loads the grants together with the session and the user in one statement
    # (backend.accounts.tokens.live_session_user); elsewhere they are read when asked for.
    roles = relationship("RoleGrant", cascade="all, delete-orphan", passive_deletes=True, lazy="select")

    @property
    def first_name(self) -> str:
        """What others see of a volunteer before they respond: the first word of the display name."""
        return first_name(self.display_name)

    def has_role(self, role: str, municipality_id=None) -> bool:
        return any(
            g.role == role and (municipality_id is None or g.municipality_id == municipality_id) for g in self.roles
        )


class RoleGrant(db.Model):
    """One role of a user; staff roles are scoped to a municipality (later: coordinators to an organisation)."""

    __tablename__ = "role_grants"
    __table_args__ = (
        sa.CheckConstraint(sa.text("role IN ('" + "','".join(ROLES) + "')"), name="role_known"),
    )
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    role = sa.Column(sa.String(30), nullable=False)
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=True)
    created_at = created_at()


class AuthSession(db.Model):
    """One login: the family of rotating refresh tokens. Revoking it ends every token issued under it."""

    __tablename__ = "auth_sessions"
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = created_at()
    last_used_at = sa.Column(UTCDateTime, nullable=False)
    expires_at = sa.Column(UTCDateTime, nullable=False)
    revoked_at = sa.Column(UTCDateTime, nullable=True, index=True)
    revoked_reason = sa.Column(sa.String(40), nullable=True)


class RefreshToken(db.Model):
    """A refresh token's id; it may be exchanged once. A second use reveals theft and revokes the session."""

    __tablename__ = "refresh_tokens"
    jti = sa.Column(sa.String(64), primary_key=True)
    session_id = sa.Column(sa.Uuid, sa.ForeignKey("auth_sessions.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    issued_at = created_at()
    used_at = sa.Column(UTCDateTime, nullable=True)


class PasswordResetToken(db.Model):
    """Only the SHA-256 of the token is kept; the token itself travels in the e-mail only."""

    __tablename__ = "password_reset_tokens"
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = sa.Column(sa.String(64), nullable=False, unique=True)
    created_at = created_at()
    expires_at = sa.Column(UTCDateTime, nullable=False, index=True)
    used_at = sa.Column(UTCDateTime, nullable=True)


class ConsentRecord(db.Model):
    __tablename__ = "consent_records"
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    purpose = sa.Column(sa.String(40), nullable=False)
    text_version = sa.Column(sa.String(20), nullable=False)
    given_at = created_at()
    withdrawn_at = sa.Column(UTCDateTime, nullable=True)
