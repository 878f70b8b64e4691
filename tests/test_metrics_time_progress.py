"""Time progress 序时进度, 同比, 环比 and township ranking, with the speech's numbers."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from app.metrics._frames import conform
from app.metrics.time_progress import (
    PROGRESS_COLUMNS,
    monthly_series,
    time_progress,
    township_ranking,
    ytd_value,
)
from app.settings import LightSettings, Settings

SETTINGS = Settings()


def indicators() -> pd.DataFrame:
    rows = [
        ("FAI", "priority.infrastructure", "全社会固定资产投资", "亿元", "higher", "sum"),
        ("UNEMP", "breakthrough.livelihood", "城镇登记失业率", "%", "lower", "last"),
        ("GROWTH", "rise.quality_speed", "增速", "%", "higher", "mean"),
        ("NOTARGET", "goal", "无目标", "个", "higher", "sum"),
    ]
    columns = ["indicator_code", "item", "name", "unit", "direction", "aggregation"]
    return conform(pd.DataFrame(rows, columns=columns), "indicators")


def targets() -> pd.DataFrame:
    rows = [
        (2011, "FAI", None, 100.0, 110.0),
        (2011, "FAI", "T01", 20.0, None),
        (2011, "FAI", "T02", 10.0, None),
        (2011, "FAI", "T03", 20.0, None),
        (2011, "UNEMP", None, 4.0, None),
        (2011, "UNEMP", "T01", 4.0, None),
        (2011, "UNEMP", "T02", 4.0, None),
        (2011, "GROWTH", None, 10.0, None),
        (2010, "FAI", None, 80.0, None),
    ]
    columns = ["year", "indicator_code", "township_code", "target", "stretch_target"]
    return conform(pd.DataFrame(rows, columns=columns), "targets")


def values() -> pd.DataFrame:
    rows = []
    # County FAI: 50 亿 by the end of June = exactly 6/12 of 100 亿.
    for month, value in enumerate([5.0, 7.0, 8.0, 10.0, 8.0, 12.0], start=1):
        rows.append((f"2011-{month:02d}", "FAI", None, value))
    # Same months of 2010: 40 亿; December 2010 for January's 环比.
    for month, value in enumerate([4.0, 6.0, 6.0, 8.0, 8.0, 8.0], start=1):
        rows.append((f"2010-{month:02d}", "FAI", None, value))
    rows.append(("2010-12", "FAI", None, 10.0))
    rows.append(("2011-07", "FAI", None, 99.0))  # after the month asked for: ignored
    # T01: 9.2 of 20 (46 %, 4 points behind: yellow); months 3 and 5 not reported.
    for period, value in [("2011-01", 2.0), ("2011-02", 2.0), ("2011-04", 2.2), ("2011-06", 3.0)]:
        rows.append((period, "FAI", "T01", value))
    rows.append(("2011-06", "FAI", "T02", 4.4))  # 44 % of 10: 6 points behind, red
    rows.append(("2011-06", "FAI", "T03", 9.0))  # 45 % of 20: exactly 5 points behind, yellow
    # Unemployment rate (lower is better, latest month stands).
    rows += [("2011-05", "UNEMP", None, 4.5), ("2011-06", "UNEMP", None, 4.1)]
    rows += [("2011-06", "UNEMP", "T01", 3.8), ("2011-06", "UNEMP", "T02", 4.6)]
    rows += [("2011-01", "GROWTH", None, 6.0), ("2011-02", "GROWTH", None, 8.0)]
    rows += [("2011-03", "GROWTH", None, 10.0)]
    rows.append(("2011-02", "NOTARGET", None, 3.0))
    rows.append(("2011-02", "UNKNOWN", None, 3.0))  # not in the catalogue: no row
    columns = ["period", "indicator_code", "township_code", "value"]
    return conform(pd.DataFrame(rows, columns=columns), "indicator_values")


def row(frame: pd.DataFrame, code: str, township: str | None = None) -> pd.Series:
    mask = frame["indicator_code"] == code
    mask &= (
        frame["township_code"].isna() if township is None else frame["township_code"] == township
    )
    (index,) = frame.index[mask]
    return frame.loc[index]


@pytest.fixture(scope="module")
def june() -> pd.DataFrame:
    return time_progress(indicators(), targets(), values(), 2011, 6, SETTINGS)


def test_columns_and_dtypes(june: pd.DataFrame) -> None:
    assert list(june.columns) == list(PROGRESS_COLUMNS)
    assert june["township_code"].dtype == "str"
    assert str(june["month"].dtype) == "Int64"
    assert june["actual"].dtype == "float64"


def test_fai_100_with_50_at_june_is_exactly_on_time_progress(june: pd.DataFrame) -> None:
    fai = row(june, "FAI")
    assert fai["actual"] == pytest.approx(50.0)
    assert fai["target"] == 100.0 and fai["stretch_target"] == 110.0
    assert fai["time_progress"] == pytest.approx(0.5)
    assert fai["due"] == pytest.approx(50.0)
    assert fai["completion"] == pytest.approx(0.5)
    assert fai["gap"] == pytest.approx(0.0)
    assert fai["light"] == "green"
    assert fai["months_reported"] == 6


def test_yoy_and_mom(june: pd.DataFrame) -> None:
    fai = row(june, "FAI")
    assert fai["last_year_actual"] == pytest.approx(40.0)
    assert fai["yoy"] == pytest.approx(0.25)  # 同比 +25 %
    assert fai["month_value"] == 12.0 and fai["previous_month_value"] == 8.0
    assert fai["mom"] == pytest.approx(0.5)  # 环比 +50 %


def test_january_mom_uses_december_of_the_year_before() -> None:
    frame = time_progress(indicators(), targets(), values(), 2011, 1, SETTINGS)
    fai = row(frame, "FAI")
    assert fai["previous_month_value"] == 10.0
    assert fai["mom"] == pytest.approx(-0.5)
    assert fai["time_progress"] == pytest.approx(1 / 12)


def test_yellow_and_red_bands(june: pd.DataFrame) -> None:
    assert row(june, "FAI", "T01")["completion"] == pytest.approx(0.46)
    assert row(june, "FAI", "T01")["light"] == "yellow"
    assert row(june, "FAI", "T03")["light"] == "yellow"  # exactly 5 points behind
    assert row(june, "FAI", "T02")["gap"] == pytest.approx(-0.06)
    assert row(june, "FAI", "T02")["light"] == "red"


def test_band_comes_from_settings() -> None:
    wide = dataclasses.replace(SETTINGS, lights=LightSettings(yellow_band_pp=10.0))
    frame = time_progress(indicators(), targets(), values(), 2011, 6, wide)
    assert row(frame, "FAI", "T02")["light"] == "yellow"


def test_a_month_with_no_data() -> None:
    may = time_progress(indicators(), targets(), values(), 2011, 5, SETTINGS)
    t01 = row(may, "FAI", "T01")
    assert t01["actual"] == pytest.approx(6.2)  # months 1, 2 and 4
    assert t01["months_reported"] == 3
    assert math.isnan(t01["month_value"])
    assert math.isnan(t01["mom"])
    march = time_progress(indicators(), targets(), values(), 2011, 3, SETTINGS)
    assert math.isnan(row(march, "FAI", "T02")["actual"])
    assert row(march, "FAI", "T02")["light"] is None  # target but no data yet


def test_lower_is_better_indicator(june: pd.DataFrame) -> None:
    county = row(june, "UNEMP")
    assert county["actual"] == 4.1  # the latest month stands
    assert county["time_progress"] == 1.0 and county["due"] == 4.0
    assert county["completion"] == pytest.approx(1.025)
    assert county["gap"] == pytest.approx(-0.025)  # 2.5 points worse than the target
    assert county["light"] == "yellow"
    assert row(june, "UNEMP", "T01")["light"] == "green"  # 3.8 below the 4.0 ceiling
    assert row(june, "UNEMP", "T02")["light"] == "red"  # 4.6: 15 points over
    assert county["yoy"] != county["yoy"]  # no 2010 data: NaN


def test_mean_indicator_and_rows_without_target(june: pd.DataFrame) -> None:
    growth = time_progress(indicators(), targets(), values(), 2011, 3, SETTINGS)
    assert row(growth, "GROWTH")["actual"] == pytest.approx(8.0)
    assert row(growth, "GROWTH")["completion"] == pytest.approx(0.8)
    # A mean is compared with the target itself: 80 % is 20 points short.
    assert row(growth, "GROWTH")["light"] == "red"
    no_target = row(june, "NOTARGET")
    assert no_target["actual"] == 3.0 and no_target["light"] is None
    assert "UNKNOWN" not in set(june["indicator_code"])


def test_rows_exist_for_targets_without_values() -> None:
    frame = time_progress(indicators(), targets(), values().iloc[0:0], 2011, 6, SETTINGS)
    assert len(frame) == 8  # every 2011 target
    assert frame["light"].isna().all()


def test_empty_inputs() -> None:
    frame = time_progress(None, None, None, 2011, 6, SETTINGS)
    assert frame.empty and list(frame.columns) == list(PROGRESS_COLUMNS)
    frame = time_progress(indicators().iloc[0:0], targets(), values(), 2011, 6, SETTINGS)
    assert frame.empty


def test_township_ranking_with_previous_month(june: pd.DataFrame) -> None:
    may = time_progress(indicators(), targets(), values(), 2011, 5, SETTINGS)
    ranking = township_ranking(june, "FAI", may)
    # June: T01 46 %, T03 45 %, T02 44 %. May: T01 31 %, T02 and T03 no data (unranked).
    assert ranking["township_code"].tolist() == ["T01", "T03", "T02"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking["previous_rank"].tolist()[0] == 1
    assert ranking["rank_change"].tolist()[0] == 0
    assert ranking["previous_rank"].isna().tolist() == [False, True, True]


def test_township_ranking_lower_is_better(june: pd.DataFrame) -> None:
    ranking = township_ranking(june, "UNEMP", None)
    assert ranking["township_code"].tolist() == ["T01", "T02"]
    assert ranking["previous_rank"].isna().all()


def test_township_ranking_rank_change_moved_up() -> None:
    def progress(t01: float, t02: float) -> pd.DataFrame:
        rows = [("2011-06", "FAI", "T01", t01), ("2011-06", "FAI", "T02", t02)]
        vals = conform(
            pd.DataFrame(rows, columns=["period", "indicator_code", "township_code", "value"]),
            "indicator_values",
        )
        return time_progress(indicators(), targets(), vals, 2011, 6, SETTINGS)

    ranking = township_ranking(progress(1.0, 9.0), "FAI", progress(9.0, 1.0))
    assert ranking["township_code"].tolist() == ["T02", "T01", "T03"]  # T03: target, no data
    assert ranking["rank_change"].tolist()[:2] == [1, -1]
    assert ranking["rank"].isna().tolist() == [False, False, True]
    assert township_ranking(progress(1.0, 1.0).iloc[0:0], "FAI", None).empty


def test_monthly_series_with_a_gap() -> None:
    series = monthly_series(values(), indicators(), "FAI", 2011, "T01")
    assert series["month"].tolist() == [1, 2, 3, 4, 5, 6]
    assert series["period"].tolist()[0] == "2011-01"
    assert series["value"].isna().tolist() == [False, False, True, False, True, False]
    assert series["ytd"].tolist() == pytest.approx([2.0, 4.0, 4.0, 6.2, 6.2, 9.2])
    county = monthly_series(values(), indicators(), "FAI", 2011)
    assert county["ytd"].tolist()[-1] == 99.0 + 50.0  # July is in the series
    unemp = monthly_series(values(), indicators(), "UNEMP", 2011)
    assert unemp["ytd"].isna().tolist()[:4] == [True] * 4
    assert unemp["ytd"].tolist()[4:] == [4.5, 4.1]
    growth = monthly_series(values(), indicators(), "GROWTH", 2011)
    assert growth["ytd"].tolist() == pytest.approx([6.0, 7.0, 8.0])  # running mean
    assert monthly_series(None, None, "FAI", 2011).empty


def test_ytd_value() -> None:
    assert ytd_value(values(), indicators(), "FAI", 2011, 6) == pytest.approx(50.0)
    assert ytd_value(values(), indicators(), "FAI", 2011, 6, "T02") == pytest.approx(4.4)
    assert ytd_value(values(), indicators(), "UNEMP", 2011, 6) == pytest.approx(4.1)
    assert ytd_value(values(), None, "UNEMP", 2011, 6, aggregation="last") == pytest.approx(4.1)
    assert ytd_value(values(), indicators(), "FAI", 2009, 6) is None


def test_a_new_month_advances_the_year_to_date_without_the_months_before() -> None:
    """What the app keeps after an upload: month m's state made from month m−1's and month
    m's rows alone is the state made from every month, for sums, latest values and means,
    with months missing and values blank; and the 序时进度 table made from advanced states is
    the one made from the rows."""
    import numpy as np

    from app.metrics import year_to_date as ytd
    from app.metrics.time_progress import progress

    rng = np.random.default_rng(7)  # values with decimals: sums that round differently by order
    rows = []
    for year in (2010, 2011):
        for month in range(1, 13):
            for code in ("FAI", "UNEMP", "GROWTH", "NOTARGET"):
                for township in (None, "T01", "T02", "T03"):
                    if rng.random() < 0.2:
                        continue  # this month not reported for this one
                    value = None if rng.random() < 0.1 else float(rng.random() * 100)
                    rows.append((f"{year}-{month:02d}", code, township, value))
    frame = pd.DataFrame(rows, columns=["period", "indicator_code", "township_code", "value"])
    vals = ytd.monthly_values(frame)
    for year in (2010, 2011):
        advanced = ytd.state(vals, year, 1)
        for month in range(2, 13):
            only_this_month = vals[(vals["year"] == year) & (vals["month"] == month)]
            advanced = ytd.advance(advanced, only_this_month, year, month)
            whole = ytd.state(vals, year, month)
            keyed = ["indicator_code", "tkey"]
            pd.testing.assert_frame_equal(  # to the last bit
                advanced.sort_values(keyed).reset_index(drop=True),
                whole.sort_values(keyed).reset_index(drop=True),
                check_dtype=False,
                check_exact=True,
            )
    current = ytd.state(vals, 2011, 1)
    for month in range(2, 10):
        before = current
        current = ytd.advance(before, vals, 2011, month)
    from_states = progress(
        indicators(), targets(), current, ytd.state(vals, 2010, 9), before, 2011, 9, SETTINGS
    )
    expected = time_progress(indicators(), targets(), frame, 2011, 9, SETTINGS)
    pd.testing.assert_frame_equal(from_states, expected, check_exact=True)
    assert expected["actual"].notna().sum() > 10 and (expected["light"] == "red").any()
