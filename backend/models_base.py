"""Column types and helpers shared by all models."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(value):
    """ISO 8601 text of a date or datetime, None stays None (exports and payloads)."""
    return value.isoformat() if value is not None else None


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC (``timestamp without time zone``), always handed out as an aware UTC datetime.

    Accepting a naive value would hide a bug about local time, so it is refused.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def uuid_pk():
    return sa.Column(sa.Uuid, primary_key=True, default=uuid.uuid4)


def created_at():
    return sa.Column(UTCDateTime, nullable=False, default=utcnow)


def updated_at():
    return sa.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow, index=True)
