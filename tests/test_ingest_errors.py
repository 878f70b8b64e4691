"""Bad files: rejected with row-level problems a clerk can act on, and the store untouched.

Each problem names the row as Excel/WPS shows it (1-based, title rows counted), the column
header as written in the file, and the value; its message exists in Chinese and English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from app.i18n import has, translate
from app.ingest import commit_prepared
from app.ingest.files import annotated_file
from tests.ingest_support import prep, shown, snapshot

# name → (dataset, chosen period, [(code, row, column, value)] in the order reported)
BAD: dict[str, tuple[str, str | None, list[tuple[str, int | None, str | None, str | None]]]] = {
    "bad_password": ("complaints", None, [("password", None, None, None)]),
    "bad_truncated": ("complaints", None, [("corrupt", None, None, None)]),
    "bad_binary_renamed": ("complaints", None, [("corrupt", None, None, None)]),
    "bad_empty": ("complaints", None, [("empty_file", None, None, None)]),
    "bad_header_only": ("complaints", None, [("no_rows", None, None, None)]),
    "bad_no_header": ("complaints", None, [("no_header", None, None, None)]),
    "bad_missing_column": ("complaints", None, [("missing_column", None, "渠道（channel）", None)]),
    "bad_duplicate_keys": (
        "complaints",
        None,
        [
            ("duplicate_key", 3, "编号", "TS2011950"),
            ("duplicate_key", 5, "编号", "TS2011950"),
        ],
    ),
    "bad_unknown_codes_gbk": ("complaints", None, [("unknown_code", 4, "单位代码", "999")]),
    "bad_score_over_100": ("survey_results", None, [("too_large", 4, "满意度得分", "105")]),
    "bad_text_in_number": (
        "indicator_values",
        "2011-05",
        [
            ("bad_number", 3, "本月值（亿元）", "待核实"),
        ],
    ),
    "bad_future_date": ("complaints", None, [("future_date", 3, "受理日期", "2012-01-05")]),
    "bad_impossible_date": ("complaints", None, [("bad_date", 4, "受理日期", "2011-02-30")]),
    "bad_period_mismatch": (
        "indicator_values",
        "2011-05",
        [
            ("period_mismatch", 3, "月份", "2011-06"),
        ],
    ),
    "bad_end_before_start": (
        "field_activities",
        None,
        [
            ("end_before_start", 2, "结束日期", "2011-05-08"),
        ],
    ),
    "bad_resolved_before_received": (
        "petitions",
        None,
        [
            ("resolved_before_received", 2, "化解日期", "2011-03-01"),
        ],
    ),
    "bad_ytd_no_previous": (
        "indicator_values",
        None,
        [
            ("ytd_previous_missing", 3, "累计值", "3.2"),
        ],
    ),
    "bad_enum_bool": (
        "complaints",
        None,
        [
            ("bad_enum", 3, "渠道", "传真"),
            ("bad_bool", 4, "是否查实", "待查"),
        ],
    ),
    "bad_required_empty": ("complaints", None, [("required_empty", 3, "单位代码", None)]),
    "bad_mixed": (
        "complaints",
        None,
        [
            ("unknown_code", 5, "单位代码", "998"),
            ("bad_enum", 5, "渠道", "传真"),
            ("bad_date", 6, "受理日期", "2011-13-01"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_rejected_row_by_row_and_nothing_is_written(name, demo_store, upload_files):
    dataset, period, expected = BAD[name]
    before = snapshot(demo_store)
    prepared = prep(demo_store, dataset, upload_files[name], period)
    assert not prepared.ok
    got = [(p.code, p.row, p.column, shown(p.value)) for p in prepared.problems]
    assert got == expected
    for problem in prepared.problems:
        assert has(f"ingest.err.{problem.code}", "zh") and has(f"ingest.err.{problem.code}", "en")
        zh, en = problem.message("zh"), problem.message("en")
        assert zh != en
        for text in (zh, en):
            assert "ingest.err" not in text and "{" not in text
            if problem.row is not None:
                assert str(problem.row) in text
            if problem.column:
                assert problem.column in text
            if problem.value not in (None, ""):
                assert shown(problem.value) in text
        assert f"第{problem.row}行" in zh if problem.row else True
        assert f"row {problem.row}" in en if problem.row else True
    with pytest.raises(ValueError):
        commit_prepared(prepared, demo_store, "clerk")
    assert snapshot(demo_store) == before


def test_future_dates_are_judged_against_the_upload_day(demo_store, upload_files):
    """The same file is fine once its date has passed; planned dates may lie ahead."""
    prepared = prep(
        demo_store, "complaints", upload_files["bad_future_date"], today=dt.date(2012, 2, 1)
    )
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    projects = prep(demo_store, "projects", upload_files["projects_master"])
    assert projects.ok  # planned_end 2012-09-28 lies after 2011-11-30


def test_bad_chosen_period(demo_store, upload_files):
    prepared = prep(demo_store, "indicator_values", upload_files["iv_may_report"], "2011-5")
    assert [p.code for p in prepared.problems] == ["bad_chosen_period"]


def _xlsx_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_annotated_xlsx_carries_each_message_on_its_row(lang, demo_store, upload_files):
    prepared = prep(demo_store, "complaints", upload_files["bad_mixed"])
    annotated = annotated_file(prepared, lang)
    assert annotated is not None
    content, filename = annotated
    assert filename.endswith(".xlsx") and filename.startswith("bad_mixed")
    rows = _xlsx_rows(content)
    header = rows[2]  # Excel row 3
    assert header[:7] == ["序号", "编号", "受理日期", "单位代码", "渠道", "是否查实", "内容摘要"]
    column = header.index(translate("ingest.col.message", lang))
    assert column == 7  # right of the user's own columns
    notes = {i + 1: row[column] for i, row in enumerate(rows) if len(row) > column}
    assert notes[4] is None  # row 4 is fine
    for problem in prepared.problems:
        assert problem.message(lang) in notes[problem.row]
    assert all(p.message(lang) not in (notes[6] or "") for p in prepared.problems if p.row == 5)
    assert notes.get(7) is None  # the 合计 row
    # The user's cells are kept: codes as text, the title above the header.
    assert rows[0][0] == "2011年投诉登记表"
    assert rows[4][3] == "998"


def test_annotated_csv_for_csv_input(demo_store, upload_files):
    prepared = prep(demo_store, "complaints", upload_files["bad_unknown_codes_gbk"])
    annotated = annotated_file(prepared, "zh")
    assert annotated is not None
    content, filename = annotated
    assert filename.endswith(".csv")
    assert content.startswith(b"\xef\xbb\xbf")  # Excel opens Chinese UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][-1] == "错误说明"
    assert rows[1][:-1] == ["编号", "受理\n日期", "单位代码", "渠道", "是否查实", "内容摘要"]
    assert rows[3][-1] == prepared.problems[0].message("zh")  # Excel row 4
    assert "999" in rows[3][-1]
    assert rows[2][-1] == rows[4][-1] == ""
    assert rows[4][2] == "1"  # the user's own cell, as written


def test_annotated_file_for_file_level_problems(demo_store, upload_files):
    missing = prep(demo_store, "complaints", upload_files["bad_missing_column"])
    annotated = annotated_file(missing, "zh")
    assert annotated is not None
    rows = _xlsx_rows(annotated[0])
    assert missing.problems[0].message("zh") in rows[0][-1]  # on the first row
    unreadable = prep(demo_store, "complaints", upload_files["bad_password"])
    assert annotated_file(unreadable, "zh") is None  # nothing to annotate


def test_formula_like_text_is_neutralised_in_the_annotated_file(demo_store, settings):
    from app.ingest import prepare

    content = (
        "编号,受理日期,单位代码,渠道,是否查实,内容摘要\r\n=1+1,2011-05-03,999,电话,否,@SUM(A1)\r\n"
    )
    prepared = prepare("complaints", content.encode(), "f.csv", demo_store, settings)
    annotated = annotated_file(prepared, "zh")
    assert annotated is not None
    rows = list(csv.reader(io.StringIO(annotated[0].decode("utf-8-sig"))))
    assert rows[1][0] == "'=1+1" and rows[1][5] == "'@SUM(A1)"


def test_planned_end_before_planned_start(demo_store, settings):
    from app.ingest import prepare

    content = (
        "项目编号,项目名称,项目级别,工业项目,总投资（万元）,年度计划投资（万元）,计划开工,计划竣工\n"
        "XM2011001,道路,县级,否,100,50,2011-06-01,2011-03-01\n"
    ).encode()
    prepared = prepare(
        "projects", content, "p.csv", demo_store, settings, today=dt.date(2011, 11, 30)
    )
    assert [(p.code, p.row, p.column, p.value) for p in prepared.problems] == [
        ("end_before_start", 2, "计划竣工", "2011-03-01")
    ]


@pytest.mark.parametrize(
    "code",
    [
        "ambiguous_code",
        "bad_bool",
        "bad_chosen_period",
        "bad_date",
        "bad_enum",
        "bad_integer",
        "bad_number",
        "bad_period",
        "bad_text",
        "binary",
        "corrupt",
        "duplicate_column",
        "duplicate_key",
        "empty_file",
        "encoding",
        "end_before_start",
        "future_date",
        "ignored_column",
        "invalid",
        "missing_column",
        "no_header",
        "no_rows",
        "out_of_scope",
        "password",
        "period_mismatch",
        "required_empty",
        "resolved_before_received",
        "too_large",
        "too_many_columns",
        "too_many_rows",
        "too_small",
        "total_row_skipped",
        "unknown_code",
        "ytd_previous_missing",
        "zip_bomb",
        "bad_code",
        "code_too_long",
        "excel_error",
        "file_too_large",
    ],
)
def test_every_problem_has_a_message_in_both_languages(code):
    assert has(f"ingest.err.{code}", "zh") and has(f"ingest.err.{code}", "en")
