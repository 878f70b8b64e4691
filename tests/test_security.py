"""Security: names from the data render as text on every page, exports never carry a formula,
and a failing page shows a friendly message with a reference id, never a stack trace."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import element_tree as et

from app.ingest.files import csv_bytes, xlsx_bytes
from app.settings import Settings
from app.store import Store
from app.ui import esc
from tests.test_app import PAGES, run_app

SCRIPT = "<script>alert(1)</script>"
MARKDOWN = "**粗体** [链接](http://x) # 标题"
EVIL = f"{SCRIPT} {MARKDOWN}"
HYPERLINK = '=HYPERLINK("http://x","y")'

# Master data whose names the pages show: dataset → (key, name columns).
NAMED = {
    "units": ("unit_code", ["name"]),
    "cadres": ("cadre_id", ["name"]),
    "projects": ("project_id", ["name"]),
    "indicators": ("indicator_code", ["name", "name_en"]),
    "townships": ("township_code", ["name"]),
}


def rename_everything(store: Store, name: str) -> None:
    """Every unit, cadre, project, indicator and township called ``name`` (its code after it,
    so names stay distinct), committed as an upload would."""
    for dataset, (key, columns) in NAMED.items():
        frame = store.read(dataset)
        for column in columns:
            frame[column] = name + " " + frame[key].astype(str)
        store.commit(dataset, frame, "overwrite", {"user": "test", "message": "evil names"})


@pytest.fixture(scope="module")
def evil_store(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    import shutil

    path = tmp_path_factory.mktemp("evil") / "data"
    shutil.copytree(demo_store_template, path)
    store = Store(str(path))
    rename_everything(store, EVIL)
    return store


# ---------------------------------------------------------------------------------------
# (a) names render as text
# ---------------------------------------------------------------------------------------


def walk(node: Any) -> Iterator[Any]:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def markdown_texts(at: AppTest) -> Iterator[tuple[str, str, bool]]:
    """(kind, text, allows HTML) of every element whose text Streamlit renders as markdown:
    markdown and captions, headings, alerts, metric labels, expander/tab/status labels,
    widget labels. Dataframes and widget options are plain text and are left out."""
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if isinstance(node, et.Markdown):
            yield kind, node.value, bool(getattr(proto, "allow_html", False))
        elif isinstance(node, (et.HeadingBase, et.AlertBase, et.Toast)):
            yield kind, node.value, False
        elif isinstance(node, et.Metric):
            yield kind, node.label, False
        elif isinstance(node, et.Widget | et.Expander | et.Tab | et.Status):
            label = getattr(node, "label", None) or getattr(proto, "label", "")
            yield kind, str(label), False


def assert_names_escaped(at: AppTest, where: str) -> int:
    """Every markdown text naming the evil name shows it escaped; the count of such texts."""
    escaped = esc(SCRIPT)
    seen = 0
    for kind, text, allow_html in markdown_texts(at):
        if "alert" not in text and "粗体" not in text:
            continue
        seen += 1
        context = (where, kind, text[:300])
        assert SCRIPT not in text, context  # raw HTML
        assert "**粗体**" not in text and "[链接](http://x)" not in text, context  # raw markdown
        assert escaped in text, context
        assert not (allow_html and "<script" in text), context
    return seen


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_names_from_the_data_render_as_text(
    evil_store: Store, monkeypatch, page: str, lang: str
) -> None:
    at = run_app(evil_store.root, monkeypatch, lang, page)
    assert not at.exception
    assert_names_escaped(at, page)


@pytest.mark.parametrize("page", ["pages/indicators.py", "pages/projects.py", "pages/field.py"])
def test_names_render_as_text_with_a_township_chosen(
    evil_store: Store, monkeypatch, page: str
) -> None:
    at = run_app(evil_store.root, monkeypatch, "zh")
    at.session_state["township"] = "03"
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    assert assert_names_escaped(at, page) > 0  # the township's name is shown, escaped


def test_the_overview_names_units_and_cadres_escaped(evil_store: Store, monkeypatch) -> None:
    """The overview lists accountable units, cadres behind, stalled projects and red
    indicators by name: the evil names are really on the page, and escaped."""
    at = run_app(evil_store.root, monkeypatch, "zh")
    assert assert_names_escaped(at, "overview") >= 3


# ---------------------------------------------------------------------------------------
# (b) exports neutralise formulas
# ---------------------------------------------------------------------------------------

DANGEROUS = [HYPERLINK, "+1+2", "-3+4", "@SUM(A1)", "=1+1"]


def assert_no_formula_cells(content: bytes) -> list[Any]:
    """Every cell of every sheet: none is a formula; the cells' values."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    return values


def test_xlsx_and_csv_exports_neutralise_formula_text() -> None:
    frame = pd.DataFrame({"name": DANGEROUS, "n": range(len(DANGEROUS))})
    values = assert_no_formula_cells(xlsx_bytes({"sheet": frame}))
    for text in DANGEROUS:
        assert "'" + text in values
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS]


@pytest.fixture(scope="module")
def formula_store(demo_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    import shutil

    path = tmp_path_factory.mktemp("formula") / "data"
    shutil.copytree(demo_store_template, path)
    store = Store(str(path))
    rename_everything(store, HYPERLINK)
    return store


def test_the_month_workbook_carries_no_formula(formula_store: Store) -> None:
    from app.reports.export import month_workbook

    content = month_workbook(formula_store.read, Settings(), "2011-11", "zh")
    values = assert_no_formula_cells(content)
    named = [v for v in values if isinstance(v, str) and "HYPERLINK" in v]
    assert named, "the workbook names no unit, cadre, project or indicator"
    assert all(v.startswith("'=") or not v.startswith("=") for v in named)
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_the_bulletin_tables_hold_the_names_as_plain_text(formula_store: Store) -> None:
    """A Word table cell is text: the name appears as written, and no field (HYPERLINK,
    formula) is made of it."""
    from docx import Document

    from app.reports import bulletin

    content = bulletin.bulletin(formula_store.read, Settings(), "2011-11", "zh")
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(HYPERLINK in text for text in cells), "the bulletin's tables name nobody"
    xml = document.element.xml
    assert "w:instrText" not in xml and "w:fldSimple" not in xml and "w:hyperlink" not in xml


# ---------------------------------------------------------------------------------------
# (c) no stack traces shown to users
# ---------------------------------------------------------------------------------------


def test_a_failing_page_shows_a_reference_not_a_traceback(
    demo_store: Store, monkeypatch, caplog
) -> None:
    from app.reports import compute

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals: /srv/county/data")

    monkeypatch.delenv("COUNTY_RAISE_ERRORS", raising=False)
    monkeypatch.setattr(compute, "headline", broken)
    with caplog.at_level(logging.ERROR, logger="county"):
        at = run_app(demo_store.root, monkeypatch, "zh")  # the overview calls headline
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    found = re.search(r"[0-9a-f]{8}", errors[0])
    assert found, errors[0]
    ref = found.group(0)
    shown = "\n".join(text for _, text, _ in markdown_texts(at))
    for leak in ("Traceback", "RuntimeError", "secret internals", 'File "', "compute.py"):
        assert leak not in shown
    records = [r for r in caplog.records if r.name == "county" and ref in r.getMessage()]
    assert records and records[0].exc_info is not None
    assert records[0].exc_info[0] is RuntimeError


def test_a_file_name_in_markdown_shows_as_text_in_the_upload_status(
    demo_store: Store, monkeypatch
) -> None:
    name = "[a](https://example.com) ![i](https://example.com/i.png).csv"
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-admin", page="pages/upload.py")
    at.selectbox(key="upload_dataset__zh").set_value("complaints")
    at.run()
    at.get("file_uploader")[0].upload(name, b"\xe7\xbc\x96\xe5\x8f\xb7\n", "text/csv")
    at.run()
    labels = [text for kind, text, _ in markdown_texts(at) if "example" in text]
    assert labels, "the status names the file"
    for text in labels:  # every [, ], (, ), ! escaped: no live link, no remote image
        assert esc(name) in text and not re.search(r"(?<!\\)\]\(", text), text


def test_report_csv_on_the_command_line_neutralises_formula_text(
    formula_store: Store, capsys
) -> None:
    from app.cli import main

    assert (
        main(
            [
                "report",
                "stalled-projects",
                "--year",
                "2011",
                "--format",
                "csv",
                "--data-dir",
                formula_store.root,
            ]
        )
        == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) and "HYPERLINK" in cell for cell in cells)


def test_a_bare_cr_inside_a_csv_field_is_named_not_a_crash(
    demo_store: Store, capsys, tmp_path: Path
) -> None:
    from app.cli import main
    from app.ingest import prepare

    content = (
        "编号,受理日期,单位代码,渠道,是否查实,内容摘要\n"
        "TS2011960,2011-05-03,001,电话,否,第一行\r第二行\n"
    ).encode()
    prepared = prepare("complaints", content, "cr.csv", demo_store, Settings())
    assert prepared.problems and all(p.row == 3 for p in prepared.problems)  # as Excel reads it
    path = tmp_path / "cr.csv"
    path.write_bytes(content)
    assert main(["ingest", "complaints", str(path), "--data-dir", demo_store.root]) == 1
    err = capsys.readouterr().err
    assert "第3行" in err and "Traceback" not in err and "Error" not in err
