"""Rendering helpers that either surface (mobile_api's schemas, web's templates) calls: a text as a QR code, and
reason codes in a language. Operations return the facts (a code, a verdict); how they look is decided here, at the
surface's request."""
from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import segno
from babel.numbers import format_decimal

from backend.i18n import LOCALES, MESSAGES, N_, Nn_, add_messages, translate, translate_plural
from backend.taxonomy import taxonomy


# One fixed data mask instead of the best of all eight: scoring the eight (ISO/IEC 18004 7.8.3) was three
# quarters of a voucher's 3 ms. Every mask is a valid QR code that every decoder reads
# (tests/campaigns/test_voucher_qr.py reads them back with the jsQR the shop's till scans with); mask 0 has the
# lowest mean penalty for our 16-character codes and is the one segno picks most often for them.
QR_MASK = 0


@lru_cache(maxsize=512)
def qr_svg(text: str, *, title: str) -> str:
    """``text`` as a QR code, an SVG document without XML declaration (inline in JSON or HTML).

    Cached without invalidation: the picture of a text never changes (a voucher shown again, a door's code)."""
    # Error correction M survives a cracked phone screen; border 4 is the quiet zone scanners need.
    out = io.BytesIO()
    segno.make(text, error="m", micro=False, mask=QR_MASK).save(out, kind="svg", scale=4, border=4, xmldecl=False,
                                                                title=title)
    return out.getvalue().decode()


@dataclass(frozen=True)
class ReasonText:
    code: str
    text: str


def reason_texts(reasons, locale: str) -> list[ReasonText]:
    """Reasons (objects with ``code`` and ``params``) with their text in ``locale`` (message id reason.<code>)."""
    return [ReasonText(r.code, translate("reason." + r.code, locale, **r.params)) for r in reasons]


# --- matching's reasons (matching/ returns codes and params; their words are here, in the catalogue) ------------

AUDIENCES = ("volunteer", "coordinator")

add_messages({
    "match.skills": Nn_("{matched} of {required} skill", "{matched} of {required} skills"),
    # the skills named (the volunteer's and the demand's in common), e.g. "fits what you can do: Cooking"
    "match.skills.named": N_("fits what you can do: {skills}"),
    "match.about.skills.named": N_("can do: {skills}"),
    "match.nice_skills": N_("{matched} of {total} nice-to-have skills"),
    "match.interest": N_("matches your interests"),
    "match.distance.same": N_("in your own neighbourhood"),
    "match.distance": N_("{km} km from you"),
    "match.remote": N_("can be done from home"),
    "match.preference.one_off": N_("you asked for one-off tasks"),
    "match.preference.regular": N_("you asked for regular volunteering"),
    "match.focus_neighbourhood": N_("in a focus neighbourhood"),
    "match.own_focus_neighbourhood": N_("you live in a focus neighbourhood"),
    "match.urgent": N_("urgent"),
    "match.urgent.very": N_("very urgent"),
    "match.starts_soon.hours": Nn_("starts in {hours} hour", "starts in {hours} hours"),
    "match.starts_soon.days": Nn_("starts in {days} day", "starts in {days} days"),
    "match.few_commitments.none": N_("no commitments yet this month"),
    "match.few_commitments": Nn_("only {this_month} commitment this month",
                                 "only {this_month} commitments this month"),
    "match.reliable": N_("reliable: {completed} tasks completed"),
    # about the volunteer, to a coordinator
    "match.about.interest": N_("interested in this kind of work"),
    "match.about.distance.same": N_("lives in the same neighbourhood"),
    "match.about.distance": N_("lives {km} km away"),
    "match.about.preference.one_off": N_("prefers one-off tasks"),
    "match.about.preference.regular": N_("prefers regular volunteering"),
    "match.about.own_focus_neighbourhood": N_("lives in a focus neighbourhood"),
    # why a demand stayed unmatched (coordinators' screens)
    "match.capacity_exhausted": N_("suitable volunteers were all matched elsewhere"),
    "match.no_volunteers": N_("there are no volunteers yet"),
    "match.already_started": N_("it has already started"),
    "match.no_free_places": N_("there are no free places"),
    "match.too_far": N_("no volunteer lives close enough"),
    "match.paused": N_("volunteers nearby have paused"),
    "match.at_max_load": N_("volunteers nearby are fully booked this month"),
    "match.excluded": N_("volunteers nearby already responded"),
    "match.no_one_available_in_time": N_("nobody is available at that time"),
    "match.busy_at_that_time": N_("volunteers nearby are busy at that time"),
    "match.missing_skill": N_("nobody nearby has the required skills"),
    "match.no_vog": N_("nobody nearby has a valid VOG"),
    "match.too_young": N_("volunteers nearby are below the minimum age"),
    "match.missing_language": N_("nobody nearby speaks the required language"),
    # free on <weekday> <part of day> (0 = Monday), whole sentences: languages join them differently
    "match.available.0.night": N_("free on Monday night"),
    "match.available.0.morning": N_("free on Monday morning"),
    "match.available.0.afternoon": N_("free on Monday afternoon"),
    "match.available.0.evening": N_("free on Monday evening"),
    "match.available.1.night": N_("free on Tuesday night"),
    "match.available.1.morning": N_("free on Tuesday morning"),
    "match.available.1.afternoon": N_("free on Tuesday afternoon"),
    "match.available.1.evening": N_("free on Tuesday evening"),
    "match.available.2.night": N_("free on Wednesday night"),
    "match.available.2.morning": N_("free on Wednesday morning"),
    "match.available.2.afternoon": N_("free on Wednesday afternoon"),
    "match.available.2.evening": N_("free on Wednesday evening"),
    "match.available.3.night": N_("free on Thursday night"),
    "match.available.3.morning": N_("free on Thursday morning"),
    "match.available.3.afternoon": N_("free on Thursday afternoon"),
    "match.available.3.evening": N_("free on Thursday evening"),
    "match.available.4.night": N_("free on Friday night"),
    "match.available.4.morning": N_("free on Friday morning"),
    "match.available.4.afternoon": N_("free on Friday afternoon"),
    "match.available.4.evening": N_("free on Friday evening"),
    "match.available.5.night": N_("free on Saturday night"),
    "match.available.5.morning": N_("free on Saturday morning"),
    "match.available.5.afternoon": N_("free on Saturday afternoon"),
    "match.available.5.evening": N_("free on Saturday evening"),
    "match.available.6.night": N_("free on Sunday night"),
    "match.available.6.morning": N_("free on Sunday morning"),
    "match.available.6.afternoon": N_("free on Sunday afternoon"),
    "match.available.6.evening": N_("free on Sunday evening"),
})
_ABOUT_THE_VOLUNTEER = {"interest", "distance", "preference", "own_focus_neighbourhood"}


@dataclass(frozen=True)
class StoredReason:
    """A reason read back from JSON (``{"code": ..., "params": ...}``)."""
    code: str
    params: Mapping[str, Any]


class UnknownReason(ValueError):
    """A reason code or params this module has no text for (a bug in the caller, not bad input)."""


def skill_codes(bits) -> list[str]:
    """The codes of the skills at these bit positions (matching's reasons name skills by bit)."""
    by_bit = _skills_by_bit()
    return [by_bit[int(bit)]["code"] for bit in bits if int(bit) in by_bit]


def skill_names(bits, locale: str) -> str:
    """The skills at these bit positions, named in ``locale`` and joined: "Koken, Fietsen"."""
    by_bit = _skills_by_bit()
    label = "label_en" if locale == "en" else "label_nl"
    return ", ".join(by_bit[int(bit)][label] for bit in bits if int(bit) in by_bit)


@lru_cache(maxsize=1)
def _skills_by_bit() -> dict[int, dict]:
    return {s["bit"]: s for s in taxonomy()["skills"]}


def _km(value: object, locale: str) -> str:
    return _km_text(round(float(value), 1), locale if locale in LOCALES else "en")


@lru_cache(maxsize=4096)
def _km_text(value: float, locale: str) -> str:  # Babel's number formatting costs ~0.1 ms a call
    return format_decimal(value, format="0.0", locale=locale)


def _reason_key(code: str, p: Mapping[str, Any], locale: str, about: str) -> tuple[str, dict[str, Any]]:
    """The message key and its params for one reason."""
    if code == "distance":
        # Distances are between neighbourhood centroids: 0.0 km means the same neighbourhood, not "0.0 km".
        if round(float(p["km"]), 1) == 0.0:
            return f"match.{about}distance.same", {}
        return f"match.{about}distance", {"km": _km(p["km"], locale)}
    if code == "preference":
        return f"match.{about}preference.{'one_off' if p['kind'] == 'one_off' else 'regular'}", {}
    if code == "urgent":
        return ("match.urgent.very" if int(p.get("level", 1)) >= 3 else "match.urgent"), {}
    if code == "available":
        return f"match.available.{int(p['weekday'])}.{p['part_of_day']}", {}
    if code == "few_commitments" and int(p["this_month"]) == 0:
        return "match.few_commitments.none", {}
    return f"match.{about}{code}" if about and code in _ABOUT_THE_VOLUNTEER else f"match.{code}", dict(p)


def matching_reason_text(reason: Any, locale: str, *, audience: str = "volunteer") -> str:
    """Text for one matching reason (an object with ``code`` and ``params``, or a bare unmatched code), written
    to the volunteer (``audience="volunteer"``) or about them to a coordinator (``"coordinator"``).

    A feed words ~15 reasons per request, and the same few hundred reasons recur: the texts are remembered per
    (code, params, language, audience); the catalogues do not change while the process runs."""
    if audience not in AUDIENCES:
        raise UnknownReason(f"audience must be one of {AUDIENCES}, got {audience!r}")
    code, params = (reason, {}) if isinstance(reason, str) else (reason.code, reason.params)
    try:
        frozen = tuple(sorted(params.items()))
        return _remembered_text(code, frozen, locale, audience)
    except TypeError:  # a param that cannot be a key (a list): worded every time
        return _reason_text(code, params, locale, audience)


@lru_cache(maxsize=8192)
def _remembered_text(code: str, frozen: tuple, locale: str, audience: str) -> str:
    return _reason_text(code, dict(frozen), locale, audience)


def _reason_text(code: str, params: Mapping[str, Any], locale: str, audience: str) -> str:
    about = "about." if audience == "coordinator" else ""
    try:
        if code == "starts_soon":
            hours = int(params["hours"])
            if hours >= 48:
                return translate_plural("match.starts_soon.days", locale, hours // 24, days=hours // 24)
            return translate_plural("match.starts_soon.hours", locale, hours, hours=hours)
        key, values = _reason_key(code, params, locale, about)
        if key not in MESSAGES:
            raise UnknownReason(f"unknown reason code {code!r}")
        if code == "skills" and params.get("bits"):
            return translate(f"match.{about}skills.named", locale, skills=skill_names(params["bits"], locale))
        if code == "skills":
            return translate_plural(key, locale, int(params["required"]), **values)
        if key == "match.few_commitments":
            return translate_plural(key, locale, int(params["this_month"]), this_month=params["this_month"])
        return translate(key, locale, **values)
    except UnknownReason:
        raise
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise UnknownReason(f"bad params for {code!r}: {params!r}") from exc
