"""Boundary checks shared by the input dataclasses and the public functions.

Each helper raises :class:`~matching.errors.InvalidInput` naming the field and
the item id, and returns the value (normalised where that is harmless).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from numbers import Integral, Real

from ._time import EPOCH, LATEST
from .errors import InvalidInput


def check_id(value: object, field: str = "id") -> str:
    if not isinstance(value, str) or not value:
        raise InvalidInput(field, f"must be a non-empty str, got {value!r}")
    return value


def check_int(value: object, field: str, item_id: str | None, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise InvalidInput(field, f"must be an int, got {value!r}", item_id)
    value = int(value)
    if value < lo or (hi is not None and value > hi):
        bound = f">= {lo}" if hi is None else f"in {lo}..{hi}"
        raise InvalidInput(field, f"must be {bound}, got {value}", item_id)
    return value


def check_bitset(value: object, field: str, item_id: str | None, bits: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise InvalidInput(field, f"must be an int bitset, got {value!r}", item_id)
    value = int(value)
    if value < 0 or value >> bits:
        raise InvalidInput(field, f"bitset out of range: only bits 0..{bits - 1} may be set", item_id)
    return value


def check_real(
    value: object,
    field: str,
    item_id: str | None,
    lo: float | None = None,
    hi: float | None = None,
) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidInput(field, f"must be a number, got {value!r}", item_id)
    value = float(value)
    if not math.isfinite(value):
        raise InvalidInput(field, f"must be finite, got {value}", item_id)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InvalidInput(field, f"must be in [{lo}, {hi}], got {value}", item_id)
    return value


def check_choice(value: object, field: str, item_id: str | None, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidInput(field, f"must be one of {choices}, got {value!r}", item_id)
    return value  # type: ignore[return-value]


def check_bool(value: object, field: str, item_id: str | None) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(field, f"must be a bool, got {value!r}", item_id)
    return value


def check_local_datetime(value: object, field: str, item_id: str | None) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidInput(field, f"must be a datetime, got {value!r}", item_id)
    if value.tzinfo is not None:
        raise InvalidInput(field, "must be naive Europe/Amsterdam wall-clock time, not tz-aware", item_id)
    if not EPOCH <= value < LATEST:
        raise InvalidInput(field, f"must lie in [{EPOCH:%Y-%m-%d}, {LATEST:%Y-%m-%d}), got {value}", item_id)
    return value


def check_date(value: object, field: str, item_id: str | None, optional: bool = False) -> date | None:
    if value is None and optional:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(field, f"must be a datetime.date, got {value!r}", item_id)
    return value


def check_interval(start: object, end: object, field: str, item_id: str | None) -> None:
    check_local_datetime(start, field, item_id)
    check_local_datetime(end, field, item_id)
    if end <= start:  # type: ignore[operator]
        raise InvalidInput(field, f"end {end} is not after start {start}", item_id)


def check_k(k: object, field: str = "k") -> int:
    return check_int(k, field, None, 1)


def check_now(now: object) -> datetime:
    return check_local_datetime(now, "now", None)
