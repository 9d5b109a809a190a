"""A volunteer's favourites (vacancies and initiative tasks kept for later) and saved searches (the open list's
filters, with an alert when a new vacancy fits), and which vacancies an alert already named to whom."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, utcnow, uuid_pk

FREQUENCIES = ("weekly", "daily", "off")
ALERT_CHANNELS = ("email", "push")
MAX_SAVED_SEARCHES = 20


class Favourite(db.Model):
    __tablename__ = "favourites"
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # A removed vacancy takes its favourites with it; a closed one stays and is shown as closed.
    opportunity_id = sa.Column(sa.Uuid, sa.ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True,
                               index=True)
    created_at = created_at()


class SavedSearch(db.Model):
    __tablename__ = "saved_searches"
    __table_args__ = (
        sa.CheckConstraint(sa.text("frequency IN ('weekly','daily','off')"), name="frequency_known"),
        sa.CheckConstraint(sa.text("channel IN ('email','push')"), name="channel_known"),
    )
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    name = sa.Column(sa.String(80), nullable=False)
    # The open list's filters (SavedFiltersSchema: near, within_km, kind, category, weekdays, day_part,
    # commitment), only those given.
    filters = sa.Column(sa.JSON, nullable=False, default=dict)
    frequency = sa.Column(sa.String(10), nullable=False, default="weekly")
    channel = sa.Column(sa.String(10), nullable=False, default="email")
    # The watermark: vacancies published after this moment are new to this search.
    checked_until = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    created_at = created_at()


class SavedSearchAlert(db.Model):
    """A vacancy an alert named to a person: never again, whichever of their searches finds it next."""

    __tablename__ = "saved_search_alerts"
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    opportunity_id = sa.Column(sa.Uuid, sa.ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True,
                               index=True)
    sent_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
