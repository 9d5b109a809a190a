"""Conversations: a thread about one vacancy (a volunteer and the organisation), one shift (its coordinators and
everyone on it) or one accepted help offer (the neighbour and their volunteer), with its messages.

Who may read a thread is decided in one place (backend/conversations/access.py), from these rows and the live state
of memberships, shift places and offers: nobody else, staff and admins included (staff read a reported thread only).
"""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, utcnow, uuid_pk

KINDS = ("vacancy", "shift", "help")
MAX_BODY = 2000


class Thread(db.Model):
    __tablename__ = "conversation_threads"
    __table_args__ = (
        sa.CheckConstraint(sa.text("kind IN ('vacancy','shift','help')"), name="kind_known"),
        sa.CheckConstraint(sa.text(
            "(kind = 'vacancy' AND organisation_id IS NOT NULL AND opportunity_id IS NOT NULL)"
            " OR (kind = 'shift' AND organisation_id IS NOT NULL AND shift_id IS NOT NULL)"
            " OR (kind = 'help' AND help_request_id IS NOT NULL)"), name="subject_known"),
        # One thread per volunteer and vacancy, per shift, per accepted offer of help.
        sa.Index("uq_conversation_threads_vacancy", "opportunity_id", "volunteer_id", unique=True,
                 postgresql_where=sa.text("kind = 'vacancy'")),
    )
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    kind = sa.Column(sa.String(10), nullable=False)
    organisation_id = sa.Column(sa.Uuid, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=True,
                                index=True)
    # The vacancy (also of a shift thread and a help thread: its title names the thread).
    opportunity_id = sa.Column(sa.Uuid, sa.ForeignKey("opportunities.id", ondelete="CASCADE"), nullable=False)
    shift_id = sa.Column(sa.Uuid, sa.ForeignKey("shifts.id", ondelete="CASCADE"), nullable=True, unique=True)
    help_request_id = sa.Column(sa.Uuid, sa.ForeignKey("help_requests.id", ondelete="CASCADE"), nullable=True,
                                index=True)
    # The accepted offer a help thread is about (one thread per offer: a request that opens again and is accepted
    # by someone else gets a new thread, which the first volunteer's words never reach); it keeps the volunteer in
    # the thread while it holds.
    engagement_id = sa.Column(sa.Uuid, sa.ForeignKey("engagements.id", ondelete="SET NULL"), nullable=True,
                              unique=True)
    # The volunteer of a vacancy or help thread; NULL once their account is erased ("verwijderd account").
    volunteer_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    created_at = created_at()
    last_message_at = sa.Column(UTCDateTime, nullable=False, default=utcnow, index=True)


class Message(db.Model):
    __tablename__ = "conversation_messages"
    __table_args__ = (sa.Index("ix_conversation_messages_thread_created", "thread_id", "created_at"),)
    id = uuid_pk()
    thread_id = sa.Column(sa.Uuid, sa.ForeignKey("conversation_threads.id", ondelete="CASCADE"), nullable=False)
    body = sa.Column(sa.Text, nullable=False)  # plain text, at most MAX_BODY characters (the input schema's bound)
    # NULL once the sender's account is erased: the text is blanked then, the row stays as "verwijderd account".
    sender_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    created_at = created_at()


class ThreadReader(db.Model):
    """Per thread and person: what they have read, and when they were last told of a new message (at most one
    notice per thread per hour)."""

    __tablename__ = "conversation_readers"
    thread_id = sa.Column(sa.Uuid, sa.ForeignKey("conversation_threads.id", ondelete="CASCADE"), primary_key=True)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    read_at = sa.Column(UTCDateTime, nullable=True)
    noticed_at = sa.Column(UTCDateTime, nullable=True)


class Report(db.Model):
    """A message someone reported: the thread becomes readable for the municipality's staff (each look audited)."""

    __tablename__ = "conversation_reports"
    id = uuid_pk()
    thread_id = sa.Column(sa.Uuid, sa.ForeignKey("conversation_threads.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    message_id = sa.Column(sa.Uuid, sa.ForeignKey("conversation_messages.id", ondelete="CASCADE"), nullable=False)
    reported_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    reason = sa.Column(sa.String(500), nullable=False, default="")
    created_at = created_at()


class Block(db.Model):
    """The blocker no longer sees the blocked person's messages, nor hears of them."""

    __tablename__ = "conversation_blocks"
    blocker_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    blocked_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at = created_at()
