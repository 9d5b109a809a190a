"""DemandTable.from_columns: the backend's columnar path builds the same table as the Demand records would."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matching
from matching import DemandTable, InvalidInput
from tests.matching.matching_factories import NOW, demands, volunteers

FIELDS = ("lat", "lon", "remote", "max_distance_km", "required_skills", "nice_skills", "interest",
          "requires_vog", "min_age", "languages", "regular", "urgency", "free_places", "neighbourhood_weight",
          "duration_minutes")


def columns_of(ds) -> dict:
    return dict(ids=[d.id for d in ds], kind=[d.kind for d in ds], start=[d.start for d in ds],
                end=[d.end for d in ds], **{name: [getattr(d, name) for d in ds] for name in FIELDS})


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_from_columns_equals_from_demands_and_recommends_the_same(data):
    ds = [data.draw(demands(f"d{i}", flexible=True)) for i in range(data.draw(st.integers(1, 6)))]
    ds.reverse()  # any order in, id order out
    by_records, by_columns = DemandTable.from_demands(ds), DemandTable.from_columns(**columns_of(ds))
    assert by_columns.ids == by_records.ids
    for name, value in vars(by_records).items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(getattr(by_columns, name), value, err_msg=name)
    v = data.draw(volunteers("v"))
    assert matching.recommend(v, by_columns, 5, now=NOW) == matching.recommend(v, by_records, 5, now=NOW)


def _one(**change):
    cols = columns_of([matching.Demand("d", "shift", datetime(2026, 5, 5, 19), datetime(2026, 5, 5, 21),
                                       lat=51.9, lon=4.2)])
    cols.update(change)
    return cols


@pytest.mark.parametrize("change, field", [
    ({"end": [datetime(2026, 5, 5, 18)]}, "end"),
    ({"lat": [None]}, "lat"),
    ({"kind": ["party"]}, "kind"),
    ({"free_places": [-1]}, "free_places"),
    ({"urgency": [4]}, "urgency"),
    ({"required_skills": [1 << 128]}, "required_skills"),
])
def test_from_columns_names_the_bad_column(change, field):
    with pytest.raises(InvalidInput) as err:
        DemandTable.from_columns(**_one(**change))
    assert err.value.field == field


def test_from_columns_refuses_a_duplicate_id():
    cols = {name: values * 2 for name, values in _one().items()}
    with pytest.raises(InvalidInput) as err:
        DemandTable.from_columns(**cols)
    assert err.value.field == "id"
