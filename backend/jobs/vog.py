"""A VOG (certificate of conduct) that ends within VOG_WARNING_DAYS: the volunteer hears it, and so do the
coordinators of organisations where the volunteer holds an upcoming place (they may need a valid VOG there)."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.extensions import db
from backend.jobs.common import config, local_zone, locales_of
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue_many
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import OrganisationMember
from backend.volunteers.models import VolunteerProfile


def warn_expiring_vogs() -> str:
    now = utcnow()
    today = now.astimezone(local_zone()).date()
    expiring = db.session.execute(sa.select(VolunteerProfile.user_id, VolunteerProfile.vog_valid_until).where(
        VolunteerProfile.vog_status == "valid", VolunteerProfile.vog_valid_until >= today,
        VolunteerProfile.vog_valid_until <= today + timedelta(days=config()["VOG_WARNING_DAYS"]))).all()
    until = {row.user_id: row.vog_valid_until for row in expiring}
    coordinators = _coordinators_of_upcoming_places(set(until), now)
    locales = locales_of(set(until) | {c for cs in coordinators.values() for c in cs})
    messages = []
    for volunteer_id, valid_until in until.items():
        key = f"vog-expiring:{volunteer_id}:{valid_until.isoformat()}"
        payload = {"volunteer_id": str(volunteer_id), "valid_until": valid_until.isoformat()}
        messages.append({"dedupe_key": key, "user_id": volunteer_id, "channel": "any", "template": "vog_expiring",
                         "locale": locales.get(volunteer_id, "nl"), "payload": payload})
        messages += [{"dedupe_key": f"{key}:coordinator:{c}", "user_id": c, "channel": "any",
                      "template": "vog_expiring_coordinator", "locale": locales.get(c, "nl"), "payload": payload}
                     for c in sorted(coordinators.get(volunteer_id, ()), key=str)]
    return f"{len(until)} expiring, {enqueue_many(messages)} notices enqueued"


def _coordinators_of_upcoming_places(volunteer_ids: set, now) -> dict:
    if not volunteer_ids:
        return {}
    rows = db.session.execute(
        sa.select(Engagement.volunteer_id, OrganisationMember.user_id).distinct()
        .join(Shift, Shift.id == Engagement.shift_id)
        .join(Opportunity, Opportunity.id == Shift.opportunity_id)
        .join(OrganisationMember, OrganisationMember.organisation_id == Opportunity.organisation_id)
        .where(Engagement.volunteer_id.in_(volunteer_ids), Engagement.status == "accepted",
               Shift.starts_at > now, OrganisationMember.status == "active"))
    result: dict = {}
    for volunteer_id, coordinator_id in rows:
        result.setdefault(volunteer_id, set()).add(coordinator_id)
    return result
