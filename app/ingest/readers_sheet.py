"""A sheet as read: its name, its rows as raw grids of cells, and for a sheet read column-wise
its body as Arrow columns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pyarrow

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
