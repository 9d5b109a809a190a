"""Messages of favourites and saved searches (API errors), in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.saved.not_open": N_("This vacancy is not open (anymore)."),
    "detail.saved.favourite_not_found": N_("You have not saved this vacancy."),
    "detail.saved.search_not_found": N_("This saved search does not exist (anymore)."),
    "detail.saved.too_many": N_("You can save at most {max} searches. Delete one first."),
    "detail.saved.stop_invalid": N_("This link to stop the e-mails is not valid."),
})
