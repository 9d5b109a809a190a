"""The scheduled jobs, as data. The job engine (engine.py) makes each a periodic task; ``flask run-job <id>`` runs
one at once.

Every job is a module-level function without arguments that returns a one-line summary; it runs in an app
context in its own transaction (runner.run_job) and is safe to run twice: what it sends goes through outbox
keys that exist once. Triggers are cron expressions in local time (DOEMEE_TIMEZONE): five fields (minute hour
day month weekday), or six with a last field for seconds.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from croniter import croniter

SCHEDULED_JOB_TASK = "doemee.scheduled_job"  # the engine's task that runs them (engine.py)


@dataclass(frozen=True)
class JobDefinition:
    id: str
    function: str  # "module:function"
    trigger: str  # cron, local time: "*/5 * * * *" is every five minutes
    description: str = ""
    quiet: bool = False  # its runs are logged at DEBUG (it runs every few seconds; its deliveries log themselves)

    @property
    def interval_seconds(self) -> int:
        """The longest gap between two of its times (for the health signal: a job silent for 3 of them is
        unhealthy), measured over a year from a fixed day, so that it does not depend on when it is asked."""
        times = croniter(self.trigger, datetime(2026, 1, 1, tzinfo=timezone.utc))
        previous, longest = times.get_next(float), 0.0
        for _ in range(400):  # every day of a year for a daily job, every week for a weekly one
            current = times.get_next(float)
            longest, previous = max(longest, current - previous), current
        return int(longest)


JOBS: tuple[JobDefinition, ...] = (
    JobDefinition("shift-reminders", "backend.jobs.reminders:enqueue_shift_reminders",
                  "*/5 * * * *", "reminders T-24h/T-2h for accepted shift places"),
    JobDefinition("help-reminders", "backend.jobs.reminders:enqueue_help_reminders",
                  "*/5 * * * *", "reminders T-24h/T-2h for accepted help appointments"),
    JobDefinition("understaffed-shifts", "backend.jobs.coordination:alert_understaffed_shifts",
                  "15 * * * *", "coordinators: shifts within 48 h with free places"),
    JobDefinition("unmatched-help-requests", "backend.jobs.coordination:escalate_unmatched_help_requests",
                  "45 * * * *", "help requests nobody took: intermediary and staff"),
    JobDefinition("availability-check", "backend.jobs.availability:check_inactive_volunteers",
                  "0 10 * * *", "ask inactive volunteers; pause if no answer"),
    JobDefinition("vog-expiry", "backend.jobs.vog:warn_expiring_vogs",
                  "10 10 * * *", "VOG ending within 30 days"),
    JobDefinition("recommendation-digest", "backend.jobs.matching_jobs:send_recommendation_digests",
                  "30 9 * * sat", "weekly recommendations"),
    JobDefinition("matching-tables", "backend.jobs.matching_jobs:store_matching_tables",
                  "*/15 * * * *", "the matcher's tables built and stored, so that no request builds one"),
    JobDefinition("saved-search-alerts", "backend.saved.alerts:send_saved_search_alerts",
                  "30 8 * * *", "new vacancies that fit a saved search: one message per person (daily or weekly)"),
    JobDefinition("milestones", "backend.jobs.appreciation_jobs:grant_milestones",
                  "0 7 * * *", "milestone awards (first engagement, hours, years)"),
    JobDefinition("thank-yous", "backend.jobs.appreciation_jobs:send_thank_yous",
                  "0 9 * * *", "thanks the day after a completed engagement"),
    JobDefinition("campaign-invitations", "backend.jobs.appreciation_jobs:open_campaigns",
                  "5 * * * *", "invite eligible volunteers when a campaign window opens"),
    JobDefinition("campaign-reminders", "backend.jobs.appreciation_jobs:remind_unclaimed",
                  "0 11 * * *", "a week before closing: remind who has not chosen"),
    JobDefinition("housekeeping", "backend.jobs.housekeeping:clean_up",
                  "30 3 * * *", "expired tokens, keys, old messages, ended sessions, finished engine jobs"),
    JobDefinition("conversation-retention", "backend.conversations.data_rights:delete_expired_threads",
                  "40 3 * * *", "conversations deleted CONVERSATION_RETENTION_MONTHS after their last message"),
    # The outbox is written in each domain transaction; this sweep delivers what is due (at least once: the
    # receivers dedupe on the message key). Every ten seconds, and any number of sweeps may run side by side:
    # each claims its own batch (FOR UPDATE SKIP LOCKED, see backend/notifications/relay.py).
    JobDefinition("outbox-delivery", "backend.notifications.relay:deliver_due",
                  "* * * * * */10", "deliver due outbox messages (push, e-mail)", quiet=True),
    JobDefinition("webhook-delivery", "backend.webhooks.delivery:deliver_due",
                  "* * * * * */10", "send due webhook deliveries (signed), retry failed ones", quiet=True),
)

BY_ID = {job.id: job for job in JOBS}
