"""The input of the engagements' operations (shape only), for the API's JSON and the volunteer's pages alike."""
from __future__ import annotations

from backend.schemas import Schema, text


class CheckinSchema(Schema):
    code = text(12, min_length=1, required=True, metadata={"description": "the code shown at the door"})
