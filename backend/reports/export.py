"""A report as CSV: one line per row, the area first, then each figure as shown (suppressed cells as "<5" or "x").

The same text any surface offers for download, so that a spreadsheet never sees a figure a page would hide.
"""
from __future__ import annotations

import csv
import dataclasses
import io

from backend.reports.areas import label
from backend.reports.operations import Report
from backend.reports.suppression import Cell

AREA_COLUMNS = ("level", "neighbourhood", "name", "district", "is_focus")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Cell):
        return value.display
    text = str(value)
    # A cell that starts like a formula would be run by a spreadsheet (CSV injection); quote it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(report: Report, locale: str = "nl") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [f.name for f in dataclasses.fields(report.rows[0]) if f.name != "area"] if report.rows else []
    writer.writerow([*AREA_COLUMNS, *names])
    for row in report.rows:
        area = row.area
        writer.writerow([_text(v) for v in (area.level, area.slug, label(area, locale), area.district, area.is_focus,
                                            *(getattr(row, n) for n in names))])
    return out.getvalue()
