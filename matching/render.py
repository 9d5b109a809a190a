"""Turn a :class:`~matching.Reason` (or an unmatched code) into Dutch or English text.

>>> from matching import Reason
>>> render_reason(Reason("skills", {"matched": 3, "required": 4}), "nl")
'3 van 4 vaardigheden'
>>> render_reason(Reason("available", {"weekday": 1, "part_of_day": "evening"}), "en")
'free on Tuesday evening'
>>> render_reason(Reason("distance", {"km": 1.2}), "nl")
'1,2 km van je vandaan'

Reasons are written to the volunteer ("matches your interests"). A coordinator reading about a candidate gets
them about the volunteer instead (``audience="coordinator"``):

>>> render_reason(Reason("distance", {"km": 1.2}), "en", audience="coordinator")
'lives 1.2 km away'
>>> render_reason(Reason("distance", {"km": 0.0}), "nl", audience="coordinator")
'woont in dezelfde buurt'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .errors import InvalidInput
from .results import Reason

__all__ = ["render_reason", "LOCALES", "AUDIENCES"]

LOCALES = ("nl", "en")
AUDIENCES = ("volunteer", "coordinator")

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
}
_PARTS = {
    "en": {"night": "night", "morning": "morning", "afternoon": "afternoon", "evening": "evening"},
    "nl": {"night": "nacht", "morning": "ochtend", "afternoon": "middag", "evening": "avond"},
}

Params = Mapping[str, object]


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _km(value: object, locale: str) -> str:
    text = f"{float(value):.1f}"  # type: ignore[arg-type]
    return text.replace(".", ",") if locale == "nl" else text


def _distance(p: Params, locale: str, audience: str) -> str:
    km = _km(p["km"], locale)
    # Distances are between neighbourhood centroids: 0.0 km means the same neighbourhood, not "0.0 km".
    same = float(km.replace(",", ".")) == 0.0
    if audience == "coordinator":
        if locale == "nl":
            return "woont in dezelfde buurt" if same else f"woont {km} km verderop"
        return "lives in the same neighbourhood" if same else f"lives {km} km away"
    if locale == "nl":
        return "in je eigen buurt" if same else f"{km} km van je vandaan"
    return "in your own neighbourhood" if same else f"{km} km from you"


def _available(p: Params, locale: str) -> str:
    day = _WEEKDAYS[locale][int(p["weekday"])]  # type: ignore[call-overload]
    part = _PARTS[locale][str(p["part_of_day"])]
    return f"vrij op {day}{part}" if locale == "nl" else f"free on {day} {part}"


def _starts_soon(p: Params, locale: str) -> str:
    hours = int(p["hours"])  # type: ignore[call-overload]
    if hours >= 48:
        days = hours // 24
        return f"begint over {days} dagen" if locale == "nl" else f"starts in {days} days"
    if locale == "nl":
        return f"begint over {hours} uur"
    return f"starts in {hours} {_plural(hours, 'hour', 'hours')}"


def _commitments(p: Params, locale: str) -> str:
    n = int(p["this_month"])  # type: ignore[call-overload]
    if locale == "nl":
        return "nog geen afspraken deze maand" if n == 0 else f"pas {n} {_plural(n, 'afspraak', 'afspraken')} deze maand"
    return "no commitments yet this month" if n == 0 else f"only {n} {_plural(n, 'commitment', 'commitments')} this month"


_EN: dict[str, Callable[[Params], str]] = {
    "skills": lambda p: f"{p['matched']} of {p['required']} {_plural(int(p['required']), 'skill', 'skills')}",  # type: ignore[call-overload]
    "nice_skills": lambda p: f"{p['matched']} of {p['total']} nice-to-have skills",
    "interest": lambda p: "matches your interests",
    "distance": lambda p: _distance(p, "en", "volunteer"),
    "remote": lambda p: "can be done from home",
    "preference": lambda p: "you asked for one-off tasks" if p["kind"] == "one_off" else "you asked for regular volunteering",
    "focus_neighbourhood": lambda p: "in a focus neighbourhood",
    "own_focus_neighbourhood": lambda p: "you live in a focus neighbourhood",
    "urgent": lambda p: "very urgent" if int(p.get("level", 1)) >= 3 else "urgent",  # type: ignore[call-overload]
    "starts_soon": lambda p: _starts_soon(p, "en"),
    "few_commitments": lambda p: _commitments(p, "en"),
    "reliable": lambda p: f"reliable: {p['completed']} tasks completed",
    "available": lambda p: _available(p, "en"),
    # Unmatched codes (for coordinators' screens).
    "capacity_exhausted": lambda p: "suitable volunteers were all matched elsewhere",
    "no_volunteers": lambda p: "there are no volunteers yet",
    "already_started": lambda p: "it has already started",
    "no_free_places": lambda p: "there are no free places",
    "too_far": lambda p: "no volunteer lives close enough",
    "paused": lambda p: "volunteers nearby have paused",
    "at_max_load": lambda p: "volunteers nearby are fully booked this month",
    "excluded": lambda p: "volunteers nearby already responded",
    "no_one_available_in_time": lambda p: "nobody is available at that time",
    "busy_at_that_time": lambda p: "volunteers nearby are busy at that time",
    "missing_skill": lambda p: "nobody nearby has the required skills",
    "no_vog": lambda p: "nobody nearby has a valid VOG",
    "too_young": lambda p: "volunteers nearby are below the minimum age",
    "missing_language": lambda p: "nobody nearby speaks the required language",
}

_NL: dict[str, Callable[[Params], str]] = {
    "skills": lambda p: f"{p['matched']} van {p['required']} {_plural(int(p['required']), 'vaardigheid', 'vaardigheden')}",  # type: ignore[call-overload]
    "nice_skills": lambda p: f"{p['matched']} van {p['total']} gewenste vaardigheden",
    "interest": lambda p: "past bij je interesses",
    "distance": lambda p: _distance(p, "nl", "volunteer"),
    "remote": lambda p: "kan vanuit huis",
    "preference": lambda p: "je vroeg om losse klussen" if p["kind"] == "one_off" else "je vroeg om structureel vrijwilligerswerk",
    "focus_neighbourhood": lambda p: "in een aandachtsbuurt",
    "own_focus_neighbourhood": lambda p: "je woont in een aandachtsbuurt",
    "urgent": lambda p: "zeer dringend" if int(p.get("level", 1)) >= 3 else "dringend",  # type: ignore[call-overload]
    "starts_soon": lambda p: _starts_soon(p, "nl"),
    "few_commitments": lambda p: _commitments(p, "nl"),
    "reliable": lambda p: f"betrouwbaar: {p['completed']} taken afgerond",
    "available": lambda p: _available(p, "nl"),
    "capacity_exhausted": lambda p: "geschikte vrijwilligers zijn al elders ingezet",
    "no_volunteers": lambda p: "er zijn nog geen vrijwilligers",
    "already_started": lambda p: "het is al begonnen",
    "no_free_places": lambda p: "er zijn geen plekken meer vrij",
    "too_far": lambda p: "er woont geen vrijwilliger dichtbij genoeg",
    "paused": lambda p: "vrijwilligers in de buurt hebben een pauze ingelast",
    "at_max_load": lambda p: "vrijwilligers in de buurt zitten deze maand vol",
    "excluded": lambda p: "vrijwilligers in de buurt hebben al gereageerd",
    "no_one_available_in_time": lambda p: "niemand is op dat moment beschikbaar",
    "busy_at_that_time": lambda p: "vrijwilligers in de buurt zijn dan al bezet",
    "missing_skill": lambda p: "niemand in de buurt heeft de gevraagde vaardigheden",
    "no_vog": lambda p: "niemand in de buurt heeft een geldige VOG",
    "too_young": lambda p: "vrijwilligers in de buurt zijn te jong",
    "missing_language": lambda p: "niemand in de buurt spreekt de gevraagde taal",
}

# The reasons that speak to the volunteer ("you", "your"), said about the volunteer to a coordinator.
_ABOUT_EN: dict[str, Callable[[Params], str]] = {
    "interest": lambda p: "interested in this kind of work",
    "distance": lambda p: _distance(p, "en", "coordinator"),
    "preference": lambda p: "prefers one-off tasks" if p["kind"] == "one_off" else "prefers regular volunteering",
    "own_focus_neighbourhood": lambda p: "lives in a focus neighbourhood",
}
_ABOUT_NL: dict[str, Callable[[Params], str]] = {
    "interest": lambda p: "heeft interesse in dit soort werk",
    "distance": lambda p: _distance(p, "nl", "coordinator"),
    "preference": lambda p: "wil liever losse klussen" if p["kind"] == "one_off" else "wil liever structureel vrijwilligerswerk",
    "own_focus_neighbourhood": lambda p: "woont in een aandachtsbuurt",
}

_TABLES = {"en": _EN, "nl": _NL}
_ABOUT = {"en": {**_EN, **_ABOUT_EN}, "nl": {**_NL, **_ABOUT_NL}}


def render_reason(reason: Reason | str, locale: str = "nl", *, audience: str = "volunteer") -> str:
    """Text for one reason (or a bare code such as an :class:`~matching.Unmatched` reason), written to the
    volunteer (``audience="volunteer"``) or about them to a coordinator (``"coordinator"``).

    Raises :class:`~matching.InvalidInput` for an unknown locale, audience, code or missing param.
    """
    if locale not in _TABLES:
        raise InvalidInput("locale", f"must be one of {LOCALES}, got {locale!r}")
    if audience not in AUDIENCES:
        raise InvalidInput("audience", f"must be one of {AUDIENCES}, got {audience!r}")
    if isinstance(reason, str):
        reason = Reason(reason, {})
    template = (_TABLES if audience == "volunteer" else _ABOUT)[locale].get(reason.code)
    if template is None:
        raise InvalidInput("code", f"unknown reason code {reason.code!r}")
    try:
        return template(reason.params)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise InvalidInput("params", f"bad params for {reason.code!r}: {reason.params!r}") from exc
