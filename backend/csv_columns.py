"""The column names of the CSV downloads. A download from a page is opened by a person in a spreadsheet: its columns
are named in the page's language ("Winkel", "Totaal"). The API's downloads keep the stable keys the OpenAPI document
describes (merchant_id, amount_cents), for the programs that read them."""
from __future__ import annotations

from backend.i18n import N_, Np_, add_messages, translate

add_messages({
    "column.month": N_("Month"), "column.volunteer": N_("Volunteer"), "column.volunteer_ref": N_("Volunteer number"),
    "column.minutes": N_("Minutes"), "column.hours": N_("Hours"), "column.merchant_id": N_("Shop number"),
    "column.merchant": N_("Shop"), "column.kvk_number": N_("KvK number"),
    "column.vouchers_redeemed": N_("Vouchers redeemed"), "column.vouchers_open": N_("Vouchers not yet redeemed"),
    "column.amount_cents": N_("Amount in cents"), "column.amount_eur": N_("Amount in euros"),
    "column.code": N_("Code"), "column.name": N_("Name"), "column.postcode": N_("Postcode"),
    "column.neighbourhood": Np_("column", "Neighbourhood"), "column.valid_until": N_("Valid until"),
    "column.level": N_("Level"), "column.district": N_("District"), "column.is_focus": N_("Focus neighbourhood"),
    "column.registered": N_("Registered"), "column.profile_complete": N_("Profile complete"),
    "column.first_engagement": N_("First engagement"), "column.active_last_90_days": N_("Active in the last 90 days"),
    "column.active_after_a_year": N_("Still active after a year"), "column.new_volunteers": N_("New volunteers"),
    "column.kind": N_("Kind"), "column.posted": N_("Posted"), "column.matched": N_("Matched"),
    "column.unmatched_after_48h": N_("Not matched after 48 hours"),
    "column.median_hours_to_match": N_("Median hours until matched"), "column.volunteers": N_("Volunteers"),
    "column.total": N_("Total"), "column.yes": N_("yes"), "column.no": N_("no"),
    # the values of the columns "level" and "kind" of the reports
    "column.level_total": N_("Total"), "column.level_focus": Np_("report", "Focus neighbourhoods"),
    "column.level_rest": Np_("report", "Other neighbourhoods"), "column.level_district": N_("District"),
    "column.level_neighbourhood": Np_("column", "Neighbourhood"), "column.level_none": N_("No neighbourhood (remote)"),
    "column.kind_vacancy": N_("Vacancy"), "column.kind_initiative_task": N_("Resident initiative"),
    "column.kind_help_request": N_("Request for help"),
})


def header(columns, locale: str | None) -> list[str]:
    """The column names for a person reading ``locale``, or the stable keys (``locale`` None: the API)."""
    return [translate("column." + c, locale) if locale else c for c in columns]


def word(key: str, locale: str | None, machine: str) -> str:
    """A word inside the table (total, yes, no) for a person, or its stable form for a program."""
    return translate("column." + key, locale) if locale else machine
