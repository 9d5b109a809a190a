"""Reading the campaign forms: amounts in euros (stored in cents, exactly), local date-times of the municipality, and
the eligibility rule. Shape only: the operations (backend.campaigns) check the rules and say what is wrong."""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import request
from flask_babel import get_locale, gettext as _

from web import forms

MAX_EUROS = 1000
_EUROS = re.compile(r"^(?:€\s*)?(\d{1,7})(?:[.,](\d{1,2}))?$")
# The operations' field names -> the form's.
RENAME = {"eligibility": "everyone", "eligibility.everyone": "everyone", "eligibility.period_start": "period_start",
          "eligibility.period_end": "period_end", "budget_per_volunteer_cents": "budget", "value_cents": "value"}


def euros_to_cents(raw: str) -> int | None:
    """"20", "20,5", "€ 12,50" or "12.50" -> cents, exactly (no float); None when it is not an amount."""
    match = _EUROS.match(raw.strip().replace(" ", ""))
    if not match:
        return None
    whole, fraction = match.groups()
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))


def cents_to_euros(cents: int | None) -> str:
    """Cents as the form shows them: "12,50" (Dutch) or "12.50" (English)."""
    if cents is None:
        return ""
    sign = "," if str(get_locale()) == "nl" else "."
    return f"{cents // 100}{sign}{cents % 100:02d}"


def local_input(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else ""


class Reader:
    """Reads fields into ``data``; a field that is wrong gets a message in ``errors`` (and no value)."""

    def __init__(self, zone: ZoneInfo | None = None):
        self.zone = zone
        self.data: dict = {}
        self.errors: dict[str, list[str]] = {}

    def present(self, name: str) -> bool:
        return name in request.form

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def text(self, name: str, max_length: int, *, required=False) -> str:
        value = forms.text(name, max_length, strip=True)
        if required and not value:
            self.fail(name, _("Fill this in."))
        return value

    def integer(self, name: str, low: int, high: int, *, required=False) -> int | None:
        raw = forms.text(name, 12)
        if not raw:
            if required:
                self.fail(name, _("Fill this in."))
            return None
        if not raw.isdigit() or not low <= int(raw) <= high:
            self.fail(name, _("Give a whole number from %(low)s to %(high)s.", low=low, high=high))
            return None
        return int(raw)

    def cents(self, name: str, *, limited: bool = True) -> int | None:
        """An amount in euros; ``limited=False`` leaves its limits to the operation (the campaign's budget)."""
        raw = forms.text(name, 20)
        cents = euros_to_cents(raw) if raw else None
        if cents is None or (limited and not 0 < cents <= MAX_EUROS * 100):
            self.fail(name, _("Give an amount in euros, for example 12,50 (at most %(most)s euros).",
                              most=MAX_EUROS))
            return None
        return cents

    def day(self, name: str) -> str | None:
        raw = forms.text(name, 10)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            self.fail(name, _("Give a date."))
            return None

    def moment(self, name: str, *, required=True) -> datetime | None:
        raw = forms.text(name, 16)
        if not raw:
            if required:
                self.fail(name, _("Fill this in."))
            return None
        try:
            return datetime.fromisoformat(raw).replace(tzinfo=self.zone)
        except ValueError:
            self.fail(name, _("Give a date and a time."))
            return None


def read_rule(reader: Reader) -> dict:
    """The eligibility rule of the form (see backend.campaigns.eligibility)."""
    rule: dict = {}
    if forms.checked("everyone"):
        rule["everyone"] = True
    hours = reader.integer("min_hours", 1, 10000)
    engagements = reader.integer("min_engagements", 1, 10000)
    if hours:
        rule["min_approved_hours"] = hours
    if engagements:
        rule["min_completed_engagements"] = engagements
    for name in ("period_start", "period_end", "registered_before"):
        value = reader.day(name)
        if value:
            rule[name] = value
    if (hours or engagements) and not forms.checked("nominations"):
        rule["nominations"] = False
    return rule


def read_campaign(zone: ZoneInfo, *, fixed_too: bool = True) -> Reader:
    """The campaign form. Without ``fixed_too`` (a campaign that opened) the rule, budget and opening are not
    read: the form does not show them as fields any more."""
    reader = Reader(zone)
    data = reader.data
    data["name"] = reader.text("name", 120, required=True)
    data["year"] = reader.integer("year", 2000, 2100, required=True)
    data["closes_at"] = reader.moment("closes_at")
    data["redeem_until"] = reader.moment("redeem_until", required=False)
    data["message"] = forms.text("message", 2000)
    if fixed_too:
        data["opens_at"] = reader.moment("opens_at")
        data["budget_per_volunteer_cents"] = reader.cents("budget", limited=False)
        data["eligibility"] = read_rule(reader)
    return reader


def rule_fields(rule: dict) -> dict:
    """A stored rule as the form's values."""
    return {"everyone": bool(rule.get("everyone")), "min_hours": rule.get("min_approved_hours") or "",
            "min_engagements": rule.get("min_completed_engagements") or "",
            "period_start": rule.get("period_start") or "", "period_end": rule.get("period_end") or "",
            "registered_before": rule.get("registered_before") or "",
            "nominations": rule.get("nominations", True)}
