"""Reading files as they really arrive: xlsx/xls from Excel or WPS, CSV in UTF-8, UTF-8 with
BOM or GBK/GB18030, comma or tab separated. Output: sheets as raw grids of cells.

An xlsx sheet whose columns each hold one kind of cell below its first row (a clean export:
texts, numbers, dates) is read column-wise into Arrow by ``fastexcel`` (calamine underneath, no
Python object per cell); any other sheet (title rows above the header, a column mixing numbers
and text, error cells, cells merged down a column) cell by cell by ``python-calamine``. Both
give the same cells: the column-wise read is only taken where it is exact."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import fastexcel
import pyarrow
import pyarrow.compute
import python_calamine

from app.ingest.problems import IngestError, Problem
from app.ingest.values import ExcelError
from app.settings import UploadSettings

# fastexcel logs a warning for every column with nothing below its header.
logging.getLogger("fastexcel").setLevel(logging.ERROR)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


HEAD_ROWS = 30  # the rows the header is looked for in


@dataclass
class Sheet:
    name: str
    # Cells as read: str, float, int, bool, date, datetime or "". Every row; for a sheet read
    # column-wise (``body`` set) only the first HEAD_ROWS.
    rows: list[list[Any]]
    source_format: str  # "xlsx", "xls" or "csv"
    encoding: str | None = None
    body: pyarrow.RecordBatch | None = None  # column-wise: the rows from ``body_start`` down
    body_start: int = 0  # 0-based sheet row of the body's first row
    first_column: int = 0  # 0-based sheet column of the body's first column

    def all_rows(self) -> list[list[Any]]:
        """Every row as cells (made from the columns for a sheet read column-wise)."""
        if self.body is None:
            return self.rows
        lead = [""] * self.first_column
        columns = [arrow_cells(column) for column in self.body.columns]
        body = [lead + list(row) for row in zip(*columns, strict=True)] if columns else []
        return [list(r) for r in self.rows[: self.body_start]] + body


def arrow_cells(column: pyarrow.Array) -> list[Any]:
    """A column read into Arrow as calamine gives its cells: "" for an empty cell, a date for
    a date-time at midnight."""
    values = column.to_pylist()
    if pyarrow.types.is_timestamp(column.type):
        midnight = dt.time()
        values = [v.date() if v is not None and v.time() == midnight else v for v in values]
    return ["" if v is None else v for v in values]


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
    if "\r" in text and "\n" not in text:  # an old Mac file: CR alone ends every line
        text = text.replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error:  # a line break (a bare CR) inside a field that is not quoted
        raise IngestError(Problem("csv_broken_line", row=reader.line_num)) from None
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
    _check_shared_strings(archive, limits)


def _check_shared_strings(archive: zipfile.ZipFile, limits: UploadSettings) -> None:
    """No shared string longer than a cell may hold: one such string used by many cells is
    expanded once per cell (a 1 MB string in 1,000 cells is a GB of text), so it is refused
    before any cell is read. Streamed: the table is never held whole."""
    try:
        info = archive.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return
    with archive.open(info) as fh:
        try:
            for _, element in ElementTree.iterparse(fh, events=("end",)):
                if element.tag.rpartition("}")[2] != "si":
                    continue
                length = sum(
                    len(t.text or "") for t in element.iter() if t.tag.rpartition("}")[2] == "t"
                )
                element.clear()
                if length > limits.max_cell_chars:
                    raise IngestError(
                        Problem("cell_too_long", params={"max": limits.max_cell_chars})
                    )
        except ElementTree.ParseError:
            raise IngestError(Problem("corrupt")) from None


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


# calamine's error kinds (fastexcel names them) as Excel shows them.
_ERROR_TEXT = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_ERROR_KIND = re.compile(r"Error\((\w+)\)")


def _xls_error_cells(content: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Cells of an .xls holding an Excel error, by sheet name and 0-based (row, column):
    python-calamine reads them as empty; fastexcel, asked for every cell as text, names
    each one it could not make text. Anything unexpected leaves the cells as calamine read
    them."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    try:
        reader = fastexcel.read_excel(content)
        for name in reader.sheet_names:
            try:
                sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            except Exception:  # an empty sheet
                continue
            places = [c.absolute_index for c in sheet.available_columns()]
            _, cell_errors = sheet.to_arrow_with_errors()
            cells: dict[tuple[int, int], str] = {}
            for error in cell_errors.errors if cell_errors is not None else []:
                kind = _ERROR_KIND.search(error.detail)
                if kind is None:
                    continue
                row, column = error.position
                cells[(row, places[column])] = _ERROR_TEXT.get(kind.group(1), "#ERROR")
            if cells:
                found[name] = cells
    except Exception:  # pragma: no cover - a file calamine reads and fastexcel does not
        return {}
    return found


def _check_size(width: int, height: int, limits: UploadSettings) -> None:
    if width > limits.max_columns:
        raise IngestError(Problem("too_many_columns", params={"max": limits.max_columns}))
    if height > limits.max_rows + 50:
        raise IngestError(Problem("too_many_rows", params={"max": limits.max_rows}))


# Cells fastexcel reads into Arrow as calamine reads them one by one (a duration differs).
_COLUMNWISE_TYPES = {"string", "float", "int", "boolean", "datetime", "date", "null"}
_DEDUPLICATED = re.compile(r"^(.*)_(\d+)$")


_FIRST_DATE = dt.datetime(1900, 1, 1)
_LAST_DATE = dt.datetime(9999, 12, 31)


def _dates_readable(column: pyarrow.Array) -> bool:
    """A date column fastexcel read as calamine reads it: from serial 1 (1900-01-01) on.
    Below (a time of day, 0) calamine gives a time; past 9999 a number; fastexcel a date
    in 1899 or one Python cannot hold."""
    kind = column.type
    if not (pyarrow.types.is_timestamp(kind) or pyarrow.types.is_date(kind)):
        return True
    if column.null_count == len(column):
        return True
    bounds = pyarrow.compute.min_max(column)
    low, high = bounds["min"].value, bounds["max"].value
    first = pyarrow.scalar(_FIRST_DATE, type=pyarrow.timestamp("s")).cast(kind).value
    last = pyarrow.scalar(_LAST_DATE, type=pyarrow.timestamp("s")).cast(kind).value
    return first <= low and high <= last


def _load_columnwise(content: bytes) -> list[tuple[str, list[Any], pyarrow.RecordBatch]] | None:
    """Every sheet of an xlsx loaded column-wise by fastexcel, or None where one cannot be."""
    try:
        reader = fastexcel.read_excel(content)
        loaded = []
        for name in reader.sheet_names:
            # Row 0 of the used range is the header; below it every column one kind of cell
            # ("strict": a column mixing numbers and text raises, and goes cell by cell).
            sheet = reader.load_sheet(
                name, header_row=0, schema_sample_rows=None, dtype_coercion="strict"
            )
            columns = sheet.available_columns()
            if not columns or any(c.dtype not in _COLUMNWISE_TYPES for c in columns):
                return None
            loaded.append((name, columns, sheet.to_arrow()))
    except Exception:  # anything fastexcel refuses (also an empty sheet): cell by cell
        return None
    return loaded


def _read_columnwise(
    loaded: list[tuple[str, list[Any], pyarrow.RecordBatch]] | None,
    scans: dict[str, _SheetScan],
    limits: UploadSettings,
) -> list[Sheet] | None:
    """The sheets loaded column-wise, or None where one cannot be taken (the caller then reads
    the file cell by cell): the column-wise read must give the very cells (and the very row
    numbers) the cell-by-cell read gives."""
    if loaded is None:
        return None
    sheets = []
    for name, columns, batch in loaded:
        found = scans.get(name)
        if found is None or not found.columnwise or found.used is None:
            return None
        top, bottom = found.used
        # The used range as the sheet's XML states it must be what fastexcel read: then
        # ``top`` is the header's sheet row, and every row number below it is exact.
        if bottom - top != batch.num_rows:
            return None
        places = [c.absolute_index for c in columns]
        if places != list(range(places[0], places[0] + len(places))):
            return None
        header: list[Any] = []
        looked_up = {c.name for c in columns if c.column_name_from == "looked_up"}
        for c in columns:
            if c.column_name_from != "looked_up":
                header.append("")
                continue
            renamed = _DEDUPLICATED.match(c.name)
            if renamed and renamed.group(1) in looked_up:  # a repeated header, renamed
                return None
            header.append(c.name)
        if not all(_dates_readable(column) for column in batch.columns):
            return None
        _check_size(len(places), bottom - top + 1, limits)  # the used range, as calamine
        lead = [""] * places[0]
        head = batch.slice(0, max(0, HEAD_ROWS - top - 1))
        head_columns = [arrow_cells(column) for column in head.columns]
        width = places[0] + len(places)
        rows: list[list[Any]] = [[""] * width for _ in range(top)]
        rows.append(lead + header)
        rows.extend(lead + list(row) for row in zip(*head_columns, strict=True))
        # Every field nullable (fastexcel marks an empty column's null-type field otherwise,
        # which Arrow cannot rebuild when the sheet crosses from the reading worker).
        schema = pyarrow.schema([field.with_nullable(True) for field in batch.schema])
        batch = pyarrow.RecordBatch.from_arrays(batch.columns, schema=schema)
        sheets.append(
            Sheet(name, rows, "xlsx", body=batch, body_start=top + 1, first_column=places[0])
        )
    return sheets


# Every pattern over a file's XML is linear in the file: each match starts at a "<" and looks
# at a bounded number of bytes (a tag's attributes at most _ATTRIBUTES), so no input can make
# a scan go back over the sheet again and again.
_ATTRIBUTES = rb"[^<>]{0,4000}"
_SHEET = re.compile(rb"<(?:\w{1,20}:)?sheet\b(" + _ATTRIBUTES + rb")>")
_RELATIONSHIP = re.compile(rb"<(?:\w{1,20}:)?Relationship\b(" + _ATTRIBUTES + rb")>")
_CELL_START = re.compile(rb"<(?:\w{1,20}:)?c\b(" + _ATTRIBUTES + rb")>")
_ROW_START = re.compile(rb"<(?:\w{1,20}:)?row\b(" + _ATTRIBUTES + rb")>")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_CELL_VALUE = re.compile(rb"<(?:\w{1,20}:)?v>([^<]{0,4000})</(?:\w{1,20}:)?v>")
_CELL_END = re.compile(rb"</(?:\w{1,20}:)?(?:c|row)>")


def _attribute(attributes: bytes, name: bytes) -> str | None:
    found = re.search(rb"(?:^|\s)" + name + rb'="([^"]*)"', attributes[:4000])
    return html.unescape(found.group(1).decode("utf-8")) if found else None


@dataclass
class _SheetScan:
    errors: dict[tuple[int, int], str]  # cells holding an Excel error, by 0-based (row, column)
    merged_down: bool  # a cell merged down a column
    merged_top: bool  # a title merged across columns in the used range's first row
    used: tuple[int, int] | None  # the used range's first and last 0-based rows, as stated
    text_top: bool  # every cell of the used range's first row text or empty
    percent: set[tuple[int, int]] = field(default_factory=set)  # number cells shown as a %

    @property
    def columnwise(self) -> bool:
        """Whether a column-wise read of the sheet can be taken at all: fastexcel takes the
        first row as column names (a number, date or true there would not be the cell)."""
        return (
            not (self.errors or self.merged_down or self.merged_top or self.percent)
            and self.used is not None
            and self.text_top
        )


_DIMENSION = re.compile(
    rb'<(?:\w{1,20}:)?dimension\b[^<>]{0,4000}?\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"'
)
_MERGE = re.compile(
    rb'<(?:\w{1,20}:)?mergeCell\b[^<>]{0,4000}?\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"'
)


_NUMBER_FORMAT = re.compile(rb"<(?:\w{1,20}:)?numFmt\b(" + _ATTRIBUTES + rb")>")
_CELL_XFS_START = re.compile(rb"<(?:\w{1,20}:)?cellXfs\b")
_CELL_XFS_END = re.compile(rb"</(?:\w{1,20}:)?cellXfs>")
_XF = re.compile(rb"<(?:\w{1,20}:)?xf\b(" + _ATTRIBUTES + rb")>")
_PERCENT_BUILTIN = {9, 10}  # 0%, 0.00%
_QUOTED = re.compile(r'"[^"]{0,255}"|\\.|\[[^\]]{0,255}\]')


def _percent_styles(archive: zipfile.ZipFile, members: set[str]) -> set[int]:
    """The cell styles (indexes into cellXfs) whose number format shows a number as a
    percentage (0.315 as 31.5%): Excel's built-in 9 and 10, and any format with a % sign
    outside quotes."""
    if "xl/styles.xml" not in members:
        return set()
    styles = archive.read("xl/styles.xml")
    percent_formats = set(_PERCENT_BUILTIN)
    for match in _NUMBER_FORMAT.finditer(styles):
        number, code = (
            _attribute(match.group(1), b"numFmtId"),
            _attribute(match.group(1), b"formatCode"),
        )
        if number and number.isdigit() and code and "%" in _QUOTED.sub("", code[:255]):
            percent_formats.add(int(number))
    # The first <cellXfs> and its end, each found once (a lazy match to the end from every
    # unclosed start would go over the file again and again).
    start = _CELL_XFS_START.search(styles)
    end = _CELL_XFS_END.search(styles, start.end()) if start else None
    if start is None or end is None:
        return set()
    found = set()
    for index, xf in enumerate(_XF.finditer(styles, start.end(), end.start())):
        number = _attribute(xf.group(1), b"numFmtId")
        if number and number.isdigit() and int(number) in percent_formats:
            found.add(index)
    return found


def _percent_cells(xml: bytes, styles: set[int]) -> set[tuple[int, int]]:
    """Number cells (0-based row, column) whose style shows them as a percentage."""
    wanted = {str(s) for s in styles}
    cells = set()
    for attributes, content in _cells(xml):
        if _attribute(attributes, b"s") not in wanted or _attribute(attributes, b"t") not in (
            None,
            "n",
        ):
            continue
        ref = _REF.search(attributes)
        if ref is not None and (b"<v" in content or b":v" in content):
            cells.add((int(ref.group(2)) - 1, _column(ref.group(1)) - 1))
    return cells


def _scan_sheets(content: bytes) -> dict[str, _SheetScan]:
    """What calamine's cells do not tell, by sheet name: cells holding an Excel error
    (#DIV/0!, #N/A…: calamine reads them as empty, which would say "required value empty"
    about a cell the clerk sees #DIV/0! in), whether a cell is merged down a column, and the
    used range the sheet states. Anything unexpected leaves a sheet out (it is then read
    cell by cell, its cells as calamine reads them)."""
    found: dict[str, _SheetScan] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = set(archive.namelist())
            percent_styles = _percent_styles(archive, members)
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
                if name is None or path not in members:
                    continue
                has_error, merges, used, text_top = _stream_sheet(archive, path)
                cells = _error_cells(archive.read(path)) if has_error else {}
                percent = (
                    _percent_cells(archive.read(path), percent_styles) if percent_styles else set()
                )
                down = any(left == right and first != last for first, left, last, right in merges)
                top = used[0] if used else -1
                across = any(left != right and first == top for first, left, last, right in merges)
                found[name] = _SheetScan(cells, down, across, used, text_top, percent)
    except Exception:  # pragma: no cover - a shape calamine reads and this scan does not
        return {}
    return found


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _stream_sheet(
    archive: zipfile.ZipFile, path: str
) -> tuple[bool, set[tuple[int, int, int, int]], tuple[int, int] | None, bool]:
    """One pass over a worksheet's XML: an error cell in it, its merged ranges (0-based first
    row, first column, last row, last column), the used range its <dimension> states (first
    and last 0-based rows), and whether that range's first row holds only text."""
    marker, tail = b't="e"', b""
    has_error = text_top = False
    merges: set[tuple[int, int, int, int]] = set()
    used = None
    with archive.open(path) as fh:
        first = True
        while chunk := fh.read(1024 * 1024):
            window = tail + chunk
            if first:
                first = False
                dimension = _DIMENSION.search(window)
                if dimension is not None:
                    top = int(dimension.group(2)) - 1
                    bottom = int(dimension.group(4)) - 1 if dimension.group(4) else top
                    used = (top, bottom)
                    text_top = _only_text(window, top)
            has_error = has_error or marker in window
            if b"mergeCell" in window:
                for merge in _MERGE.finditer(window):
                    merges.add(
                        (
                            int(merge.group(2)) - 1,
                            _column(merge.group(1)) - 1,
                            int(merge.group(4)) - 1,
                            _column(merge.group(3)) - 1,
                        )
                    )
            tail = chunk[-256:]
    return has_error, merges, used, text_top


_TEXT_TYPES = {"s", "str", "inlineStr"}


def _cells(xml: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[bytes, bytes]]:
    """Each cell of ``xml[start:end]`` as its attributes and its content (up to its closing
    tag; nothing for a cell closed in its own tag). Linear in the text: every cell's content
    is looked for only up to the next cell."""
    end = len(xml) if end is None else end
    previous = None
    for match in _CELL_START.finditer(xml, start, end):
        if previous is not None:
            yield _cell(xml, previous, match.start())
        previous = match
    if previous is not None:
        yield _cell(xml, previous, end)


def _cell(xml: bytes, match: re.Match[bytes], next_start: int) -> tuple[bytes, bytes]:
    attributes = match.group(1)
    if attributes.endswith(b"/"):
        return attributes[:-1], b""
    closing = _CELL_END.search(xml, match.end(), next_start)
    return attributes, xml[match.end() : closing.start() if closing else next_start]


def _error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Cells holding an Excel error, by 0-based (row, column): the error text they show."""
    cells: dict[tuple[int, int], str] = {}
    for attributes, content in _cells(xml):
        if _attribute(attributes, b"t") != "e":
            continue
        ref, value = _REF.search(attributes), _CELL_VALUE.search(content)
        if ref is None or value is None:
            continue
        text = html.unescape(value.group(1).decode("utf-8")).strip()
        cells[(int(ref.group(2)) - 1, _column(ref.group(1)) - 1)] = text or "#ERROR"
    return cells


def _only_text(xml: bytes, row: int) -> bool:
    """Whether every cell of 0-based ``row`` (found in ``xml``) is text or holds nothing."""
    wanted = str(row + 1)
    for start in _ROW_START.finditer(xml):
        if _attribute(start.group(1), b"r") == wanted:
            break
    else:
        return False
    if start.group(1).endswith(b"/"):
        return True
    end = re.compile(rb"</(?:\w{1,20}:)?row>").search(xml, start.end())
    if end is None:
        return False
    for attributes, content in _cells(xml, start.end(), end.start()):
        holds = b"<v" in content or b"<is" in content or b":v" in content or b":is" in content
        if holds and _attribute(attributes, b"t") not in _TEXT_TYPES:
            return False
    return True


def _as_displayed(rows: list[list[Any]], percent: set[tuple[int, int]]) -> None:
    """A number shown as a percentage is read as the clerk sees it: 0.315 in a 0.0% cell is
    31.5 (as the text "31.5%" is), never the fraction the clerk did not see."""
    for r, c in percent:
        if r < len(rows) and c < len(rows[r]):
            value = rows[r][c]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                shown = float(Decimal(repr(value)) * 100)
                rows[r][c] = int(shown) if shown.is_integer() and isinstance(value, int) else shown


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
