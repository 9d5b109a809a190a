"""replace_volunteers: a table with some volunteers replaced, added or removed equals the table built afresh."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import matching
from tests.matching.matching_factories import NOW, demands, volunteers


def assert_same_table(got: matching.VolunteerTable, expected: matching.VolunteerTable) -> None:
    assert got.ids == expected.ids and got._row == expected._row
    assert set(vars(got)) == set(vars(expected))
    for name, value in vars(expected).items():
        if isinstance(value, np.ndarray):
            assert getattr(got, name).dtype == value.dtype, name
            np.testing.assert_array_equal(getattr(got, name), value, err_msg=name)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_replacing_adding_and_removing_equals_a_fresh_build(data):
    before = {f"v{i}": data.draw(volunteers(f"v{i}")) for i in range(data.draw(st.integers(0, 7)))}
    table = matching.VolunteerTable.from_volunteers(before.values())
    ids = sorted(before)
    removed = data.draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    replaced = data.draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    added = [f"v{n}" for n in data.draw(st.lists(st.integers(0, 12), unique=True)) if f"v{n}" not in before]
    changed = [data.draw(volunteers(vid)) for vid in {*replaced, *added}]
    after = {vid: v for vid, v in before.items() if vid not in removed}
    after.update({v.id: v for v in changed})

    updated = matching.replace_volunteers(table, changed, removed)
    assert_same_table(updated, matching.VolunteerTable.from_volunteers(after.values()))
    d = data.draw(demands("d"))
    assert matching.candidates(d, updated, 10, now=NOW) == matching.candidates(d, list(after.values()), 10, now=NOW)
    assert_same_table(table, matching.VolunteerTable.from_volunteers(before.values()))  # left as it was


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_profiles_edited_keep_the_rows_and_equal_a_fresh_build(data):
    """The usual case (the same ids, some edited) takes the path that writes only the changed rows."""
    before = {f"v{i}": data.draw(volunteers(f"v{i}")) for i in range(data.draw(st.integers(1, 7)))}
    table = matching.VolunteerTable.from_volunteers(before.values())
    edited = [data.draw(volunteers(vid)) for vid in data.draw(st.lists(st.sampled_from(sorted(before)), unique=True))]
    updated = matching.replace_volunteers(table, edited, [v.id for v in edited])
    assert updated._row is table._row  # no row moved
    after = {**before, **{v.id: v for v in edited}}
    assert_same_table(updated, matching.VolunteerTable.from_volunteers(after.values()))
