"""The suppression rule on its own (backend.reports.suppression): small cells, and the second cell that keeps a
published total from giving a small one away."""
from backend.reports.suppression import Cell, derived, percent, suppress

DIJKPOLDER = {"vertobuurt": 9, "bloemenbuurt": 7, "bomendal": 3, "dijkpolder": 19}
GROUP = [(["vertobuurt", "bloemenbuurt", "bomendal"], "dijkpolder")]


def test_primary_alone_lets_the_total_give_a_small_cell_away():
    cells = suppress(DIJKPOLDER)
    assert cells["bomendal"].display == "<5"
    shown = [cells[k].value for k in ("vertobuurt", "bloemenbuurt")]
    assert cells["dijkpolder"].value - sum(shown) == 3  # what the secondary rule is there to prevent


def test_secondary_hides_the_next_smallest_cell_of_the_group():
    cells = suppress(DIJKPOLDER, GROUP)
    assert [cells[k].display for k in ("vertobuurt", "bloemenbuurt", "bomendal", "dijkpolder")] == [
        "9", "x", "<5", "19"]
    assert cells["bloemenbuurt"] == Cell(None, True, True)


def test_zero_is_shown_and_a_small_total_hides_its_cells():
    # Issue 22: 0 read "<5" before; only 1 to 4 people are hidden now. Nobody is not somebody to protect.
    cells = suppress({"a": 0, "b": 3, "all": 3}, [(["a", "b"], "all")])
    assert [cells[k].display for k in ("a", "b", "all")] == ["0", "<5", "<5"]
    assert cells["a"] == Cell(0)


def test_a_zero_is_never_the_second_hidden_cell():
    # Hiding the 0 would let the total tell the "<5" exactly (11 - 8 = 3 = b + 0, and "<5" is at least 1).
    cells = suppress({"a": 0, "b": 3, "c": 8, "d": 12, "all": 23}, [(["a", "b", "c", "d"], "all")])
    assert [cells[k].display for k in ("a", "b", "c", "d", "all")] == ["0", "<5", "x", "12", "23"]


def test_small_cells_that_can_only_be_all_ones_get_a_second_cell():
    # "<5" is 1 to 4: two of them that the total leaves 2 (or 8) for are both 1 (or both 4).
    for small in (1, 4):
        cells = suppress({"a": small, "b": small, "c": 8, "all": 2 * small + 8}, [(["a", "b", "c"], "all")])
        assert [cells[k].display for k in ("a", "b", "c")] == ["<5", "<5", "x"]
    cells = suppress({"a": 1, "b": 2, "c": 8, "all": 11}, [(["a", "b", "c"], "all")])
    assert cells["c"] == Cell(8)  # 3 left: (1, 2) or (2, 1), nothing given away


def test_groups_that_share_cells_are_settled_together():
    # a 2x2 table with row and column totals: hiding one cell forces a rectangle of four
    values = {("r1", "c1"): 2, ("r1", "c2"): 20, ("r2", "c1"): 30, ("r2", "c2"): 40,
              ("r1", "t"): 22, ("r2", "t"): 70, ("t", "c1"): 32, ("t", "c2"): 60, ("t", "t"): 92}
    groups = [([(r, "c1"), (r, "c2")], (r, "t")) for r in ("r1", "r2", "t")]
    groups += [([("r1", c), ("r2", c)], ("t", c)) for c in ("c1", "c2", "t")]
    cells = suppress(values, groups)
    hidden = {k for k, c in cells.items() if c.suppressed}
    assert hidden == {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")}
    for members, total in groups:
        assert sum(k in hidden for k in (*members, total)) != 1


def test_derived_figures_go_with_their_count():
    assert derived(Cell(None, True), 12.5).display == "<5"
    assert derived(Cell(8), 12.5) == Cell(12.5)
    assert percent(Cell(None, True), Cell(16)).suppressed
    assert percent(Cell(6), Cell(16)) == Cell(37.5)
