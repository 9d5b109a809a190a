"""Messages of the webhooks feature (API errors), in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.webhooks.not_found": N_("There is no such webhook endpoint of yours."),
    "field.webhooks.url_https": N_("The address must start with https://."),
    "field.webhooks.url_invalid": N_("This is not a web address."),
    "field.webhooks.url_unresolved": N_("This address cannot be found."),
    "field.webhooks.url_private": N_("This address points into a private network; use a public one."),
})
