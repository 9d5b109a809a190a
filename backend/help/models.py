"""Neighbours' requests for help. The request is an opportunity (kind help_request) plus what only it has:
who asks (or who asks on their behalf, with the resident's consent), the time window, urgency, and the
address, kept in a table of its own and shown to one volunteer only."""
import sqlalchemy as sa
from sqlalchemy.orm import relationship

from backend.extensions import db
# The request's own row is the schedule of a help_request opportunity, as a shift is of a vacancy: it lives with
# the opportunities so that engagements (below help) can read its window. Imported here for help's callers.
from backend.opportunities.models import HelpRequest

CATEGORIES = ("groceries", "odd_jobs", "company", "transport", "digital_help", "paperwork", "respite_care")
URGENCIES = ("low", "normal", "high", "urgent")
# How a resident gave an intermediary their consent: face to face (mondeling), on paper (schriftelijk), by
# telephone (telefonisch) or by e-mail.
CONSENT_METHODS = ("verbal", "written", "phone", "email")
# How a neighbour wants to be reached by the volunteer they accept: through DoeMee's messages, or by phone.
CONTACT_WAYS = ("doemee", "phone")


class HelpRequestAddress(db.Model):
    """The street address, apart from everything else; read only through the reveal operation (audited)."""

    __tablename__ = "help_request_addresses"
    help_request_id = sa.Column(sa.Uuid, sa.ForeignKey("help_requests.id", ondelete="CASCADE"), primary_key=True)
    street = sa.Column(sa.String(120), nullable=False)
    house_number = sa.Column(sa.String(12), nullable=False)
    postcode = sa.Column(sa.String(7), nullable=False)
    notes = sa.Column(sa.String(300), nullable=False, default="")
    # Only if the neighbour (or the intermediary on their behalf) chose to share it; normalised, e.g. +31612345678.
    phone = sa.Column(sa.String(16), nullable=True)
    # Tells the unit of work to insert the request before its address (the two models live in different modules,
    # and without a relationship a flush orders them by module name).
    help_request = relationship(HelpRequest, lazy="raise")
