"""The volunteer profile's part of the data subject's rights (listed in backend/data_rights.py)."""
from __future__ import annotations

import sqlalchemy as sa

from backend.accounts.models import User
from backend.extensions import db
from backend.models_base import iso
from backend.volunteers.models import VolunteerProfile
from backend.volunteers.operations import WEEKDAYS, format_minutes


def export_profile(user: User) -> dict | None:
    """The "volunteer_profile" section: null for someone who never made a profile."""
    profile = db.session.get(VolunteerProfile, user.id)
    return _export_profile(profile) if profile else None


def _export_profile(p: VolunteerProfile) -> dict:
    return {
        "postcode": p.postcode,
        "neighbourhood": p.neighbourhood.name,
        "approximate_location": {"latitude": p.latitude, "longitude": p.longitude},
        "travel_radius_km": p.travel_radius_km,
        "languages": p.languages,
        "interests": p.interests,
        "skills": [{"code": s.skill_code, "level": s.level} for s in p.skills],
        "availability": [{"weekday": WEEKDAYS[a.weekday], "start": format_minutes(a.start_minute),
                          "end": format_minutes(a.end_minute)} for a in p.availability],
        "availability_exceptions": [
            {"date": e.date.isoformat(),
             "start": format_minutes(e.start_minute) if e.start_minute is not None else None,
             "end": format_minutes(e.end_minute) if e.end_minute is not None else None, "available": e.available}
            for e in p.exceptions],
        "preference": p.preference,
        "max_commitments_per_month": p.max_commitments_per_month,
        "paused": p.paused,
        "birth_year": p.birth_year,
        "vog": {"status": p.vog_status, "valid_until": iso(p.vog_valid_until)},
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
    }


def forget_as_vog_verifier(user: User) -> None:
    """Profiles whose VOG this person (municipality staff) verified keep the status, not the link to them."""
    db.session.execute(sa.update(VolunteerProfile).where(VolunteerProfile.vog_verified_by == user.id)
                       .values(vog_verified_by=None))
