"""The input of a request for a file a task makes (shape only): the API's JSON and the staff's web forms are loaded
through it. Who may ask, and for which campaign, is the operation's (backend.jobs.downloads)."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.schemas import Schema

# What a campaign's staff can have made: the letters as a PDF, or the names, postcodes and codes for the mail merge.
CAMPAIGN_FILES = ("letters_pdf", "letter_codes_csv")
LAYOUTS = ("brief", "code")


class CampaignFileInSchema(Schema):
    file = fields.String(required=True, validate=validate.OneOf(CAMPAIGN_FILES), metadata={
        "description": "letters_pdf: one page per letter; letter_codes_csv: code, name, postcode, neighbourhood, "
                       "valid_until in the order of the PDF's pages"})
    layout = fields.String(load_default="brief", validate=validate.OneOf(LAYOUTS), metadata={
        "description": "letters_pdf only: brief (a letter, the address left empty for the mail merge) or code "
                       "(only the code)"})
