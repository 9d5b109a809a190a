"""The appreciation jobs (backend.appreciation / backend.campaigns) in the scheduler's shape: no arguments,
a one-line summary."""
from __future__ import annotations

from backend.appreciation import jobs as milestones
from backend.campaigns import jobs as campaigns


def grant_milestones() -> str:
    return f"{milestones.grant_milestones()} milestones granted"


def send_thank_yous() -> str:
    return f"{milestones.send_thank_yous()} thank-you messages"


def open_campaigns() -> str:
    return f"{campaigns.open_campaigns()} campaign invitations"


def remind_unclaimed() -> str:
    return f"{campaigns.remind_unclaimed()} campaign reminders"
