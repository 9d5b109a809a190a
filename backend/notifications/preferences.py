"""Who hears what, how and when: categories, channels, quiet hours and the daily digest.

Pure rules over plain values (no queries), so that the relay can apply them to a whole batch at once and the
tests can reason about them directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

CATEGORIES = ("reminders", "updates", "coordination", "account")
CHANNEL_CHOICES = ("push", "email", "off")
# Account messages (password reset, "are you still available?", pause) always reach the person.
ALWAYS_ON = ("account",)
DEFAULT_CHANNELS = {"reminders": "push", "updates": "push", "coordination": "push", "account": "email"}

_CATEGORY_OF_TEMPLATE = {
    "shift_reminder": "reminders",
    "help_reminder": "reminders",
    "understaffed_shift": "coordination",
    "help_request_unmatched": "coordination",
    "vog_expiring_coordinator": "coordination",
    "engagement_withdrawn": "coordination",
    "password_reset": "account",
    "availability_check": "account",
    "profile_paused": "account",
    "vog_expiring": "account",
    "coordinator_invited": "account",
}


def category_of(template: str) -> str:
    """Templates nobody classified are updates about one's own activities: the safe middle."""
    return _CATEGORY_OF_TEMPLATE.get(template, "updates")


@dataclass
class Prefs:
    """One person's effective preferences (defaults filled in)."""

    channels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CHANNELS))
    quiet_hours_enabled: bool = True
    quiet_start_minute: int = 22 * 60
    quiet_end_minute: int = 8 * 60
    daily_digest: bool = False

    def channel_for(self, category: str) -> str:
        return self.channels.get(category, DEFAULT_CHANNELS[category])


def minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock_of(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def effective(row, config) -> Prefs:
    """The stored preference row (or None) completed with the configured defaults."""
    default_start, default_end = minutes_of(config["QUIET_HOURS_START"]), minutes_of(config["QUIET_HOURS_END"])
    if row is None:
        return Prefs(quiet_start_minute=default_start, quiet_end_minute=default_end)
    return Prefs(
        channels={**DEFAULT_CHANNELS, **(row.channels or {})},
        quiet_hours_enabled=row.quiet_hours_enabled,
        quiet_start_minute=default_start if row.quiet_start_minute is None else row.quiet_start_minute,
        quiet_end_minute=default_end if row.quiet_end_minute is None else row.quiet_end_minute,
        daily_digest=row.daily_digest,
    )


def resolve_channel(requested: str, category: str, prefs: Prefs, has_device: bool) -> str | None:
    """The channel a message goes out on, or None when the person switched this category off.

    "any" follows the person's choice for the category; push without a registered device falls back to e-mail.
    A sender that names a channel (a password reset is e-mail) gets it, except push without a device.
    """
    if requested == "email":
        return "email"
    if requested == "push":
        return "push" if has_device else "email"
    choice = prefs.channel_for(category)
    if choice == "off" and category not in ALWAYS_ON:
        return None
    return "push" if choice == "push" and has_device else "email"


def quiet_until(now: datetime, prefs: Prefs, tz: ZoneInfo) -> datetime | None:
    """If ``now`` lies in the person's quiet hours, the (aware) moment they end; otherwise None."""
    if not prefs.quiet_hours_enabled or prefs.quiet_start_minute == prefs.quiet_end_minute:
        return None
    local = now.astimezone(tz)
    minute = local.hour * 60 + local.minute
    start, end = prefs.quiet_start_minute, prefs.quiet_end_minute
    wraps = start > end  # e.g. 22:00-08:00
    inside = (minute >= start or minute < end) if wraps else (start <= minute < end)
    if not inside:
        return None
    end_day = local.date() + timedelta(days=1) if wraps and minute >= start else local.date()
    return _local_moment(end_day, end, tz)


def next_digest_at(now: datetime, digest_hour: int, tz: ZoneInfo) -> datetime:
    """The first digest moment (local ``digest_hour``:00) after ``now``."""
    local = now.astimezone(tz)
    moment = _local_moment(local.date(), digest_hour * 60, tz)
    if moment <= now:
        moment = _local_moment(local.date() + timedelta(days=1), digest_hour * 60, tz)
    return moment


def _local_moment(day, minute_of_day: int, tz: ZoneInfo) -> datetime:
    # Wall-clock time on that day; zoneinfo resolves the offset (CET or CEST) for that date.
    return datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=tz)
