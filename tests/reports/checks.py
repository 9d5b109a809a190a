"""What an outsider could try with a published report: read small cells, or work them out from the totals."""
from __future__ import annotations

import csv
import io

COUNTS = {
    "funnel": ("registered", "profile_complete", "first_engagement", "active_last_90_days", "active_after_a_year"),
    "new-volunteers": ("new_volunteers",),
    "demand": ("posted", "matched", "unmatched_after_48h"),
    "hours": ("volunteers",),
}


def assert_no_small_cell(report: str, rows: list[dict]) -> None:
    for row in rows:
        for measure in COUNTS[report]:
            cell = row[measure]
            if cell["suppressed"]:
                assert cell["value"] is None and cell["display"] in ("<5", "x"), (row, measure)
            else:
                # Zero is shown (nobody did it); 1 to 4 never is.
                assert cell["value"] == 0 or cell["value"] >= 5, (row, measure)
                assert cell["display"] == str(cell["value"]), (row, measure)


def assert_no_small_csv_cell(report: str, text: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for measure in COUNTS[report]:
            assert row[measure] in ("<5", "x") or int(row[measure]) == 0 or int(row[measure]) >= 5, (row, measure)
    return rows


def groups(rows: list[dict]) -> list[tuple[list[dict], dict]]:
    """The additive relations between a report's rows (the same sub-table: one month, or one kind)."""
    by_level: dict[str, list[dict]] = {}
    for row in rows:
        by_level.setdefault(row["level"], []).append(row)
    total = by_level["total"][0]
    hoods, districts, none = by_level.get("neighbourhood", []), by_level.get("district", []), by_level.get("none", [])
    out = [(hoods + none, total), ([h for h in hoods if h["is_focus"]], by_level["focus"][0]),
           ([h for h in hoods if not h["is_focus"]], by_level["rest"][0]),
           ([by_level["focus"][0], by_level["rest"][0]] + none, total), (districts + none, total)]
    out += [([h for h in hoods if h["district"] == d["district"]], d) for d in districts]
    return [(members, t) for members, t in out if members]


def recover(rows: list[dict], measure: str) -> list[tuple[dict, int]]:
    """Every hidden cell that a total gives away: (row, its value worked out). An honest report yields none."""
    found = []
    for members, total in groups(rows):
        hidden = [m for m in members if m[measure]["suppressed"]]
        if len(hidden) == 1 and not total[measure]["suppressed"]:
            found.append((hidden[0], total[measure]["value"] - sum(m[measure]["value"] for m in members
                                                                  if not m[measure]["suppressed"])))
        if not hidden and total[measure]["suppressed"]:
            found.append((total, sum(m[measure]["value"] for m in members)))
        # "<5" is 1 to 4: small cells that the total leaves all 1s or all 4s are given away too.
        if (len(hidden) > 1 and not total[measure]["suppressed"]
                and all(m[measure]["display"] == "<5" for m in hidden)):
            left = total[measure]["value"] - sum(m[measure]["value"] for m in members if not m[measure]["suppressed"])
            if left in (len(hidden), 4 * len(hidden)):
                found += [(m, left // len(hidden)) for m in hidden]
    return found
