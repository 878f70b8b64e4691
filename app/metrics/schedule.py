"""Project schedules 项目进度计划 (一名领导、一个班子、一套方案、一抓到底).

Rules [defaults in ``settings.programme``]: ``late_start`` 未按期开工 — a project whose latest
stage (up to the as-of date) is still ``reserve`` 谋划储备, or that has no progress at all, more
than [30] days after its planned start; ``overdue`` 逾期未竣工 — not ``completed`` after its
planned end; ``missing_lead`` 缺责任领导 — a ``provincial_key`` or ``prefecture_major`` project
without a lead cadre.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app.metrics._frames import conform, empty_frame, timestamp, typed
from app.settings import Settings
from schemas.common import PROJECT_LEVELS

SCHEDULE_COLUMNS: dict[str, str] = {
    "project_id": "str",
    "name": "str",
    "township_code": "str",
    "level": "str",
    "stage": "str",
    "last_period": "str",
    "planned_start": "datetime64[ns]",
    "planned_end": "datetime64[ns]",
    "lead_cadre_id": "str",
    "lead_unit_code": "str",
    "person_in_charge": "str",
    "late_start": "bool",
    "overdue": "bool",
    "missing_lead": "bool",
    "days_late": "Int64",
}

STAGE_MONTH_COLUMNS: dict[str, str] = {"project_id": "str", "period": "str", "stage": "str"}


def _latest_stages(progress: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    prog = conform(progress, "project_progress")
    prog = prog[prog["period"].notna() & (prog["period"] <= f"{as_of:%Y-%m}")]
    latest = prog.sort_values("period", kind="stable").drop_duplicates("project_id", keep="last")
    return latest[["project_id", "stage", "period"]].rename(columns={"period": "last_period"})


def project_schedule(
    projects: pd.DataFrame, progress: pd.DataFrame, as_of: dt.date, settings: Settings
) -> pd.DataFrame:
    """Every project's schedule at ``as_of``: its latest stage against its planned dates.

    Columns: :data:`SCHEDULE_COLUMNS`; ``stage`` and ``last_period`` are NaN for a project with
    no progress up to ``as_of``; ``days_late`` is the days past the planned start (for a late
    start) or past the planned end (overdue), ``<NA>`` otherwise. Ordered by findings first
    (late start, overdue, missing lead), then level (contract order) and project_id.
    """
    cfg = settings.programme
    proj = conform(projects, "projects").drop_duplicates("project_id", keep="last")
    if proj.empty:
        return empty_frame(SCHEDULE_COLUMNS)
    as_of_ts = timestamp(as_of)
    frame = proj.merge(_latest_stages(progress, as_of), on="project_id", how="left")
    not_started = frame["stage"].isna() | frame["stage"].eq("reserve")
    start_due = frame["planned_start"] + pd.Timedelta(days=int(cfg.late_start_days))
    frame["late_start"] = (not_started & (as_of_ts > start_due)).fillna(False).astype(bool)
    not_done = ~frame["stage"].eq("completed").fillna(False).astype(bool)
    frame["overdue"] = (not_done & (as_of_ts > frame["planned_end"])).fillna(False).astype(bool)
    key = frame["level"].isin(list(cfg.key_levels))
    frame["missing_lead"] = (key & frame["lead_cadre_id"].isna()).astype(bool)
    since_start = (as_of_ts - frame["planned_start"]).dt.days
    since_end = (as_of_ts - frame["planned_end"]).dt.days
    days = since_end.where(frame["overdue"]).fillna(since_start.where(frame["late_start"]))
    frame["days_late"] = days.astype("Int64")
    flagged = frame["late_start"] | frame["overdue"] | frame["missing_lead"]
    levels = {level: i for i, level in enumerate(PROJECT_LEVELS)}
    frame["_order"] = (~flagged).astype(int)
    frame["_level"] = frame["level"].map(levels).fillna(len(levels))
    frame = frame.sort_values(["_order", "_level", "project_id"], kind="stable")
    return typed(frame, SCHEDULE_COLUMNS)


def schedule_findings(schedule: pd.DataFrame) -> pd.DataFrame:
    """The projects of a :func:`project_schedule` frame with at least one finding."""
    flagged = schedule["late_start"] | schedule["overdue"] | schedule["missing_lead"]
    return schedule[flagged].reset_index(drop=True)


def stage_by_month(projects: pd.DataFrame, progress: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each project's actual stage 实际阶段 in every month of ``year`` with a progress row.

    Columns: project_id, period ('YYYY-MM'), stage. Ordered by project_id, period.
    """
    proj = conform(projects, "projects")
    prog = conform(progress, "project_progress")
    prog = prog[prog["period"].str.startswith(f"{year:04d}-").fillna(False).astype(bool)]
    prog = prog[prog["project_id"].isin(set(proj["project_id"]))]
    prog = prog.sort_values(["project_id", "period"]).drop_duplicates(
        ["project_id", "period"], keep="last"
    )
    return typed(prog, STAGE_MONTH_COLUMNS)
