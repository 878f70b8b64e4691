"""The column-wise xlsx read (fastexcel into Arrow) is taken only where it gives exactly what
the cell-by-cell read (python-calamine) gives: the same rows, the same problems naming the
same Excel rows and headers, the same notices. Every xlsx of the bad-input corpus and a set
of sheet shapes go through ``prepare`` both ways."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import xlsxwriter

from app.ingest import readers
from app.ingest.files import annotated_file
from app.settings import Settings
from app.store import Store
from tests.corpus.build import build_corpus
from tests.ingest_support import prep


@pytest.fixture(scope="module")
def store(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("columnwise_store") / "data"
    shutil.copytree(demo_store_template, path)
    return Store(str(path))


def both_ways(
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
    dataset: str,
    path: Path,
    period: str | None = None,
) -> tuple[Any, Any, bool]:
    """``prepare`` as it runs, and with the column-wise read switched off; and whether the
    column-wise read was taken."""
    taken = []
    real = readers._read_columnwise

    def spy(*args: Any) -> Any:
        result = real(*args)
        taken.append(result is not None)
        return result

    here = Settings()
    here.upload.parse_in_worker = False  # read in this process, where the spy is
    monkeypatch.setattr(readers, "_read_columnwise", spy)
    fast = prep(store, dataset, path, period, here)
    monkeypatch.setattr(readers, "_read_columnwise", lambda *args: None)
    slow = prep(store, dataset, path, period, here)
    monkeypatch.setattr(readers, "_read_columnwise", real)
    return fast, slow, any(taken)


def same(fast: Any, slow: Any) -> None:
    def problems(items: list) -> list:
        return [(p.code, p.row, p.column, str(p.value), sorted(p.params.items())) for p in items]

    assert problems(fast.problems) == problems(slow.problems)
    assert problems(fast.notices) == problems(slow.notices)
    assert fast.excel_rows == slow.excel_rows
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    if fast.header is not None:
        assert fast.header.header_row == slow.header.header_row
        assert fast.header.headers == slow.header.headers
        assert cells(fast.header.sheet.all_rows()) == cells(slow.header.sheet.all_rows())


def cells(rows: list[list[Any]]) -> list[list[Any]]:
    """A date-time at midnight is the date (calamine gives either for a whole-day serial a
    hair below midnight; the annotated file writes both as the date)."""
    midnight = dt.time()
    return [
        [v.date() if isinstance(v, dt.datetime) and v.time() == midnight else v for v in row]
        for row in rows
    ]


def test_every_xlsx_of_the_corpus_reads_the_same_both_ways(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [c for c in build_corpus(tmp_path) if c.path is not None and c.path.suffix == ".xlsx"]
    assert len(cases) >= 20
    taken = 0
    for case in cases:
        fast, slow, used = both_ways(monkeypatch, store, case.dataset, case.path, case.period)
        same(fast, slow)
        taken += used
    assert taken >= 5  # clean sheets with one bad cell do go column-wise


@dataclass(frozen=True)
class Shown:
    """A number cell with a number format (a date format on a serial, a time of day)."""

    value: float
    format: str


def xlsx(
    path: Path,
    rows: list[list[Any]],
    *,
    at: tuple[int, int] = (0, 0),
    merge_down: tuple[int, int, int] | None = None,
    title: str | None = None,
    error: tuple[int, int] | None = None,
) -> Path:
    """A sheet with ``rows`` from cell ``at``; dates as date cells, None left empty."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    shown = book.add_format({"num_format": "yyyy年m月d日"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            where = (at[0] + r, at[1] + c)
            if value is None:
                continue
            if isinstance(value, Shown):
                sheet.write_number(
                    *where, value.value, book.add_format({"num_format": value.format})
                )
            elif isinstance(value, dt.date):
                sheet.write_datetime(*where, dt.datetime.combine(value, dt.time()), shown)
            elif isinstance(value, str):
                sheet.write_string(*where, value)
            else:
                sheet.write(*where, value)
    if title is not None:  # merged across the row above ``at``
        sheet.merge_range(at[0] - 1, at[1], at[0] - 1, at[1] + len(rows[0]) - 1, title)
    if merge_down is not None:
        column, first, last = merge_down
        sheet.merge_range(first, column, last, column, rows[first - at[0]][column - at[1]])
    if error is not None:
        sheet.write_formula(*error, "=1/0", None, "#DIV/0!")
    book.close()
    return path


HEAD = ["编号", "受理日期", "单位代码", "渠道", "是否查实", "内容摘要"]


def complaint(number: int, **change: Any) -> list[Any]:
    row = {
        "id": f"TS20119{number:02d}",
        "date": dt.date(2011, 5, 3),
        "unit": "001",
        "channel": "电话",
        "verified": "否",
        "summary": "路灯不亮",
    }
    row.update(change)
    return list(row.values())


SHAPES: dict[str, tuple[dict[str, Any], bool]] = {
    # name: (how the sheet is written, whether the column-wise read is taken)
    "clean": ({"rows": [HEAD] + [complaint(i) for i in range(1, 30)]}, True),
    "clean, one date in the future": (
        {"rows": [HEAD, complaint(1), complaint(2, date=dt.date(2031, 1, 1))]},
        True,
    ),
    "a text date among date cells": (
        {"rows": [HEAD, complaint(1), complaint(2, date="2011-02-30")]},
        False,
    ),
    "data from C4": ({"rows": [HEAD, complaint(1), complaint(2, unit="999")], "at": (3, 2)}, True),
    "blank rows inside": ({"rows": [HEAD, complaint(1), [None] * 6, complaint(2)]}, True),
    "a column with nothing below its header": (
        {"rows": [HEAD + ["备注"], complaint(1) + [None], complaint(2) + [None]]},
        True,
    ),
    "verified as Excel booleans": (
        {"rows": [HEAD, complaint(1, verified=True), complaint(2, verified=False)]},
        True,
    ),
    "codes typed as numbers": ({"rows": [HEAD, complaint(1, unit=1), complaint(2, unit=2)]}, True),
    "a time of day in the date column": (
        {"rows": [HEAD, complaint(1), complaint(2, date=Shown(0.5, "hh:mm"))]},
        False,
    ),
    "a zero in the date column": (
        {"rows": [HEAD, complaint(1), complaint(2, date=Shown(0, "yyyy-mm-dd"))]},
        False,
    ),
    "20110503 typed into a date cell": (
        {"rows": [HEAD, complaint(1), complaint(2, date=Shown(20110503, "yyyy-mm-dd"))]},
        False,
    ),
    "a serial a hair below midnight": (
        {"rows": [HEAD, complaint(1), complaint(2, date=Shown(40666.999999999, "yyyy-mm-dd"))]},
        True,
    ),
    "a number as a header": ({"rows": [HEAD + [2011], complaint(1) + [5]]}, False),
    "a date as a header": ({"rows": [HEAD + [dt.date(2011, 5, 3)], complaint(1) + [5]]}, False),
    "data from D1 beside many note columns": (
        {
            "rows": [HEAD + [f"备注{i}" for i in range(494)], complaint(1) + ["x"] * 494],
            "at": (0, 3),
        },
        True,
    ),
    "title row above": ({"rows": [["2011年5月信访件"], HEAD, complaint(1)]}, False),
    "title merged across the top": (
        {
            "rows": [HEAD, complaint(1), complaint(2, unit="999")],
            "at": (1, 0),
            "title": "2011年5月信访件",
        },
        False,
    ),
    "codes partly numbers": (
        {"rows": [HEAD, complaint(1, unit=1), complaint(2, unit="002")]},
        False,
    ),
    "repeated header": ({"rows": [HEAD + ["渠道"], complaint(1) + ["网络"]]}, False),
    "a unit merged down": (
        {"rows": [HEAD, complaint(1), complaint(2), complaint(3)], "merge_down": (2, 1, 3)},
        False,
    ),
    "an error cell": (
        {"rows": [HEAD, complaint(1), complaint(2, date=None)], "error": (2, 1)},
        False,
    ),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_sheet_shapes_read_the_same_both_ways(
    name: str, tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    how, columnwise = SHAPES[name]
    path = xlsx(tmp_path / "complaints.xlsx", **how)
    fast, slow, used = both_ways(monkeypatch, store, "complaints", path)
    assert used == columnwise
    same(fast, slow)


def test_a_bad_cell_in_a_clean_export_is_named_by_its_excel_row(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data from C4 (header in row 4): the unknown unit in the third data row is row 7."""
    rows = [HEAD, complaint(1), complaint(2), complaint(3, unit="999")]
    path = xlsx(tmp_path / "complaints.xlsx", rows, at=(3, 2))
    fast, _, used = both_ways(monkeypatch, store, "complaints", path)
    assert used
    assert [(p.code, p.row, p.column, p.value) for p in fast.problems] == [
        ("unknown_code", 7, "单位代码", "999")
    ]
    data, name = annotated_file(fast, "zh")  # the clerk's own rows, with the message
    import python_calamine

    grid = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    cells = grid.to_python(skip_empty_area=False)
    assert cells[3][2:8] == HEAD and cells[6][2] == "TS2011903" and "999" in cells[6][-1]
    assert name.endswith(".xlsx")


def test_total_rows_are_told_by_their_marker_however_spaced_or_wide() -> None:
    """blanks(): the quick test for a marker's word may not miss a 合计 row."""
    from app.ingest.pipeline import _Column

    texts = [
        "合计",
        "合  计",
        "ＴＯＴＡＬ",
        "T o t a l",
        "Sum（万元）",
        "*小计：",
        "计划",
        "summary",
        "0001",
        "",
    ]
    empty, marker = _Column(texts).blanks()
    shown = dict(zip(texts, marker.tolist(), strict=True))
    assert [t for t in texts if shown[t]] == texts[:6]
    assert empty.tolist() == [False] * 9 + [True]
