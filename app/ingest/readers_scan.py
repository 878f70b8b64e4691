"""The scan of an xlsx's XML for what calamine's cells do not tell: cells holding an Excel
error, merged ranges, the used range a sheet states, whether its first row is only text, and
number cells shown as a percentage."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

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
