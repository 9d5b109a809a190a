"""Batch matching runs of a municipality's volunteer centre, their proposals and what stayed unmatched."""
import sqlalchemy as sa
from sqlalchemy.orm import relationship

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, uuid_pk


class MatchingRun(db.Model):
    __tablename__ = "matching_runs"
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=False, index=True)
    created_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    period_start = sa.Column(UTCDateTime, nullable=False)
    period_end = sa.Column(UTCDateTime, nullable=False)
    cap_per_volunteer = sa.Column(sa.Integer, nullable=False)
    dry_run = sa.Column(sa.Boolean, nullable=False, default=False)
    requests = sa.Column(sa.Integer, nullable=False, default=0)
    volunteers = sa.Column(sa.Integer, nullable=False, default=0)
    assigned = sa.Column(sa.Integer, nullable=False, default=0)
    total_score = sa.Column(sa.Float, nullable=False, default=0.0)
    created_at = created_at()
    # pending (recorded by the request) -> running (claimed by the worker) -> done | failed.
    status = sa.Column(sa.String(10), nullable=False, default="pending", index=True)
    progress = sa.Column(sa.String(20), nullable=False, default="queued")
    started_at = sa.Column(UTCDateTime, nullable=True)
    finished_at = sa.Column(UTCDateTime, nullable=True)

    proposals = relationship("MatchingProposal", cascade="all, delete-orphan", passive_deletes=True,
                             order_by="MatchingProposal.score.desc()")
    unmatched = relationship("MatchingUnmatched", cascade="all, delete-orphan", passive_deletes=True)


class MatchingProposal(db.Model):
    """A pair the run proposed; unless the run was a dry run it became an invitation (an engagement)."""

    __tablename__ = "matching_proposals"
    id = uuid_pk()
    run_id = sa.Column(sa.Uuid, sa.ForeignKey("matching_runs.id", ondelete="CASCADE"), nullable=False, index=True)
    help_request_id = sa.Column(sa.Uuid, sa.ForeignKey("help_requests.id", ondelete="CASCADE"), nullable=False)
    # The proposal goes with the volunteer when they erase their account.
    volunteer_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    score = sa.Column(sa.Float, nullable=False)
    reasons = sa.Column(sa.JSON, nullable=False, default=list)
    engagement_id = sa.Column(sa.Uuid, sa.ForeignKey("engagements.id", ondelete="SET NULL"), nullable=True)


class MatchingUnmatched(db.Model):
    __tablename__ = "matching_unmatched"
    id = uuid_pk()
    run_id = sa.Column(sa.Uuid, sa.ForeignKey("matching_runs.id", ondelete="CASCADE"), nullable=False, index=True)
    help_request_id = sa.Column(sa.Uuid, sa.ForeignKey("help_requests.id", ondelete="CASCADE"), nullable=False)
    reason = sa.Column(sa.String(40), nullable=False)
    eliminated = sa.Column(sa.JSON, nullable=False, default=dict)


class MunicipalityMatchingWeights(db.Model):
    """A municipality's overrides of matching.DEFAULT_WEIGHTS (only the names it changes)."""

    __tablename__ = "municipality_matching_weights"
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True)
    overrides = sa.Column(sa.JSON, nullable=False, default=dict)


class MatchingMarker(db.Model):
    """Per municipality, a token that changes in the same transaction as whatever the cached matching tables
    depend on (backend.recommendations.markers says what moves it)."""

    __tablename__ = "matching_markers"
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True)
    demand_token = sa.Column(sa.String(32), nullable=False)
    volunteer_token = sa.Column(sa.String(32), nullable=False)


class MatchingVolunteerChange(db.Model):
    """One volunteer of a municipality changed (profile, skills, slots, exceptions; or the account was deleted):
    a worker's volunteer table reloads that volunteer alone (backend.recommendations.volunteer_changes).
    ``user_id`` NULL: everyone (a bulk statement). ``xid``: the writer's transaction id."""

    __tablename__ = "matching_volunteer_changes"
    __table_args__ = (sa.Index("ix_matching_volunteer_changes_municipality_xid", "municipality_id", "xid"),)
    id = sa.Column(sa.BigInteger, primary_key=True, autoincrement=True)
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    user_id = sa.Column(sa.Uuid, nullable=True)  # no foreign key: a deleted account is a change too
    xid = sa.Column(sa.BigInteger, nullable=True)
    changed_at = sa.Column(UTCDateTime, nullable=False, index=True)


class MatchingTable(db.Model):
    """A municipality's matching table as built last (backend.recommendations.stored_tables): encoded once, by a
    command or a job (or by the first worker that found none), and loaded by every web worker with one statement
    instead of being built by each of them inside a request."""

    __tablename__ = "matching_tables"
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True)
    kind = sa.Column(sa.String(12), primary_key=True)  # "volunteers", "demand-0" or "demand-1" (half hours)
    token = sa.Column(sa.String(32), nullable=True)  # the marker's token, read before the rows
    position = sa.Column(sa.BigInteger, nullable=False)  # where the change log is to be read from
    built_at = sa.Column(UTCDateTime, nullable=False)
    half_hour = sa.Column(UTCDateTime, nullable=True)  # a demand table's: the half hour it is for
    rows = sa.Column(sa.Integer, nullable=False)
    data = sa.Column(sa.LargeBinary, nullable=False)
