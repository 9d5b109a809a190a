"""Messages of organisations and their coordinators (Dutch and English)."""
from backend.i18n import N_, add_messages

add_messages({
    "field.unknown_municipality": N_("DoeMee does not serve a municipality called {slug}."),
    "detail.no_invitation": N_("There is no open invitation for you to coordinate this organisation."),
    "detail.last_coordinator": N_("This is the organisation's last active coordinator; invite another one first."),
    "field.reason_required": N_("Give a reason (at most 500 characters): the applicant reads it."),
    "detail.already_decided": N_("This application has already been decided."),
    "detail.application_pending": N_("You already have an application waiting for the municipality."),
    "detail.already_intermediary": N_("You can already post requests for help on residents' behalf in this municipality."),
    "detail.own_staff_role": N_("You cannot take away your own staff role; ask a colleague."),
    "field.application_text": N_("Fill this in (at most {max} characters)."),
    "thing.Application": N_("Application"),
    "field.website_scheme": N_("A web address starts with https://."),
})
