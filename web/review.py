"""Turning something down with a reason the people it concerns read: the staff's review of organisations,
intermediaries and shops (the verification queue, web.views.municipality_admin) and of a campaign's gifts (the
campaign's page, web.views.campaigns) read the reason alike, through the API's DecisionReasonSchema."""
from __future__ import annotations

from typing import Callable

from flask import request

from backend.organisations.schemas import DecisionReasonSchema
from web.access import current_user
from web.forms import attempt, load_form


def turn_down(kind: str, item_id, reject: Callable) -> tuple[dict, dict]:
    """Read the reason posted for one item of a page with many (the form names it "reason"; its errors belong to
    the item's field ``reason-<kind>-<id>``) and run ``reject(actor, item_id, reason)``. Returns the errors (none
    when it was done) and what was typed, both by that field."""
    field = f"reason-{kind}-{item_id}"
    data, errors = load_form(DecisionReasonSchema, names={"reason": field},
                             convert={"reason": lambda form: form.get("reason", "").strip() or None})
    errors = attempt(errors, lambda: reject(current_user(), item_id, data["reason"]), {"reason": field})
    return errors, {field: request.form.get("reason", "")[:600]}
