"""Messages of sign-ups, invitations, check-in, hours and calendar feeds (Dutch and English)."""
from backend.i18n import add_messages

add_messages({
    "detail.engagements.engagement_not_found": {"en": "Engagement not found.", "nl": "Aanmelding niet gevonden."},
    "detail.engagements.volunteer_not_found": {
        "en": "No volunteer with a profile has this id.",
        "nl": "Er is geen vrijwilliger met een profiel met dit id.",
    },
    "detail.engagements.hours_not_found": {"en": "Hours entry not found.", "nl": "Urenregistratie niet gevonden."},
    "detail.engagements.organisation_not_found": {"en": "Organisation not found.", "nl": "Organisatie niet gevonden."},
    "detail.engagements.calendar_not_found": {
        "en": "This calendar link does not exist (anymore).",
        "nl": "Deze agendalink bestaat niet (meer).",
    },
    "detail.engagements.profile_needed": {
        "en": "Create your volunteer profile before you sign up.",
        "nl": "Maak eerst je vrijwilligersprofiel aan voordat je je aanmeldt.",
    },
    "detail.engagements.profile_paused": {
        "en": "Your volunteer profile is paused; resume it to sign up.",
        "nl": "Je vrijwilligersprofiel staat op pauze; zet het weer aan om je aan te melden.",
    },
    "detail.engagements.volunteer_paused": {
        "en": "This volunteer has paused their profile and cannot be invited now.",
        "nl": "Deze vrijwilliger heeft het profiel op pauze gezet en kan nu niet worden uitgenodigd.",
    },
    "detail.engagements.shift_cancelled": {"en": "This shift has been cancelled.", "nl": "Deze dienst is geannuleerd."},
    "detail.engagements.opportunity_not_open": {
        "en": "This vacancy is not open for sign-ups (it is {state}).",
        "nl": "Deze vacature staat niet open voor aanmeldingen (status: {state}).",
    },
    "detail.engagements.shift_started": {
        "en": "This shift has already started; you can no longer sign up or respond.",
        "nl": "Deze dienst is al begonnen; aanmelden of reageren kan niet meer.",
    },
    "detail.engagements.already_engaged": {
        "en": "You are already on this shift (status: {state}).",
        "nl": "Je staat al op deze dienst (status: {state}).",
    },
    "detail.engagements.volunteer_already_engaged": {
        "en": "This volunteer is already on this shift (status: {state}).",
        "nl": "Deze vrijwilliger staat al op deze dienst (status: {state}).",
    },
    "detail.engagements.cannot_withdraw": {
        "en": "An engagement with status {state} cannot be withdrawn.",
        "nl": "Een aanmelding met status {state} kun je niet intrekken.",
    },
    "detail.engagements.withdraw_after_start": {
        "en": "The shift has started; tell the coordinator instead of withdrawing.",
        "nl": "De dienst is begonnen; laat het de coördinator weten in plaats van je af te melden.",
    },
    "detail.engagements.not_invited": {
        "en": "This engagement is not an open invitation (status: {state}).",
        "nl": "Dit is geen openstaande uitnodiging (status: {state}).",
    },
    "detail.engagements.help_engagement": {
        "en": "This engagement belongs to a help request; use the help request's own actions.",
        "nl": "Deze aanmelding hoort bij een hulpvraag; gebruik de acties van die hulpvraag.",
    },
    "detail.engagements.checkin_not_accepted": {
        "en": "Only volunteers accepted for this shift can check in (your status: {state}).",
        "nl": "Alleen vrijwilligers die voor deze dienst zijn aangenomen kunnen inchecken (jouw status: {state}).",
    },
    "detail.engagements.checkin_window": {
        "en": "Check-in is open from {opens} to {closes} (Europe/Amsterdam).",
        "nl": "Inchecken kan van {opens} tot {closes} (Nederlandse tijd).",
    },
    "detail.engagements.no_show_before_start": {
        "en": "A no-show can be recorded only after the shift has started.",
        "nl": "Niet verschenen kan pas worden vastgelegd als de dienst begonnen is.",
    },
    "detail.engagements.no_show_status": {
        "en": "Only an accepted volunteer who did not check in can be marked as no-show (status: {state}).",
        "nl": "Alleen een aangenomen vrijwilliger die niet incheckte kan als niet verschenen worden gemarkeerd "
              "(status: {state}).",
    },
    "detail.engagements.hours_decided": {
        "en": "These hours have already been {state}.",
        "nl": "Deze uren zijn al beoordeeld (status: {state}).",
    },
    "detail.engagements.hours_before_end": {
        "en": "Hours can be approved once the shift has ended.",
        "nl": "Uren kunnen worden goedgekeurd zodra de dienst is afgelopen.",
    },
    "field.engagements.checkin_code_wrong": {
        "en": "This is not the code of this shift.",
        "nl": "Dit is niet de code van deze dienst.",
    },
})
