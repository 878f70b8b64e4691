"""Uploads of real-world files: good files land exactly right, with the right replace semantics.

Files come from tests/fixtures/build.py (the ``upload_files`` fixture); each is ingested into
a private copy of the demo county through ``prepare`` + ``commit_prepared``, as the upload
page and the CLI do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from app.ingest import commit_prepared, prepare
from app.ingest import values as cells
from app.ingest.files import xlsx_bytes
from app.store import Store
from tests.ingest_support import TODAY, prep, records

D = dt.date


def ingest(store: Store, dataset: str, path: Path, period: str | None = None, user: str = "clerk"):
    prepared = prep(store, dataset, path, period)
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    before = store.versions()
    result = commit_prepared(prepared, store, user)
    after = store.versions()
    assert after[dataset] == before[dataset] + 1 == result.version
    assert {k: v for k, v in after.items() if k != dataset} == {
        k: v for k, v in before.items() if k != dataset
    }, "only the uploaded dataset gets a new version"
    return prepared, result


def unchanged_except(before: pd.DataFrame, after: pd.DataFrame, mask_before, mask_after, key):
    """The rows outside the replaced part are exactly as they were."""
    assert records(before[~mask_before], key) == records(after[~mask_after], key)


# -- monthly facts ---------------------------------------------------------------------------


def test_monthly_report_with_title_rows_replaces_exactly_that_month(demo_store, upload_files):
    path = upload_files["iv_may_report"]
    before = demo_store.read("indicator_values")
    prepared, result = ingest(demo_store, "indicator_values", path, period="2011-05")
    after = demo_store.read("indicator_values")

    key = ["period", "indicator_code", "township_code"]
    assert records(after[after["period"] == "2011-05"], key) == records(
        pd.DataFrame(
            [
                ("2011-05", "FAI", None, 12.5),  # real Excel date in 月份
                ("2011-05", "FAI", "01", 1234.5),  # "1,234.5"; township 1 (a number) → 01
                ("2011-05", "FUNDS_IN_PLACE", "02", 0.85),  # 2011.05
                ("2011-05", "GDP", None, 123.0),  # full-width １２３
                ("2011-05", "POLICY_ABOLISHED_PCT", None, 40.0),  # "40%", period as Excel serial
            ],
            columns=key + ["value"],
        ),
        key,
    )
    unchanged_except(
        before, after, before["period"] == "2011-05", after["period"] == "2011-05", key
    )
    assert result.rows_after == len(before) - (before["period"] == "2011-05").sum() + 5

    notices = {(n.code, n.row, n.column) for n in prepared.notices}
    assert ("total_row_skipped", 10, None) in notices  # the 合计 row, as Excel numbers it
    assert {n.column for n in prepared.notices if n.code == "ignored_column"} == {
        "序号",
        "核对",
        "备注",
    }
    assert prepared.header is not None and prepared.header.header_row == 3  # row 4 in Excel
    assert prepared.excel_rows == [5, 6, 7, 8, 9]

    history = demo_store.history("indicator_values").iloc[0]
    assert history["user"] == "clerk"
    assert history["source_file"] == path.name
    assert history["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert history["period"] == "2011-05"
    assert history["mode"] == "replace"


def test_backfill_without_period_replaces_each_month_it_holds(demo_store, upload_files):
    before = demo_store.read("indicator_values")
    prepared, _ = ingest(demo_store, "indicator_values", upload_files["iv_backfill_bom"])
    after = demo_store.read("indicator_values")
    assert prepared.periods == ["2011-04", "2011-05"]
    key = ["period", "indicator_code", "township_code"]
    months = ["2011-04", "2011-05"]
    assert records(after[after["period"].isin(months)], key) == [
        {"period": "2011-04", "indicator_code": "FAI", "township_code": None, "value": 8.8},
        {"period": "2011-04", "indicator_code": "GDP", "township_code": None, "value": 7.7},
        {"period": "2011-05", "indicator_code": "FAI", "township_code": None, "value": 9.9},
        {"period": "2011-05", "indicator_code": "FAI", "township_code": "03", "value": 0.4},
    ]
    unchanged_except(
        before, after, before["period"].isin(months), after["period"].isin(months), key
    )
    assert (after["period"] == "2011-03").sum() == (before["period"] == "2011-03").sum() > 0


def _stored_sum(frame: pd.DataFrame, code: str, township: str | None, first: str, last: str):
    same = frame["indicator_code"] == code
    same &= (
        frame["township_code"].isna() if township is None else frame["township_code"] == township
    )
    period = frame["period"]
    return float(frame.loc[same & (period >= first) & (period <= last), "value"].sum())


def test_ytd_file_stores_month_amounts(demo_store, upload_files):
    before = demo_store.read("indicator_values")
    ingest(demo_store, "indicator_values", upload_files["iv_ytd_june"], period="2011-06")
    after = demo_store.read("indicator_values")
    june = after[after["period"] == "2011-06"]
    got = {(r["indicator_code"], r["township_code"]): r["value"] for r in records(june)}
    assert set(got) == {("FAI", None), ("FAI", "01"), ("FUNDS_IN_PLACE", None)}
    expected = {
        ("FAI", None): 43.75 - _stored_sum(before, "FAI", None, "2011-01", "2011-05"),
        ("FAI", "01"): 6.7 - _stored_sum(before, "FAI", "01", "2011-01", "2011-05"),
        ("FUNDS_IN_PLACE", None): 12.6
        - _stored_sum(before, "FUNDS_IN_PLACE", None, "2011-01", "2011-05"),
    }
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, abs=1e-9), k
    # The month amounts add up to the year-to-date amount the file gave.
    assert _stored_sum(after, "FAI", None, "2011-01", "2011-06") == pytest.approx(43.75)


def test_ytd_of_levels_and_means(demo_store, settings):
    """累计值 reports mix amounts with rates: a ``last`` indicator's year-to-date figure is the
    month's value; a ``mean`` indicator's month makes the months' mean the ytd mean."""
    content = "指标代码,累计值\nGDP_GROWTH,14.2\nAIR_GOOD_PCT,92\nFAI,45\n".encode()
    before = demo_store.read("indicator_values")
    prepared = prepare(
        "indicator_values", content, "ytd.csv", demo_store, settings, period="2011-06", today=TODAY
    )
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    got = dict(zip(prepared.frame["indicator_code"], prepared.frame["value"], strict=True))
    assert got["GDP_GROWTH"] == pytest.approx(14.2)
    air = before[(before["indicator_code"] == "AIR_GOOD_PCT") & before["township_code"].isna()]
    jan_may = air[(air["period"] >= "2011-01") & (air["period"] <= "2011-05")]["value"]
    assert len(jan_may) == 5
    assert (jan_may.sum() + got["AIR_GOOD_PCT"]) / 6 == pytest.approx(92)
    assert got["FAI"] == pytest.approx(45 - _stored_sum(before, "FAI", None, "2011-01", "2011-05"))


def test_ytd_backfill_takes_earlier_months_from_the_file(demo_store, settings):
    """A back-fill of several months as 累计值 (no period chosen): each month's amount is its
    ytd minus the previous month's ytd, and months the file holds count as the file gives
    them (they replace what is stored), so a predecessor only the file holds is fine."""
    content = (
        "月份,指标代码,乡镇代码,累计值\r\n"
        "2011年1月,FAI,,4\r\n"
        "2011年2月,FAI,,9\r\n"
        "2011年6月,FAI,,45\r\n"
        "2011年7月,FAI,,56\r\n"
        "2011年1月,GDP,5,2\r\n"  # GDP has no township rows stored: only the file has them
        "2011年2月,GDP,5,4.5\r\n"
    ).encode("gbk")
    before = demo_store.read("indicator_values")
    prepared = prepare("indicator_values", content, "ytd.csv", demo_store, settings, today=TODAY)
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    assert prepared.periods == ["2011-01", "2011-02", "2011-06", "2011-07"]
    commit_prepared(prepared, demo_store, "clerk")
    after = demo_store.read("indicator_values")

    def month(code, township, period):
        return _stored_sum(after, code, township, period, period)

    march_may = _stored_sum(before, "FAI", None, "2011-03", "2011-05")
    assert month("FAI", None, "2011-01") == pytest.approx(4)
    assert month("FAI", None, "2011-02") == pytest.approx(5)
    assert month("FAI", None, "2011-06") == pytest.approx(45 - 9 - march_may)
    assert month("FAI", None, "2011-07") == pytest.approx(56 - 45)
    assert _stored_sum(after, "FAI", None, "2011-01", "2011-07") == pytest.approx(56)
    assert month("GDP", "05", "2011-01") == pytest.approx(2)
    assert month("GDP", "05", "2011-02") == pytest.approx(2.5)


def test_cells_merged_down_fill_every_row_they_cover(demo_store, upload_files):
    ingest(demo_store, "indicator_values", upload_files["iv_merged_cells"], period="2011-07")
    after = demo_store.read("indicator_values")
    assert records(after[after["period"] == "2011-07"], ["township_code", "indicator_code"]) == [
        {"period": "2011-07", "indicator_code": "FAI", "township_code": "01", "value": 1.5},
        {
            "period": "2011-07",
            "indicator_code": "FUNDS_IN_PLACE",
            "township_code": "01",
            "value": 0.3,
        },
        {"period": "2011-07", "indicator_code": "FAI", "township_code": "02", "value": 0.7},
        {
            "period": "2011-07",
            "indicator_code": "FUNDS_IN_PLACE",
            "township_code": "02",
            "value": 0.1,
        },
    ]


def test_blank_period_cells_take_the_chosen_period(demo_store, settings):
    """The template has a 月份 column; a clerk who picks the month on upload may leave it blank."""
    content = "月份,指标代码,乡镇代码,本月值\n2011-05,FAI,,9.1\n,GDP,,8.2\n".encode()
    prepared = prepare(
        "indicator_values", content, "m.csv", demo_store, settings, period="2011-05", today=TODAY
    )
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    assert prepared.frame["period"].tolist() == ["2011-05", "2011-05"]
    # Without a chosen period the month is required on every row.
    prepared = prepare("indicator_values", content, "m.csv", demo_store, settings, today=TODAY)
    assert [(p.code, p.row, p.column) for p in prepared.problems] == [("required_empty", 3, "月份")]


def test_project_progress_month_without_period_column(demo_store, upload_files):
    before = demo_store.read("project_progress")
    ingest(demo_store, "project_progress", upload_files["progress_may"], period="2011-05")
    after = demo_store.read("project_progress")
    assert records(after[after["period"] == "2011-05"], ["project_id"]) == [
        {
            "period": "2011-05",
            "project_id": "XM2011001",
            "stage": "construction",
            "invested": 1234.5,
            "note": "路基施工",
        },
        {
            "period": "2011-05",
            "project_id": "XM2011002",
            "stage": "construction",
            "invested": 0.0,
            "note": None,
        },
        {
            "period": "2011-05",
            "project_id": "XM2011003",
            "stage": "completed",
            "invested": None,
            "note": "已竣工",
        },
    ]
    key = ["period", "project_id"]
    unchanged_except(
        before, after, before["period"] == "2011-05", after["period"] == "2011-05", key
    )


def test_reupload_of_a_changed_month_diff(demo_store, settings):
    """Export 2011-05 of indicator_values, change two values, drop a row, add one: the diff
    names exactly that, with old and new values, and the commit records the counts."""
    stored = demo_store.read("indicator_values")
    key = ["period", "indicator_code", "township_code"]
    may = stored[stored["period"] == "2011-05"].sort_values(key, na_position="first")
    may = may.reset_index(drop=True)
    assert not ((may["indicator_code"] == "GDP") & (may["township_code"] == "01")).any()
    edited = may.copy()
    old = [float(edited.at[0, "value"]), float(edited.at[1, "value"])]
    edited.at[0, "value"] = old[0] + 1
    edited.at[1, "value"] = old[1] * 2 + 0.5
    dropped = edited.loc[2, key].tolist()
    edited = edited.drop(index=2)
    edited.loc[len(may)] = ["2011-05", "GDP", "01", 3.3]
    content = xlsx_bytes({"指标月报": edited})
    prepared = prepare(
        "indicator_values", content, "may.xlsx", demo_store, settings, period="2011-05", today=TODAY
    )
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    diff = prepared.diff
    assert diff is not None
    assert diff.counts == {"added": 1, "removed": 1, "changed": 2}
    assert records(diff.added) == [
        {"period": "2011-05", "indicator_code": "GDP", "township_code": "01", "value": 3.3}
    ]
    assert [[r[k] for k in key] for r in records(diff.removed)] == [
        [None if pd.isna(v) else v for v in dropped]
    ]
    changed = {
        (r["indicator_code"], r["township_code"], r["column"]): (r["old"], r["new"])
        for r in records(diff.changed)
    }
    assert changed == {
        (
            may.at[0, "indicator_code"],
            None if pd.isna(may.at[0, "township_code"]) else may.at[0, "township_code"],
            "value",
        ): (old[0], old[0] + 1),
        (
            may.at[1, "indicator_code"],
            None if pd.isna(may.at[1, "township_code"]) else may.at[1, "township_code"],
            "value",
        ): (old[1], old[1] * 2 + 0.5),
    }
    result = commit_prepared(prepared, demo_store, "clerk")
    entry = demo_store.history("indicator_values").iloc[0]
    assert entry["version"] == result.version
    assert (entry["rows_added"], entry["rows_removed"], entry["rows_changed"]) == (1, 1, 2)
    assert entry["rows_replaced"] == len(may)
    # Uploading the very same file again changes nothing.
    again = prepare(
        "indicator_values", content, "may.xlsx", demo_store, settings, period="2011-05", today=TODAY
    )
    assert again.ok and again.diff is not None
    assert again.diff.counts == {"added": 0, "removed": 0, "changed": 0}


# -- event facts -----------------------------------------------------------------------------


def test_event_upsert_adds_and_updates_and_deletes_nothing(demo_store, upload_files):
    before = demo_store.read("complaints")
    prepared, result = ingest(demo_store, "complaints", upload_files["complaints_wps_gbk"])
    after = demo_store.read("complaints")
    assert prepared.mode == "upsert"
    assert prepared.diff is not None
    assert prepared.diff.counts == {"added": 3, "removed": 0, "changed": 1}
    assert len(after) == len(before) + 3 == result.rows_after
    uploaded = ["TS2011001", "TS2011901", "TS2011902", "TS2011903"]
    assert records(after[after["complaint_id"].isin(uploaded)], ["complaint_id"]) == [
        {
            "complaint_id": "TS2011001",
            "received_date": D(2011, 5, 3),
            "unit_code": "008",
            "channel": "hotline",
            "verified": True,
            "summary": "反映工作时间脱岗（已核实）",
        },
        {
            "complaint_id": "TS2011901",
            "received_date": D(2011, 5, 3),
            "unit_code": "001",
            "channel": "online",
            "verified": False,
            "summary": "反映窗口人员迟到, 早退",
        },
        {
            "complaint_id": "TS2011902",
            "received_date": D(2011, 5, 4),
            "unit_code": "012",
            "channel": "letter",
            "verified": True,
            "summary": "反映办事推诿",
        },
        {
            "complaint_id": "TS2011903",
            "received_date": D(2011, 5, 7),
            "unit_code": "101",
            "channel": "other",
            "verified": False,
            "summary": "反映收费不规范",
        },
    ]
    key = ["complaint_id"]
    unchanged_except(
        before,
        after,
        before["complaint_id"].isin(uploaded),
        after["complaint_id"].isin(uploaded),
        key,
    )


def test_survey_tab_separated_bilingual_headers(demo_store, upload_files):
    before = demo_store.read("survey_results")
    ingest(demo_store, "survey_results", upload_files["survey_tab"])
    after = demo_store.read("survey_results")
    key = ["year", "round", "unit_code"]
    mine = (after["round"] == 3) & after["unit_code"].isin(["001", "002", "003"])
    assert records(after[mine], key) == [
        {
            "year": 2011,
            "round": 3,
            "unit_code": "001",
            "score": 91.5,
            "respondents": 1200,
            "survey_date": D(2011, 11, 15),
        },  # "1,200"; Excel serial 40862
        {
            "year": 2011,
            "round": 3,
            "unit_code": "002",
            "score": 85.0,
            "respondents": 350,
            "survey_date": D(2011, 11, 15),
        },
        {
            "year": 2011,
            "round": 3,
            "unit_code": "003",
            "score": 78.25,
            "respondents": None,
            "survey_date": D(2011, 11, 15),
        },  # unit "3" → 003; 2011年11月15日
    ]
    mine_before = (before["round"] == 3) & before["unit_code"].isin(["001", "002", "003"])
    unchanged_except(before, after, mine_before, mine, key)


def test_real_xls_field_activities(demo_store, upload_files):
    before = demo_store.read("field_activities")
    ingest(demo_store, "field_activities", upload_files["field_activities_xls"])
    after = demo_store.read("field_activities")
    assert len(after) == len(before) + 3
    new = after[after["activity_id"].str.startswith("TZ2011990")]
    assert records(new, ["activity_id"]) == [
        {
            "activity_id": "TZ201199001",
            "cadre_id": "C0001",
            "start_date": D(2011, 5, 3),
            "end_date": D(2011, 5, 4),
            "township_code": "03",
            "village_code": "0303",
            "help_type": "problem",
            "content": "调研茶叶基地建设",
            "outcome": "协调资金5万元",
        },
        {
            "activity_id": "TZ201199002",
            "cadre_id": "C0002",
            "start_date": D(2011, 5, 10),
            "end_date": D(2011, 5, 12),
            "township_code": "03",
            "village_code": None,
            "help_type": "plan",
            "content": "帮助村里制定产业规划",
            "outcome": "形成规划初稿",
        },
        {
            "activity_id": "TZ201199003",
            "cadre_id": "C0003",
            "start_date": D(2011, 5, 17),
            "end_date": D(2011, 5, 17),
            "township_code": "10",
            "village_code": None,
            "help_type": "dispute",
            "content": "调处土地纠纷",
            "outcome": "化解纠纷1起",
        },
    ]


def test_petitions_headers_with_units_and_line_breaks(demo_store, upload_files):
    ingest(demo_store, "petitions", upload_files["petitions_headers"])
    after = demo_store.read("petitions")
    new = after[after["case_id"].isin(["XF2011901", "XF2011902", "XF2011903"])]
    assert records(new, ["case_id"]) == [
        {
            "case_id": "XF2011901",
            "cadre_id": "C0001",
            "received_date": D(2011, 3, 1),
            "resolved_date": D(2011, 4, 2),
            "dispute_type": "land",
            "township_code": "05",
            "prominent": True,
        },
        {
            "case_id": "XF2011902",
            "cadre_id": "C0145",
            "received_date": D(2011, 6, 10),
            "resolved_date": None,
            "dispute_type": "labour",
            "township_code": None,
            "prominent": False,
        },
        {
            "case_id": "XF2011903",
            "cadre_id": "C0069",
            "received_date": D(2011, 7, 1),
            "resolved_date": D(2011, 8, 15),
            "dispute_type": "mining",
            "township_code": "08",
            "prominent": None,
        },
    ]


# -- master data -----------------------------------------------------------------------------


def test_master_overwrite_replaces_all(demo_store, upload_files):
    prepared, result = ingest(demo_store, "projects", upload_files["projects_master"])
    assert prepared.mode == "overwrite"
    assert prepared.diff is not None and prepared.diff.counts["removed"] == 58
    assert result.rows_after == 3
    assert records(demo_store.read("projects"), ["project_id"]) == [
        {
            "project_id": "XM2011001",
            "name": "清江至云岭高速公路县境段",
            "township_code": None,
            "level": "provincial_key",
            "industrial": False,
            "total_investment": 635400.0,
            "year_plan": 119100.0,
            "lead_cadre_id": "C0001",
            "lead_unit_code": None,
            "person_in_charge": None,
            "planned_start": D(2009, 9, 10),
            "planned_end": D(2012, 5, 28),
        },
        {
            "project_id": "XM2011002",
            "name": "云岭电厂2×60万千瓦火电项目",
            "township_code": "10",
            "level": "provincial_key",
            "industrial": True,
            "total_investment": 688300.0,
            "year_plan": 105900.0,
            "lead_cadre_id": "C0002",
            "lead_unit_code": None,
            "person_in_charge": None,
            "planned_start": D(2009, 12, 10),
            "planned_end": D(2012, 9, 28),
        },
        {
            "project_id": "XM2011061",
            "name": "新建农产品交易市场",
            "township_code": "01",
            "level": "county",
            "industrial": False,
            "total_investment": 1234.5,
            "year_plan": 500.0,
            "lead_cadre_id": None,
            "lead_unit_code": None,
            "person_in_charge": None,
            "planned_start": None,
            "planned_end": None,
        },
    ]
    # The previous version is kept.
    assert len(demo_store.read("projects", version=result.version - 1)) == 60


def test_master_units_english_headers(demo_store, upload_files):
    ingest(demo_store, "units", upload_files["units_english"])
    # The programme's optional unit columns, left out of the file, are empty.
    empty = {"window": None, "superior": None, "township_code": None, "paired_lead_unit": None}
    assert records(demo_store.read("units"), ["unit_code"]) == [
        {"unit_code": "001", "name": "县委办公室", "category": "party_mass", **empty},
        {"unit_code": "002", "name": "县委组织部", "category": "party_mass", **empty},
        {"unit_code": "102", "name": "县新设局", "category": "government", **empty},
        {"unit_code": "201", "name": "城关镇", "category": "township", **empty},
    ]


def test_master_villages_booleans(demo_store, upload_files):
    ingest(demo_store, "villages", upload_files["villages_bools"])
    got = records(demo_store.read("villages"), ["village_code"])
    assert [(r["village_code"], r["township_code"], r["extremely_poor"]) for r in got] == [
        ("0101", "01", False),
        ("0102", "01", False),
        ("0303", "03", True),
        ("0304", "03", True),
        ("0305", "03", True),
        ("0306", "03", True),
        ("0501", "05", None),
    ]


# -- codes -----------------------------------------------------------------------------------


def _complaints_csv(*units: str) -> bytes:
    lines = ["编号,受理日期,单位代码,渠道,是否查实"]
    lines += [f"TS20119{i:02d},2011-05-03,{u},电话,否" for i, u in enumerate(units)]
    return "\r\n".join(lines).encode("utf-8")


def test_leading_zero_repair_only_where_unambiguous(demo_store, settings):
    content = _complaints_csv("1", "12", "001", "101", "0012")
    prepared = prepare("complaints", content, "c.csv", demo_store, settings, today=TODAY)
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    assert prepared.frame["unit_code"].tolist() == ["001", "012", "001", "101", "012"]

    # Once a unit "01" exists beside "001", a bare 1 could be either: rejected, not guessed.
    units = demo_store.read("units")
    units.loc[len(units)] = ["01", "重名测试单位", "other", None, None, None, None]
    demo_store.commit("units", units, "overwrite", {"user": "test"})
    prepared = prepare(
        "complaints", _complaints_csv("1", "12", "001"), "c.csv", demo_store, settings, today=TODAY
    )
    assert [(p.code, p.row, p.column, p.value) for p in prepared.problems] == [
        ("ambiguous_code", 2, "单位代码", "1"),
    ]
    assert "单位" in prepared.problems[0].message("zh")


def test_unknown_code_is_never_repaired(demo_store, settings):
    prepared = prepare(
        "complaints", _complaints_csv("999", "X01"), "c.csv", demo_store, settings, today=TODAY
    )
    assert [(p.code, p.row, p.value) for p in prepared.problems] == [
        ("unknown_code", 2, "999"),
        ("unknown_code", 3, "X01"),
    ]


def test_scope_limits_the_rows_an_uploader_may_write(demo_store, settings):
    prepared = prepare(
        "complaints",
        _complaints_csv("001", "002"),
        "c.csv",
        demo_store,
        settings,
        scope={"unit_code": {"001"}},
        today=TODAY,
    )
    assert [(p.code, p.row, p.column, p.value) for p in prepared.problems] == [
        ("out_of_scope", 3, "单位代码", "002"),
    ]


def test_monthly_replace_within_scope_keeps_other_townships(demo_store, settings):
    """A township-scoped uploader replaces its own rows of the month and nothing else."""
    content = "指标代码,乡镇代码,本月值\nFAI,03,0.5\n".encode()
    before = demo_store.read("indicator_values")
    prepared = prepare(
        "indicator_values",
        content,
        "t.csv",
        demo_store,
        settings,
        period="2011-05",
        scope={"township_code": {"03"}},
        today=TODAY,
    )
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    commit_prepared(prepared, demo_store, "township03")
    after = demo_store.read("indicator_values")
    mine_b = (before["period"] == "2011-05") & (before["township_code"] == "03")
    mine_a = (after["period"] == "2011-05") & (after["township_code"] == "03")
    assert records(after[mine_a]) == [
        {"period": "2011-05", "indicator_code": "FAI", "township_code": "03", "value": 0.5}
    ]
    unchanged_except(
        before,
        after,
        mine_b.fillna(False),
        mine_a.fillna(False),
        ["period", "indicator_code", "township_code"],
    )


# -- cell values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.5", 1234.5),
        ("１２３", 123.0),
        ("40%", 40.0),
        ("４０％", 40.0),
        (" 7 ", 7.0),
        ("￥1,000", 1000.0),
        (12, 12.0),
        (0.85, 0.85),
        ("", None),
        (None, None),
    ],
)
def test_numbers_as_clerks_type_them(raw, expected):
    assert cells.number(raw) == expected


@pytest.mark.parametrize("raw", ["待核实", "1.2.3", "--", True])
def test_not_numbers(raw):
    assert cells.number(raw) is cells.MISSING


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        ("×", False),
        ("1", True),
        ("0", False),
        ("TRUE", True),
        ("false", False),
        (True, True),
        (1, True),
        (0.0, False),
        ("", None),
    ],
)
def test_booleans(raw, expected):
    assert cells.boolean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2011/5/3", D(2011, 5, 3)),
        ("2011.05.03", D(2011, 5, 3)),
        ("2011-05-03", D(2011, 5, 3)),
        ("2011年5月3日", D(2011, 5, 3)),
        ("20110503", D(2011, 5, 3)),
        (40666, D(2011, 5, 3)),
        ("40666", D(2011, 5, 3)),
        (dt.datetime(2011, 5, 3), D(2011, 5, 3)),
        ("2011-05-03 00:00:00", D(2011, 5, 3)),
        ("", None),
    ],
)
def test_dates(raw, expected):
    assert cells.date(raw) == expected


@pytest.mark.parametrize("raw", ["2011-02-30", "2011-13-01", "明天", "2011年5月"])
def test_not_dates(raw):
    assert cells.date(raw) is cells.MISSING


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2011年5月", "2011-05"),
        ("2011/5", "2011-05"),
        ("2011-05", "2011-05"),
        ("2011.05", "2011-05"),
        ("2011-05-01", "2011-05"),
        ("201105", "2011-05"),
        (201105, "2011-05"),
        (40664, "2011-05"),
        (D(2011, 5, 1), "2011-05"),
        ("2011年05月份", "2011-05"),
    ],
)
def test_periods(raw, expected):
    assert cells.period(raw) == expected


@pytest.mark.parametrize("raw", ["2011-13", "2011年", "五月"])
def test_not_periods(raw):
    assert cells.period(raw) is cells.MISSING


def test_codes_keep_leading_zeros():
    assert cells.code("001") == "001"
    assert cells.code(1.0) == "1"  # Excel's number: repaired later against the master data
    assert cells.code("０１") == "01"
    assert cells.code("") is None


def test_xlsx_round_trip_of_an_export(demo_store, settings):
    """An export (xlsx_bytes) of a dataset re-ingests unchanged: dates, codes and booleans."""
    frame = demo_store.read("complaints")
    content = xlsx_bytes({"complaints": frame})
    prepared = prepare("complaints", content, "export.xlsx", demo_store, settings, today=TODAY)
    assert prepared.ok, [p.message("en") for p in prepared.problems][:5]
    assert prepared.diff is not None
    assert prepared.diff.counts == {"added": 0, "removed": 0, "changed": 0}


GOOD = {
    "iv_may_report",
    "iv_backfill_bom",
    "iv_ytd_june",
    "iv_merged_cells",
    "complaints_wps_gbk",
    "survey_tab",
    "field_activities_xls",
    "petitions_headers",
    "projects_master",
    "units_english",
    "villages_bools",
    "progress_may",
    "iv_percent_cells",
}


def test_every_built_file_is_covered(upload_files):
    from tests.fixtures.build import BUILDERS
    from tests.test_ingest_errors import BAD

    assert set(BUILDERS) == set(upload_files) == GOOD | set(BAD)


def test_build_script_writes_the_files_for_manual_use(tmp_path):
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "tests/fixtures/build.py", str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "complaints_wps_gbk.csv" in written and "field_activities.xls" in written
    from tests.fixtures.build import BUILDERS

    assert len(written) == len(BUILDERS)


def test_a_number_shown_as_a_percentage_is_stored_as_the_clerk_sees_it(demo_store, upload_files):
    """0.315 in a 0.0% cell shows 31.5%: stored 31.5 for an indicator in %, as the text
    "31.5%" would be (a green light on a correct report, not a red one); a format that merely
    writes a % sign after the number (0.00"%") shows 52 as 52.00% and stays 52."""
    prepared = prep(demo_store, "indicator_values", upload_files["iv_percent_cells"], "2011-05")
    assert prepared.ok, prepared.problems
    values = {
        (
            r["indicator_code"],
            r["township_code"] if isinstance(r["township_code"], str) else None,
        ): r["value"]
        for r in prepared.frame.to_dict("records")
    }
    assert values == {
        ("POLICY_ABOLISHED_PCT", None): 31.5,
        ("POLICY_ABOLISHED_PCT", "01"): 52.0,
        ("GDP", None): 123.0,
    }
