"""The input records the backend builds from the database.

Representation (the contract with the backend):

* **Ids** are non-empty ``str`` (UUIDs as text). Ties are broken by id.
* **Skills** are an ``int`` bitset, bit *i* set = skill *i* of the taxonomy
  (0 <= i < 128). Internally two uint64 words (low, high).
* **Interests** are an ``int`` bitset over the 32 interest categories
  (bit *c* = category *c*); a demand names one category (``0..31``) or ``None``.
* **Languages** are an ``int`` bitset over up to 64 languages; a demand's
  ``languages`` is *any-of* (0 = no language required).
* **Weekly availability** is an ``int`` bitset of 7 x 48 half-hour slots in
  Europe/Amsterdam local time: bit ``weekday * 48 + slot`` where weekday 0 is
  Monday and slot 0 is 00:00-00:30. Build it with
  :func:`matching.weekly_availability`.
* **Times** are naive ``datetime`` objects in Europe/Amsterdam wall-clock time
  (the backend converts from UTC); the library derives weekday and slots. A
  demand needs every half-hour slot it touches: 18:15-19:00 needs 18:00-19:00.
* **Flexible windows**: a demand with ``duration_minutes`` set is a task of
  that length to be done some time in ``[start, end)`` (a help request "on
  Tuesday between 10:00 and 17:00, about 1.5 hours"). The window may span up to
  14 days and cross midnight. The task is placed on the half-hour grid: it
  begins at ``start`` or at a later half-hour boundary and ends by ``end``, so
  its length counts in whole half-hour slots (rounded up: 45 minutes take two
  slots when it starts on a boundary). A volunteer fits when some placement
  touches only slots of their availability (patched by the exceptions of each
  date) and overlaps none of their ``busy`` engagements. Without a duration
  the whole window is needed, as before; a duration equal to the window's
  length means the same.
* **Dated exceptions** patch the weekly mask for one local date: the union of
  ``available=False`` masks is removed first, then the union of
  ``available=True`` masks is added (so the order of exceptions never matters).
* **Coordinates** are approximate WGS84 degrees (a PC4 centroid is enough).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import _validate as v

__all__ = ["AvailabilityException", "Volunteer", "Demand", "DEMAND_KINDS", "PREFERENCES"]

SKILL_BITS = 128
INTEREST_BITS = 32
LANGUAGE_BITS = 64
WEEK_BITS = 7 * 48
DEMAND_KINDS = ("shift", "help_request", "initiative_task")
PREFERENCES = ("both", "one_off", "regular")
MAX_WINDOW = timedelta(days=14)  # longest flexible window (``duration_minutes`` set)


@dataclass(frozen=True)
class AvailabilityException:
    """A change to the weekly availability on one local date.

    ``slots`` is a 48-bit mask of half-hours of that date (bit 0 = 00:00-00:30).
    ``available=False`` removes those slots (e.g. away on 2026-12-24),
    ``available=True`` adds them.

    >>> AvailabilityException(date(2026, 12, 24), slots=(1 << 48) - 1, available=False).available
    False
    """

    day: date
    slots: int
    available: bool = False

    def __post_init__(self) -> None:
        v.check_date(self.day, "exceptions.day", None)
        v.check_bitset(self.slots, "exceptions.slots", None, 48)
        v.check_bool(self.available, "exceptions.available", None)


@dataclass(frozen=True)
class Volunteer:
    """One volunteer, as the matching library needs to know them.

    ``load`` is the number of commitments this month and ``max_load`` the
    volunteer's own maximum per month; ``completed`` and ``no_shows`` count
    past engagements. ``neighbourhood_weight`` is that of the neighbourhood the
    volunteer lives in (> 1 for focus neighbourhoods). ``busy`` lists already
    accepted engagements as ``(start, end)`` local datetimes.

    >>> Volunteer("v1", lat=51.92, lon=4.25, radius_km=5, skills=0b101).skills
    5
    """

    id: str
    lat: float
    lon: float
    radius_km: float
    skills: int = 0
    interests: int = 0
    languages: int = 0
    availability: int = 0
    exceptions: tuple[AvailabilityException, ...] = ()
    busy: tuple[tuple[datetime, datetime], ...] = ()
    vog_valid_until: date | None = None
    birth_date: date | None = None
    paused: bool = False
    preference: str = "both"
    load: int = 0
    max_load: int = 4
    completed: int = 0
    no_shows: int = 0
    neighbourhood_weight: float = 1.0

    def __post_init__(self) -> None:
        vid = v.check_id(self.id)
        set_ = object.__setattr__
        set_(self, "lat", v.check_real(self.lat, "lat", vid, -90.0, 90.0))
        set_(self, "lon", v.check_real(self.lon, "lon", vid, -180.0, 180.0))
        set_(self, "radius_km", v.check_real(self.radius_km, "radius_km", vid, 0.0))
        set_(self, "skills", v.check_bitset(self.skills, "skills", vid, SKILL_BITS))
        set_(self, "interests", v.check_bitset(self.interests, "interests", vid, INTEREST_BITS))
        set_(self, "languages", v.check_bitset(self.languages, "languages", vid, LANGUAGE_BITS))
        set_(self, "availability", v.check_bitset(self.availability, "availability", vid, WEEK_BITS))
        exceptions = tuple(self.exceptions)
        for exc in exceptions:
            if not isinstance(exc, AvailabilityException):
                raise v.InvalidInput("exceptions", f"must hold AvailabilityException, got {exc!r}", vid)
        set_(self, "exceptions", exceptions)
        busy = tuple(tuple(pair) for pair in self.busy)
        for pair in busy:
            if len(pair) != 2:
                raise v.InvalidInput("busy", f"must hold (start, end) pairs, got {pair!r}", vid)
            v.check_interval(pair[0], pair[1], "busy", vid)
        set_(self, "busy", busy)
        v.check_date(self.vog_valid_until, "vog_valid_until", vid, optional=True)
        v.check_date(self.birth_date, "birth_date", vid, optional=True)
        v.check_bool(self.paused, "paused", vid)
        v.check_choice(self.preference, "preference", vid, PREFERENCES)
        set_(self, "load", v.check_int(self.load, "load", vid, 0))
        set_(self, "max_load", v.check_int(self.max_load, "max_load", vid, 0))
        set_(self, "completed", v.check_int(self.completed, "completed", vid, 0))
        set_(self, "no_shows", v.check_int(self.no_shows, "no_shows", vid, 0))
        set_(self, "neighbourhood_weight", v.check_real(self.neighbourhood_weight, "neighbourhood_weight", vid, 0.0))

    def with_engagements(
        self, *, busy: Iterable[tuple[datetime, datetime]], load: int, max_load: int, completed: int, no_shows: int
    ) -> Volunteer:
        """A copy with new engagement facts, checking only those (the rest was checked when ``self`` was made).

        What a batch does when it reads everyone's engagements again for volunteers built earlier: the same
        result as ``dataclasses.replace`` with these five fields, at a fraction of its cost.

        >>> a = Volunteer("v1", lat=51.92, lon=4.25, radius_km=5)
        >>> b = a.with_engagements(busy=[(datetime(2026, 5, 5, 9), datetime(2026, 5, 5, 11))], load=1, max_load=3,
        ...                        completed=2, no_shows=0)
        >>> (b.load, b.max_load, len(b.busy), a.load)
        (1, 3, 1, 0)
        """
        vid = self.id
        pairs = tuple(tuple(pair) for pair in busy)
        for pair in pairs:
            if len(pair) != 2:
                raise v.InvalidInput("busy", f"must hold (start, end) pairs, got {pair!r}", vid)
            v.check_interval(pair[0], pair[1], "busy", vid)
        new = copy.copy(self)
        set_ = object.__setattr__
        set_(new, "busy", pairs)
        set_(new, "load", v.check_int(load, "load", vid, 0))
        set_(new, "max_load", v.check_int(max_load, "max_load", vid, 0))
        set_(new, "completed", v.check_int(completed, "completed", vid, 0))
        set_(new, "no_shows", v.check_int(no_shows, "no_shows", vid, 0))
        return new


@dataclass(frozen=True)
class Demand:
    """One unit of demand: a shift, a help request or an initiative task.

    ``start``/``end`` are naive local datetimes (Europe/Amsterdam). A remote
    demand has ``remote=True`` and no coordinates. ``regular`` is True for
    structural work and False for one-off tasks. ``urgency`` runs 0..3.
    ``neighbourhood_weight`` is that of the demand's neighbourhood (> 1 marks a
    focus neighbourhood, an *aandachtsbuurt*).

    ``duration_minutes`` (optional, > 0, at most ``end - start``) turns
    ``start``/``end`` into a window in which a task of that length is done;
    the window may then span at most 14 days. See the module docstring for
    how a volunteer's free stretch is found.

    >>> help_request = Demand("d2", "help_request", start=datetime(2026, 5, 5, 10), end=datetime(2026, 5, 5, 17),
    ...                       lat=51.92, lon=4.25, duration_minutes=90)
    >>> help_request.duration_minutes
    90

    >>> d = Demand("d1", "shift", start=datetime(2026, 5, 5, 19), end=datetime(2026, 5, 5, 21),
    ...            lat=51.92, lon=4.25, free_places=2)
    >>> d.free_places, d.remote
    (2, False)
    """

    id: str
    kind: str
    start: datetime
    end: datetime
    lat: float | None = None
    lon: float | None = None
    remote: bool = False
    max_distance_km: float | None = None
    required_skills: int = 0
    nice_skills: int = 0
    interest: int | None = None
    requires_vog: bool = False
    min_age: int = 0
    languages: int = 0
    regular: bool = False
    urgency: int = 0
    free_places: int = 1
    neighbourhood_weight: float = 1.0
    duration_minutes: int | None = None

    def __post_init__(self) -> None:
        did = v.check_id(self.id)
        set_ = object.__setattr__
        v.check_choice(self.kind, "kind", did, DEMAND_KINDS)
        v.check_local_datetime(self.start, "start", did)
        v.check_interval(self.start, self.end, "end", did)
        if self.duration_minutes is not None:
            set_(self, "duration_minutes", self._checked_duration(did))
        v.check_bool(self.remote, "remote", did)
        if self.remote:
            set_(self, "lat", None)
            set_(self, "lon", None)
        else:
            if self.lat is None or self.lon is None:
                raise v.InvalidInput("lat", "a demand that is not remote needs lat and lon", did)
            set_(self, "lat", v.check_real(self.lat, "lat", did, -90.0, 90.0))
            set_(self, "lon", v.check_real(self.lon, "lon", did, -180.0, 180.0))
        if self.max_distance_km is not None:
            set_(self, "max_distance_km", v.check_real(self.max_distance_km, "max_distance_km", did, 0.0))
        set_(self, "required_skills", v.check_bitset(self.required_skills, "required_skills", did, SKILL_BITS))
        set_(self, "nice_skills", v.check_bitset(self.nice_skills, "nice_skills", did, SKILL_BITS))
        if self.interest is not None:
            set_(self, "interest", v.check_int(self.interest, "interest", did, 0, INTEREST_BITS - 1))
        v.check_bool(self.requires_vog, "requires_vog", did)
        set_(self, "min_age", v.check_int(self.min_age, "min_age", did, 0, 150))
        set_(self, "languages", v.check_bitset(self.languages, "languages", did, LANGUAGE_BITS))
        v.check_bool(self.regular, "regular", did)
        set_(self, "urgency", v.check_int(self.urgency, "urgency", did, 0, 3))
        set_(self, "free_places", v.check_int(self.free_places, "free_places", did, 0))
        set_(self, "neighbourhood_weight", v.check_real(self.neighbourhood_weight, "neighbourhood_weight", did, 0.0))


    def _checked_duration(self, did: str) -> int:
        minutes = v.check_int(self.duration_minutes, "duration_minutes", did, 1)
        window = self.end - self.start
        if window > MAX_WINDOW:
            raise v.InvalidInput("end", f"a window with a duration may span at most 14 days, got {window}", did)
        if timedelta(minutes=minutes) > window:
            raise v.InvalidInput("duration_minutes", f"{minutes} minutes do not fit in the window of {window}", did)
        return minutes
