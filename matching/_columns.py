"""What the columnar tables (matching.tables) share: unit constants, 128-bit bitsets as two uint64 words, the
checks on the records a table is built from, the read-only row lookup, and a volunteer's dated availability."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .errors import InvalidInput

if TYPE_CHECKING:
    from .tables import VolunteerTable

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320
NO_DAY = -(1 << 40)  # "no VOG": earlier than any demand
UNKNOWN_BIRTH = 99_999_999  # makes the computed age negative, so any min_age > 0 fails
_WORD = (1 << 64) - 1


def _words(values: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """128-bit ints -> (low, high) uint64 words."""
    low = np.array([x & _WORD for x in values], dtype=np.uint64)
    high = np.array([x >> 64 for x in values], dtype=np.uint64)
    return low, high


def _popcount(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.bitwise_count(low).astype(np.int64) + np.bitwise_count(high)


def _sorted_unique(items: Iterable, cls: type, what: str) -> list:
    items = list(items)
    for item in items:
        if not isinstance(item, cls):
            raise InvalidInput(what, f"must hold {cls.__name__} records, got {type(item).__name__}")
    items.sort(key=lambda item: item.id)
    for before, after in zip(items, items[1:]):
        if before.id == after.id:
            raise InvalidInput("id", f"duplicate id in {what}", after.id)
    return items


def _freeze(obj: object) -> None:
    for value in vars(obj).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False


class _Table:
    ids: tuple[str, ...]
    _row: dict[str, int]

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, item_id: str) -> int | None:
        """Row of ``item_id``, or None when it is not in the table."""
        return self._row.get(item_id)


def patch_exceptions(vt: VolunteerTable, vrows: np.ndarray, day: np.ndarray, have: np.ndarray) -> np.ndarray:
    """Replace the weekly mask by the dated one where the volunteer has an exception that day."""
    shape = np.broadcast_shapes(vrows.shape, day.shape, have.shape)
    affected = np.flatnonzero(np.broadcast_to(vt.has_exceptions[vrows], shape))
    if affected.size == 0:
        return have
    keys = (np.broadcast_to(vrows, shape)[affected] << 32) + np.broadcast_to(day, shape)[affected]
    pos = np.minimum(np.searchsorted(vt.exc_key, keys), vt.exc_key.size - 1)
    hit = vt.exc_key[pos] == keys
    have = np.broadcast_to(have, shape).copy()
    have[affected[hit]] = vt.exc_mask[pos[hit]]
    return have
