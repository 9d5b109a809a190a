"""Exceptions raised by :mod:`matching`.

Every error the library raises on purpose derives from :class:`MatchingError`,
so the backend can catch one class. Bad input raises :class:`InvalidInput`,
which is also a :class:`ValueError` and names the offending field and item id.
"""

from __future__ import annotations

__all__ = ["MatchingError", "InvalidInput"]


class MatchingError(Exception):
    """Base class of all errors raised by the matching library."""


class InvalidInput(MatchingError, ValueError):
    """An input value breaks the documented contract.

    Attributes:
        field: name of the offending field or argument (e.g. ``"radius_km"``).
        item_id: id of the volunteer or demand it belongs to, or ``None`` for
            call arguments.
        problem: what is wrong, in plain English (for logs, not for end users).

    >>> err = InvalidInput("radius_km", "must be >= 0, got -1", item_id="v1")
    >>> str(err)
    "radius_km of 'v1': must be >= 0, got -1"
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(self, field: str, problem: str, item_id: str | None = None) -> None:
        self.field = field
        self.item_id = item_id
        self.problem = problem
        where = field if item_id is None else f"{field} of {item_id!r}"
        super().__init__(f"{where}: {problem}")
