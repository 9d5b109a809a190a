"""The input of the reports (shape only): which part of the municipality a report is narrowed to. The API's query
and the dashboard's form are loaded through ``AreaFilterSchema``; that the wijk exists and the buurt lies in it is
the operation's rule (``backend.reports.operations.report_scope``)."""
from __future__ import annotations

from backend.schemas import Schema, text


class AreaFilterSchema(Schema):
    """A wijk (district), and optionally one buurt (neighbourhood) in it; both left out: the whole municipality."""

    district = text(120, load_default=None, metadata={
        "description": "name of one wijk (district): its row and its neighbourhoods' rows only (the municipality's "
                       "totals stay)"})
    neighbourhood = text(80, load_default=None, metadata={
        "description": "slug of one neighbourhood (buurt), of the district if one is given: its row and its "
                       "district's only (the municipality's totals stay)"})
