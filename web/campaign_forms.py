"""Reading the campaign forms: amounts in euros (stored in cents, exactly), local date-times of the municipality, and
the eligibility rule. The campaign form is loaded through the API's schema (backend.campaigns.schemas); the
operations (backend.campaigns) check the rules and say what is wrong. The shop's gift form reads its value
with the same ``euros``."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import get_locale, gettext as _

from backend.campaigns.operations import MAX_BUDGET_CENTS
from backend.campaigns.schemas import CampaignInSchema, CampaignPatchSchema
from web import forms

_EUROS = re.compile(r"^(?:€\s*)?(\d{1,7})(?:[.,](\d{1,2}))?$")
# The gift schema's fields -> the shop's form.
GIFT_NAMES = {"value_cents": "value"}


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


# The campaign schema's fields -> the form's (the rule's fields are on the form itself).
CAMPAIGN_NAMES = {"budget_per_volunteer_cents": "budget", "eligibility": "everyone", "eligibility.everyone": "everyone",
                  "eligibility.min_approved_hours": "min_hours",
                  "eligibility.min_completed_engagements": "min_engagements",
                  "eligibility.period_start": "period_start", "eligibility.period_end": "period_end",
                  "eligibility.registered_before": "registered_before", "eligibility.nominations": "nominations"}
# Fixed once the campaign opened: the form no longer shows them.
_FIXED = ("opens_at", "budget_per_volunteer_cents", "eligibility")


def euros(name: str):
    """A converter for ``load_form``: "20", "20,5", "€ 12,50" or "12.50" euros in the form -> cents in the schema."""
    def read(form) -> int | None:
        raw = form.get(name, "").strip()
        if not raw:
            return None
        cents = euros_to_cents(raw)
        if cents is None:
            raise forms.Unreadable(_("Give an amount in euros, for example 12,50 (at most %(most)s euros).",
                                     most=MAX_BUDGET_CENTS // 100))
        return cents
    return read


def _local(name: str, zone: ZoneInfo):
    def read(form) -> str | None:
        raw = form.get(name, "").strip()
        if not raw:
            return None
        try:
            return datetime.fromisoformat(raw).replace(tzinfo=zone).isoformat()
        except ValueError:
            raise forms.Unreadable(_("Give a date and a time.")) from None
    return read


def _nominations(form) -> bool | None:
    """Ticked counts; not ticked says no only where it matters (with a minimum); else the rule's default."""
    if form.get("nominations", "").strip().lower() in forms.TICKED:
        return True
    if form.get("min_hours", "").strip() or form.get("min_engagements", "").strip():
        return False
    return None


def read_campaign(zone: ZoneInfo, *, municipality: str | None = None,
                  fixed_too: bool = True) -> tuple[dict, dict[str, list[str]]]:
    """The campaign form through the API's schema: a new campaign (of ``municipality``) or the changes to one.
    Without ``fixed_too`` (a campaign that opened) the rule, budget and opening are not read: the form does not
    show them as fields any more."""
    convert = {"opens_at": _local("opens_at", zone), "closes_at": _local("closes_at", zone),
               "redeem_until": _local("redeem_until", zone), "budget_per_volunteer_cents": euros("budget"),
               "eligibility.nominations": _nominations, "message": lambda form: form.get("message", "").strip()}
    if municipality is not None:
        return forms.load_form(CampaignInSchema, names=CAMPAIGN_NAMES, convert=convert,
                               values={"municipality": municipality})
    schema = CampaignPatchSchema(exclude=() if fixed_too else _FIXED)
    # The form shows the whole campaign: a name emptied, or a rule with nothing ticked, is refused, not kept.
    return forms.load_form(schema, names=CAMPAIGN_NAMES, convert=convert, blank={"name": "", "eligibility": {}})


def rule_fields(rule: dict) -> dict:
    """A stored rule as the form's values."""
    return {"everyone": bool(rule.get("everyone")), "min_hours": rule.get("min_approved_hours") or "",
            "min_engagements": rule.get("min_completed_engagements") or "",
            "period_start": rule.get("period_start") or "", "period_end": rule.get("period_end") or "",
            "registered_before": rule.get("registered_before") or "",
            "nominations": rule.get("nominations", True)}
