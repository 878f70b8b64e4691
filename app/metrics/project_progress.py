"""The projects' progress rows 项目进度: each project's stage 项目阶段 at a month, the projects per
stage 三个一批, the stalled ones 停滞项目 and each one's investment 完成投资 against its year plan
(project money in 万元). The year's targets built on them: :mod:`app.metrics.project_year`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.metrics._frames import (
    as_month_index,
    conform,
    empty_frame,
    month_index,
    period_of_index,
    period_parts,
    safe_ratio,
    typed,
)
from app.settings import Settings
from schemas.common import PROJECT_LEVELS, PROJECT_STAGES

# Stage of a project with no progress row up to the month.
UNREPORTED = "unreported"


STALLED_COLUMNS: dict[str, str] = {
    "project_id": "str",
    "name": "str",
    "township_code": "str",
    "level": "str",
    "lead_cadre_id": "str",
    "stage": "str",
    "year_plan": "float64",
    "last_invested_period": "str",
    "idle_months": "Int64",
}

STAGE_COLUMNS: dict[str, str] = {
    "project_id": "str",
    "name": "str",
    "township_code": "str",
    "level": "str",
    "lead_cadre_id": "str",
    "stage": "str",
    "stage_period": "str",
}

BY_STAGE_COLUMNS: dict[str, str] = {
    "stage": "str",
    "projects": "int64",
    "total_investment": "float64",
    "year_plan": "float64",
}

INVESTMENT_COLUMNS: dict[str, str] = {
    "project_id": "str",
    "name": "str",
    "township_code": "str",
    "level": "str",
    "industrial": "boolean",
    "lead_cadre_id": "str",
    "stage": "str",
    "total_investment": "float64",
    "year_plan": "float64",
    "invested_ytd": "float64",
    "plan_completion": "float64",
    "time_progress": "float64",
    "invested_to_date": "float64",
}


def progress_rows(progress: pd.DataFrame | None) -> pd.DataFrame:
    """project_progress rows with a month, one per (period, project) (the last), with a
    ``midx`` month index column: what every rule below starts from. The app makes it once per
    version of the table and hands it to each (:func:`_progress` takes it as it is)."""
    frame = conform(progress, "project_progress")
    year, month = period_parts(frame["period"])
    frame["midx"] = (year * 12 + month - 1).astype("Int64")
    frame = frame[frame["midx"].notna()].copy()
    frame["midx"] = frame["midx"].astype("int64")
    return frame.drop_duplicates(["period", "project_id"], keep="last")


def _progress(progress: pd.DataFrame | None, upto: int) -> pd.DataFrame:
    """project_progress rows up to month index ``upto``, with a ``midx`` month index column
    (from :func:`progress_rows`, or ``progress`` itself where it is such rows already). A
    period's rows are all kept or all not, so keeping the last of each before or after
    taking the months up to ``upto`` is the same."""
    rows = progress if progress is not None and "midx" in progress.columns else None
    if rows is None:
        rows = progress_rows(progress)
    return rows[rows["midx"] <= upto]


def project_stages(
    projects: pd.DataFrame, progress: pd.DataFrame, as_of_month: str | pd.Period
) -> pd.DataFrame:
    """Each project's stage 项目阶段 in its latest progress row up to ``as_of_month``.

    ``as_of_month`` is ``'YYYY-MM'``. Stages: reserve 谋划储备, construction 开工建设,
    completed 竣工投产; ``unreported`` where the project has no progress row yet. Columns:
    project_id, name, township_code, level, lead_cadre_id, stage, stage_period.
    """
    proj = conform(projects, "projects").drop_duplicates("project_id", keep="last")
    prog = _progress(progress, as_month_index(as_of_month))
    latest = prog.sort_values("midx").drop_duplicates("project_id", keep="last")
    latest = latest[["project_id", "stage", "period"]].rename(columns={"period": "stage_period"})
    frame = proj.merge(latest, on="project_id", how="left")
    frame["stage"] = frame["stage"].fillna(UNREPORTED)
    return typed(frame, STAGE_COLUMNS)


def projects_by_stage(
    projects: pd.DataFrame, progress: pd.DataFrame, as_of_month: str | pd.Period
) -> pd.DataFrame:
    """Projects per stage 三个一批 (谋划储备一批、开工建设一批、竣工投产一批) at ``as_of_month``.

    One row per stage in order (reserve, construction, completed, unreported), zero rows
    included. Columns: stage, projects, total_investment (万元), year_plan (万元).
    """
    stages = project_stages(projects, progress, as_of_month)
    proj = conform(projects, "projects").drop_duplicates("project_id", keep="last")
    frame = stages[["project_id", "stage"]].merge(
        proj[["project_id", "total_investment", "year_plan"]], on="project_id", how="left"
    )
    grouped = frame.groupby("stage")
    order = pd.Index(PROJECT_STAGES + [UNREPORTED], name="stage")
    out = pd.DataFrame(
        {
            "projects": grouped.size().reindex(order).fillna(0),
            "total_investment": grouped["total_investment"].sum().reindex(order).fillna(0.0),
            "year_plan": grouped["year_plan"].sum().reindex(order).fillna(0.0),
        },
        index=order,
    ).reset_index()
    return typed(out, BY_STAGE_COLUMNS)


def stalled_projects(
    projects: pd.DataFrame,
    progress: pd.DataFrame,
    as_of_month: str | pd.Period,
    settings: Settings,
) -> pd.DataFrame:
    """Stalled projects 停滞项目 ("一拖数月") at ``as_of_month`` (``'YYYY-MM'``).

    A project is stalled when its stage in its latest progress row up to ``as_of_month`` is
    ``construction`` and it has no invested amount (0, missing, or no row at all) in each of
    the ``settings.project_year.stalled_months`` months ending with ``as_of_month``. A row in
    that window with another stage (e.g. it was still ``reserve``) means it has not been in
    construction that long, so it is not stalled yet.

    Columns: project_id, name, township_code, level, lead_cadre_id (责任领导), stage,
    year_plan, last_invested_period (latest month with investment, NaN if never), idle_months
    (months since then, ``<NA>`` if never).
    """
    window = int(settings.project_year.stalled_months)
    upto = as_month_index(as_of_month)
    proj = conform(projects, "projects").drop_duplicates("project_id", keep="last")
    prog = _progress(progress, upto)
    if prog.empty or proj.empty:
        return empty_frame(STALLED_COLUMNS)
    # Per project (numbered), over its rows: the month of its latest row, whether that row is
    # in construction, whether a row of the window was invested in or in another stage, and
    # the latest month invested in (a province's 72,000 rows: arrays, not sets of text).
    ids, names = pd.factorize(prog["project_id"])
    has = ids >= 0
    ids, months = ids[has], prog["midx"].to_numpy()[has]
    building_row = (prog["stage"] == "construction").fillna(False).to_numpy(dtype=bool)[has]
    paid_row = (prog["invested"].fillna(0) > 0).to_numpy(dtype=bool)[has]
    latest = np.full(len(names), -1, dtype="int64")
    np.maximum.at(latest, ids, months)
    at_latest = months == latest[ids]
    building = np.zeros(len(names), dtype=bool)
    building[ids[at_latest & building_row]] = True
    recent = months > upto - window
    building[ids[recent & (paid_row | ~building_row)]] = False  # invested, or not yet building
    paid = np.full(len(names), -1, dtype="int64")
    np.maximum.at(paid, ids[paid_row], months[paid_row])

    frame = proj[proj["project_id"].isin(names[building])].copy()
    if frame.empty:
        return empty_frame(STALLED_COLUMNS)
    frame["stage"] = "construction"
    at = names.get_indexer(frame["project_id"])
    last = pd.Series(np.where(paid[at] >= 0, paid[at], np.nan), index=frame.index)
    frame["last_invested_period"] = [
        np.nan if pd.isna(i) else period_of_index(int(i)) for i in last
    ]
    frame["idle_months"] = (upto - last).astype("Int64")
    # Never invested first, then the longest idle.
    frame = frame.sort_values(
        ["idle_months", "project_id"], ascending=[False, True], na_position="first"
    )
    return typed(frame, STALLED_COLUMNS)


def project_investment(
    projects: pd.DataFrame,
    progress: pd.DataFrame,
    year: int,
    as_of_month: int | str,
) -> pd.DataFrame:
    """Each project's investment 完成投资 against its year plan 年度计划, at ``as_of_month``.

    ``as_of_month`` is a month number of ``year`` (or ``'YYYY-MM'``). Columns: project_id,
    name, township_code, level, industrial, lead_cadre_id, stage (latest up to the month, or
    ``unreported``), total_investment, year_plan, invested_ytd (万元, months 1..m of the year),
    plan_completion = invested_ytd / year_plan, time_progress = m/12 (序时进度),
    invested_to_date (万元, every month up to the month). Ordered by level, then project_id.
    """
    midx = as_month_index(as_of_month, year)
    year, month = midx // 12, midx % 12 + 1
    proj = conform(projects, "projects").drop_duplicates("project_id", keep="last")
    if proj.empty:
        return empty_frame(INVESTMENT_COLUMNS)
    prog = _progress(progress, midx)
    in_year = prog[prog["midx"] >= month_index(year, 1)]
    stages = project_stages(proj, prog, period_of_index(midx))[["project_id", "stage"]]
    frame = proj.merge(stages, on="project_id", how="left")
    frame["invested_ytd"] = (
        frame["project_id"].map(in_year.groupby("project_id")["invested"].sum()).fillna(0.0)
    )
    frame["invested_to_date"] = (
        frame["project_id"].map(prog.groupby("project_id")["invested"].sum()).fillna(0.0)
    )
    frame["plan_completion"] = safe_ratio(frame["invested_ytd"], frame["year_plan"])
    frame["time_progress"] = month / 12.0
    level_order = {level: i for i, level in enumerate(PROJECT_LEVELS)}
    frame["_order"] = frame["level"].map(level_order).fillna(len(level_order))
    frame = frame.sort_values(["_order", "project_id"], kind="stable")
    return typed(frame, INVESTMENT_COLUMNS)
