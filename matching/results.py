"""What the public functions return: matches, reasons, assignments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Reason", "Match", "Unmatched", "Assignment"]


@dataclass(frozen=True)
class Reason:
    """One structured explanation, worded by the service (backend/rendering.py).

    >>> Reason("skills", {"matched": 3, "required": 4})
    Reason(code='skills', params={'matched': 3, 'required': 4})
    """

    code: str
    params: Mapping[str, int | float | str] = field(default_factory=dict)

    def __hash__(self) -> int:  # params is a plain dict (JSON-friendly), so hash its items
        return hash((self.code, tuple(sorted(self.params.items()))))


@dataclass(frozen=True)
class Match:
    """A feasible (demand, volunteer) pair with its score in (0, 1] and reasons."""

    demand_id: str
    volunteer_id: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Unmatched:
    """A demand with places left open after :func:`matching.assign`.

    ``reason`` is one code: ``"capacity_exhausted"`` when suitable volunteers
    existed but were all given elsewhere, ``"already_started"``, ``"too_far"``
    when nobody is in reach (or nobody in reach was eliminated by anything
    else), ``"no_volunteers"``, or else the hard constraint that eliminated
    the most volunteers in reach (``"no_one_available_in_time"``,
    ``"missing_skill"``, ``"no_vog"`` ...). ``eliminated`` counts, per
    constraint code, the volunteers in reach that it ruled out.
    """

    demand_id: str
    open_places: int
    reason: str
    eliminated: Mapping[str, int] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.demand_id, self.open_places, self.reason, tuple(sorted(self.eliminated.items()))))


@dataclass(frozen=True)
class Assignment:
    """The result of :func:`matching.assign`.

    ``pairs`` are sorted by (demand_id, volunteer_id); ``total_score`` is their
    summed score; ``unmatched`` is sorted by demand_id.
    """

    pairs: tuple[Match, ...]
    total_score: float
    unmatched: tuple[Unmatched, ...]
