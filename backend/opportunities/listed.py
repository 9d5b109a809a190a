"""What the lists of opportunities and shifts return (backend.opportunities.listing): frozen results that the
surfaces shape, mobile_api through its schemas (and their plain dumpers), the web through its templates.

Named tuples rather than frozen dataclasses: a page of 100 shifts makes 500 of them, and a frozen dataclass sets
each field through object.__setattr__ (~3x the cost of a tuple)."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple


class Ref(NamedTuple):
    id: uuid.UUID
    name: str | None


class Place(NamedTuple):
    """A neighbourhood, never an address."""
    slug: str
    name: str
    district: str


class Point(NamedTuple):
    """A neighbourhood centroid."""
    latitude: float
    longitude: float


class ListedOpportunity(NamedTuple):
    id: uuid.UUID
    kind: str
    status: str
    title: str
    description: str
    category: str | None
    required_skills: list
    nice_skills: list
    remote: bool
    requires_vog: bool
    min_age: int | None
    languages: list
    commitment: str
    max_distance_km: float | None
    recurrence: str | None
    organisation: Ref | None
    neighbourhood: Place | None
    approximate_location: Point | None
    published_at: datetime | None
    distance_km: float | None
    postcode: str | None = None  # only where the coordinators' schema shows it


class OpportunityBrief(NamedTuple):
    id: uuid.UUID
    kind: str
    title: str
    category: str | None
    remote: bool


class ListedShift(NamedTuple):
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    capacity: int
    free_places: int
    status: str
    opportunity: OpportunityBrief
    organisation: Ref | None
    neighbourhood: Place | None
    distance_km: float | None
