"""The areas a report has rows for, and how their figures add up.

Every report has a row for the whole municipality, the focus neighbourhoods together, the other neighbourhoods
together, each district (wijk) and each neighbourhood (buurt); demand also has a row for what has no
neighbourhood (remote work). The sums of these rows are what ``suppression`` must protect.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg, translate
from backend.places.models import Municipality, Neighbourhood

LEVELS = ("total", "focus", "rest", "district", "neighbourhood", "none")


@dataclass(frozen=True)
class Area:
    """What a row is about. ``level`` is one of LEVELS; ``slug`` is set for neighbourhoods only."""

    level: str
    name: str
    slug: str | None = None
    district: str | None = None
    is_focus: bool | None = None


TOTAL = Area("total", "Alle buurten")
FOCUS = Area("focus", "Aandachtsbuurten", is_focus=True)
REST = Area("rest", "Overige buurten", is_focus=False)
NONE = Area("none", "Zonder buurt (op afstand)")


def label(area: Area, locale: str) -> str:
    """The area's name for people: the place's own name, or the wording of a group of neighbourhoods. A wijk reads
    "Wijk Kapelpolder", so that it is not taken for the buurt of the same name beside it."""
    if area.level in ("total", "focus", "rest", "none"):
        return translate(f"report.area.{area.level}", locale)
    if area.level == "district":
        return translate("report.area.district", locale, name=area.name)
    return area.name


@dataclass(frozen=True)
class Areas:
    """The areas of one municipality, in the order rows are shown, with the groups that add up."""

    neighbourhoods: tuple[tuple[object, Area], ...]  # (neighbourhood id, area)
    with_none: bool

    @property
    def districts(self) -> tuple[Area, ...]:
        names = sorted({area.district for _, area in self.neighbourhoods})
        return tuple(Area("district", name, district=name) for name in names)

    @property
    def all(self) -> tuple[Area, ...]:
        hoods = tuple(area for _, area in self.neighbourhoods)
        return (TOTAL, FOCUS, REST, *self.districts, *hoods, *((NONE,) if self.with_none else ()))

    def district_names(self) -> tuple[str, ...]:
        return tuple(area.name for area in self.districts)

    def neighbourhoods_in(self, district: str | None) -> tuple[Area, ...]:
        """The buurten of one wijk (of every wijk for None), in the order rows are shown."""
        return tuple(area for _, area in self.neighbourhoods if district in (None, area.district))

    def checked(self, district: str | None, neighbourhood: str | None) -> str | None:
        """The wijk asked for (or the buurt's own): an unknown one is not found, a buurt of another wijk is
        refused."""
        if district is not None and district not in self.district_names():
            raise NotFound("detail.not_found", what="District")
        if neighbourhood is None:
            return district
        hood = next((area for area in self.neighbourhoods_in(None) if area.slug == neighbourhood), None)
        if hood is None:
            raise NotFound("detail.not_found", what="Neighbourhood")
        if district is not None and hood.district != district:
            raise InvalidInput("detail.validation", errors={"neighbourhood": [Msg("field.reports.not_in_district")]})
        return hood.district

    def shows(self, area: Area, district: str | None, neighbourhood: str | None) -> bool:
        """Whether a row belongs to the part of the municipality asked for: one wijk (its row and its buurten), or
        one buurt of it (and its wijk's row). The municipality-wide rows (all, focus and the rest, none) stay."""
        if area.level == "district":
            return district in (None, area.district)
        if area.level == "neighbourhood":
            return district in (None, area.district) and neighbourhood in (None, area.slug)
        return True

    def groups(self) -> list[tuple[list[Area], Area]]:
        """Every (members, total) relation between the rows."""
        hoods = [area for _, area in self.neighbourhoods]
        none = [NONE] if self.with_none else []
        focus = [a for a in hoods if a.is_focus]
        rest = [a for a in hoods if not a.is_focus]
        groups = [(hoods + none, TOTAL), (focus, FOCUS), (rest, REST), ([FOCUS, REST] + none, TOTAL),
                  (list(self.districts) + none, TOTAL)]
        groups += [([a for a in hoods if a.district == d.district], d) for d in self.districts]
        return groups

    def roll_up(self, by_hood: Mapping[object, float]) -> dict[Area, float]:
        """Figures per neighbourhood id (None: no neighbourhood) -> figures for every area."""
        out: dict[Area, float] = {}
        for hood_id, area in self.neighbourhoods:
            out[area] = by_hood.get(hood_id, 0)
        if self.with_none:
            out[NONE] = by_hood.get(None, 0)
        hoods = [area for _, area in self.neighbourhoods]
        out[FOCUS] = sum(out[a] for a in hoods if a.is_focus)
        out[REST] = sum(out[a] for a in hoods if not a.is_focus)
        for d in self.districts:
            out[d] = sum(out[a] for a in hoods if a.district == d.district)
        out[TOTAL] = out[FOCUS] + out[REST] + out.get(NONE, 0)
        return {area: out[area] for area in self.all}

    def members(self, area: Area) -> list[object]:
        """The neighbourhood ids (None: no neighbourhood) whose items make up ``area`` (for medians)."""
        if area.level == "neighbourhood":
            return [i for i, a in self.neighbourhoods if a == area]
        if area.level == "none":
            return [None]
        picked = [i for i, a in self.neighbourhoods
                  if area.level == "total" or (area.level == "district" and a.district == area.district)
                  or (area.level in ("focus", "rest") and a.is_focus == area.is_focus)]
        return picked + ([None] if area.level == "total" and self.with_none else [])


def areas_of(municipality: Municipality, *, with_none: bool = False) -> Areas:
    hoods = db.session.execute(
        sa.select(Neighbourhood.id, Neighbourhood.slug, Neighbourhood.name, Neighbourhood.district,
                  Neighbourhood.is_focus)
        .where(Neighbourhood.municipality_id == municipality.id)
        .order_by(Neighbourhood.district, Neighbourhood.name)).all()
    return Areas(tuple((h.id, Area("neighbourhood", h.name, slug=h.slug, district=h.district,
                                   is_focus=bool(h.is_focus))) for h in hoods), with_none)
