"""Upload templates: Chinese headers, an example row, dropdowns, a 填表说明 sheet, and the
example row re-ingests."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from app.i18n import translate
from app.ingest import commit_prepared, prepare
from app.ingest.files import template
from schemas import DATASETS
from tests.ingest_support import TODAY, records


@pytest.fixture(scope="module")
def shared_store(demo_store_template):
    """The demo store, read only (templates and prepare never write)."""
    from app.store import Store

    return Store(str(demo_store_template))


@pytest.mark.parametrize("name", list(DATASETS))
def test_template_layout(name, shared_store):
    dataset = DATASETS[name]
    book = openpyxl.load_workbook(io.BytesIO(template(name, shared_store)))
    sheet = book.worksheets[0]
    assert sheet.title == dataset.title("zh")
    headers = [cell.value for cell in sheet[1]]
    assert headers == [c.zh for c in dataset.columns]
    example = [cell.value for cell in sheet[2]]
    assert any(v not in (None, "") for v in example), "an example row"
    validations = {
        str(cell_range).split(":")[0]: dv
        for dv in sheet.data_validations.dataValidation
        for cell_range in dv.sqref.ranges
    }
    for c, spec in enumerate(dataset.columns, start=1):
        if spec.enum:
            dv = validations.get(f"{get_column_letter(c)}2")
            assert dv is not None and dv.type == "list", f"dropdown for {spec.name}"
    guide = book[translate("template.guide", "zh")]
    guide_rows = list(guide.iter_rows(values_only=True))
    assert [r[0] for r in guide_rows[1:]] == [c.zh for c in dataset.columns]
    assert [r[1] for r in guide_rows[1:]] == [c.name for c in dataset.columns]


def test_dropdown_lists_hold_the_labels(shared_store):
    book = openpyxl.load_workbook(io.BytesIO(template("complaints", shared_store)))
    lists = book["lists"]
    assert lists.sheet_state == "hidden"
    values = {cell for row in lists.iter_rows(values_only=True) for cell in row if cell}
    assert {"电话", "信件", "网络", "其他"} <= values
    assert {"001", "101", "225"} <= values  # known unit codes, as text


@pytest.mark.parametrize("name", list(DATASETS))
def test_template_example_row_is_valid(name, shared_store, settings):
    content = template(name, shared_store)
    prepared = prepare(name, content, f"{name}.xlsx", shared_store, settings, today=TODAY)
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    assert len(prepared.frame) == 1


def test_filled_templates_reingest(demo_store, settings):
    """A clerk fills the template (its example row plus one of their own) and uploads it."""
    book = openpyxl.load_workbook(io.BytesIO(template("complaints", demo_store)))
    sheet = book.worksheets[0]
    sheet.append(["TS2011990", "2011-06-01", "002", "网络", "是", "反映窗口无人值守"])
    buffer = io.BytesIO()
    book.save(buffer)
    prepared = prepare(
        "complaints", buffer.getvalue(), "投诉.xlsx", demo_store, settings, today=TODAY
    )
    assert prepared.ok, [p.message("en") for p in prepared.problems]
    commit_prepared(prepared, demo_store, "clerk")
    stored = demo_store.read("complaints")
    mine = stored[stored["complaint_id"].isin(["TS2011001", "TS2011990"])]
    assert [
        (r["complaint_id"], r["unit_code"], r["channel"], r["verified"])
        for r in records(mine, ["complaint_id"])
    ] == [
        ("TS2011001", "001", "hotline", False),
        ("TS2011990", "002", "online", True),
    ]

    book = openpyxl.load_workbook(io.BytesIO(template("units", demo_store)))
    buffer = io.BytesIO()
    book.save(buffer)
    prepared = prepare("units", buffer.getvalue(), "单位.xlsx", demo_store, settings, today=TODAY)
    assert prepared.ok
    commit_prepared(prepared, demo_store, "clerk")
    assert records(demo_store.read("units")) == [
        {
            "unit_code": "001",
            "name": "县委办公室",
            "category": "party_mass",
            # The optional columns a template's example leaves empty.
            "window": None,
            "superior": None,
            "township_code": None,
            "paired_lead_unit": None,
        }
    ]
