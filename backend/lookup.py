"""A row by its primary key, or the NotFound every operation answers when there is none."""
from __future__ import annotations

from typing import Any, TypeVar

from backend.errors import NotFound
from backend.extensions import db

Row = TypeVar("Row")


def get_or_not_found(model: type[Row], key: Any, what: str) -> Row:
    """``db.session.get(model, key)``; NotFound ("detail.not_found", naming ``what``) when there is no such row."""
    row = db.session.get(model, key)
    if row is None:
        raise NotFound("detail.not_found", what=what)
    return row
