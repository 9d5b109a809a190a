"""The data subject's rights (AVG/GDPR art. 15, 17, 20): export everything we hold about a person, erase it all.

Every feature's part is listed here as data, as backend/jobs/definitions.py lists the jobs: the export sections
(EXPORTERS), the steps an erasure runs before the account row goes (ERASERS), and for every column that names a
person (a foreign key to users.id) which section exports it and how erasure reaches it (PERSONAL_DATA; a test
checks that no such column is missing). This module sits on top of the features: it imports them, none imports it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from backend.accounts.data_rights import erase_account, export_account, require_password
from backend.accounts.models import User
from backend.appreciation.operations import export_appreciation
from backend.audit.operations import record
from backend.campaigns.claims import cancel_open_claims
from backend.conversations.data_rights import erase_messages, export_conversations
from backend.engagements.operations import export_engagements, release_places
from backend.help.data_rights import export_help_requests, forget_erased_user
from backend.initiatives.operations import export_initiatives
from backend.jobs.availability import export_availability_check
from backend.notifications.operations import export_devices_and_preferences
from backend.opportunities.whereabouts import export_vacancy_contacts
from backend.organisations.intermediaries import export_applications
from backend.organisations.operations import export_memberships
from backend.reminders.replies import export_reminder_replies
from backend.saved.operations import export_saved
from backend.volunteers.data_rights import export_profile, forget_as_vog_verifier


def export_notifications(user: User) -> dict:
    return {**export_devices_and_preferences(user), "availability_check": export_availability_check(user),
            "reminder_replies": export_reminder_replies(user)}


# The export's sections besides the account's own (export_account), in the order of the document.
EXPORTERS: dict[str, Callable[[User], object]] = {
    "volunteer_profile": export_profile,
    "appreciation": export_appreciation,
    "coordinator_of": export_memberships,
    "contact_person_of": export_vacancy_contacts,
    "intermediary_applications": export_applications,
    "engagements": export_engagements,
    "help_requests": export_help_requests,
    "initiatives": export_initiatives,
    "notifications": export_notifications,
    "conversations": export_conversations,
    "saved": export_saved,
}
ACCOUNT_SECTIONS = ("account", "consents", "sessions", "messages", "audit_events")

# Steps the foreign keys alone cannot do (places to give back, requests to reopen, links to blank), run in the
# erasure's transaction before the account row is deleted (whose foreign keys then cascade or set null).
ERASERS: tuple[Callable[[User], None], ...] = (release_places, forget_erased_user, cancel_open_claims,
                                               forget_as_vog_verifier, erase_messages)

CASCADE, SET_NULL = "CASCADE", "SET NULL"


@dataclass(frozen=True)
class Held:
    """A column naming a person: the export section that shows it (None: not exported, with the reason) and how
    erasure reaches it (the foreign key's ON DELETE, or one of ERASERS)."""

    table: str
    column: str
    section: str | None
    erased_by: str | Callable[[User], None]
    why_not_exported: str = ""


_ACTOR = "a link to the staff member or coordinator who acted on someone else's record, not their own data"
PERSONAL_DATA: tuple[Held, ...] = (
    Held("auth_sessions", "user_id", "sessions", CASCADE),
    Held("consent_records", "user_id", "consents", CASCADE),
    Held("password_reset_tokens", "user_id", None, CASCADE, "a hash of a one-hour secret; nothing to read"),
    Held("role_grants", "user_id", "account", CASCADE),
    Held("milestone_awards", "user_id", "appreciation", CASCADE),
    Held("campaigns", "created_by", None, SET_NULL, _ACTOR),
    Held("campaign_invitations", "user_id", "appreciation", SET_NULL),
    Held("gift_claims", "user_id", "appreciation", cancel_open_claims),  # redeemed ones: SET NULL, anonymous
    Held("gift_claims", "redeemed_by", None, SET_NULL, _ACTOR),
    Held("campaign_letter_codes", "user_id", None, CASCADE,
         "a single-use code printed on a letter; a bearer token like the voucher code"),
    Held("merchants", "verified_by", None, SET_NULL, _ACTOR),
    Held("merchant_staff", "user_id", None, CASCADE, "which shop's till the person may use; shown in the app"),
    Held("campaign_nominations", "volunteer_id", "appreciation", CASCADE),
    Held("campaign_nominations", "nominated_by", None, SET_NULL, _ACTOR),
    Held("calendar_feeds", "volunteer_id", "engagements", CASCADE),
    Held("engagements", "volunteer_id", "engagements", release_places),
    Held("engagements", "invited_by", None, SET_NULL, _ACTOR),
    Held("hours_entries", "volunteer_id", "engagements", CASCADE),
    Held("hours_entries", "approved_by", None, SET_NULL, _ACTOR),
    Held("idempotency_keys", "user_id", None, CASCADE, "a 24-hour replay cache of the person's own requests"),
    Held("initiatives", "proposer_id", "initiatives", SET_NULL),
    Held("initiatives", "status_changed_by", None, SET_NULL, _ACTOR),
    Held("initiative_supports", "user_id", "initiatives", CASCADE),
    Held("availability_checks", "user_id", "notifications", CASCADE),
    Held("downloads", "owner_id", None, CASCADE, "a file made for a staff member's work (the campaign letters PDF), "
         "deleted after a day; not data about them"),
    Held("device_tokens", "user_id", "notifications", CASCADE),
    Held("notification_preferences", "user_id", "notifications", CASCADE),
    Held("outbox_messages", "user_id", "messages", CASCADE),
    Held("help_requests", "requester_id", "help_requests", forget_erased_user),
    Held("help_requests", "intermediary_id", "help_requests", forget_erased_user),
    Held("opportunities", "created_by", None, SET_NULL, _ACTOR),
    Held("vacancy_contacts", "user_id", "contact_person_of", CASCADE),
    Held("organisations", "verified_by", None, SET_NULL, _ACTOR),
    Held("organisation_members", "user_id", "coordinator_of", CASCADE),
    Held("organisation_members", "invited_by", None, SET_NULL, _ACTOR),
    Held("intermediary_applications", "user_id", "intermediary_applications", CASCADE),
    Held("intermediary_applications", "decided_by", None, SET_NULL, _ACTOR),
    Held("matching_proposals", "volunteer_id", None, CASCADE,
         "scores of a batch run, recomputed from the profile at every run"),
    Held("matching_runs", "created_by", None, SET_NULL, _ACTOR),
    Held("volunteer_profiles", "user_id", "volunteer_profile", CASCADE),
    Held("volunteer_profiles", "vog_verified_by", None, forget_as_vog_verifier, _ACTOR),
    Held("conversation_threads", "volunteer_id", "conversations", SET_NULL),
    Held("conversation_messages", "sender_id", "conversations", erase_messages),
    Held("conversation_readers", "user_id", "conversations", CASCADE),
    Held("conversation_reports", "reported_by", "conversations", SET_NULL),
    Held("conversation_blocks", "blocker_id", "conversations", CASCADE),
    Held("conversation_blocks", "blocked_id", None, CASCADE,
         "someone else's choice not to see this person's messages; telling them would undo it"),
    Held("favourites", "user_id", "saved", CASCADE),
    Held("saved_searches", "user_id", "saved", CASCADE),
    Held("saved_search_alerts", "user_id", "saved", CASCADE),
    # Personal data without a foreign key to users: reached through the row they belong to.
    Held("help_request_addresses", "help_request_id", "help_requests", CASCADE),
    Held("reminder_replies", "engagement_id", "notifications", CASCADE),
)


def export_user_data(user: User) -> dict:
    data = {"format": "doemee-export/1", **export_account(user)}
    for section, exporter in EXPORTERS.items():
        data[section] = exporter(user)
    record("account.exported", actor_id=user.id, subject_id=user.id)
    return data


def erase_user(user: User, *, password: str) -> None:
    """Erase the account in one transaction: every feature's step, then the account row (foreign keys cascade or
    set null); the audit trail keeps its events but loses the link to the person; nothing personal stays."""
    require_password(user, password)
    for eraser in ERASERS:
        eraser(user)
    erase_account(user)
    record("account.erased")
