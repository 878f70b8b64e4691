"""Every report, computed from the store through ``app.metrics``.

The CLI, the pages and the bulletin call these, so they always show the same numbers.
``read`` is how to get a dataset: ``Store.read`` on the command line, the cached
``ui.read`` in the app.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from app import metrics
from app.settings import Settings

Reader = Callable[[str], pd.DataFrame]

KINDS = (
    "targets",
    "framework",
    "township-ranking",
    "project-year",
    "stalled-projects",
    "survey-ranking",
    "accountability",
    "survey-missing",
    "field-days",
    "petitions",
)


def latest_period(read: Reader, year: int) -> str | None:
    """The latest month of ``year`` holding indicator values."""
    periods = read("indicator_values")["period"].dropna().astype(str)
    inside = sorted(p for p in periods.unique() if p.startswith(f"{year}-"))
    return inside[-1] if inside else None


def month_end(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def default_as_of(read: Reader, year: int, today: dt.date | None = None) -> dt.date:
    """The end of the latest month with data in ``year``; else today, capped at year end."""
    period = latest_period(read, year)
    if period:
        return month_end(period)
    today = today or dt.date.today()
    return min(today, dt.date(year, 12, 31))


def default_month(read: Reader, year: int) -> str:
    return latest_period(read, year) or f"{year}-{default_as_of(read, year).month:02d}"


def targets(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    """序时进度 of every indicator (county and townships) at the end of ``month``."""
    return metrics.time_progress(
        read("indicators"), read("targets"), read("indicator_values"), year,
        int(month[5:7]), settings,
    )  # fmt: skip


def framework(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    return metrics.framework_rollup(targets(read, settings, year, month))


def township_ranking(
    read: Reader, settings: Settings, year: int, month: str, indicator_code: str
) -> pd.DataFrame:
    """Townships ranked by completion, with the change since the month before (升位/降位)."""
    current = targets(read, settings, year, month)
    m = int(month[5:7])
    previous = targets(read, settings, year, f"{year}-{m - 1:02d}") if m > 1 else None
    return metrics.township_ranking(current, indicator_code, previous)


def project_year(read: Reader, settings: Settings, year: int, month: str) -> dict[str, Any]:
    result = metrics.project_year(
        read("indicators"), read("targets"), read("indicator_values"), read("projects"),
        read("project_progress"), year, month, settings,
    )  # fmt: skip
    result["stalled"] = stalled_projects(read, settings, month)
    return result


def stalled_projects(read: Reader, settings: Settings, month: str) -> pd.DataFrame:
    return metrics.stalled_projects(read("projects"), read("project_progress"), month, settings)


def survey_ranking(read: Reader, settings: Settings, year: int) -> pd.DataFrame:
    return metrics.survey_ranking(
        read("survey_results"), read("units"), year, settings, read("complaints")
    )


def accountability(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    return metrics.accountability(
        read("survey_results"), read("units"), read("rectifications"), read("complaints"),
        year, as_of, settings,
    )  # fmt: skip


def survey_missing(read: Reader, year: int) -> pd.DataFrame:
    return metrics.missing_from_rounds(read("survey_results"), read("units"), year)


def field_days(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    return metrics.field_days(read("cadres"), read("field_activities"), year, as_of, settings)


def petitions(read: Reader, settings: Settings) -> pd.DataFrame:
    return metrics.petition_status(read("cadres"), read("petitions"), settings)


def series(
    read: Reader, settings: Settings, year: int, indicator_code: str,
    township_code: str | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Month by month values and year-to-date of one indicator (for trends and sparklines)."""
    return metrics.monthly_series(
        read("indicator_values"), read("indicators"), indicator_code, year, township_code
    )


def headline(read: Reader, settings: Settings, year: int, month: str) -> dict[str, Any]:
    """The overview's headline numbers, all from app.metrics."""
    as_of = month_end(month)
    project = project_year(read, settings, year, month)
    measures = {m["measure"]: m for m in project["measures"]}
    progress = targets(read, settings, year, month)
    county = progress[progress["township_code"].isna()]

    def yoy(code: str) -> float | None:
        row = county[county["indicator_code"] == code]
        return None if row.empty or pd.isna(row["yoy"].iloc[0]) else float(row["yoy"].iloc[0])

    days = field_days(read, settings, year, as_of)
    with_requirement = days[days["required"].notna()]
    ok = with_requirement["status"].isin(["met", "on_track"]).sum()
    pets = petitions(read, settings)
    results = read("survey_results")
    held = results[(results["year"] == year) & (results["survey_date"] <= pd.Timestamp(as_of))]
    latest_round = int(held["round"].max()) if not held.empty else None
    actions = accountability(read, settings, year, as_of)
    return {
        "fai": measures.get("fai"),
        "fai_yoy": yoy(settings.project_year.fai_code),
        "funds": measures.get("funds_in_place"),
        "funds_yoy": yoy(settings.project_year.funds_code),
        "time_progress": int(month[5:7]) / 12,
        "survey_round": latest_round,
        "accountable_units": int(actions["unit_code"].nunique()) if not actions.empty else 0,
        "days_ok_share": float(ok / len(with_requirement)) if len(with_requirement) else None,
        "days_behind": int((with_requirement["status"] == "behind").sum()),
        "petitions_met_share": float((pets["status"] == "met").mean()) if len(pets) else None,
        "petitions_short": int((pets["status"] == "short").sum()),
        "stalled": project["stalled"],
        "red": county[county["light"] == "red"],
    }
