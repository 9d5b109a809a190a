"""Small-number suppression, as Dutch statistics practice does it, for every report and export of DoeMee.

The rule (the README and the OpenAPI document say the same):

1. Primary: a count of people below ``THRESHOLD`` (0 to 4) is never shown; it reads "<5".
2. Secondary: where a table also publishes a total over a group of cells (the neighbourhoods of a district, the
   districts of the municipality, focus and other neighbourhoods, the months of the period ...), that total must
   not give a hidden cell away. Whenever exactly one cell of a group (its members and its total) is hidden, the
   smallest shown cell of the group is hidden too (it reads "x": hidden, but not small). This repeats over all
   groups until no group has exactly one hidden cell, so a total minus the shown cells is always the sum of two
   or more unknowns.
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
    """
    order = {key: i for i, key in enumerate(values)}
    hidden: dict[Hashable, bool] = {key: False for key, v in values.items() if v < THRESHOLD}  # key -> secondary
    groups = [(list(members), total) for members, total in groups if members]
    changed = True
    while changed:
        changed = False
        for members, total in groups:
            if sum(key in hidden for key in (*members, total)) != 1:
                continue
            candidates = [key for key in members if key not in hidden] or [total]
            pick = min(candidates, key=lambda key: (values[key], order[key]))
            hidden[pick] = True
            changed = True
    return {key: (Cell(None, True, hidden[key]) if key in hidden else shown(value)) for key, value in values.items()}


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
