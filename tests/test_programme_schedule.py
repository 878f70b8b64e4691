"""Project schedules 项目进度计划: late_start (still 谋划储备 [30] days after the planned start),
overdue (not 竣工投产 after the planned end), missing_lead (a key project without a lead
cadre) — hand-computed cases, the setting, and the month-by-month stages for the chart."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from app.metrics._frames import conform
from app.metrics.schedule import project_schedule, schedule_findings, stage_by_month
from app.settings import ProgrammeSettings, Settings

SETTINGS = Settings()
AS_OF = dt.date(2011, 11, 30)


def projects(rows: list[tuple]) -> pd.DataFrame:
    columns = ["project_id", "name", "level", "lead_cadre_id", "planned_start", "planned_end"]
    return conform(pd.DataFrame(rows, columns=columns), "projects")


def progress(rows: list[tuple]) -> pd.DataFrame:
    return conform(
        pd.DataFrame(rows, columns=["period", "project_id", "stage"]), "project_progress"
    )


PROJECTS = projects(
    [
        # Planned start 2011-10-20: 41 days before the as-of date, still in reserve.
        ("P1", "late", "county", "C1", "2011-10-20", "2012-12-31"),
        # Planned start 2011-11-01: 29 days, within the 30 days.
        ("P2", "not yet late", "county", "C1", "2011-11-01", "2012-12-31"),
        # No progress at all, planned start in June: late too.
        ("P3", "never reported", "county", "C1", "2011-06-01", "2012-12-31"),
        # Planned end 2011-09-30, still in construction: overdue by 61 days.
        ("P4", "overdue", "provincial_key", "C2", "2010-03-01", "2011-09-30"),
        # Completed after its planned end: not overdue any more.
        ("P5", "completed late", "county", "C1", "2010-03-01", "2011-09-30"),
        # A prefecture key project without a lead cadre; a county one is not a finding.
        ("P6", "no lead", "prefecture_major", None, "2010-03-01", "2012-12-31"),
        ("P7", "county no lead", "county", None, "2010-03-01", "2012-12-31"),
    ]
)
PROGRESS = progress(
    [
        ("2011-10", "P1", "reserve"),
        ("2011-11", "P1", "reserve"),
        ("2011-11", "P2", "reserve"),
        ("2011-11", "P4", "construction"),
        ("2011-10", "P5", "construction"),
        ("2011-11", "P5", "completed"),
        ("2011-11", "P6", "construction"),
        ("2011-11", "P7", "construction"),
        ("2011-12", "P2", "construction"),  # after the as-of month: not known yet
    ]
)


def test_each_finding_by_hand() -> None:
    frame = project_schedule(PROJECTS, PROGRESS, AS_OF, SETTINGS).set_index("project_id")
    assert frame.loc["P1", "late_start"] and frame.loc["P1", "days_late"] == 41
    assert not frame.loc["P2", "late_start"]
    assert frame.loc["P3", "late_start"] and pd.isna(frame.loc["P3", "stage"])
    assert frame.loc["P4", "overdue"] and frame.loc["P4", "days_late"] == 61
    assert not frame.loc["P5", "overdue"]
    assert frame.loc["P6", "missing_lead"] and not frame.loc["P7", "missing_lead"]
    found = schedule_findings(project_schedule(PROJECTS, PROGRESS, AS_OF, SETTINGS))
    assert set(found["project_id"]) == {"P1", "P3", "P4", "P6"}
    # Findings first, in the frame's order.
    head = project_schedule(PROJECTS, PROGRESS, AS_OF, SETTINGS)["project_id"].head(4)
    assert set(head) == {"P1", "P3", "P4", "P6"}


def test_the_days_are_a_setting() -> None:
    loose = dataclasses.replace(SETTINGS, programme=ProgrammeSettings(late_start_days=60))
    frame = project_schedule(PROJECTS, PROGRESS, AS_OF, loose).set_index("project_id")
    assert not frame.loc["P1", "late_start"]  # 41 days ≤ 60
    assert frame.loc["P3", "late_start"]  # 182 days


def test_overdue_on_the_day_after_the_planned_end() -> None:
    on_day = project_schedule(PROJECTS, PROGRESS, dt.date(2011, 9, 30), SETTINGS)
    next_day = project_schedule(PROJECTS, PROGRESS, dt.date(2011, 10, 1), SETTINGS)
    assert not on_day.set_index("project_id").loc["P4", "overdue"]
    assert next_day.set_index("project_id").loc["P4", "overdue"]


def test_stage_by_month_for_the_chart_and_empty_inputs() -> None:
    months = stage_by_month(PROJECTS, PROGRESS, 2011)
    assert list(months[months["project_id"] == "P5"]["stage"]) == ["construction", "completed"]
    assert project_schedule(None, None, AS_OF, SETTINGS).empty
    assert list(project_schedule(None, None, AS_OF, SETTINGS).columns)[-1] == "days_late"
    assert stage_by_month(None, None, 2011).empty


def test_a_county_changes_the_days_in_its_settings_file(tmp_path) -> None:
    from app.settings import load_settings

    path = tmp_path / "county.toml"
    path.write_text("[programme]\nlate_start_days = 45\nreception_min_per_quarter = 2\n")
    loaded = load_settings(path=path)
    assert loaded.programme.late_start_days == 45
    assert loaded.programme.reception_min_per_quarter == 2
    assert loaded.programme.publication_days == 30  # the others keep their defaults
    frame = project_schedule(PROJECTS, PROGRESS, AS_OF, loaded).set_index("project_id")
    assert not frame.loc["P1", "late_start"]  # 41 days ≤ 45
