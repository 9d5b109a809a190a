"""What the accepted volunteer needs to go and help: the address and the neighbour's first name. Given only
through ``reveal_address`` (the owner, or the volunteer the owner accepted; audited; 404 to anyone else)."""
from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.models import User
from backend.extensions import db
from backend.help.models import HelpRequestAddress
from backend.help.phone import display
from backend.help.requests import reveal_address
from backend.opportunities.models import HelpRequest


@dataclass(frozen=True)
class HelperContact:
    address: HelpRequestAddress
    first_name: str | None
    # Only if the neighbour (or the intermediary on their behalf) shared it: +31..., for a tel: link.
    phone: str | None = None

    @property
    def phone_shown(self) -> str | None:
        return display(self.phone) if self.phone else None


def contact_for_helper(user: User, help_request_id) -> HelperContact:
    address = reveal_address(user, help_request_id)
    request = db.session.get(HelpRequest, address.help_request_id)
    name = request.resident_first_name
    if not name and request.requester_id is not None:
        requester = db.session.get(User, request.requester_id)
        name = requester.first_name if requester is not None else None
    return HelperContact(address=address, first_name=name, phone=address.phone)
