"""The cells of the cell-by-cell read made what the clerk sees in Excel: the error cells of an
.xls, numbers shown as a percentage, and cells merged down a column."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import fastexcel

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
