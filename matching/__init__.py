"""DoeMee matching: pair volunteers with shifts, help requests and initiative tasks.

A pure library (numpy and scipy only): the backend builds :class:`Volunteer`
and :class:`Demand` records (or columnar :class:`VolunteerTable` /
:class:`DemandTable`), and gets back scored, explained matches: reasons are
codes with parameters (:class:`Reason`); the service words them in the reader's language.

* :func:`recommend` -- the "for you" feed: top-k demands for one volunteer;
* :func:`candidates` -- top-k volunteers for one demand;
* :func:`assign` -- the batch assignment with the highest total score;

Hard constraints are listed in :mod:`matching.constraints`, the score formula
in :mod:`matching.score`, the input representation in :mod:`matching.inputs`.

Example:

>>> from datetime import datetime, time
>>> import matching as m
>>> ann = m.Volunteer("ann", lat=51.920, lon=4.250, radius_km=3,
...                   skills=m.bitset([0, 4]), preference="one_off",
...                   availability=m.weekly_availability([(1, time(18), time(22))]))
>>> soup = m.Demand("soup", "shift", start=datetime(2026, 5, 5, 19), end=datetime(2026, 5, 5, 21),
...                 lat=51.925, lon=4.255, required_skills=m.bitset([0]), neighbourhood_weight=1.5)
>>> [match] = m.recommend(ann, [soup], k=5, now=datetime(2026, 5, 1, 12))
>>> [r.code for r in match.reasons]
['skills', 'distance', 'preference', 'available']
"""

from .batch import assign
from .encode import bitset, day_slots, weekly_availability
from .errors import InvalidInput, MatchingError
from .inputs import AvailabilityException, Demand, Volunteer
from .feed import candidates, feasible_demands, recommend
from .results import Assignment, Match, Reason, Unmatched
from .tables import DemandTable, VolunteerTable
from ._table_update import replace_volunteers
from .weights import DEFAULT_WEIGHTS, Weights

__all__ = [
    "recommend",
    "candidates",
    "feasible_demands",
    "assign",
    "Volunteer",
    "Demand",
    "AvailabilityException",
    "VolunteerTable",
    "DemandTable",
    "replace_volunteers",
    "Weights",
    "DEFAULT_WEIGHTS",
    "Match",
    "Reason",
    "Assignment",
    "Unmatched",
    "MatchingError",
    "InvalidInput",
    "bitset",
    "day_slots",
    "weekly_availability",
]
