"""The shape of webhook endpoint input (the operations check the URL's safety and who may register)."""
from marshmallow import fields, validate

from backend.schemas import Schema, text

# What a subscriber can be told about; each carries ids, times and a status, never a name or an address.
EVENT_TYPES = ("engagement.signed_up", "engagement.withdrawn", "engagement.checked_in", "hours.approved",
               "help_request.matched", "gift_claim.created", "gift_claim.redeemed")

_event_list = dict(validate=validate.Length(min=1, max=len(EVENT_TYPES)),
                   metadata={"description": "one or more of: " + ", ".join(EVENT_TYPES)})


def _events(**kwargs):
    return fields.List(fields.String(validate=validate.OneOf(EVENT_TYPES)), **_event_list, **kwargs)


class EndpointInSchema(Schema):
    url = text(500, min_length=1, required=True, metadata={"description": "https:// address of your system"})
    event_types = _events(required=True)


class EndpointPatchSchema(Schema):
    url = text(500, min_length=1)
    event_types = _events()
    enabled = fields.Boolean(metadata={"description": "true switches a disabled endpoint on again"})
