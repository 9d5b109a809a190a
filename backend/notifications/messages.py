"""Messages of the notifications feature (API errors), in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.notifications.device_not_found": N_("This device is not registered for your account."),
    "detail.notifications.reply_invalid": N_("This reply link is not valid (anymore)."),
    "detail.notifications.reply_too_late": N_("This activity has already started or is no longer yours to answer."),
    "detail.notifications.no_check_open": N_("There is no open question about your availability."),
    "field.notifications.category_required": N_("Messages about your account cannot be switched off."),
    "field.notifications.quiet_hours_equal": N_("Start and end of the quiet hours must differ."),
    "field.notifications.token_provider": N_("This does not look like a {provider} push token."),
    # e-mail and push texts: a moment, e.g. "Saturday 28 March at 10:00" (the day is written by Babel)
    "time.day_at": N_("{day} at {time}"),
    "mail.footer": N_("you choose which messages you get, in the app under Notifications."),
    "detail.notifications.webpush_unavailable": N_("Web push is not set up on this server."),
    "field.notifications.token_required": N_("A push token is required for {provider}."),
    "field.notifications.only_for": N_("Leave this out: it is only for {provider}."),
    "field.notifications.subscription_required": N_("Web push needs the browser's subscription (endpoint and keys)."),
    "field.notifications.webpush_platform": N_("Web push comes from the web app: use platform web."),
    "field.notifications.endpoint_insecure": N_("The endpoint must be an https:// address."),
    "field.notifications.endpoint_unknown": N_("This is not the address of a push service we deliver to."),
    "field.notifications.p256dh_invalid": N_("This is not a P-256 public key (65 bytes, base64url)."),
    "field.notifications.auth_invalid": N_("This is not a 16-byte authentication secret (base64url)."),
    "field.notifications.endpoint_too_long": N_("The endpoint is longer than {max} characters."),
})
