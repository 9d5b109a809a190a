"""Messages of sign-ups, invitations, check-in, hours and calendar feeds (Dutch and English)."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.engagements.engagement_not_found": N_("Engagement not found."),
    "detail.engagements.volunteer_not_found": N_("No volunteer with a profile has this id."),
    "detail.engagements.hours_not_found": N_("Hours entry not found."),
    "detail.engagements.organisation_not_found": N_("Organisation not found."),
    "detail.engagements.calendar_not_found": N_("This calendar link does not exist (anymore)."),
    "detail.engagements.profile_needed": N_("Create your volunteer profile before you sign up."),
    "detail.engagements.profile_paused": N_("Your volunteer profile is paused; resume it to sign up."),
    "detail.engagements.volunteer_paused": N_("This volunteer has paused their profile and cannot be invited now."),
    "detail.engagements.shift_cancelled": N_("This shift has been cancelled."),
    "detail.engagements.opportunity_not_open": N_("This vacancy is not open for sign-ups (it is {state})."),
    "detail.engagements.shift_started": N_("This shift has already started; you can no longer sign up or respond."),
    "detail.engagements.already_engaged": N_("You are already on this shift (status: {state})."),
    "detail.engagements.volunteer_already_engaged": N_("This volunteer is already on this shift (status: {state})."),
    "detail.engagements.cannot_withdraw": N_("An engagement with status {state} cannot be withdrawn."),
    "detail.engagements.withdraw_after_start": N_(
        "The shift has started; tell the coordinator instead of withdrawing."),
    "detail.engagements.not_invited": N_("This engagement is not an open invitation (status: {state})."),
    "detail.engagements.help_engagement": N_(
        "This engagement belongs to a help request; use the help request's own actions."),
    "detail.engagements.checkin_not_accepted": N_(
        "Only volunteers accepted for this shift can check in (your status: {state})."),
    "detail.engagements.checkin_window": N_("Check-in is open from {opens} to {closes} (Europe/Amsterdam)."),
    "detail.engagements.no_show_before_start": N_("A no-show can be recorded only after the shift has started."),
    "detail.engagements.no_show_status": N_(
        "Only an accepted volunteer who did not check in can be marked as no-show (status: {state})."),
    "detail.engagements.hours_decided": N_("These hours have already been {state}."),
    "detail.engagements.hours_before_end": N_("Hours can be approved once the shift has ended."),
    "calendar.remote": N_("At home or online"),
    "calendar.contact": N_("Contact person: {name}"),
    "field.engagements.checkin_code_wrong": N_("This is not the code of this shift."),
})
