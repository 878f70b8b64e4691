"""Project Construction Year 项目建设年: the 2011 targets, stalled projects, stages, investment."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from app.metrics._frames import conform
from app.metrics.project_progress import (
    INVESTMENT_COLUMNS,
    STALLED_COLUMNS,
    progress_rows,
    project_investment,
    project_stages,
    projects_by_stage,
    stalled_projects,
)
from app.metrics.project_year import project_year
from app.settings import Settings

SETTINGS = Settings()


def indicators() -> pd.DataFrame:
    rows = [
        ("FAI", "goal", "全社会固定资产投资", "亿元", "higher", "sum"),
        ("FAI_INDUSTRY", "advance.industrialization", "工业投资", "亿元", "higher", "sum"),
        ("FUNDS_IN_PLACE", "optimize.development", "招商引资到位资金", "亿元", "higher", "sum"),
        ("POLICY_ABOLISHED_PCT", "optimize.service", "政策清理废除比例", "%", "higher", "last"),
    ]
    columns = ["indicator_code", "item", "name", "unit", "direction", "aggregation"]
    return conform(pd.DataFrame(rows, columns=columns), "indicators")


def monthly(code: str, year: int, amounts: list[float], township: str | None = None) -> list:
    return [
        (f"{year}-{m:02d}", code, township, v) for m, v in enumerate(amounts, start=1) if v == v
    ]


def values(industry: float = 20.0, funds: float = 25.5, policy: float = 51.0) -> pd.DataFrame:
    rows = monthly("FAI", 2011, [5.0, 7.0, 8.0, 10.0, 8.0, 12.0, 30.0])  # 50 亿 by June
    rows += monthly("FAI", 2011, [99.0] * 6, "T01")  # a township: not the county total
    rows += monthly("FAI_INDUSTRY", 2011, [0.0, 0.0, 0.0, 0.0, 0.0, industry])
    rows += monthly("FUNDS_IN_PLACE", 2011, [funds / 2, 0.0, 0.0, 0.0, 0.0, funds / 2])
    rows += monthly("FUNDS_IN_PLACE", 2010, [17.0, 0.0, 0.0, 0.0, 0.0, 0.0, 20.0])
    rows += monthly("POLICY_ABOLISHED_PCT", 2011, [float("nan")] * 4 + [40.0, policy])
    columns = ["period", "indicator_code", "township_code", "value"]
    return conform(pd.DataFrame(rows, columns=columns), "indicator_values")


def projects() -> pd.DataFrame:
    rows = [
        ("P1", "省重点一", "T01", "provincial_key", True, 500000.0, 200000.0, "K1"),
        ("P2", "地区重大一", "T02", "prefecture_major", False, 300000.0, 100000.0, "K2"),
        ("P3", "县级一", None, "county", True, 80000.0, 60000.0, "K3"),
        ("P4", "新开工", "T01", "county", False, 1000.0, 500.0, "K1"),
        ("P5", "已竣工", "T02", "county", False, 1000.0, 500.0, None),
        ("P6", "久未报", "T03", "prefecture_major", False, 1000.0, 500.0, "K2"),
        ("P7", "未入库", "T03", "county", False, 2000.0, None, None),
    ]
    columns = [
        "project_id",
        "name",
        "township_code",
        "level",
        "industrial",
        "total_investment",
        "year_plan",
        "lead_cadre_id",
    ]
    return conform(pd.DataFrame(rows, columns=columns), "projects")


def progress() -> pd.DataFrame:
    rows = [
        ("2010-12", "P1", "construction", 99999.0),  # last year: not in the 2011 share
        ("2011-01", "P1", "construction", 50000.0),
        ("2011-03", "P1", "construction", 100000.0),
        ("2011-04", "P1", "construction", 0.0),
        ("2011-05", "P1", "construction", None),
        ("2011-06", "P1", "construction", 0.0),
        ("2011-07", "P1", "construction", 88888.0),  # after June
        ("2011-05", "P2", "construction", 100000.0),
        ("2011-06", "P2", "construction", 0.0),
        ("2011-03", "P3", "construction", 50000.0),  # county level: not a key project
        ("2011-06", "P3", "construction", 0.0),
        ("2011-04", "P4", "reserve", None),
        ("2011-05", "P4", "construction", 0.0),
        ("2011-06", "P4", "construction", 0.0),
        ("2011-02", "P5", "construction", 0.0),
        ("2011-06", "P5", "completed", 0.0),
        ("2011-02", "P6", "construction", 0.0),
    ]
    columns = ["period", "project_id", "stage", "invested"]
    return conform(pd.DataFrame(rows, columns=columns), "project_progress")


def measures(result: dict) -> dict[str, dict]:
    return {m["measure"]: m for m in result["measures"]}


def test_project_year_2011_at_june() -> None:
    result = project_year(indicators(), None, values(), projects(), progress(), 2011, 6, SETTINGS)
    assert (result["year"], result["month"]) == (2011, 6)
    m = measures(result)
    assert list(m) == [
        "fai",
        "industry_share",
        "fai_per_capita",
        "key_projects_share",
        "funds_in_place",
        "funds_growth",
        "policy_abolished",
    ]
    fai = m["fai"]
    assert fai["actual"] == pytest.approx(50.0) and fai["target"] == 100.0
    assert fai["met"] is False and fai["due"] == pytest.approx(50.0) and fai["on_track"] is True
    assert m["industry_share"]["actual"] == pytest.approx(0.40)
    assert m["industry_share"]["met"] is True
    # 50 亿 × 1e8 / 950,000 people
    assert m["fai_per_capita"]["actual"] == pytest.approx(50e8 / 950_000)
    assert m["fai_per_capita"]["met"] is False and m["fai_per_capita"]["on_track"] is True
    # (50,000 + 100,000 万 for P1 + 100,000 万 for P2) / 10,000 = 25 亿 of 50 亿
    assert m["key_projects_share"]["actual"] == pytest.approx(0.5)
    assert m["key_projects_share"]["met"] is True
    funds = m["funds_in_place"]
    assert funds["actual"] == pytest.approx(25.5)
    assert (funds["target"], funds["stretch_target"]) == (25.5, 30.0)
    assert funds["met"] is True and funds["stretch_met"] is False
    assert m["funds_growth"]["actual"] == pytest.approx(0.5)  # 25.5 / 17 − 1
    assert m["funds_growth"]["met"] is True
    assert m["policy_abolished"]["actual"] == 51.0 and m["policy_abolished"]["met"] is True


def test_about_40_percent_floor_and_stretch_and_strict_policy() -> None:
    m = measures(
        project_year(
            indicators(),
            None,
            values(industry=19.0, funds=30.0, policy=50.0),
            projects(),
            progress(),
            2011,
            "2011-06",
            SETTINGS,
        )
    )
    assert m["industry_share"]["actual"] == pytest.approx(0.38)
    assert m["industry_share"]["met"] is True  # within 2 points below "about 40 %"
    assert m["funds_in_place"]["stretch_met"] is True
    assert m["policy_abolished"]["met"] is False  # 50 is not more than 50
    m = measures(
        project_year(
            indicators(), None, values(industry=18.0), projects(), progress(), 2011, 6, SETTINGS
        )
    )
    assert m["industry_share"]["met"] is False


def test_full_year_fai_100_per_capita_and_settings_override() -> None:
    rows = monthly("FAI", 2011, [95.0 / 12] * 12)
    vals = conform(
        pd.DataFrame(rows, columns=["period", "indicator_code", "township_code", "value"]),
        "indicator_values",
    )
    m = measures(project_year(indicators(), None, vals, None, None, 2011, 12, SETTINGS))
    assert m["fai_per_capita"]["actual"] == pytest.approx(10_000.0)  # 95 亿 / 95 万人
    assert m["fai_per_capita"]["met"] is True
    assert m["fai"]["met"] is False
    bigger = dataclasses.replace(
        SETTINGS,
        project_year=dataclasses.replace(SETTINGS.project_year, fai_target=90.0, population=1),
    )
    m = measures(project_year(indicators(), None, vals, None, None, 2011, 12, bigger))
    assert m["fai"]["target"] == 90.0 and m["fai"]["met"] is True
    assert m["fai_per_capita"]["actual"] == pytest.approx(95e8)


def test_no_data_gives_none() -> None:
    m = measures(project_year(None, None, None, None, None, 2011, 6, SETTINGS))
    assert all(v["actual"] is None and v["met"] is None for v in m.values())
    assert m["funds_in_place"]["stretch_target"] == 30.0


def test_stalled_projects_three_months() -> None:
    stalled = stalled_projects(projects(), progress(), "2011-06", SETTINGS)
    assert list(stalled.columns) == list(STALLED_COLUMNS)
    # P1: nothing in April–June; P6: construction since February, never reported again.
    # P2 invested in May; P3 in March only but June is its 3rd idle month → stalled too.
    # P4 was in reserve in April; P5 is completed; P7 has no rows.
    assert set(stalled["project_id"]) == {"P1", "P3", "P6"}
    p1 = stalled.set_index("project_id").loc["P1"]
    assert p1["lead_cadre_id"] == "K1"
    assert p1["last_invested_period"] == "2011-03" and p1["idle_months"] == 3
    p6 = stalled.set_index("project_id").loc["P6"]
    assert pd.isna(p6["last_invested_period"]) and pd.isna(p6["idle_months"])


def test_stalled_months_from_settings_and_across_new_year() -> None:
    four = dataclasses.replace(
        SETTINGS, project_year=dataclasses.replace(SETTINGS.project_year, stalled_months=4)
    )
    assert set(stalled_projects(projects(), progress(), "2011-06", four)["project_id"]) == {"P6"}
    rows = [
        ("2010-10", "P1", "construction", 10.0),
        ("2010-11", "P1", "construction", 0.0),
        ("2010-12", "P1", "construction", 0.0),
        ("2011-01", "P1", "construction", 0.0),
    ]
    prog = conform(
        pd.DataFrame(rows, columns=["period", "project_id", "stage", "invested"]),
        "project_progress",
    )
    assert stalled_projects(projects(), prog, "2011-01", SETTINGS)["project_id"].tolist() == ["P1"]
    assert stalled_projects(projects(), prog, "2010-12", SETTINGS).empty
    assert stalled_projects(None, None, "2011-01", SETTINGS).empty


def test_stages_and_by_stage() -> None:
    stages = project_stages(projects(), progress(), "2011-06").set_index("project_id")
    assert stages.loc["P4", "stage"] == "construction"
    assert stages.loc["P5", "stage"] == "completed"
    assert stages.loc["P7", "stage"] == "unreported"
    assert stages.loc["P1", "stage_period"] == "2011-06"
    by_stage = projects_by_stage(projects(), progress(), "2011-04").set_index("stage")
    assert by_stage["projects"].to_dict() == {
        "reserve": 1,
        "construction": 4,
        "completed": 0,
        "unreported": 2,
    }
    assert by_stage.loc["unreported", "total_investment"] == 300000.0 + 2000.0
    assert projects_by_stage(None, None, "2011-04")["projects"].sum() == 0


def test_project_investment_against_year_plan() -> None:
    frame = project_investment(projects(), progress(), 2011, 6)
    assert list(frame.columns) == list(INVESTMENT_COLUMNS)
    assert frame["project_id"].tolist()[:2] == ["P1", "P2"]  # provincial key first
    p1 = frame.set_index("project_id").loc["P1"]
    assert p1["invested_ytd"] == 150000.0
    assert p1["plan_completion"] == pytest.approx(0.75)
    assert p1["time_progress"] == pytest.approx(0.5)
    assert p1["invested_to_date"] == 150000.0 + 99999.0
    p7 = frame.set_index("project_id").loc["P7"]
    assert p7["invested_ytd"] == 0.0 and pd.isna(p7["plan_completion"])
    assert project_investment(None, None, 2011, 6).empty


def test_rules_give_the_same_from_the_rows_prepared_once() -> None:
    # The app prepares the progress rows once per version and hands them to every rule: a
    # month corrected twice (the last upload counts), a month after the date asked and a
    # row without a month must come out as from the table itself.
    rows = progress()
    extra = conform(
        pd.DataFrame(
            [
                ("2011-06", "P2", "construction", 5000.0),  # P2's June again: the last counts
                ("2011-08", "P6", "construction", 7000.0),  # after June
                (None, "P4", "construction", 1.0),  # no month: never counted
            ],
            columns=["period", "project_id", "stage", "invested"],
        ),
        "project_progress",
    )
    table = pd.concat([rows, extra], ignore_index=True)
    prepared = progress_rows(table)
    assert set(prepared["project_id"][prepared["period"] == "2011-06"]) >= {"P2"}
    for month in ("2011-04", "2011-06", "2011-08"):
        pd.testing.assert_frame_equal(
            stalled_projects(projects(), prepared, month, SETTINGS),
            stalled_projects(projects(), table, month, SETTINGS),
        )
        pd.testing.assert_frame_equal(
            project_stages(projects(), prepared, month), project_stages(projects(), table, month)
        )
        pd.testing.assert_frame_equal(
            project_investment(projects(), prepared, 2011, month),
            project_investment(projects(), table, 2011, month),
        )
    june = project_investment(projects(), prepared, 2011, 6).set_index("project_id")
    assert june.loc["P2", "invested_ytd"] == 100000.0 + 5000.0  # the corrected June
    again = project_year(indicators(), None, values(), projects(), prepared, 2011, 6, SETTINGS)
    assert again == project_year(indicators(), None, values(), projects(), table, 2011, 6, SETTINGS)
