"""The volunteer's profile: create/replace (PUT), change (PATCH), read, and the VOG status set by staff."""
from __future__ import annotations

from datetime import date, timedelta

from backend.accounts.models import User
from backend.accounts.operations import grant_role
from backend.audit.operations import record
from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.places.operations import require_staff, resolve_postcode
from backend.taxonomy import check_codes, taxonomy
from backend.volunteers.models import AvailabilityException, AvailabilitySlot, ProfileSkill, VolunteerProfile
from backend.volunteers.taxonomy_ops import active_skill_codes

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REQUIRED_FOR_NEW = ("postcode",)
_PROFILE_FIELDS = ("travel_radius_km", "languages", "interests", "preference", "max_commitments_per_month", "paused",
                   "birth_year")


def get_profile(user: User) -> VolunteerProfile:
    profile = db.session.get(VolunteerProfile, user.id)
    if profile is None:
        raise NotFound("detail.no_profile")
    return profile


def put_profile(user: User, data: dict) -> tuple[VolunteerProfile, bool]:
    """Create or fully replace the profile. Fields left out get their defaults. Returns (profile, created)."""
    profile = db.session.get(VolunteerProfile, user.id)
    created = profile is None
    missing = {name: [Msg("field.profile_incomplete")] for name in REQUIRED_FOR_NEW if name not in data}
    if missing:
        raise InvalidInput("detail.validation", errors=missing)
    full = {"travel_radius_km": 5.0, "languages": [], "interests": [], "preference": "both",
            "max_commitments_per_month": 4, "paused": False, "birth_year": None, "skills": [], "availability": [],
            "availability_exceptions": [], **data}
    if created:
        profile = VolunteerProfile(user_id=user.id, user=user)
    _apply(user, profile, full, is_new=created)
    if created:
        db.session.add(profile)
        if not user.has_role("volunteer"):
            grant_role(user, "volunteer", actor_id=user.id)
    record("profile.created" if created else "profile.replaced", actor_id=user.id, subject_id=user.id)
    return profile, created


def patch_profile(user: User, data: dict) -> VolunteerProfile:
    profile = get_profile(user)
    _apply(user, profile, data, is_new=False)
    record("profile.changed", actor_id=user.id, subject_id=user.id, fields=sorted(data))
    return profile


def _apply(user: User, profile: VolunteerProfile, data: dict, *, is_new: bool) -> None:
    errors: dict[str, list] = {}
    _check_codes(data, errors)
    slots = _check_slots(data.get("availability"), errors) if "availability" in data else None
    exceptions = _check_exceptions(data.get("availability_exceptions"), errors) \
        if "availability_exceptions" in data else None
    if data.get("vog_status") == "valid":
        errors["vog_status"] = [Msg("field.vog_staff_only")]
    placement = None
    if "postcode" in data:
        try:
            placement = resolve_postcode(data["postcode"])
        except InvalidInput as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidInput("detail.validation", errors=errors)

    if "display_name" in data:
        user.display_name = data["display_name"].strip()
    if placement is not None:
        profile.postcode = placement.postcode
        profile.municipality_id = placement.municipality.id
        profile.neighbourhood_id = placement.neighbourhood.id
        profile.neighbourhood = placement.neighbourhood
        profile.latitude, profile.longitude = placement.latitude, placement.longitude
    for name in _PROFILE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    if data.get("vog_status") in ("none", "requested") and profile.vog_status != "valid":
        profile.vog_status = data["vog_status"]
    elif is_new:
        profile.vog_status = "none"
    if "skills" in data:
        profile.skills = [ProfileSkill(skill_code=s["code"], level=s.get("level", 1))
                          for s in sorted(data["skills"], key=lambda s: s["code"])]
    if slots is not None:
        profile.availability = [AvailabilitySlot(weekday=d, start_minute=s, end_minute=e) for d, s, e in slots]
    if exceptions is not None:
        profile.exceptions = [AvailabilityException(date=d, start_minute=s, end_minute=e, available=a)
                              for d, s, e, a in exceptions]
    profile.updated_at = utcnow()


def _check_codes(data: dict, errors: dict) -> None:
    tax = taxonomy()
    if "skills" in data:
        check_codes([item["code"] for item in data["skills"]], active_skill_codes(), "skills", "field.unknown_skill",
                    errors, suffix=".code")
    for field, allowed, key in (("languages", tax["languages"], "field.unknown_language"),
                                ("interests", tax["interests"], "field.unknown_interest")):
        if field in data:
            check_codes(data[field], allowed, field, key, errors)


def minutes(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def format_minutes(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def _check_range(prefix: str, start: str, end: str, errors: dict) -> tuple[int, int] | None:
    ok = True
    for name, text in (("start", start), ("end", end)):
        value = minutes(text)
        if value > 1440:
            errors.setdefault(f"{prefix}.{name}", []).append(Msg("field.time_format"))
            ok = False
        elif value % 30:
            # Availability is matched in half-hour slots; finer times would be silently rounded.
            errors.setdefault(f"{prefix}.{name}", []).append(Msg("field.time_step"))
            ok = False
    if not ok:
        return None
    s, e = minutes(start), minutes(end)
    if e <= s:
        errors.setdefault(f"{prefix}.end", []).append(Msg("field.time_inverted"))
        return None
    return s, e


def _check_slots(items: list[dict], errors: dict) -> list[tuple[int, int, int]]:
    slots = []
    for i, item in enumerate(items):
        rng = _check_range(f"availability.{i}", item["start"], item["end"], errors)
        if rng is not None:
            slots.append((WEEKDAYS.index(item["weekday"]), rng[0], rng[1], i))
    _flag_overlaps(slots, "availability", errors)
    return sorted((d, s, e) for d, s, e, _ in slots)


def _flag_overlaps(ranges: list[tuple], prefix: str, errors: dict) -> None:
    ranges = sorted(ranges)
    for a, b in zip(ranges, ranges[1:]):
        if a[0] == b[0] and b[1] < a[2]:
            errors.setdefault(f"{prefix}.{b[3]}.start", []).append(Msg("field.time_overlap"))


def _check_exceptions(items: list[dict], errors: dict) -> list[tuple]:
    out, ranged = [], []
    oldest = date.today() - timedelta(days=366)
    for i, item in enumerate(items):
        day = item["date"]
        if day < oldest:
            errors.setdefault(f"availability_exceptions.{i}.date", []).append(Msg("field.exception_in_past"))
            continue
        start, end = item.get("start"), item.get("end")
        if start is None and end is None:
            out.append((day, None, None, item.get("available", False)))
            ranged.append((day.toordinal(), 0, 1440, i))
            continue
        if start is None or end is None:
            errors.setdefault(f"availability_exceptions.{i}.{'start' if start is None else 'end'}", []).append(
                "Missing data for required field.")
            continue
        rng = _check_range(f"availability_exceptions.{i}", start, end, errors)
        if rng is not None:
            out.append((day, rng[0], rng[1], item.get("available", False)))
            ranged.append((day.toordinal(), rng[0], rng[1], i))
    _flag_overlaps(ranged, "availability_exceptions", errors)
    return sorted(out, key=lambda x: (x[0], x[1] or 0))


def set_vog(actor: User, volunteer_id, *, status: str, valid_until: date | None) -> VolunteerProfile:
    """Municipality staff record the VOG they have seen: only the status and end date, never the document."""
    profile = get_or_not_found(VolunteerProfile, volunteer_id, "Volunteer")
    require_staff(actor, profile.neighbourhood.municipality)
    if status == "valid" and (valid_until is None or valid_until < date.today()):
        raise InvalidInput("detail.validation", errors={"valid_until": [Msg("field.date_not_past")]})
    profile.vog_status = status
    profile.vog_valid_until = valid_until if status == "valid" else None
    profile.vog_verified_by = actor.id if status == "valid" else None
    profile.vog_verified_at = utcnow() if status == "valid" else None
    record("profile.vog_set", actor_id=actor.id, subject_id=profile.user_id, status=status)
    return profile
