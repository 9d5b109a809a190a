"""The hours waiting for approval across an organisation (/organisatie/<org>/uren): one list, newest shift first,
approve the ticked ones at once, correct one as hours:minutes.

Thin views on the organisation blueprint (see organisation.py): the form is read through the API's own schema
(HoursApprovalSchema) with load_form, one operation approves the list (all or nothing), then post/redirect/get.
"""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from backend.engagements import hours_queue
from backend.engagements.coordination import coordinated_organisation
from backend.engagements.schemas import MAX_BULK_HOURS, HoursApprovalSchema
from backend.errors import DomainError
from web.access import current_user, page
from web.forms import field_errors, load_form, uuid_or_404 as _id
from web.views.organisation import COORDINATING, bp

PAGE_SIZE = 40


@bp.app_template_global("hours_waiting")
def hours_waiting(org) -> int:
    """How many hours wait for approval, for the organisation's menu."""
    return hours_queue.count_waiting_hours(current_user(), org.id)


@bp.route("/<org_id>/uren", methods=["GET"])
@page(*COORDINATING)
def waiting_hours(org_id):
    return _hours_page(_id(org_id))


def _hours_page(org_id, errors: dict | None = None, status: int = 200):
    """The list; with ``errors`` it re-shows what was posted (ticks and typed times) with the messages."""
    user = current_user()
    org = coordinated_organisation(user, org_id)
    items, next_cursor = hours_queue.waiting_hours(user, org.id, limit=PAGE_SIZE,
                                                   cursor=request.args.get("verder") or None)
    posted = request.form if errors else None
    return render_template("organisation/hours.html", org=org, items=items, next_cursor=next_cursor,
                           errors=errors or {}, posted=posted,
                           done=None if errors else request.args.get("done")), status


def _corrections(form) -> dict:
    """The form writes each ticked entry's time in its own field (``duration-<id>``); the schema wants them as
    one mapping. Blank: the proposed time stays."""
    ticked = form.getlist("hours")[:MAX_BULK_HOURS]
    return {hours_id: form.get(f"duration-{hours_id}", "").strip() for hours_id in ticked
            if form.get(f"duration-{hours_id}", "").strip()}


@bp.route("/<org_id>/uren", methods=["POST"])
@page(*COORDINATING)
def approve_waiting_hours(org_id):
    """Approve the ticked hours, each with its (corrected) time; all or nothing."""
    org = coordinated_organisation(current_user(), _id(org_id))
    names = {f"corrections.{hours_id}.value": f"duration-{hours_id}" for hours_id in request.form.getlist("hours")}
    names["corrections"] = "hours"
    data, errors = load_form(HoursApprovalSchema, names=names, convert={"corrections": _corrections})
    status = 422
    if not errors:
        try:
            hours_queue.approve_waiting_hours(current_user(), org.id, **data)
        except DomainError as exc:
            errors, status = field_errors(exc, names), exc.status
        else:
            return redirect(url_for("organisation.waiting_hours", org_id=org.id, done="approved"), code=303)
    return _hours_page(org.id, errors, status)
