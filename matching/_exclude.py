"""The backend's exclusion set, as sorted integer keys ``vrow * n_demands + drow``."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .errors import InvalidInput
from .tables import DemandTable, VolunteerTable


def excluded_keys(exclude: Iterable[tuple[str, str]], vt: VolunteerTable, dt: DemandTable) -> np.ndarray:
    """Keys of the excluded pairs whose ids are in both tables (other pairs are irrelevant)."""
    if isinstance(exclude, (str, bytes)) or not isinstance(exclude, Iterable):
        raise InvalidInput("exclude", "must be an iterable of (volunteer_id, demand_id) pairs")
    keys = []
    n = len(dt)
    for pair in exclude:
        if not isinstance(pair, tuple) or len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise InvalidInput("exclude", f"must hold (volunteer_id, demand_id) str pairs, got {pair!r}")
        vrow, drow = vt.row(pair[0]), dt.row(pair[1])
        if vrow is not None and drow is not None:
            keys.append(vrow * n + drow)
    return np.unique(np.array(keys, dtype=np.int64))
