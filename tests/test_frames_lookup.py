"""``mapped`` / ``positions`` (app/metrics/_frames.py): the Arrow lookups the field reports
use instead of pandas' map and merge, which go through a Python object per row. They must
give what pandas gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from app.metrics._frames import mapped, positions


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cadre_id": pd.Series(["C1", "C2", "C3"], dtype="str"),
            "name": pd.Series(["张三", "李四", None], dtype="str"),
            "days": [3, 5, 8],
            "since": pd.to_datetime(["2011-01-05", "2011-02-01", "2011-03-09"]),
        }
    )


def test_mapped_gives_what_pandas_map_gives_keeping_the_keys_index(table: pd.DataFrame) -> None:
    # A filtered frame: its index is not 0..n-1 (the values are placed, not aligned).
    keys = pd.Series(["C3", "C9", None, "C1", "C1"], dtype="str", index=[40, 7, 3, 12, 0])
    for column in ("name", "days", "since"):
        expected = keys.map(table.set_index("cadre_id")[column])
        got = mapped(keys, table["cadre_id"], table[column])
        pd.testing.assert_series_equal(got, expected, check_dtype=False, check_names=False)
    assert mapped(keys, table["cadre_id"], table["name"]).dtype == "str"


def test_positions_say_where_each_key_is_and_minus_one_where_it_is_not(table) -> None:
    keys = pd.Series(["C2", "X", None, "C3"], dtype="str")
    assert positions(keys, table["cadre_id"]).tolist() == [1, -1, -1, 2]
    # Object keys against Arrow text, and an Index as the table: the same places.
    assert positions(keys.astype(object), pd.Index(table["cadre_id"])).tolist() == [1, -1, -1, 2]


def test_positions_of_keys_of_another_kind_fall_back_to_pandas(table) -> None:
    keys = pd.Series([1, "C1"], dtype=object)
    assert positions(keys, table["cadre_id"]).tolist() == [-1, 0]
    assert np.isnan(mapped(pd.Series([7]), table["cadre_id"], table["days"]).iloc[0])


def test_positions_take_the_first_of_repeated_keys_and_never_match_across_kinds() -> None:
    table = pd.Series(["02", "05", "02"], dtype=object)
    assert positions(pd.Series(["02", "05", "x"], dtype=object), table).tolist() == [0, 1, -1]
    assert positions(pd.Series([2, 5]), pd.Series(["02", "5"], dtype="str")).tolist() == [-1, -1]
    mixed = pd.Series([1, "02"], dtype=object)  # pandas' path: mixed kinds, a repeated key
    assert positions(mixed, table).tolist() == [-1, 0]
    assert positions(mixed, pd.Series([], dtype=object)).tolist() == [-1, -1]
