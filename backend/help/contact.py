"""What the accepted volunteer needs to go and help: the address and the neighbour's first name. Given only
through ``reveal_address`` (the owner, or the volunteer the owner accepted; audited; 404 to anyone else)."""
from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.models import User
from backend.extensions import db
from backend.help.models import HelpRequestAddress
from backend.help.requests import reveal_address
from backend.opportunities.models import HelpRequest


@dataclass(frozen=True)
class HelperContact:
    address: HelpRequestAddress
    first_name: str | None
    # No phone number is recorded with a request yet; when one is, it is shared here only if the neighbour chose to.
    phone: str | None = None


def contact_for_helper(user: User, help_request_id) -> HelperContact:
    address = reveal_address(user, help_request_id)
    request = db.session.get(HelpRequest, address.help_request_id)
    name = request.resident_first_name
    if not name and request.requester_id is not None:
        requester = db.session.get(User, request.requester_id)
        name = requester.first_name if requester is not None else None
    return HelperContact(address=address, first_name=name)
