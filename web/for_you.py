"""How the "for you" page words its filter: the form's names for the filter's fields, the chosen filter as short
labels ("Vacature", "Binnen 2 km", "Dinsdag", "Middag"), and the label of a wider filter offered when nothing fits."""
from __future__ import annotations

from flask_babel import gettext as _

from backend.recommendations.filters import FeedFilter
from web.labels import DAY_PARTS, KINDS, WEEKDAY_NAMES, label

# The schema's fields -> the page's query (Dutch words in the address a volunteer may share or bookmark).
FILTER_NAMES = {"kind": "soort", "withinKm": "afstand", "day": "dag", "dayPart": "dagdeel"}


def choice_labels(f: FeedFilter) -> dict[str, str]:
    """Each part of the filter that is set, as the page names it (part name -> label)."""
    out = {}
    if f.kind:
        out["kind"] = label(KINDS, f.kind)
    if f.within_km is not None:
        out["within_km"] = _("Within %(km)s km", km=f.within_km)
    if f.day:
        out["day"] = label(WEEKDAY_NAMES, f.day)
    if f.day_part:
        out["day_part"] = str(DAY_PARTS[f.day_part][2])
    return out


def widen_label(chosen: FeedFilter, wider: FeedFilter) -> str:
    """The button that widens ``chosen`` to ``wider`` (one change, or everything)."""
    if wider.is_empty():
        return _("Show everything")
    if wider.within_km != chosen.within_km:
        return _("Up to %(km)s km", km=wider.within_km) if wider.within_km else _("Any distance")
    if wider.day != chosen.day:
        return _("Every day")
    if wider.day_part != chosen.day_part:
        return _("The whole day")
    return _("Every kind of work")


def filter_query(f: FeedFilter) -> dict:
    """The page's query for a filter (a link that shows it)."""
    values = {"kind": f.kind, "withinKm": f.within_km, "day": f.day, "dayPart": f.day_part}
    return {FILTER_NAMES[name]: value for name, value in values.items() if value is not None}
