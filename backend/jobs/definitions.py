"""The scheduled jobs, as data. The scheduler (runner.py) and ``flask run-job <id>`` read this table.

Every job is a module-level function without arguments that returns a one-line summary; it runs in an app
context in its own transaction (runner.run_job) and is safe to run twice: what it sends goes through outbox
keys that exist once. Triggers are APScheduler trigger arguments, in local time (DOEMEE_TIMEZONE).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class JobDefinition:
    id: str
    function: str  # "module:function"
    trigger: dict = field(default_factory=dict)  # {"type": "interval", "minutes": 5} or {"type": "cron", ...}
    description: str = ""
    # A job that was missed (process down, or still running) runs once when possible, not once per miss...
    coalesce: bool = True
    # ... if its latest missed time is at most this many seconds ago (default: one period, see grace_seconds).
    misfire_grace_time: int | None = None
    max_instances: int = 1

    @property
    def grace_seconds(self) -> int:
        """How late a run may still start: one period unless the job says otherwise. A daily job missed while the
        scheduler was down runs once when it comes back the same day; the next regular time is nearer than that."""
        return self.misfire_grace_time or self.interval_seconds

    @property
    def interval_seconds(self) -> int:
        """How often the job runs at least (for the health signal: a job silent for 3 periods is unhealthy)."""
        t = self.trigger
        if t["type"] == "interval":
            return t.get("minutes", 0) * 60 + t.get("hours", 0) * 3600 + t.get("seconds", 0)
        if "day_of_week" in t:
            return 7 * 24 * 3600
        return 3600 if t.get("hour", "*") == "*" else 24 * 3600


JOBS: tuple[JobDefinition, ...] = (
    JobDefinition("shift-reminders", "backend.jobs.reminders:enqueue_shift_reminders",
                  {"type": "interval", "minutes": 5}, "reminders T-24h/T-2h for accepted shift places"),
    JobDefinition("help-reminders", "backend.jobs.reminders:enqueue_help_reminders",
                  {"type": "interval", "minutes": 5}, "reminders T-24h/T-2h for accepted help appointments"),
    JobDefinition("understaffed-shifts", "backend.jobs.coordination:alert_understaffed_shifts",
                  {"type": "cron", "minute": 15}, "coordinators: shifts within 48 h with free places"),
    JobDefinition("unmatched-help-requests", "backend.jobs.coordination:escalate_unmatched_help_requests",
                  {"type": "cron", "minute": 45}, "help requests nobody took: intermediary and staff"),
    JobDefinition("availability-check", "backend.jobs.availability:check_inactive_volunteers",
                  {"type": "cron", "hour": 10, "minute": 0}, "ask inactive volunteers; pause if no answer"),
    JobDefinition("vog-expiry", "backend.jobs.vog:warn_expiring_vogs",
                  {"type": "cron", "hour": 10, "minute": 10}, "VOG ending within 30 days"),
    JobDefinition("recommendation-digest", "backend.jobs.matching_jobs:send_recommendation_digests",
                  {"type": "cron", "day_of_week": "sat", "hour": 9, "minute": 30}, "weekly recommendations",
                  misfire_grace_time=24 * 3600),  # a digest days late is stale: wait for next Saturday
    JobDefinition("matching-runs", "backend.recommendations.runs:run_pending",
                  {"type": "interval", "seconds": 10}, "execute the batch matching runs staff asked for"),
    JobDefinition("milestones", "backend.jobs.appreciation_jobs:grant_milestones",
                  {"type": "cron", "hour": 7, "minute": 0}, "milestone awards (first engagement, hours, years)"),
    JobDefinition("thank-yous", "backend.jobs.appreciation_jobs:send_thank_yous",
                  {"type": "cron", "hour": 9, "minute": 0}, "thanks the day after a completed engagement"),
    JobDefinition("campaign-invitations", "backend.jobs.appreciation_jobs:open_campaigns",
                  {"type": "cron", "minute": 5}, "invite eligible volunteers when a campaign window opens"),
    JobDefinition("campaign-reminders", "backend.jobs.appreciation_jobs:remind_unclaimed",
                  {"type": "cron", "hour": 11, "minute": 0}, "a week before closing: remind who has not chosen"),
    JobDefinition("housekeeping", "backend.jobs.housekeeping:clean_up",
                  {"type": "cron", "hour": 3, "minute": 30}, "expired tokens, keys, old messages, ended sessions"),
)

BY_ID = {job.id: job for job in JOBS}
