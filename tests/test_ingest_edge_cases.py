"""Ingest at its edges: the first upload into an empty table, tables in several pieces, -0.0
against 0.0, a prepared upload committed after the store moved on, field reports over filtered
activities and the compacted ledger. Each test names what a clerk's file, or the store's
state, could do."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from app.ingest import commit_prepared, compute_diff, pipeline, prepare
from app.ingest.files import csv_bytes, xlsx_bytes
from app.ingest.headers import find_header
from app.ingest.readers import Sheet
from app.ingest.values import ExcelError
from app.reports import compute
from app.store import Store
from schemas import get
from tests.ingest_support import TODAY, records

KEY = ["period", "indicator_code", "township_code"]


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(r) for r in rows).encode("utf-8")


def _ok(prepared) -> None:
    assert prepared.ok, [p.message("en") for p in prepared.problems]


def _indicators(store: Store, codes=("FAI", "GDP")) -> None:
    store.commit(
        "indicators",
        pd.DataFrame(
            {
                "indicator_code": list(codes),
                "item": ["goal"] * len(codes),
                "name": list(codes),
                "name_en": list(codes),
                "unit": ["x"] * len(codes),
                "direction": ["higher"] * len(codes),
                "aggregation": ["sum"] * len(codes),
            }
        ),
        "overwrite",
    )


def _values(period: str, codes=("FAI", "GDP"), value: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": [period] * len(codes),
            "indicator_code": list(codes),
            "township_code": [None] * len(codes),
            "value": [value] * len(codes),
        }
    )


def _convert(dataset: str, rows: list[list]):
    """pipeline._convert + _typed_frame on a sheet of raw cells (as calamine gives them)."""
    spec = get(dataset)
    sheet = Sheet("s", [list(r) for r in rows], "xlsx")
    header = find_header([sheet], spec)
    assert header is not None
    columns, excel_rows, problems, notices = pipeline._convert(sheet, header, spec, 100_000)
    return pipeline._typed_frame(columns, spec), excel_rows, problems, notices


# -- Arrow key ids: the stored side of the diff is often a multi-chunk (or empty) Arrow column --


def test_first_master_upload_into_an_empty_store(empty_store, settings):
    """A fresh store: the stored side of the diff is an empty table (an Arrow column of no
    chunks). _key_ids must not crash on it (pyarrow.concat_arrays takes Arrays only)."""
    content = _csv([["乡镇代码", "乡镇名称"], ["01", "城关镇"], ["02", "东乡"]])
    prepared = prepare("townships", content, "t.csv", empty_store, settings, today=TODAY)
    _ok(prepared)
    assert prepared.diff is not None and prepared.diff.counts == {
        "added": 2,
        "removed": 0,
        "changed": 0,
    }
    commit_prepared(prepared, empty_store, "clerk")
    assert sorted(empty_store.read("townships")["township_code"]) == ["01", "02"]


def test_first_monthly_upload_into_an_empty_table(empty_store, settings):
    _indicators(empty_store)
    content = _csv(
        [["月份", "指标代码", "本月值"], ["2011-04", "FAI", "1"], ["2011-04", "GDP", "2"]]
    )
    prepared = prepare("indicator_values", content, "m.csv", empty_store, settings, today=TODAY)
    _ok(prepared)
    assert prepared.diff is not None and prepared.diff.counts["added"] == 2


def test_backfill_over_months_stored_as_separate_files(empty_store, settings):
    """Each month's upload is a file of its own: a back-fill of two months reads two files,
    which Arrow returns as a column of two chunks."""
    _indicators(empty_store)
    for month in ("2011-04", "2011-05"):
        empty_store.commit("indicator_values", _values(month), "replace", where={"period": [month]})
    content = _csv(
        [["月份", "指标代码", "本月值"], ["2011-04", "FAI", "2"], ["2011-05", "FAI", "1"]]
    )
    prepared = prepare("indicator_values", content, "b.csv", empty_store, settings, today=TODAY)
    _ok(prepared)
    assert prepared.diff is not None
    # FAI April changed 1 → 2, FAI May unchanged, GDP of both months removed.
    assert prepared.diff.counts == {"added": 0, "removed": 2, "changed": 1}


def test_event_upsert_against_a_table_of_several_files(empty_store, settings):
    empty_store.commit(
        "units",
        pd.DataFrame(
            {
                "unit_code": ["001", "002"],
                "name": ["甲", "乙"],
                "category": ["government", "government"],
            }
        ),
        "overwrite",
    )
    for i in (1, 2):
        empty_store.commit(
            "complaints",
            pd.DataFrame(
                {
                    "complaint_id": [f"TS{i}"],
                    "received_date": [pd.Timestamp(2011, 5, i)],
                    "unit_code": ["001"],
                    "channel": ["hotline"],
                    "verified": [True],
                    "summary": [None],
                }
            ),
            "upsert",
        )
    content = _csv(
        [
            ["编号", "受理日期", "单位代码", "渠道", "是否查实"],
            ["TS1", "2011-05-01", "002", "hotline", "是"],
            ["TS3", "2011-05-03", "001", "hotline", "否"],
        ]
    )
    prepared = prepare("complaints", content, "c.csv", empty_store, settings, today=TODAY)
    _ok(prepared)
    assert prepared.diff is not None
    assert prepared.diff.counts == {"added": 1, "removed": 0, "changed": 1}


def test_key_ids_match_across_dtypes_and_missing_spellings():
    """Keys read as text on both sides: an ``object`` column of Python str/None from the file,
    the store's Arrow-backed ``str`` column with NaN; int vs str codes; None vs NaN township."""
    spec = get("indicator_values")
    new = pd.DataFrame(
        {
            "period": ["2011-05"] * 4,
            "indicator_code": pd.Series(["FAI", "GDP", 7, "X"], dtype=object),  # an int among str
            "township_code": pd.Series([None, "01", None, None], dtype=object),
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    old = pd.DataFrame(
        {
            "period": pd.Series(["2011-05"] * 4, dtype="str"),
            "indicator_code": pd.Series(["FAI", "GDP", "7", "Y"], dtype="str"),
            "township_code": pd.Series([np.nan, "01", np.nan, np.nan], dtype="str"),
            "value": [1.0, 2.5, 3.0, 4.0],
        }
    )
    diff = compute_diff(new, old, spec, "replace")
    assert diff.counts == {"added": 1, "removed": 1, "changed": 1}
    assert diff.added["indicator_code"].tolist() == ["X"]
    assert diff.removed["indicator_code"].tolist() == ["Y"]
    # Int64 keys against text keys (a year typed as a number on one side only).
    targets = get("targets")
    a = pd.DataFrame(
        {
            "year": pd.array([2011], dtype="Int64"),
            "indicator_code": ["FAI"],
            "township_code": [None],
            "target": [1.0],
            "stretch_target": [None],
        }
    )
    b = a.assign(year=pd.Series(["2011"], dtype="str"), target=[2.0])
    assert compute_diff(a, b, targets, "overwrite").counts == {
        "added": 0,
        "removed": 0,
        "changed": 1,
    }


# -- _convert over distinct cells ------------------------------------------------------------


def test_negative_zero_does_not_rewrite_the_other_zeros_of_its_column():
    """-0.0 == 0.0 share one hash: factorising a number column over distinct values turns
    every 0.0 after a -0.0 into -0.0 (shown "-0"), and every -0.0 after a 0.0 into 0.0. The
    previous implementation read floats one by one ("-0.0 == 0.0: read, not remembered")."""
    head = ["月份", "指标代码", "乡镇代码", "本月值"]
    frame, *_ = _convert(
        "indicator_values",
        [
            head,
            ["2011-05", "A", "01", -0.0],
            ["2011-05", "B", "01", 0.0],
            ["2011-05", "C", "01", 0.0],
        ],
    )
    signs = np.signbit(frame["value"].to_numpy()).tolist()
    assert signs == [True, False, False]


def test_true_one_and_one_point_zero_are_read_apart():
    """1 == 1.0 == True in Python: distinct cells must be grouped by type as well."""
    head = ["编号", "受理日期", "单位代码", "渠道", "是否查实", "内容摘要"]
    frame, rows, problems, _ = _convert(
        "complaints",
        [
            head,
            [1, "2011-05-01", True, "hotline", 1, 1.0],
            [True, "2011-05-01", 1.0, "hotline", 1.0, True],
            [1.0, "2011-05-01", 1, "hotline", True, 1],
            ["1", "2011-05-01", "1", "hotline", "1", "1"],
        ],
    )
    assert rows == [2, 3, 4, 5]
    assert frame["complaint_id"].tolist() == ["1", "True", "1", "1"]
    assert frame["unit_code"].tolist() == ["True", "1", "1", "1"]
    assert frame["verified"].tolist() == [True, True, True, True]
    assert frame["summary"].tolist() == ["1", "True", "1", "1"]
    assert problems == []
    # In a number column a boolean is no number, an int is.
    frame, _, problems, _ = _convert(
        "indicator_values",
        [
            ["月份", "指标代码", "本月值"],
            ["2011-05", "A", True],
            ["2011-05", "B", 1],
            ["2011-05", "C", 1.0],
        ],
    )
    assert [p.code for p in problems] == ["bad_number"] and problems[0].row == 2
    assert frame["value"].tolist()[1:] == [1.0, 1.0]


def test_mixed_cells_in_one_column_with_error_cells_and_blanks():
    head = ["月份", "指标代码", "乡镇代码", "本月值"]
    frame, rows, problems, notices = _convert(
        "indicator_values",
        [
            head,
            [dt.datetime(2011, 5, 1), "A", None, "1,234.5"],
            ["2011年5月", "B", "", float("nan")],
            [201105, "C", 1.0, ExcelError("#DIV/0!")],
            ["2011-05", "D", ExcelError("#N/A"), True],
            [None, None, None, None],  # an empty row
            ["合计", "", "", 99.0],  # a total row
        ],
    )
    assert rows == [2, 3, 4, 5]
    assert frame["period"].tolist() == ["2011-05"] * 4
    assert [None if pd.isna(v) else v for v in frame["township_code"]][:3] == [None, None, "1"]
    assert frame["value"].tolist()[0] == 1234.5 and np.isnan(frame["value"].tolist()[1])
    assert sorted((p.code, p.row) for p in problems) == [
        ("bad_number", 5),
        ("excel_error", 4),
        ("excel_error", 5),
    ]
    assert [(n.code, n.row) for n in notices] == [("total_row_skipped", 7)]


def test_ragged_csv_short_rows_and_a_total_row_in_an_unmapped_first_column(demo_store, settings):
    """Rows shorter than the header (the optional 乡镇代码 and the trailing column left off),
    a row longer than it, a 合计 row whose first cell is in a column the dataset does not
    know, and a row with data only in that unknown column."""
    content = _csv(
        [
            ["序号", "月份", "指标代码", "本月值", "乡镇代码"],
            ["1", "2011-05", "GDP", "5"],
            ["2", "2011-05", "FAI", "6", "", "extra", "more"],
            ["合计", "", "", "11"],
            ["3"],
            [],
        ]
    )
    prepared = prepare(
        "indicator_values", content, "r.csv", demo_store, settings, period="2011-05", today=TODAY
    )
    _ok(prepared)
    assert prepared.excel_rows == [2, 3]
    assert ("total_row_skipped", 4) in {(n.code, n.row) for n in prepared.notices}
    assert records(prepared.frame, KEY) == [
        {"period": "2011-05", "indicator_code": "FAI", "township_code": None, "value": 6.0},
        {"period": "2011-05", "indicator_code": "GDP", "township_code": None, "value": 5.0},
    ]


def test_mapped_column_beyond_every_rows_width_reads_as_empty(demo_store, settings):
    """乡镇代码 is in the header, but no data row reaches it (CSV rows cut short)."""
    content = _csv(
        [
            ["月份", "指标代码", "本月值", "备注", "乡镇代码"],
            ["2011-05", "GDP", "5"],
            ["2011-05", "FAI", "6"],
        ]
    )
    prepared = prepare(
        "indicator_values", content, "r.csv", demo_store, settings, period="2011-05", today=TODAY
    )
    _ok(prepared)
    assert prepared.frame["township_code"].isna().all()
    assert prepared.excel_rows == [2, 3]


def test_header_only_file_is_no_rows_not_a_crash(demo_store, settings):
    prepared = prepare(
        "indicator_values",
        _csv([["月份", "指标代码", "本月值"]]),
        "e.csv",
        demo_store,
        settings,
        today=TODAY,
    )
    assert [p.code for p in prepared.problems] == ["no_rows"]


def test_chosen_month_differing_from_the_files_month(demo_store, settings):
    """The prefetched month (the chosen one) is not the file's: a period_mismatch per row,
    nothing planned."""
    content = _csv([["月份", "指标代码", "本月值"], ["2011-04", "GDP", "5"]])
    prepared = prepare(
        "indicator_values", content, "p.csv", demo_store, settings, period="2011-05", today=TODAY
    )
    assert [p.code for p in prepared.problems] == ["period_mismatch"]
    assert prepared.diff is None


# -- commit(known=…): the prepared snapshot ---------------------------------------------------


def _may(store: Store) -> pd.DataFrame:
    stored = store.read("indicator_values")
    return stored[stored["period"] == "2011-05"].reset_index(drop=True)


def test_concurrent_commit_between_prepare_and_commit_is_not_lost(demo_store, settings):
    """Another writer replaces May between prepare and commit: the prepared snapshot (and its
    count of replaced rows) must not be used; the result and history count the real table."""
    may = _may(demo_store)
    content = xlsx_bytes({"指标月报": may.head(5)})
    prepared = prepare(
        "indicator_values", content, "a.xlsx", demo_store, settings, period="2011-05", today=TODAY
    )
    _ok(prepared)
    # The other writer: May is now three rows.
    demo_store.commit("indicator_values", may.head(3), "replace", where={"period": ["2011-05"]})
    total_before = len(demo_store.read("indicator_values"))
    result = commit_prepared(prepared, demo_store, "clerk")
    after = demo_store.read("indicator_values")
    assert result.rows_after == len(after) == total_before - 3 + 5
    assert demo_store.history("indicator_values").iloc[0]["rows_replaced"] == 3
    assert records(_may(demo_store), KEY) == records(may.head(5), KEY)


def test_recommitting_a_prepared_upload_counts_the_table_as_it_is(demo_store, settings):
    """write_deltalake on the snapshot DeltaTable moves that object to the new version, so a
    second commit of the same Prepared (a retry, a double submit, a script) passes the
    version check and reuses the count of rows replaced the first time: rows_after and the
    history's rows_replaced are then wrong (the data itself is right)."""
    may = _may(demo_store)
    content = xlsx_bytes({"指标月报": may.head(5)})
    prepared = prepare(
        "indicator_values", content, "a.xlsx", demo_store, settings, period="2011-05", today=TODAY
    )
    _ok(prepared)
    commit_prepared(prepared, demo_store, "clerk")
    again = commit_prepared(prepared, demo_store, "clerk")
    assert again.rows_after == len(demo_store.read("indicator_values"))
    assert demo_store.history("indicator_values").iloc[0]["rows_replaced"] == 5


# -- field reports on filtered activities ----------------------------------------------------


def test_field_reports_read_the_same_through_pushed_down_filters(demo_store, settings):
    """Activities starting before the year and ending in it (and the reverse) count for the
    year: the filtered, column-narrowed read gives the same reports as every row."""
    acts = demo_store.read("field_activities")
    first = acts.iloc[0]
    spanning = pd.DataFrame(
        [
            {
                **first.to_dict(),
                "activity_id": "XSPAN1",
                "start_date": pd.Timestamp(2010, 12, 20),
                "end_date": pd.Timestamp(2011, 1, 10),
            },
            {
                **first.to_dict(),
                "activity_id": "XSPAN2",
                "start_date": pd.Timestamp(2011, 12, 25),
                "end_date": pd.Timestamp(2012, 1, 5),
            },
            {
                **first.to_dict(),
                "activity_id": "XOLD",
                "start_date": pd.Timestamp(2010, 3, 1),
                "end_date": pd.Timestamp(2010, 3, 2),
            },
        ]
    )
    demo_store.commit("field_activities", spanning, "upsert")

    def plain(name: str) -> pd.DataFrame:  # no columns=/filters=: every row and column
        return demo_store.read(name)

    narrow = demo_store.read
    assert compute.takes_filters(narrow) and not compute.takes_filters(plain)
    year, as_of = 2011, dt.date(2011, 12, 31)
    for name in (
        "field_days",
        "field_township_rollup",
        "help_type_mix",
        "contact_points",
        "field_unit_rollup",
    ):
        a = getattr(compute, name)(narrow, settings, year, as_of)
        b = getattr(compute, name)(plain, settings, year, as_of)
        pd.testing.assert_frame_equal(
            a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, obj=name
        )
    ledger = compute.field_ledger(narrow, settings, dt.date(2010, 12, 31), dt.date(2011, 1, 2))
    assert "XSPAN1" in set(ledger["activity_id"]) and "XOLD" not in set(ledger["activity_id"])
    pd.testing.assert_frame_equal(
        ledger, compute.field_ledger(plain, settings, dt.date(2010, 12, 31), dt.date(2011, 1, 2))
    )
    # The spanning activity's days in 2011 count (1–10 January), through the filtered read.
    days = compute.field_days(narrow, settings, 2011, dt.date(2011, 1, 31))
    cadre = days.set_index("cadre_id").loc[first["cadre_id"], "days"]
    assert cadre >= 10


def test_compacted_ledger_flows_into_the_table_and_downloads(demo_store, settings):
    """compact() (as the app keeps the ledger) turns its repeated text into categories: the
    page's table (the village's fillna, the help label map) and both downloads still work,
    formulas neutralised."""
    from app.metrics._frames import compact as _compact

    acts = demo_store.read("field_activities")
    year = int(acts["start_date"].dt.year.mode()[0])
    rows = acts[acts["start_date"].dt.year == year].head(1200).copy()
    rows["content"] = '=HYPERLINK("http://x")'  # one repeated, formula-looking text
    rows["village_code"] = None
    demo_store.commit("field_activities", rows, "upsert")
    ledger = compute.field_ledger(
        demo_store.read, settings, dt.date(year, 1, 1), dt.date(year, 12, 31)
    )
    compact = _compact(ledger.copy())
    assert isinstance(compact["content"].dtype, pd.CategoricalDtype)
    help_labels = {h: f"<{h}>" for h in compact["help_type"].dropna().unique()}
    table = pd.DataFrame(
        {  # as pages/field.py ledger_table builds it
            "id": compact["activity_id"],
            "start": compact["start_date"].dt.strftime("%Y-%m-%d"),
            "cadre": compact["cadre"],
            "township": compact["township"],
            "village": compact["village"].astype(object).fillna(""),
            "help": compact["help_type"].map(help_labels),
            "content": compact["content"],
            "outcome": compact["outcome"],
        }
    )
    assert table["help"].notna().all()
    text = csv_bytes(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    book = xlsx_bytes({"ledger": table})
    import zipfile

    shared = zipfile.ZipFile(io.BytesIO(book)).read("xl/sharedStrings.xml").decode()
    assert "&apos;=HYPERLINK" in shared or "'=HYPERLINK" in shared


@pytest.mark.parametrize("kind", ["object", "str"])
def test_key_text_of_chunked_and_empty_columns(kind):
    """_key_text/_key_ids on what the store hands back: Arrow-backed columns of 0 or 2 chunks."""
    import pyarrow as pa

    chunked = pa.chunked_array([pa.array(["a", None]), pa.array(["b"])], type=pa.string())
    stored = pd.Series(
        chunked.to_pandas(
            types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get
        )
    )
    empty = pd.Series(
        pa.chunked_array([], type=pa.string()).to_pandas(
            types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=np.nan)}.get
        )
    )
    new = pd.Series(["b", None, "c"], dtype=object if kind == "object" else "str")
    new_ids, old_ids = pipeline._key_ids(pd.DataFrame({"k": new}), pd.DataFrame({"k": stored}))
    assert new_ids[0] == old_ids[2] and new_ids[1] == old_ids[1] and new_ids[2] not in old_ids
    new_ids, old_ids = pipeline._key_ids(pd.DataFrame({"k": new}), pd.DataFrame({"k": empty}))
    assert len(old_ids) == 0 and len(set(new_ids)) == 3
