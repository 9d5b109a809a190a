"""A report as CSV: one line per row, the area first, then each figure as shown (suppressed cells as "<5" or "x").

The same text any surface offers for download, so that a spreadsheet never sees a figure a page would hide.
"""
from __future__ import annotations

import csv
import dataclasses
import io

from backend.csv_columns import header, word
from backend.reports.areas import label
from backend.reports.operations import Report
from backend.reports.suppression import Cell

AREA_COLUMNS = ("level", "neighbourhood", "name", "district", "is_focus")


def _text(value, locale: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return word("yes", locale, "true") if value else word("no", locale, "false")
    if isinstance(value, Cell):
        return value.display
    text = str(value)
    # A cell that starts like a formula would be run by a spreadsheet (CSV injection); quote it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(report: Report, locale: str = "nl", *, for_people: bool = False) -> str:
    """``for_people``: a download from a page, its columns, levels, kinds and yes/no in ``locale``; else the API's
    stable keys and codes."""
    words = locale if for_people else None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [f.name for f in dataclasses.fields(report.rows[0]) if f.name != "area"] if report.rows else []
    writer.writerow(header([*AREA_COLUMNS, *names], words))
    for row in report.rows:
        area = row.area
        level = word("level_" + area.level, words, area.level)
        figures = [word("kind_" + getattr(row, n), words, getattr(row, n)) if n == "kind" else getattr(row, n)
                   for n in names]
        writer.writerow([_text(v, words) for v in (level, area.slug, label(area, locale), area.district,
                                                   area.is_focus, *figures)])
    return out.getvalue()
