"""What the lists of opportunities and shifts return (backend.opportunities.listing): frozen results that the
surfaces shape, mobile_api through its schemas (and their plain dumpers), the web through its templates."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Ref:
    id: uuid.UUID
    name: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """A neighbourhood, never an address."""
    slug: str
    name: str
    district: str


@dataclass(frozen=True, slots=True)
class Point:
    """A neighbourhood centroid."""
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class ListedOpportunity:
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


@dataclass(frozen=True, slots=True)
class OpportunityBrief:
    id: uuid.UUID
    kind: str
    title: str
    category: str | None
    remote: bool


@dataclass(frozen=True, slots=True)
class ListedShift:
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
