"""Messages of organisations' vacancies, their lifecycle and their shifts (Dutch and English)."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.shift_not_found": N_("Shift not found."),
    "field.shift_in_past": N_("A shift cannot start in the past."),
    "field.offset_required": N_("Give the time with its UTC offset, e.g. 2026-03-31T18:00:00+02:00."),
    "field.capacity_positive": N_("The capacity must be at least 1."),
    "field.unknown_category": N_("Unknown category: {code}."),
    "field.postcode_or_remote": N_("Give a postcode, or set remote to true."),
    "field.remote_without_postcode": N_("A remote vacancy has no postcode."),
    "field.recurrence_for_regular": N_("Only a regular vacancy has a weekly rule."),
    "field.near_unknown": N_("Give a postcode, or \"me\" with a profile that has one."),
    "field.near_me_needs_login": N_("Log in to search near your own postcode."),
    "field.within_needs_near": N_("A distance needs a starting point: give a postcode."),
    "field.range_inverted": N_("\"to\" must be after \"from\"."),
    "field.capacity_below_accepted": N_(
        "{accepted} volunteers already hold a place; the capacity cannot go below that."),
    "detail.capacity_below_accepted": N_(
        "{accepted} volunteers already hold a place on this shift; the capacity cannot go below that."),
    "detail.publish_unverified": N_(
        "The municipality has not verified this organisation yet; its vacancies can be published once it has."),
    "detail.transition_not_allowed": N_("A vacancy that is {current} cannot become {target}."),
    "detail.not_a_vacancy": N_("This opportunity is not an organisation's vacancy."),
    "detail.shift_cancelled": N_("This shift has been cancelled."),
    "detail.shift_started": N_("This shift has already started."),
    "detail.opportunity_closed": N_("This vacancy is closed; no shifts can be added or changed."),
    "detail.not_regular": N_("Only a regular vacancy with a weekly rule generates shifts."),
})
