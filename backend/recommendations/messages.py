from backend.i18n import N_, add_messages

add_messages({
    "detail.no_open_shift": N_("This opportunity has no upcoming shift with free places."),
    "detail.not_a_help_period": N_("The period must end after it starts and last at most 31 days."),
    "detail.help_window_over": N_("The time window of this request for help is over."),
    "detail.run_not_found": N_("Matching run not found."),
    "detail.candidates_forbidden": N_(
        "Only coordinators of this organisation (or staff of this municipality) see its candidates."),
})

