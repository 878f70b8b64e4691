"""Every rule accepts empty inputs (the store's empty tables, or bare column lists)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from app import metrics
from app.settings import Settings
from schemas import DATASETS

SETTINGS = Settings()
DTYPES = {
    "str": "str",
    "int": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
}


def canonical(name: str) -> pd.DataFrame:
    """An empty table with the store's dtypes."""
    return pd.DataFrame({c.name: pd.Series(dtype=DTYPES[c.type]) for c in DATASETS[name].columns})


def bare(name: str) -> pd.DataFrame:
    """An empty table with the right column names and no dtypes."""
    return pd.DataFrame(columns=DATASETS[name].column_names)


@pytest.mark.parametrize("make", [canonical, bare])
def test_every_function_on_empty_frames(make: Callable[[str], pd.DataFrame]) -> None:
    e = make
    as_of = dt.date(2011, 6, 30)
    progress = metrics.time_progress(
        e("indicators"), e("targets"), e("indicator_values"), 2011, 6, SETTINGS
    )
    frames = {
        "time_progress": progress,
        "township_ranking": metrics.township_ranking(progress, "FAI", progress),
        "monthly_series": metrics.monthly_series(
            e("indicator_values"), e("indicators"), "FAI", 2011
        ),
        "stalled_projects": metrics.stalled_projects(
            e("projects"), e("project_progress"), "2011-06", SETTINGS
        ),
        "project_investment": metrics.project_investment(
            e("projects"), e("project_progress"), 2011, 6
        ),
        "survey_ranking": metrics.survey_ranking(
            e("survey_results"), e("units"), 2011, SETTINGS, complaints=e("complaints")
        ),
        "accountability": metrics.accountability(
            e("survey_results"),
            e("units"),
            e("rectifications"),
            e("complaints"),
            2011,
            as_of,
            SETTINGS,
        ),
        "missing_from_rounds": metrics.missing_from_rounds(e("survey_results"), e("units"), 2011),
        "field_days": metrics.field_days(e("cadres"), e("field_activities"), 2011, as_of, SETTINGS),
        "township_rollup": metrics.township_rollup(e("field_activities"), 2011, as_of),
        "petition_status": metrics.petition_status(
            e("cadres"), e("petitions"), SETTINGS, dt.date(2011, 12, 31)
        ),
    }
    for name, frame in frames.items():
        assert frame.empty, name
        assert len(frame.columns) > 0, name
    assert metrics.unit_rollup(frames["field_days"]).empty
    # Roll-ups keep their fixed rows, with zeros.
    assert len(metrics.framework_rollup(progress)) == 18
    assert len(metrics.level_rollup(progress)) == 6
    assert (
        metrics.projects_by_stage(e("projects"), e("project_progress"), "2011-06")["projects"].sum()
        == 0
    )
    assert metrics.help_type_mix(e("field_activities"), 2011, as_of)["activities"].sum() == 0
    assert metrics.open_cases_by_type(e("petitions"), dt.date(2011, 12, 31))["open"].sum() == 0
    result = metrics.project_year(
        e("indicators"),
        e("targets"),
        e("indicator_values"),
        e("projects"),
        e("project_progress"),
        2011,
        6,
        SETTINGS,
    )
    assert all(m["actual"] is None for m in result["measures"])
