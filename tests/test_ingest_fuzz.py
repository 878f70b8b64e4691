"""Whatever the cells hold, ingest answers with problems, never with a crash."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.ingest import prepare
from app.ingest.files import annotated_file
from app.settings import Settings
from app.store import Store
from schemas import DATASETS
from tests.ingest_support import TODAY

TYPICAL = [
    "",
    "001",
    "1",
    "01",
    "FAI",
    "C0001",
    "TS2011001",
    "XM2011001",
    "2011-05",
    "2011年5月",
    "2011-02-30",
    "是",
    "√",
    "40%",
    "1,234.5",
    "合计",
    "电话",
    "=1+1",
    "nan",
    "inf",
    "1e400",
    "999999999999999999999",
    "\n",
]
TEXT_CELLS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(TYPICAL),
    st.integers(-(10**6), 10**20).map(str),
    st.floats().map(str),
)
EXCEL_CELLS = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
    st.sampled_from(TYPICAL),
)
SETTINGS = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def shared_store(demo_store_template):
    return Store(str(demo_store_template))  # read only: prepare never writes


def _headers(name: str, ytd: bool) -> list[str]:
    if ytd and name == "indicator_values":
        return ["月份", "指标代码", "乡镇代码", "累计值"]
    return [c.zh for c in DATASETS[name].columns]


def _check(name: str, content: bytes, filename: str, store: Store, period: str | None) -> None:
    prepared = prepare(name, content, filename, store, Settings(), period=period, today=TODAY)
    for problem in prepared.problems + prepared.notices:
        assert problem.message("zh") and problem.message("en")
    annotated_file(prepared, "zh")
    if prepared.ok:
        assert prepared.diff is not None


@SETTINGS
@given(
    name=st.sampled_from(list(DATASETS)),
    body=st.lists(st.lists(TEXT_CELLS, max_size=8), max_size=5),
    period=st.sampled_from([None, "2011-05"]),
    ytd=st.booleans(),
)
def test_any_csv(shared_store, name, body, period, ytd):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([_headers(name, ytd), *body])
    _check(name, buffer.getvalue().encode("gbk", "replace"), "f.csv", shared_store, period)


@SETTINGS
@given(
    name=st.sampled_from(list(DATASETS)),
    body=st.lists(st.lists(EXCEL_CELLS, max_size=8), max_size=5),
    period=st.sampled_from([None, "2011-05"]),
    ytd=st.booleans(),
)
def test_any_xlsx(shared_store, name, body, period, ytd):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, _headers(name, ytd))
    for r, row in enumerate(body, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    book.close()
    _check(name, buffer.getvalue(), "f.xlsx", shared_store, period)


@pytest.mark.parametrize(
    ("column", "raw"),
    [("测评日期", "132321"), ("测评日期", "9999-01-01"), ("年度", "1.8446744073709552e+19")],
)
def test_values_beyond_what_the_store_holds_are_problems(shared_store, column, raw):
    """Dates past pandas' range (an Excel serial typo) and integers past int64."""
    row = {
        "年度": "2011",
        "轮次": "3",
        "单位代码": "001",
        "满意度得分": "90",
        "测评日期": "2011-11-15",
    }
    row[column] = raw
    content = (",".join(row) + "\n" + ",".join(row.values()) + "\n").encode()
    prepared = prepare("survey_results", content, "s.csv", shared_store, Settings(), today=TODAY)
    assert [(p.code, p.row, p.column) for p in prepared.problems] == [
        ("bad_date" if column == "测评日期" else "bad_integer", 2, column)
    ]
