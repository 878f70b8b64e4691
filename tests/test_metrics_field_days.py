"""Days at the grassroots 四帮四促: distinct days, due by the as-of date, liaison months."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.metrics._frames import conform
from app.metrics.field_days import (
    DAYS_COLUMNS,
    complete_months,
    days_in_year,
    elapsed_days,
    field_days,
)
from app.metrics.field_rollups import help_type_mix, township_rollup, unit_rollup
from app.settings import Settings
from tests.helpers.people import cadres

SETTINGS = Settings()
D = dt.date


def activities(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "activity_id": f"A{i}",
                "cadre_id": r[0],
                "start_date": r[1],
                "end_date": r[2],
                "township_code": r[3] if len(r) > 3 else "T01",
                "help_type": r[4] if len(r) > 4 else "study",
            }
            for i, r in enumerate(rows)
        ]
    )
    return conform(frame, "field_activities")


def by_cadre(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("cadre_id")


def test_required_days_county_60_unit_90_township_120() -> None:
    acts = activities(
        [
            ("K1", D(2011, 3, 1), D(2011, 4, 29)),  # 60 days
            ("K2", D(2011, 1, 1), D(2011, 3, 31)),  # 90 days
            ("K3", D(2011, 5, 1), D(2011, 8, 28)),  # 120 days
        ]
    )
    frame = by_cadre(field_days(cadres(), acts, 2011, D(2011, 12, 31), SETTINGS))
    assert frame.loc[["K1", "K2", "K3"], "days"].tolist() == [60, 90, 120]
    assert frame.loc[["K1", "K2", "K3"], "required"].tolist() == [60, 90, 120]
    assert frame.loc[["K1", "K2", "K3"], "status"].tolist() == ["met"] * 3
    assert pd.isna(frame.loc["L1", "required"]) and frame.loc["L1", "status"] is None
    assert frame.loc["X1", "status"] is None and frame.loc["X1", "days"] == 0


def test_overlapping_activities_count_once() -> None:
    acts = activities(
        [
            ("K1", D(2011, 1, 1), D(2011, 1, 10)),
            ("K1", D(2011, 1, 5), D(2011, 1, 15)),
            ("K1", D(2011, 1, 7), D(2011, 1, 8)),  # inside both
            ("K1", D(2011, 1, 16), D(2011, 1, 16)),  # adjacent
            ("K1", D(2011, 2, 1), D(2011, 2, 1)),
        ]
    )
    frame = by_cadre(field_days(cadres(), acts, 2011, D(2011, 12, 31), SETTINGS))
    assert frame.loc["K1", "days"] == 17


def test_activity_spanning_new_year_and_the_as_of_date() -> None:
    acts = activities(
        [("K1", D(2010, 12, 28), D(2011, 1, 3)), ("K2", D(2011, 6, 25), D(2011, 7, 5))]
    )
    in_2011 = by_cadre(field_days(cadres(), acts, 2011, D(2011, 6, 30), SETTINGS))
    assert in_2011.loc["K1", "days"] == 3
    assert in_2011.loc["K2", "days"] == 6  # clipped to 30 June
    in_2010 = by_cadre(field_days(cadres(), acts, 2010, D(2011, 6, 30), SETTINGS))
    assert in_2010.loc["K1", "days"] == 4 and in_2010.loc["K2", "days"] == 0


def test_due_and_on_track() -> None:
    # 30 June 2011: 181 of 365 days elapsed; county due 60 × 181 / 365 ≈ 29.75.
    acts = activities(
        [("K1", D(2011, 1, 1), D(2011, 1, 30)), ("K2", D(2011, 1, 1), D(2011, 1, 30))]
    )
    frame = by_cadre(field_days(cadres(), acts, 2011, D(2011, 6, 30), SETTINGS))
    assert frame.loc["K1", "due"] == pytest.approx(60 * 181 / 365)
    assert frame.loc["K1", "status"] == "on_track"
    assert frame.loc["K2", "status"] == "behind"  # 30 < 90 × 181 / 365 ≈ 44.6
    assert frame.loc["K3", "status"] == "behind" and frame.loc["K3", "days"] == 0


def test_leap_year_2012() -> None:
    assert days_in_year(2012) == 366 and days_in_year(2011) == 365
    assert elapsed_days(2012, D(2012, 3, 1)) == 61
    assert elapsed_days(2012, D(2013, 5, 1)) == 366
    assert elapsed_days(2012, D(2011, 12, 31)) == 0
    # 1 July 2012 is day 183 of 366: a township cadre's due is exactly 120 × 183 / 366 = 60.
    acts = activities([("K3", D(2012, 1, 1), D(2012, 2, 29))])
    frame = by_cadre(field_days(cadres(), acts, 2012, D(2012, 7, 1), SETTINGS))
    assert frame.loc["K3", "days"] == 60
    assert frame.loc["K3", "due"] == pytest.approx(60.0)
    assert frame.loc["K3", "status"] == "on_track"
    whole = by_cadre(
        field_days(
            cadres(),
            activities([("K1", D(2012, 1, 1), D(2012, 12, 31))]),
            2012,
            D(2012, 12, 31),
            SETTINGS,
        )
    )
    assert whole.loc["K1", "days"] == 366


def test_liaison_5_days_in_every_complete_month() -> None:
    acts = activities(
        [
            ("L1", D(2011, 1, 1), D(2011, 1, 5)),  # January: 5
            ("L1", D(2011, 2, 1), D(2011, 2, 4)),  # February: 4, short
            ("L1", D(2011, 4, 1), D(2011, 4, 3)),  # April: 1..3 and 2..5 overlap → 5
            ("L1", D(2011, 4, 2), D(2011, 4, 5)),
            ("L1", D(2011, 4, 29), D(2011, 5, 5)),  # May: 1..5 → 5; April gains 29, 30
            ("L1", D(2011, 6, 1), D(2011, 6, 2)),  # June is not complete on 15 June
        ]
    )
    frame = by_cadre(field_days(cadres(), acts, 2011, D(2011, 6, 15), SETTINGS))
    assert frame.loc["L1", "liaison_short_months"] == ["2011-02", "2011-03"]
    assert frame.loc["K1", "liaison_short_months"] == []
    at_month_end = by_cadre(field_days(cadres(), acts, 2011, D(2011, 6, 30), SETTINGS))
    assert at_month_end.loc["L1", "liaison_short_months"] == ["2011-02", "2011-03", "2011-06"]
    four = dataclasses.replace(
        SETTINGS, field_days=dataclasses.replace(SETTINGS.field_days, liaison_min_days_per_month=4)
    )
    relaxed = by_cadre(field_days(cadres(), acts, 2011, D(2011, 6, 15), four))
    assert relaxed.loc["L1", "liaison_short_months"] == ["2011-03"]
    assert complete_months(2011, D(2011, 1, 30)) == []
    assert complete_months(2012, D(2012, 2, 29)) == ["2012-01", "2012-02"]


def test_required_days_from_settings() -> None:
    custom = dataclasses.replace(
        SETTINGS,
        field_days=dataclasses.replace(SETTINGS.field_days, required_days={"county": 10}),
    )
    acts = activities([("K1", D(2011, 1, 1), D(2011, 1, 10))])
    frame = by_cadre(field_days(cadres(), acts, 2011, D(2011, 1, 10), custom))
    assert frame.loc["K1", "status"] == "met"
    assert frame.loc["K2", "status"] is None  # no requirement configured for unit leaders


def test_rollups() -> None:
    acts = activities(
        [
            ("K1", D(2011, 1, 1), D(2011, 1, 10), "T01", "study"),
            ("K1", D(2011, 1, 5), D(2011, 1, 12), "T01", "problem"),
            ("K2", D(2011, 1, 1), D(2011, 1, 2), "T02", "dispute"),
            ("L1", D(2011, 1, 1), D(2011, 1, 2), "T01", "study"),
            ("K3", D(2012, 1, 1), D(2012, 1, 2), "T03", "plan"),  # next year
        ]
    )
    days = field_days(cadres(), acts, 2011, D(2011, 3, 1), SETTINGS)
    units = unit_rollup(days).set_index("unit_code")
    assert units.loc["U1", "cadres"] == 3
    assert units.loc["U1", "with_requirement"] == 2
    assert units.loc["U1", "days"] == 12 + 2 + 2
    assert units.loc["U1", "liaisons"] == 1 and units.loc["U1", "liaison_short_months"] == 2
    assert units.loc["U2", "behind"] == 1
    townships = township_rollup(acts, 2011, D(2011, 3, 1)).set_index("township_code")
    assert townships.index.tolist() == ["T01", "T02"]
    assert townships.loc["T01", "activities"] == 3 and townships.loc["T01", "cadres"] == 2
    assert townships.loc["T01", "person_days"] == 12 + 2
    mix = help_type_mix(acts, 2011, D(2011, 3, 1)).set_index("help_type")
    assert mix.index.tolist() == ["study", "plan", "problem", "dispute"]
    assert mix["activities"].tolist() == [2, 0, 1, 1]
    assert mix.loc["study", "person_days"] == 12
    assert mix["share"].sum() == pytest.approx(1.0)


def test_rollups_of_kept_activities_equal_those_of_plain_ones() -> None:
    """A kept year's activities hold their codes as categories (in no particular order, some
    unused): the townships' and helps' rollups read them as the plain text gives them, an
    activity without a township counted in no township."""
    acts = activities(
        [
            ("K2", D(2011, 1, 1), D(2011, 1, 10), "T02", "plan"),
            ("K1", D(2011, 1, 5), D(2011, 1, 12), "T01", "study"),
            ("K1", D(2011, 1, 8), D(2011, 1, 20), "T01", "study"),  # overlaps: days once
            ("K3", D(2011, 2, 1), D(2011, 2, 3), None, "dispute"),  # no township
            ("K1", D(2011, 5, 1), D(2011, 5, 2), "T03", "problem"),  # after the date
        ]
    )
    kept = acts.copy()
    for column, extra in (("cadre_id", "K9"), ("township_code", "T00"), ("help_type", None)):
        values = kept[column].dropna().unique().tolist()[::-1] + ([extra] if extra else [])
        kept[column] = pd.Categorical(kept[column], categories=values)
    as_of = D(2011, 3, 31)
    plain = township_rollup(acts, 2011, as_of)
    pd.testing.assert_frame_equal(township_rollup(kept, 2011, as_of), plain)
    assert plain["township_code"].tolist() == ["T01", "T02"]
    assert plain["activities"].tolist() == [2, 1] and plain["cadres"].tolist() == [1, 1]
    assert plain["person_days"].tolist() == [16, 10]  # 5–20 January; 1–10 January
    pd.testing.assert_frame_equal(
        help_type_mix(kept, 2011, as_of), help_type_mix(acts, 2011, as_of)
    )


def test_empty_inputs() -> None:
    frame = field_days(None, None, 2011, D(2011, 6, 30), SETTINGS)
    assert frame.empty and list(frame.columns) == list(DAYS_COLUMNS)
    frame = field_days(cadres(), activities([]), 2011, D(2011, 6, 30), SETTINGS)
    assert frame["days"].tolist() == [0] * 5
    assert unit_rollup(frame.iloc[0:0]).empty
    assert township_rollup(None, 2011, D(2011, 6, 30)).empty
    assert help_type_mix(None, 2011, D(2011, 6, 30))["activities"].sum() == 0


dates = st.dates(min_value=D(2010, 11, 1), max_value=D(2013, 2, 28))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["K1", "L1"]), dates, dates), max_size=12),
    st.sampled_from([2011, 2012]),
    dates,
)
def test_days_are_distinct_days_and_never_exceed_elapsed(
    spans: list[tuple[str, D, D]], year: int, as_of: D
) -> None:
    rows = [(c, min(a, b), max(a, b)) for c, a, b in spans]
    frame = by_cadre(field_days(cadres(), activities(rows), year, as_of, SETTINGS))
    elapsed = elapsed_days(year, as_of)
    last = min(D(year, 12, 31), as_of)
    for cadre in ["K1", "L1"]:
        covered = {
            start + dt.timedelta(days=i)
            for c, start, end in rows
            if c == cadre
            for i in range((end - start).days + 1)
        }
        expected = sum(1 for d in covered if D(year, 1, 1) <= d <= last)
        assert frame.loc[cadre, "days"] == expected
        assert frame.loc[cadre, "days"] <= elapsed


def test_the_years_days_cut_at_any_date_are_the_days_up_to_that_date(demo_frames: dict) -> None:
    """What the app keeps: the year's days merged once, then cut at each month's end, count
    every cadre's days, status and liaison months exactly as counting the activities up to
    that date does (the demo county, liaisons at their contact points included)."""
    from app.metrics.field_days import year_intervals

    settings_ = Settings()
    people, acts, pairs = (
        demo_frames["cadres"],
        demo_frames["field_activities"],
        demo_frames["pairings"],
    )
    kept = year_intervals(people, acts, 2011, settings_, pairs)
    assert kept[1] is not None and len(kept[0]) > 100
    for as_of in (dt.date(2011, 1, 15), dt.date(2011, 6, 30), dt.date(2011, 11, 30)):
        from_activities = field_days(people, acts, 2011, as_of, settings_, pairs)
        cut = field_days(people, None, 2011, as_of, settings_, pairs, intervals=kept)
        pd.testing.assert_frame_equal(cut, from_activities)
    assert (from_activities["status"] == "behind").any()
    assert from_activities["liaison_short_months"].map(len).sum() > 0


def test_the_rollups_from_the_years_days_are_the_rollups_from_the_activities(
    demo_frames: dict,
) -> None:
    """The townships' and the four helps' rollups from the year's days merged once and cut at
    a date equal those merged from the activities up to that date (the demo county)."""
    from app.metrics._frames import conform, year_bounds
    from app.metrics.field_days import merged_intervals
    from app.metrics.field_rollups import help_type_mix, township_rollup

    acts = conform(demo_frames["field_activities"], "field_activities")
    start, end = year_bounds(2011)
    by_township = merged_intervals(acts, ["township_code", "cadre_id"], start, end)
    by_help = merged_intervals(acts, ["help_type", "cadre_id"], start, end)
    for as_of in (dt.date(2010, 12, 31), dt.date(2011, 1, 15), dt.date(2011, 11, 30)):
        pd.testing.assert_frame_equal(
            township_rollup(acts, 2011, as_of, intervals=by_township),
            township_rollup(acts, 2011, as_of),
        )
        pd.testing.assert_frame_equal(
            help_type_mix(acts, 2011, as_of, intervals=by_help), help_type_mix(acts, 2011, as_of)
        )
    assert township_rollup(acts, 2011, dt.date(2011, 11, 30))["person_days"].sum() > 100
