"""Messages of resident initiatives (bewonersinitiatieven), in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.initiative_already_supported": N_("You already support this initiative."),
    "detail.initiative_declined": N_("This initiative was declined; it cannot be supported."),
    "detail.initiative_status_change": N_("An initiative that is {current} cannot become {wanted}."),
    "detail.initiative_not_supported": N_("Tasks can be posted once the municipality supports the initiative."),
    "detail.initiative_task_forbidden": N_("Only the proposer and staff of the municipality can add tasks."),
    "field.initiative_place_needed": N_("Give a postcode or a neighbourhood (or create a volunteer profile first)."),
    "field.initiative_place_either": N_("Give a postcode or a neighbourhood, not both."),
    "field.initiative_municipality_needed": N_("Name the municipality of this neighbourhood."),
    "field.initiative_unknown_municipality": N_("Unknown municipality: {slug}."),
    "field.initiative_unknown_neighbourhood": N_("Unknown neighbourhood: {slug}."),
    "field.initiative_reason_required": N_("Give the reason for declining."),
    "field.initiative_reason_only_declined": N_("A reason is given only when declining."),
})
