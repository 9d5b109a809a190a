"""Keyset (cursor) pagination: stable under inserts, constant cost per page whatever the offset."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import date, datetime
from typing import Any, Sequence

import sqlalchemy as sa

from backend.errors import InvalidInput
from backend.i18n import Msg


def encode_cursor(values: Sequence[Any]) -> str:
    def plain(v):
        if isinstance(v, uuid.UUID):
            return str(v)
        if isinstance(v, (datetime, date)):
            return v.isoformat()
        return v

    raw = json.dumps([plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, types: Sequence[type]) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(types):
            raise ValueError
        out = []
        for value, kind in zip(values, types):
            if kind is uuid.UUID:
                out.append(uuid.UUID(value))
            elif kind is datetime:
                out.append(datetime.fromisoformat(value))
            elif not isinstance(value, kind):
                raise ValueError
            else:
                out.append(value)
        return out
    except (ValueError, TypeError, AttributeError, json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput("detail.validation", errors={"cursor": [Msg("field.bad_cursor")]}) from None


def page(stmt: sa.Select, columns: Sequence[sa.ColumnElement], types: Sequence[type], *, limit: int,
         cursor: str | None, key, rows: bool = False, descending: bool = False) -> tuple[list, str | None]:
    """Run ``stmt`` ordered by ``columns`` (the last must be unique), after ``cursor``, ``limit`` rows.

    ``key(row)`` returns the row's values for ``columns``. One query per page: one extra row is fetched to know
    whether a next page exists. ``rows``: the page holds result rows (a statement of columns), not entities.
    ``descending``: every column from high to low (newest first).
    """
    items, next_cursor, _following = page_and_following(stmt, columns, types, limit=limit, cursor=cursor, key=key,
                                                        rows=rows, descending=descending)
    return items, next_cursor


def page_and_following(stmt: sa.Select, columns: Sequence[sa.ColumnElement], types: Sequence[type], *, limit: int,
                       cursor: str | None, key, rows: bool = False,
                       descending: bool = False) -> tuple[list, str | None, Any]:
    """``page`` and the extra row it fetched (the first of the next page; None at the end): whether there is a
    next page depends on it too."""
    from backend.extensions import db

    if cursor:
        after = decode_cursor(cursor, types)
        seen = sa.tuple_(*[sa.literal(v, type_=c.type) for c, v in zip(columns, after)])
        stmt = stmt.where(sa.tuple_(*columns) < seen if descending else sa.tuple_(*columns) > seen)
    # The limit is written into the SQL rather than bound: with a bound LIMIT, PostgreSQL's generic plan of the
    # prepared statement assumes a tenth of the table is wanted and looks dear, so it plans every execution
    # anew (~1.5 ms for a listing); with the number in the text the generic plan is taken after five runs.
    order = [c.desc() for c in columns] if descending else columns
    stmt = stmt.order_by(*order).limit(sa.literal_column(str(int(limit) + 1)))
    found = list(db.session.execute(stmt) if rows else db.session.scalars(stmt))
    next_cursor = encode_cursor(key(found[limit - 1])) if len(found) > limit else None
    return found[:limit], next_cursor, found[limit] if len(found) > limit else None
