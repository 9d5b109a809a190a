"""Messages of help requests (hulpvragen), in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.help_request_not_open": N_("This request for help is no longer open."),
    "detail.help_request_matched": N_("This request for help has already been matched with a volunteer."),
    "detail.help_request_over": N_("The time window of this request for help has already passed."),
    "detail.help_offer_exists": N_("You have already offered to help with this request."),
    "detail.help_offer_not_open": N_("This offer is no longer open."),
    "detail.help_own_request": N_("You cannot offer help with your own request."),
    "detail.help_owner_only": N_("Only the person who asked (or posted on their behalf) can do this."),
    "detail.not_intermediary_here": N_("You are not a verified intermediary for this municipality."),
    "field.window_in_past": N_("The time window must not start in the past."),
    "field.window_too_long": N_("The time window may be at most {days} days."),
    "field.consent_required": N_("The resident's consent is required to post on their behalf."),
    "field.consent_not_given": N_("Only post when the resident has given consent."),
    "field.consent_outdated": N_("The resident must consent to the current privacy statement (version {current})."),
    "field.first_name_required": N_("The resident's first name is required when posting on their behalf."),
    "field.first_name_only": N_("Give the first name only."),
    "field.house_number": N_("Use a house number like 12, 12a or 12-3."),
    "field.consent_method": N_("Say how the resident gave consent: verbal, written, phone or email."),
    "field.phone_needed": N_("Fill in your phone number, or choose to be contacted in DoeMee."),
    "detail.help_request_not_matched": N_("You can only say thank you once you have accepted an offer."),
    "field.phone_dutch": N_("Use a Dutch phone number, like 06 1234 5678 or 010 123 4567."),
})
