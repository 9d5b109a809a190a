"""Web push on this phone: the offer after a sign-up posts the browser's push subscription here (web/static/js/
push.js, after the person tapped the button and allowed notifications), and the notification settings page
removes a phone. The same operations as the API's /me/devices; the VAPID public key is given to the page."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for

from backend.errors import InvalidInput, NotFound
from backend.notifications import operations as notifications
from backend.notifications.schemas import DeviceInSchema
from web.access import current_user, page
from web.forms import field_errors, load_form

bp = Blueprint("phone_push", __name__, template_folder="../templates")

# push.js posts the subscription's three parts as plain form fields.
_NAMES = {"subscription.endpoint": "endpoint", "subscription.keys.p256dh": "p256dh", "subscription.keys.auth": "auth"}


@bp.app_context_processor
def _web_push_key() -> dict:
    return {"web_push_key": _public_key}


def _public_key() -> str | None:
    """The key the page subscribes with; None where this server has no web push (the offer is not shown)."""
    try:
        return notifications.web_push_public_key()
    except NotFound:
        return None


@bp.route("/mijn/meldingen/deze-telefoon", methods=["POST"])
@page("authenticated")
def subscribe():
    """Called by push.js (fetch, with the form's CSRF token): 204, or 422 with the errors per field (as the form
    names them)."""
    data, errors = load_form(DeviceInSchema, names=_NAMES, values={"provider": "webpush", "platform": "web"})
    if not errors:
        try:
            notifications.register_device(current_user(), **data)
        except InvalidInput as exc:
            errors = field_errors(exc, _NAMES)
    return (jsonify(errors=errors), 422) if errors else ("", 204)


@bp.route("/mijn/meldingen/telefoons/<uuid:device_id>/verwijderen", methods=["POST"])
@page("authenticated")
def remove(device_id):
    notifications.remove_device_by_id(current_user(), device_id)
    return redirect(url_for("mine.notification_settings", telefoon_verwijderd=1), code=303)
