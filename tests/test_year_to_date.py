"""The month's status kept across uploads (app.reports.year_to_date): whatever was kept, the
figures are the ones the command line computes from the rows, after a new month, a correction
of an earlier month, and the table maintenance that rewrites every file; and the months listed
from the files' statistics are the months in the rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from app.maintenance import maintain
from app.reports import compute
from app.reports.reading import value_periods
from app.settings import Settings
from app.store import Store

SETTINGS = Settings()


class Keeping:
    """A reader like the app's: it lists a table's files and keeps results by identity."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.kept_values: dict[tuple[str, tuple], tuple[Any, Any]] = {}
        self.made: list[tuple[str, tuple]] = []

    def __call__(self, dataset: str, columns: Any = None, filters: Any = None) -> pd.DataFrame:
        return self.store.read(dataset, None, columns, filters)

    def version_of(self, dataset: str) -> int:
        return self.store.version(dataset)

    def parts(self, dataset: str, column: str) -> list:
        return self.store.files(dataset, None, column)

    def kept(self, name: str, args: tuple, identity: Any) -> Any:
        entry = self.kept_values.get((name, args))
        return entry[1] if entry is not None and entry[0] == identity else None

    def keep(self, name: str, args: tuple, make: Any, identity: Any = None) -> Any:
        if identity is None:  # kept by versions only where reads are recorded (the app)
            return make(self)
        found = self.kept(name, args, identity)
        if found is None:
            self.made.append((name, args))
            found = make(self)
            self.kept_values[(name, args)] = (identity, found)
        return found.copy(deep=False)


def plain(store: Store):  # noqa: ANN201
    return lambda dataset, columns=None, filters=None: store.read(dataset, None, columns, filters)


@pytest.fixture
def store(tmp_path: Path, demo_frames: dict) -> Store:
    """The demo county's 2011 uploaded month by month, one commit per month."""
    store = Store(str(tmp_path / "data"))
    store.init(demo=False)
    for name in ("townships", "indicators", "targets"):
        store.commit(name, demo_frames[name], "overwrite", {"user": "t"})
    values = demo_frames["indicator_values"]
    for period in sorted(values["period"].unique()):
        if period <= "2011-06":
            rows = values[values["period"] == period]
            store.commit(
                "indicator_values", rows, "replace", {"user": "t"}, where={"period": [period]}
            )
    return store


def same_status(store: Store, reader: Keeping, month: str) -> None:
    kept = compute.targets(reader, SETTINGS, int(month[:4]), month)
    computed = compute.targets(plain(store), SETTINGS, int(month[:4]), month)
    pd.testing.assert_frame_equal(kept, computed, check_exact=True)


def test_kept_status_follows_new_months_corrections_and_maintenance(store: Store) -> None:
    reader = Keeping(store)
    same_status(store, reader, "2011-05")
    same_status(store, reader, "2011-06")
    assert value_periods(reader) == value_periods(plain(store))

    values = store.read("indicator_values")
    march = values[values["period"] == "2011-03"].copy()
    march["value"] = march["value"] * 2  # a corrected March
    store.commit("indicator_values", march, "replace", {"user": "t"}, where={"period": ["2011-03"]})
    reader.made.clear()
    same_status(store, reader, "2011-06")  # March to June made again, from March's new rows
    assert ("month_state", (2011, 2)) not in reader.made  # February's state as it was
    assert ("month_state", (2011, 6)) in reader.made

    run = maintain(store, SETTINGS)  # every month's rows now in one file
    assert next(t for t in run.tables if t.dataset == "indicator_values").files_after == 1
    same_status(store, reader, "2011-06")
    same_status(store, reader, "2011-02")
    assert value_periods(reader) == value_periods(plain(store))
    assert len(value_periods(reader)) >= 6


def test_what_is_kept_by_identity_stays_within_its_bytes_and_follows_its_identity() -> None:
    """A province's month status is some 24 MB: the kept ones are bounded by bytes as well as
    by count, the least recently used going first; a changed identity is a miss."""
    from app.web.kept import ByIdentity

    kept = ByIdentity(10, budget=2000)
    frame = pd.DataFrame({"x": range(100)})  # 800 bytes
    kept.put(("targets", (2011, "2011-10")), "files-a", frame)
    kept.put(("targets", (2011, "2011-11")), "files-b", frame)
    assert kept.get(("targets", (2011, "2011-10")), "files-a") is not None  # now the most recent
    kept.put(("targets", (2011, "2011-12")), "files-c", frame)  # 2,400 bytes: one must go
    assert kept.get(("targets", (2011, "2011-11")), "files-b") is None
    assert kept.get(("targets", (2011, "2011-10")), "files-a") is not None
    assert kept.get(("targets", (2011, "2011-10")), "files-z") is None  # another upload's files
    assert kept.held <= 2000


def test_the_project_year_from_the_kept_states_is_the_project_year_from_the_rows(
    store: Store, demo_frames: dict
) -> None:
    """项目建设年 (固定资产投资, 工业投资占比, 到位资金 and its growth on the year before, 政策清理)
    read from the kept year-to-date states equals the same read from two years of rows."""
    for name in ("projects", "project_progress"):
        store.commit(name, demo_frames[name], "overwrite", {"user": "t"})
    reader = Keeping(store)
    for month in ("2011-01", "2011-04", "2011-06"):
        kept = compute.project_year(reader, SETTINGS, 2011, month)
        computed = compute.project_year(plain(store), SETTINGS, 2011, month)
        assert ("month_state", (2011, int(month[5:]))) in reader.made
        assert kept["measures"] == computed["measures"]
        pd.testing.assert_frame_equal(kept["stalled"], computed["stalled"])
    fai = next(m for m in computed["measures"] if m["measure"] == "fai")
    assert fai["actual"] is not None and fai["actual"] > 0
    growth = next(m for m in computed["measures"] if m["measure"] == "funds_growth")
    assert growth["actual"] is not None  # the year before's same months are read too


def test_a_trend_kept_month_by_month_is_the_trend_from_the_rows(
    store: Store, demo_frames: dict
) -> None:
    """The overview's sparklines and the indicator's trend: each month's rows kept by its
    files, after a new month only that month read; the series the command line computes."""
    reader = Keeping(store)
    stored = store.read("indicator_values")
    by_town = stored[stored["township_code"].notna()].iloc[0]
    code, town = str(by_town["indicator_code"]), str(by_town["township_code"])

    def same_series() -> None:
        for town_code in (None, town):
            kept = compute.series(reader, SETTINGS, 2011, code, town_code)
            computed = compute.series(plain(store), SETTINGS, 2011, code, town_code)
            assert not computed.empty
            pd.testing.assert_frame_equal(kept, computed, check_exact=True)

    same_series()
    values = demo_frames["indicator_values"]
    july = values[values["period"] == "2011-07"]  # July arrives
    store.commit("indicator_values", july, "replace", {"user": "t"}, where={"period": ["2011-07"]})
    reader.made.clear()
    same_series()
    assert reader.made == [("indicator_month", (code, "2011-07"))]  # January–June as kept
    assert compute.series(reader, SETTINGS, 2011, code)["period"].iloc[-1] == "2011-07"

    march = store.read("indicator_values", filters=[("period", "=", "2011-03")])
    march["value"] = march["value"] + 1  # a corrected March
    store.commit("indicator_values", march, "replace", {"user": "t"}, where={"period": ["2011-03"]})
    same_series()
    maintain(store, SETTINGS)  # every month in one file: all read again, the same series
    same_series()
    assert compute.series(reader, SETTINGS, 2030, code).empty  # a year with no file


def test_the_new_months_rows_are_read_once_for_its_status_and_its_trends(
    store: Store, demo_frames: dict
) -> None:
    """After a month's upload the overview makes the month's status (its rows read whole,
    kept by their files) and then its sparklines: each indicator's new month is taken from
    those rows, not read again, and the series is the one the command line computes."""
    reader = Keeping(store)
    code = str(store.read("indicator_values")["indicator_code"].iloc[0])
    compute.series(reader, SETTINGS, 2011, code)
    values = demo_frames["indicator_values"]
    july = values[values["period"] == "2011-07"]
    store.commit("indicator_values", july, "replace", {"user": "t"}, where={"period": ["2011-07"]})
    reads: list[Any] = []
    real = reader.__call__

    class Counting(Keeping):
        def __call__(self, dataset: str, columns: Any = None, filters: Any = None) -> pd.DataFrame:
            reads.append((dataset, filters))
            return real(dataset, columns, filters)

    reader.__class__ = Counting
    same_status(store, reader, "2011-07")
    assert ("month_rows", ("2011-07",)) in reader.made
    reads.clear()
    for town in (None, str(july["township_code"].dropna().iloc[0])):
        kept = compute.series(reader, SETTINGS, 2011, code, town)
        pd.testing.assert_frame_equal(
            kept, compute.series(plain(store), SETTINGS, 2011, code, town), check_exact=True
        )
    assert not [r for r in reads if r[0] == "indicator_values"]  # July taken from its rows
    assert ("indicator_month", (code, "2011-07")) in reader.made
