"""From changes to webhook deliveries, in the transaction of the change.

Session events rather than a call in each operation, so that no operation (present or future) forgets one:

    engagement.signed_up     a shift engagement becomes applied, accepted or waitlisted (new, again after a
                             withdrawal, or an invitation accepted)
    engagement.withdrawn     an engagement becomes withdrawn
    engagement.checked_in    an engagement becomes checked_in
    hours.approved           an hours entry becomes approved
    help_request.matched     the audit event help_request.offer_accepted
    gift_claim.created       the audit events campaign.gift_claimed and campaign.letter_code_exchanged
    gift_claim.redeemed      the audit events campaign.voucher_redeemed and campaign.letter_code_redeemed

Each goes to the enabled endpoints that asked for it of the organisation of the vacancy (engagements, hours, help)
and of the municipality (all). The body has ids, the time and a status: what the owner may read in the API,
and never a name, an e-mail address or a street. Bulk statements on engagements bypass this (none send these).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.engagements.models import Engagement, HoursEntry
from backend.models_base import iso, utcnow
from backend.opportunities.models import HelpRequest, Opportunity
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint

SIGNED_UP = ("applied", "accepted", "waitlisted")
_BEFORE_SIGN_UP = (None, "withdrawn", "declined", "invited")
_AUDITED = {"help_request.offer_accepted": "help_request.matched",
            "campaign.gift_claimed": "gift_claim.created",
            "campaign.letter_code_exchanged": "gift_claim.created",
            "campaign.voucher_redeemed": "gift_claim.redeemed",
            "campaign.letter_code_redeemed": "gift_claim.redeemed"}
_campaigns = sa.table("campaigns", sa.column("id", sa.Uuid), sa.column("municipality_id", sa.Uuid))
_claims = sa.table("gift_claims", sa.column("id", sa.Uuid), sa.column("campaign_id", sa.Uuid),
                   sa.column("gift_id", sa.Uuid), sa.column("merchant_id", sa.Uuid))


def _status_change(obj) -> tuple:
    """(old, new) status of a flushed object; old is None for a new one."""
    history = sa.inspect(obj).attrs.status.history
    if not history.has_changes():
        return obj.status, obj.status
    return (history.deleted[0] if history.deleted else None), obj.status


def _engagement_event(obj: Engagement) -> str | None:
    old, new = _status_change(obj)
    if old == new:
        return None
    if new in SIGNED_UP and old in _BEFORE_SIGN_UP and obj.shift_id is not None:
        return "engagement.signed_up"
    return {"withdrawn": "engagement.withdrawn", "checked_in": "engagement.checked_in"}.get(new)


def _opportunity_owners(connection, opportunity_id) -> tuple:
    row = connection.execute(sa.select(Opportunity.organisation_id, Opportunity.municipality_id)
                             .where(Opportunity.id == opportunity_id)).first()
    return tuple(row) if row else (None, None)


def _engagement_data(connection, engagement_id) -> tuple[dict, tuple] | None:
    row = connection.execute(sa.select(Engagement.id, Engagement.opportunity_id, Engagement.shift_id,
                                       Engagement.status, Opportunity.organisation_id, Opportunity.municipality_id)
                             .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
                             .where(Engagement.id == engagement_id)).first()
    if row is None:
        return None
    data = {"engagement_id": str(row.id), "opportunity_id": str(row.opportunity_id),
            "shift_id": str(row.shift_id) if row.shift_id else None, "status": row.status}
    return data, (row.organisation_id, row.municipality_id)


def _from_flush(connection, obj) -> tuple | None:
    """(event type, data, (organisation id, municipality id)) of a flushed object, or None."""
    if isinstance(obj, AuditEvent):
        return _from_audit(connection, obj.action, obj.object_id) if obj.action in _AUDITED else None
    if isinstance(obj, Engagement):
        kind, engagement_id, extra = _engagement_event(obj), obj.id, {}
    elif _status_change(obj) in (("proposed", "approved"), (None, "approved")):  # an HoursEntry
        kind, engagement_id, extra = "hours.approved", obj.engagement_id, {"hours_id": str(obj.id),
                                                                           "minutes": obj.minutes}
    else:
        return None
    found = _engagement_data(connection, engagement_id) if kind else None
    return (kind, found[0] | extra, found[1]) if found else None


def _from_audit(connection, action: str, object_id) -> tuple | None:
    kind = _AUDITED[action]
    if kind == "help_request.matched":
        columns = (HelpRequest.id, HelpRequest.opportunity_id, HelpRequest.accepted_engagement_id)
        row = connection.execute(sa.select(*columns).where(HelpRequest.id == object_id)).first()
        if row is None:
            return None
        data = {"help_request_id": str(row.id), "opportunity_id": str(row.opportunity_id),
                "engagement_id": str(row.accepted_engagement_id) if row.accepted_engagement_id else None}
        return kind, data, _opportunity_owners(connection, row.opportunity_id)
    row = connection.execute(sa.select(_claims.c.id, _claims.c.campaign_id, _claims.c.gift_id, _claims.c.merchant_id,
                                       _campaigns.c.municipality_id)
                             .join(_campaigns, _campaigns.c.id == _claims.c.campaign_id)
                             .where(_claims.c.id == object_id)).first()
    if row is None:
        return None
    data = {"gift_claim_id": str(row.id), "campaign_id": str(row.campaign_id), "gift_id": str(row.gift_id),
            "merchant_id": str(row.merchant_id)}
    return kind, data, (None, row.municipality_id)


def enqueue(connection, kind: str, data: dict, owners: tuple) -> int:
    """A delivery row for each enabled endpoint of these owners that asked for ``kind``."""
    organisation_id, municipality_id = owners
    ors = [WebhookEndpoint.municipality_id == municipality_id]
    if organisation_id is not None:
        ors.append(WebhookEndpoint.organisation_id == organisation_id)
    endpoints = connection.execute(sa.select(WebhookEndpoint.id, WebhookEndpoint.event_types)
                                   .where(WebhookEndpoint.enabled.is_(True), sa.or_(*ors))).all()
    now = utcnow()
    body = {"type": kind, "timestamp": iso(now), "data": data}
    rows = [{"endpoint_id": e.id, "event_type": kind, "payload": body, "status": "pending", "attempts": 0,
             "next_attempt_at": now, "created_at": now} for e in endpoints if kind in (e.event_types or ())]
    if rows:
        connection.execute(WebhookDelivery.__table__.insert(), rows)
    return len(rows)


@event.listens_for(Session, "after_flush")
def _deliveries_of_flush(session: Session, _context) -> None:
    # After the flush the rows have their ids, and new/dirty and the attribute histories still show the changes.
    watched = [o for o in (*session.new, *session.dirty) if isinstance(o, (Engagement, HoursEntry, AuditEvent))]
    if not watched:
        return
    connection = session.connection()
    for obj in watched:
        found = _from_flush(connection, obj)
        if found:
            enqueue(connection, *found)


@event.listens_for(Session, "do_orm_execute")
def _deliveries_of_core_audit(state) -> None:
    """audit.record_now writes its event with a Core INSERT (the gift claim's hot path): no flush sees it."""
    statement = state.statement
    if not state.is_insert or getattr(statement, "table", None) is not AuditEvent.__table__:
        return
    params = state.parameters
    if isinstance(params, dict) and params.get("action") in _AUDITED:
        connection = state.session.connection()
        found = _from_audit(connection, params["action"], params.get("object_id"))
        if found:
            enqueue(connection, *found)
