"""Reading files as they really arrive: xlsx/xls from Excel or WPS, CSV in UTF-8, UTF-8 with
BOM or GBK/GB18030, comma or tab separated. Output: sheets as raw grids of cells."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import python_calamine

from app.ingest.problems import IngestError, Problem
from app.ingest.values import ExcelError
from app.settings import UploadSettings

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # cells as read: str, float, int, bool, date, datetime or ""
    source_format: str  # "xlsx", "xls" or "csv"
    encoding: str | None = None


def detect_encoding(content: bytes) -> str:
    """BOM first, then strict UTF-8, then GB18030 (a superset of GBK, as WPS saves)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        content.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise IngestError(Problem("encoding")) from None


def _read_text(content: bytes, limits: UploadSettings) -> Sheet:
    encoding = detect_encoding(content)
    text = content.decode(encoding)
    if "\x00" in text:
        raise IngestError(Problem("binary"))
    sample = "\n".join(text.splitlines()[:30])
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    # A long cell is the clerk's to fix (the row's problem names it), not a crash: the csv
    # module's own limit (128 KiB a field) is lifted up to the size of the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if max((len(r) for r in rows), default=0) > limits.max_columns:
        raise IngestError(Problem("too_many_columns", params={"max": limits.max_columns}))
    return Sheet("csv", [list(r) for r in rows], "csv", encoding)


def _check_zip(content: bytes, limits: UploadSettings) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        raise IngestError(Problem("corrupt")) from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_mb * 1024 * 1024:
        raise IngestError(Problem("zip_bomb", params={"mb": int(limits.max_uncompressed_mb)}))
    compressed = sum(i.compress_size for i in infos) or 1
    if total / compressed > 200 and total > 20 * 1024 * 1024:
        raise IngestError(Problem("zip_bomb", params={"mb": int(limits.max_uncompressed_mb)}))


def _read_excel(content: bytes, fmt: str, limits: UploadSettings) -> list[Sheet]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except python_calamine.PasswordError:
        raise IngestError(Problem("password")) from None
    except Exception:
        # An encrypted xlsx is an OLE2 container calamine cannot open as xls.
        raise IngestError(Problem("password" if fmt == "xls_or_encrypted" else "corrupt")) from None
    sheets = []
    # The error-cell scan inflates the sheets again: in a thread, beside calamine's parse.
    scan = None
    if fmt == "xlsx":
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="error-cells")
        scan = pool.submit(_error_cells, content)
        pool.shutdown(wait=False)
    errors: dict[str, dict[tuple[int, int], str]] | None = None
    try:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            if sheet.width > limits.max_columns:
                raise IngestError(Problem("too_many_columns", params={"max": limits.max_columns}))
            if sheet.height > limits.max_rows + 50:
                raise IngestError(Problem("too_many_rows", params={"max": limits.max_rows}))
            rows = sheet.to_python(skip_empty_area=False)
            if errors is None:
                errors = scan.result() if scan is not None else {}
            for (r, c), value in errors.get(str(name), {}).items():
                if r < len(rows) and c < len(rows[r]) and rows[r][c] == "":
                    rows[r][c] = ExcelError(value)
            _fill_merged_down(rows, sheet)
            sheets.append(Sheet(str(name), rows, "xls" if fmt != "xlsx" else "xlsx"))
    except IngestError:
        raise
    except Exception:
        raise IngestError(Problem("corrupt")) from None
    return sheets


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>/]*\bt="e"[^>/]*)>(.*?)</(?:\w+:)?c>', re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _attribute(attributes: bytes, name: bytes) -> str | None:
    found = re.search(rb"(?:^|\s)" + name + rb'="([^"]*)"', attributes)
    return html.unescape(found.group(1).decode("utf-8")) if found else None


def _error_cells(content: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Cells holding an Excel error (#DIV/0!, #N/A…), by sheet name and 0-based (row, column).

    calamine reads them as empty cells, which would say "required value empty" about a cell
    the clerk sees #DIV/0! in. Only a worksheet that holds an error cell (``t="e"``) is
    searched; anything unexpected leaves the cells as calamine read them."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = set(archive.namelist())
            targets = {}
            for match in _RELATIONSHIP.finditer(archive.read("xl/_rels/workbook.xml.rels")):
                rel_id = _attribute(match.group(1), b"Id")
                target = _attribute(match.group(1), b"Target")
                if rel_id and target:  # relative to xl/, or absolute within the package
                    targets[rel_id] = target[1:] if target.startswith("/") else "xl/" + target
            for match in _SHEET.finditer(archive.read("xl/workbook.xml")):
                name = _attribute(match.group(1), b"name")
                rel_id = _attribute(match.group(1), rb"\w+:id")
                path = targets.get(rel_id or "")
                if name is None or path not in members or not _has_error_cell(archive, path):
                    continue
                cells: dict[tuple[int, int], str] = {}
                for cell in _ERROR_CELL.finditer(archive.read(path)):
                    ref, value = _REF.search(cell.group(1)), _CELL_VALUE.search(cell.group(2))
                    if ref is None or value is None:
                        continue
                    column = 0
                    for letter in ref.group(1):
                        column = column * 26 + letter - 64
                    text = html.unescape(value.group(1).decode("utf-8")).strip()
                    cells[(int(ref.group(2)) - 1, column - 1)] = text or "#ERROR"
                found[name] = cells
    except Exception:  # pragma: no cover - a shape calamine reads and this scan does not
        return {}
    return found


def _has_error_cell(archive: zipfile.ZipFile, path: str) -> bool:
    marker, tail = b't="e"', b""
    with archive.open(path) as fh:
        while chunk := fh.read(1024 * 1024):
            if marker in tail + chunk:
                return True
            tail = chunk[-len(marker):]
    return False


def _fill_merged_down(rows: list[list[Any]], sheet: Any) -> None:
    """A cell merged down a column (one 月份 or 乡镇 for several rows) holds its value only in
    the top cell; every row it covers gets it, as the clerk sees it in Excel. Merges across
    columns (titles, notes) are left alone."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # pragma: no cover - a format calamine has no merge data for
        return
    for (top, left), (bottom, right) in ranges:
        if bottom <= top or left != right or top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            if left < len(rows[r]) and rows[r][left] == "":
                rows[r][left] = value


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
