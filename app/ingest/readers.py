"""Reading files as they really arrive: xlsx/xls from Excel or WPS, CSV in UTF-8, UTF-8 with
BOM or GBK/GB18030, comma or tab separated. Output: sheets as raw grids of cells.

An xlsx sheet whose columns each hold one kind of cell below its first row (a clean export:
texts, numbers, dates) is read column-wise into Arrow by ``fastexcel`` (calamine underneath, no
Python object per cell); any other sheet (title rows above the header, a column mixing numbers
and text, error cells, cells merged down a column) cell by cell by ``python-calamine``. Both
give the same cells: the column-wise read is only taken where it is exact.

This module tells a file by its kind and reads a workbook, column-wise where it can, else cell
by cell. The parts live in modules of their own: the sheet as read (``readers_sheet``), text
files (``readers_text``), the limits a workbook is refused by (``readers_limits``), the scan of
an xlsx's XML (``readers_scan``), the column-wise read (``readers_columnwise``) and the cells as
Excel shows them (``readers_cells``); the names callers import from here are named here too."""

from __future__ import annotations

import io
import logging
from concurrent.futures import ThreadPoolExecutor

import python_calamine

from app.ingest.problems import IngestError, Problem
from app.ingest.readers_cells import _as_displayed, _fill_merged_down, _xls_error_cells
from app.ingest.readers_columnwise import _load_columnwise, _read_columnwise
from app.ingest.readers_limits import _check_size, _check_zip
from app.ingest.readers_scan import _error_cells, _only_text, _scan_sheets
from app.ingest.readers_sheet import HEAD_ROWS, Sheet, arrow_cells
from app.ingest.readers_text import _read_text, detect_encoding
from app.ingest.values import ExcelError
from app.settings import UploadSettings

__all__ = [
    "HEAD_ROWS",
    "OLE2_MAGIC",
    "ZIP_MAGIC",
    "Sheet",
    "_error_cells",
    "_only_text",
    "_read_columnwise",
    "arrow_cells",
    "detect_encoding",
    "read_sheets",
]


# fastexcel logs a warning for every column with nothing below its header.
logging.getLogger("fastexcel").setLevel(logging.ERROR)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def _read_excel(content: bytes, fmt: str, limits: UploadSettings) -> list[Sheet]:
    # The scan for error cells, merges and the used range inflates the sheets again: in a
    # thread, beside the parse (calamine releases the GIL while it parses).
    errors: dict[str, dict[tuple[int, int], str]] | None = None
    percents: dict[str, set[tuple[int, int]]] = {}
    scan = None
    if fmt != "xlsx":  # an .xls: its error cells by fastexcel, beside calamine's parse
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xls-errors")
        scan = pool.submit(_xls_error_cells, content)
        pool.shutdown(wait=False)
    else:
        # Both in threads: the column-wise load, and the scan that says whether its result
        # can be taken (a title merged over the top row, an error cell: it cannot, and the
        # cell-by-cell read starts without waiting for the load).
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlsx-read")
        scan = pool.submit(_scan_sheets, content)
        load = pool.submit(_load_columnwise, content)
        pool.shutdown(wait=False)
        scans = scan.result()
        if scans and all(found.columnwise for found in scans.values()):
            fast = _read_columnwise(load.result(), scans, limits)
            if fast is not None:
                return fast
        errors = {name: found.errors for name, found in scans.items()}
        percents = {name: found.percent for name, found in scans.items()}
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except python_calamine.PasswordError:
        raise IngestError(Problem("password")) from None
    except Exception:
        # An encrypted xlsx is an OLE2 container calamine cannot open as xls.
        raise IngestError(Problem("password" if fmt == "xls_or_encrypted" else "corrupt")) from None
    sheets = []
    try:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            _check_size(sheet.width, sheet.height, limits)
            rows = sheet.to_python(skip_empty_area=False)
            if errors is None:
                errors = scan.result() if scan is not None else {}
            for (r, c), value in errors.get(str(name), {}).items():
                if r < len(rows) and c < len(rows[r]) and rows[r][c] == "":
                    rows[r][c] = ExcelError(value)
            _as_displayed(rows, percents.get(str(name), set()))
            _fill_merged_down(rows, sheet)
            sheets.append(Sheet(str(name), rows, "xls" if fmt != "xlsx" else "xlsx"))
    except IngestError:
        raise
    except Exception:
        raise IngestError(Problem("corrupt")) from None
    return sheets


def read_sheets(content: bytes, filename: str, limits: UploadSettings) -> list[Sheet]:
    """Every sheet of the file as raw rows. Raises IngestError for what cannot be read."""
    if not content.removeprefix(b"\xef\xbb\xbf").strip():  # nothing, or only a BOM
        raise IngestError(Problem("empty_file"))
    if len(content) > limits.max_file_mb * 1024 * 1024:
        raise IngestError(Problem("file_too_large", params={"mb": f"{limits.max_file_mb:g}"}))
    if content.startswith(ZIP_MAGIC):
        _check_zip(content, limits)
        return _read_excel(content, "xlsx", limits)
    if content.startswith(OLE2_MAGIC):
        # Either a real .xls, or an xlsx encrypted with a password (also an OLE2 container).
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in content:
            raise IngestError(Problem("password"))
        return _read_excel(content, "xls", limits)
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm", ".xls")):
        raise IngestError(Problem("corrupt"))
    return [_read_text(content, limits)]
