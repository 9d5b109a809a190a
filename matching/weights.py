"""All tunable numbers of the score, in one place.

A municipality overrides them by passing its own :class:`Weights`::

    >>> from dataclasses import replace
    >>> maassluis = replace(DEFAULT_WEIGHTS, focus_neighbourhood=2.0)
    >>> maassluis.focus_neighbourhood, maassluis.skills
    (2.0, 3.0)

See :mod:`matching.score` for how each weight enters the score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from .errors import InvalidInput

__all__ = ["Weights", "DEFAULT_WEIGHTS"]

# Factor weights, in the fixed order the score sums them (also the tie order of reasons).
FACTOR_NAMES = (
    "skills",
    "nice_skills",
    "interest",
    "distance",
    "preference",
    "focus_neighbourhood",
    "own_focus_neighbourhood",
    "urgency",
    "starts_soon",
    "fairness",
    "reliability",
    "base",
)


@dataclass(frozen=True)
class Weights:
    """Weights of the soft score, its scales, and the skill threshold.

    Factor weights (``skills`` ... ``base``) must be >= 0 and not all zero.

    ``distance_scale_km``: distance at which the distance factor falls to 1/e.
    ``soon_scale_hours``: time-to-start at which the "starts soon" factor falls to 1/e.
    ``remote_distance_factor``: distance factor of a remote demand (no travel at all).
    ``reliability_prior``: pseudo-engagements that soften the first no-show.
    ``min_skill_coverage``: hard threshold, the share of a demand's required
    skills a volunteer must have (0.5: at least half; 1.0: all of them).
    ``max_reasons``: how many scored reasons to report per pair (the
    "available" reason is always added after them).
    """

    skills: float = 3.0
    nice_skills: float = 1.0
    interest: float = 1.5
    distance: float = 2.0
    preference: float = 1.0
    focus_neighbourhood: float = 1.0
    own_focus_neighbourhood: float = 0.25
    urgency: float = 1.0
    starts_soon: float = 0.5
    fairness: float = 1.0
    reliability: float = 1.0
    base: float = 0.5
    distance_scale_km: float = 3.0
    soon_scale_hours: float = 72.0
    remote_distance_factor: float = 0.5
    reliability_prior: float = 2.0
    min_skill_coverage: float = 0.5
    max_reasons: int = 3

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InvalidInput(f"weights.{f.name}", f"must be a finite number, got {value!r}")
            if value < 0:
                raise InvalidInput(f"weights.{f.name}", f"must be >= 0, got {value}")
        if sum(self.factor_vector()) <= 0:
            raise InvalidInput("weights", "at least one factor weight must be > 0")
        for name in ("distance_scale_km", "soon_scale_hours"):
            if getattr(self, name) <= 0:
                raise InvalidInput(f"weights.{name}", "must be > 0")
        if self.remote_distance_factor > 1 or self.min_skill_coverage > 1:
            raise InvalidInput("weights", "remote_distance_factor and min_skill_coverage must be <= 1")
        if not isinstance(self.max_reasons, int):
            raise InvalidInput("weights.max_reasons", "must be an int")

    def factor_vector(self) -> tuple[float, ...]:
        """The factor weights in :data:`FACTOR_NAMES` order."""
        return tuple(float(getattr(self, name)) for name in FACTOR_NAMES)


DEFAULT_WEIGHTS = Weights()


def check_weights(weights: object) -> Weights:
    if not isinstance(weights, Weights):
        raise InvalidInput("weights", f"must be a matching.Weights, got {type(weights).__name__}")
    return weights
