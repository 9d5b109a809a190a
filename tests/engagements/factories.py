"""Set-ups shared by the engagement tests: an organisation with a coordinator, a published opportunity and a shift
(rows added with tests.factories, flushed, never committed), and small readers of database state."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.help.models import HelpRequest, HelpRequestAddress
from backend.notifications.models import OutboxMessage
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import Organisation
from tests import factories
from tests.support import Person, register


@dataclass
class Setting:
    coordinator: Person
    organisation: Organisation
    opportunity: Opportunity
    shift: Shift

    @property
    def shift_id(self) -> str:
        return str(self.shift.id)


def now() -> datetime:
    return datetime.now(timezone.utc)


def coordinated_shift(client, session, *, capacity=3, starts_in=timedelta(days=3), hours=2,
                      opportunity_status="published", coordinator: Person | None = None,
                      title="Koffie schenken") -> Setting:
    coordinator = coordinator or register(client, display_name="Carla Coördinator")
    organisation = factories.organisation(session, coordinator_id=coordinator.id)
    opportunity = factories.opportunity(session, organisation, status=opportunity_status, title=title)
    shift = factories.shift(session, opportunity, starts_at=(now() + starts_in).replace(microsecond=0),
                            hours=hours, capacity=capacity)
    return Setting(coordinator, organisation, opportunity, shift)


def another_shift(session, setting: Setting, *, starts_in: timedelta, hours=2, capacity=3) -> Shift:
    return factories.shift(session, setting.opportunity, starts_at=(now() + starts_in).replace(microsecond=0),
                           hours=hours, capacity=capacity)


def as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def fresh(session, model, object_id):
    """The row as the database has it now (requests changed it through their own sessions)."""
    session.expire_all()
    return session.get(model, as_uuid(object_id))


def outbox(session, template: str, user_id=None) -> list[OutboxMessage]:
    session.expire_all()
    stmt = sa.select(OutboxMessage).where(OutboxMessage.template == template)
    if user_id is not None:
        stmt = stmt.where(OutboxMessage.user_id == as_uuid(user_id))
    return list(session.scalars(stmt.order_by(OutboxMessage.created_at)))


def engagements_on(session, shift_id) -> list[Engagement]:
    session.expire_all()
    return list(session.scalars(sa.select(Engagement).where(Engagement.shift_id == shift_id)
                                .order_by(Engagement.created_at)))


def accepted_help(session, volunteer_id, *, starts_in: timedelta):
    """A help request accepted by the volunteer (the help feature's rows: shift_id NULL, time = the window)."""
    asker = register_row(session)
    opportunity = factories.opportunity(session, None, kind="help_request", title="Boodschappen doen",
                                        category="groceries")
    start = (now() + starts_in).replace(microsecond=0)
    request = HelpRequest(opportunity_id=opportunity.id, requester_id=asker, window_start=start,
                          window_end=start + timedelta(hours=1))
    session.add(request)
    session.flush()
    session.add(HelpRequestAddress(help_request_id=request.id, street="Geheimstraat", house_number="7",
                                   postcode="3144 BA"))
    engagement = Engagement(volunteer_id=uuid.UUID(volunteer_id), opportunity_id=opportunity.id, shift_id=None,
                            status="accepted", status_changed_at=now())
    session.add(engagement)
    session.flush()
    return engagement, request


def register_row(session):
    user = User(email=f"asker-{uuid.uuid4().hex[:8]}@example.org", password_hash="x", display_name="Vraagsteller")
    session.add(user)
    session.flush()
    return user.id
