"""项目建设年 reports: the programme's project measures, stalled projects and each project's
investment against its year plan, by stage, level and township (reached by name through
``app.reports.compute``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app import metrics
from app.reports.reading import Reader, indicator_values, shared
from app.reports.year_to_date import incremental, month_state
from app.settings import Settings


def project_year(read: Reader, settings: Settings, year: int, month: str) -> dict[str, Any]:
    """项目建设年 at the end of ``month`` (made once per version where the reader keeps it:
    the overview, the projects page and the bulletin read it)."""

    def make(read: Reader) -> dict[str, Any]:
        values, states = None, None
        if incremental(read) and int(month[:4]) == year:  # the kept year-to-date states
            m = int(month[5:7])
            states = (month_state(read, year, m), month_state(read, year - 1, m))
        else:
            py = settings.project_year
            years = (min(year, int(month[:4])) - 1, max(year, int(month[:4])))
            codes = [py.fai_code, py.fai_industry_code, py.funds_code, py.policy_code]
            values = indicator_values(read, years, codes)
        result = metrics.project_year(
            read("indicators"),
            None,  # the programme's targets are settings, not the targets table
            values,
            read("projects"),
            progress_rows(read),
            year,
            month,
            settings,
            states=states,
        )
        result["stalled"] = stalled_projects(read, settings, month)
        return result

    return shared(read, "project_year", (year, month), make)


def stalled_projects(read: Reader, settings: Settings, month: str) -> pd.DataFrame:
    def make(read: Reader) -> pd.DataFrame:
        return metrics.stalled_projects(read("projects"), progress_rows(read), month, settings)

    return shared(read, "stalled_projects", (month,), make)


def progress_rows(read: Reader) -> pd.DataFrame:
    """project_progress as every projects rule starts from it (a row per period and project,
    with its month index), made once per version of the table: a province's 72,000 rows were
    prepared again by each of the four rules a page asks."""
    return shared(
        read, "progress_rows", (), lambda read: metrics.progress_rows(read("project_progress"))
    )


def _projects_in(read: Reader, township: str | None) -> pd.DataFrame:
    """The projects of one township (all when ``township`` is None)."""
    projects = read("projects")
    if township:
        projects = projects[projects["township_code"] == township]
    return projects


def project_investment(
    read: Reader, settings: Settings, year: int, month: str, township: str | None = None
) -> pd.DataFrame:
    """Each project's investment against its year plan (万元), with the 序时进度 light.

    The columns of :func:`app.metrics.project_investment` plus ``gap`` (plan_completion −
    time progress) and ``light`` (the same bands as every indicator's light).
    """
    from app.metrics.time_progress import _lights

    def make(read: Reader) -> pd.DataFrame:
        frame = metrics.project_investment(
            _projects_in(read, township), progress_rows(read), year, month
        )
        frame["gap"] = frame["plan_completion"] - frame["time_progress"]
        frame["light"] = _lights(frame["gap"], settings).astype(object)
        return frame

    return shared(read, "project_investment", (year, month, township), make)


def projects_by_stage(
    read: Reader, settings: Settings, month: str, township: str | None = None
) -> pd.DataFrame:
    """三个一批: projects per stage (谋划储备、开工建设、竣工投产) at the end of ``month``."""
    return metrics.projects_by_stage(_projects_in(read, township), progress_rows(read), month)


def projects_by_level(
    read: Reader, settings: Settings, year: int, month: str, township: str | None = None
) -> pd.DataFrame:
    """Projects per level (省重点、地区重大、县级): projects, year_plan, invested_ytd (万元),
    plan_completion; one row per level in the contract's order, zeros included."""
    from schemas.common import PROJECT_LEVELS

    frame = project_investment(read, settings, year, month, township)
    order = pd.Index(PROJECT_LEVELS, name="level")
    grouped = frame.groupby("level")
    out = pd.DataFrame(
        {
            "projects": grouped.size().reindex(order).fillna(0).astype("int64"),
            "year_plan": grouped["year_plan"].sum().reindex(order).fillna(0.0),
            "invested_ytd": grouped["invested_ytd"].sum().reindex(order).fillna(0.0),
        },
        index=order,
    ).reset_index()
    out["plan_completion"] = _share(out["invested_ytd"], out["year_plan"])
    return out


def investment_by_township(read: Reader, settings: Settings, year: int, month: str) -> pd.DataFrame:
    """Project investment per township (万元, year to date); projects spanning the county
    (no township) are left out. Columns: township_code, projects, year_plan, invested_ytd,
    plan_completion; the largest investment first."""
    frame = project_investment(read, settings, year, month)
    frame = frame[frame["township_code"].notna()]
    grouped = frame.groupby("township_code")
    out = pd.DataFrame(
        {
            "projects": grouped.size().astype("int64"),
            "year_plan": grouped["year_plan"].sum(),
            "invested_ytd": grouped["invested_ytd"].sum(),
        }
    ).reset_index()
    out["plan_completion"] = _share(out["invested_ytd"], out["year_plan"])
    return out.sort_values(["invested_ytd", "township_code"], ascending=[False, True]).reset_index(
        drop=True
    )


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    from app.metrics._frames import safe_ratio

    return safe_ratio(numerator, denominator)
