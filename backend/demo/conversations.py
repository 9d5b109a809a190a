"""The demo's example conversation: the first demo volunteer asked the first demo organisation a question about one
of its vacancies, and a coordinator answered, so that `make run` shows a thread at /berichten for both
(vrijwilliger-00001@... and coordinator-001@...).

Deterministic (the thread's id is a uuid5) and idempotent: once the thread exists it is left as it is."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.accounts.models import User
from backend.conversations.models import Message, Thread, ThreadReader
from backend.demo.common import _id
from backend.demo.people import DEMO_DOMAIN
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities.models import Opportunity
from backend.organisations.models import OrganisationMember

VOLUNTEER_EMAIL = f"vrijwilliger-00001@{DEMO_DOMAIN}"
COORDINATOR_EMAIL = f"coordinator-001@{DEMO_DOMAIN}"
_QUESTION = "Hallo! Moet ik iets meenemen als ik kom helpen? En is er plek om mijn fiets te zetten?"
_ANSWER = ("Welkom! Je hoeft niets mee te nemen, wij zorgen voor koffie en een schort. Je fiets kan in het rek "
           "naast de ingang. Meer over ons: https://www.maassluis.nl")


def seed_conversation() -> list[str]:
    thread_id = _id("demo-thread", 1)
    if db.session.get(Thread, thread_id) is not None:
        return ["demo conversation: already there"]
    volunteer = db.session.scalar(sa.select(User).where(User.email == VOLUNTEER_EMAIL))
    coordinator = db.session.scalar(sa.select(User).where(User.email == COORDINATOR_EMAIL))
    organisation_id = coordinator and db.session.scalar(sa.select(OrganisationMember.organisation_id).where(
        OrganisationMember.user_id == coordinator.id, OrganisationMember.status == "active"))
    vacancy = organisation_id and db.session.scalar(sa.select(Opportunity).where(
        Opportunity.organisation_id == organisation_id, Opportunity.kind == "vacancy",
        Opportunity.status == "published").order_by(Opportunity.title, Opportunity.id).limit(1))
    if volunteer is None or not vacancy:
        return ["demo conversation: no demo volunteer or vacancy to start one"]
    now = utcnow()
    asked, answered = now - timedelta(hours=3), now - timedelta(hours=1)
    db.session.add(Thread(id=thread_id, kind="vacancy", municipality_id=vacancy.municipality_id,
                          organisation_id=organisation_id, opportunity_id=vacancy.id, volunteer_id=volunteer.id,
                          created_at=asked, last_message_at=answered))
    db.session.flush()
    db.session.add_all([
        Message(id=_id("demo-message", 1), thread_id=thread_id, sender_id=volunteer.id, body=_QUESTION,
                created_at=asked),
        Message(id=_id("demo-message", 2), thread_id=thread_id, sender_id=coordinator.id, body=_ANSWER,
                created_at=answered),
        # the coordinator read the question when answering; the answer waits for the volunteer (unread: 1)
        ThreadReader(thread_id=thread_id, user_id=coordinator.id, read_at=answered),
    ])
    db.session.flush()
    return [f"demo conversation: {VOLUNTEER_EMAIL} asked about \"{vacancy.title}\", {COORDINATOR_EMAIL} answered"]
