"""Small-number suppression, as Dutch statistics practice does it, for every report and export of DoeMee.

The rule (the README and the OpenAPI document say the same):

1. Primary: a count of 1 to 4 people (above zero, below ``THRESHOLD``) is never shown; it reads "<5". Zero is
   shown: that nobody did something gives nobody away, and a dashboard full of "<5" for nothing misleads.
2. Secondary: where a table also publishes a total over a group of cells (the neighbourhoods of a district, the
   districts of the municipality, focus and other neighbourhoods, the months of the period ...), that total must
   not give a hidden cell away. Whenever exactly one cell of a group (its members and its total) is hidden, the
   smallest shown cell of the group that is not zero is hidden too (it reads "x": hidden, but not small). Not a
   zero: "<5" now means 1 to 4, so a hidden 0 beside it would let the total tell the small one exactly. This repeats over all
   groups until no group has exactly one hidden cell, so a total minus the shown cells is always the sum of two
   or more unknowns - and not one that only small cells of all 1 or all 4 could add up to (two "<5" cells that
   leave 2 are both 1): such a group gets a hidden "x" too.
3. Figures derived from a hidden count are hidden with it (hours given by a hidden number of volunteers, a
   percentage over a hidden count, a median of a hidden number of matches).

The check is done on whole tables, before a surface filters rows, so asking for one neighbourhood shows exactly
what the full table shows for it.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "x"


@dataclass(frozen=True)
class Cell:
    """One published figure: its value, or None when it is suppressed (``display`` says why)."""

    value: int | float | None
    suppressed: bool = False
    secondary: bool = False

    @property
    def display(self) -> str:
        if self.suppressed:
            return HIDDEN if self.secondary else SMALL
        return "" if self.value is None else str(self.value)


def shown(value: int | float) -> Cell:
    return Cell(value=value)


SMALL_CELL = Cell(value=None, suppressed=True)
HIDDEN_CELL = Cell(value=None, suppressed=True, secondary=True)

Group = tuple[Sequence[Hashable], Hashable]


def suppress(values: Mapping[Hashable, int], groups: Iterable[Group] = ()) -> dict[Hashable, Cell]:
    """Counts of people by key -> published cells, after primary and secondary suppression.

    ``groups`` lists the additive relations the report publishes: (member keys, key of their total).

    >>> cells = suppress({"a": 2, "b": 7, "c": 9, "all": 18}, [(["a", "b", "c"], "all")])
    >>> [cells[k].display for k in ("a", "b", "c", "all")]
    ['<5', 'x', '9', '18']
    >>> [c.display for c in suppress({"a": 0, "b": 3, "c": 8, "all": 11}, [(["a", "b", "c"], "all")]).values()]
    ['0', '<5', 'x', '11']
    >>> [c.display for c in suppress({"a": 1, "b": 1, "c": 8, "all": 10}, [(["a", "b", "c"], "all")]).values()]
    ['<5', '<5', 'x', '10']
    """
    order = {key: i for i, key in enumerate(values)}
    hidden: dict[Hashable, bool] = {key: False for key, v in values.items() if 0 < v < THRESHOLD}  # key -> secondary
    groups = [(list(members), total) for members, total in groups if members]
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            if not _exposed(values, hidden, members, total):
                continue
            shown_members = [key for key in members if key not in hidden]
            candidates = [key for key in shown_members if values[key]] or shown_members or [total]
            pick = min(candidates, key=lambda key: (values[key], order[key]))
            hidden[pick] = True
            changed = True
    return {key: (Cell(None, True, hidden[key]) if key in hidden else shown(value)) for key, value in values.items()}


def _exposed(values, hidden: dict, members: list, total) -> bool:
    """Whether the group's published total tells a hidden cell: exactly one is hidden, or only small ("<5", so 1 to
    4 each) members are hidden and what the total leaves for them can only be all 1s or all 4s."""
    if sum(key in hidden for key in (*members, total)) == 1:
        return True
    small = [key for key in members if key in hidden]
    if total in hidden or not small or any(hidden[key] for key in small):
        return False
    left = sum(values[key] for key in small)
    return left in (len(small), len(small) * (THRESHOLD - 1))


def derived(cell: Cell, value: int | float | None) -> Cell:
    """A figure computed from the people behind ``cell`` (hours, a median): hidden whenever ``cell`` is."""
    if cell.suppressed:
        return Cell(None, True, cell.secondary)
    return shown(value) if value is not None else Cell(None)


def percent(part: Cell, whole: Cell) -> Cell:
    """``part`` as a percentage of ``whole`` (one decimal), hidden when either count is hidden."""
    if part.suppressed or whole.suppressed:
        return HIDDEN_CELL
    return shown(round(100.0 * part.value / whole.value, 1) if whole.value else 0.0)
