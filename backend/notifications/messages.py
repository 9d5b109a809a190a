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
})
