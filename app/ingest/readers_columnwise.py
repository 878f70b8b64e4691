"""The column-wise read of an xlsx: every sheet loaded into Arrow by ``fastexcel``, and taken
only where it gives the very cells (and row numbers) the cell-by-cell read gives."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import fastexcel
import pyarrow
import pyarrow.compute

from app.ingest.readers_limits import _check_size
from app.ingest.readers_scan import _SheetScan
from app.ingest.readers_sheet import HEAD_ROWS, Sheet, arrow_cells
from app.settings import UploadSettings

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
