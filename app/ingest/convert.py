"""Sheet cells → typed columns: which rows hold data, each known column's distinct cells
parsed once and spread over the rows, then the columns as a typed frame."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow

from app.i18n import enum_label
from app.ingest import values as cells
from app.ingest.headers import HeaderMatch, normalise_header
from app.ingest.problems import IngestError, Problem
from app.ingest.readers import Sheet, arrow_cells
from schemas import Dataset

TOTAL_MARKERS = {"合计", "总计", "小计", "total", "sum"}


# Column name → the i18n enumeration kind of its labels.
_ENUM_KINDS = {"level": "level", "category": "category", "stage": "stage", "item": "item"}


def _enum_kind(dataset: Dataset, column: str) -> str:
    if dataset.name == "projects" and column == "level":
        return "project_level"
    return _ENUM_KINDS.get(column, column)


def _code_columns(dataset: Dataset) -> set[str]:
    """Columns holding codes (folded to half-width); other text columns are free text."""
    names = set(dataset.key) | {column for column, _, _ in dataset.references}
    return names | {c for c in dataset.column_names if c.endswith(("_code", "_id"))}


def _distinct_floats(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of float cells, told apart by their bits (-0.0 is not 0.0;
    a NaN is an empty cell)."""
    codes, found_bits = pd.factorize(values.view(np.int64), use_na_sentinel=False)
    return codes, found_bits.view(np.float64)


class _Column:
    """A sheet column's distinct cells: ``codes[i]`` indexes ``uniques`` for row ``i``. Equal
    cells of the same type share a code (``1 == 1.0 == True`` in Python, not here), so each
    distinct cell is read once: a sheet repeats codes, months and enumerations thousands of
    times. ``groups`` holds each type's range in ``uniques``; ``numbers`` the float cells'
    distinct values as an array, by the start of their range."""

    def __init__(self, values: list[Any]) -> None:
        self.codes = np.zeros(len(values), dtype=np.int64)
        self.uniques: list[Any] = []
        self.groups: list[tuple[type, int, int]] = []
        self.numbers: dict[int, np.ndarray] = {}
        kinds = set(map(type, values))
        if len(kinds) <= 1:
            parts = [(kind, None, values) for kind in kinds]
        else:
            array = np.empty(len(values), dtype=object)
            array[:] = values
            kind_codes, kind_list = pd.factorize(np.array(list(map(type, values)), dtype=object))
            parts = []
            for k, kind in enumerate(kind_list):
                where = np.flatnonzero(kind_codes == k)
                parts.append((kind, where, array[where].tolist()))
        for kind, where, part in parts:
            start = len(self.uniques)
            if kind is float:
                sub_codes, found = _distinct_floats(np.array(part, dtype=float))
                self.numbers[start] = found
                distinct = found.tolist()
            elif kind is type(None):
                sub_codes, distinct = np.zeros(len(part), dtype=np.int64), [None]
            else:
                seen: dict[Any, int] = {}
                try:
                    sub_codes = np.array(
                        [seen.setdefault(v, len(seen)) for v in part], dtype=np.int64
                    )
                    distinct = list(seen)
                except TypeError:  # an unhashable cell: each one its own
                    sub_codes, distinct = np.arange(len(part), dtype=np.int64), list(part)
            if where is None:
                self.codes = sub_codes.astype(np.int64, copy=False) + start
            else:
                self.codes[where] = sub_codes + start
            self.uniques.extend(distinct)
            self.groups.append((kind, start, len(self.uniques)))

    @classmethod
    def from_arrow(cls, array: pyarrow.Array) -> _Column:
        """The same from a column read into Arrow (an empty cell is null there, "" in a row):
        texts by Arrow's dictionary encoding, numbers by their bits, no Python object a row."""
        kind = array.type
        if pyarrow.types.is_string(kind) or pyarrow.types.is_large_string(kind):
            encoded = array.dictionary_encode()
            indices = encoded.indices
            uniques = encoded.dictionary.to_pylist()
            if indices.null_count:
                indices = indices.fill_null(len(uniques))
                uniques.append("")
            column = cls([])
            column.codes = indices.to_numpy().astype(np.int64)
            column.uniques = uniques
            column.groups = [(str, 0, len(uniques))]
            return column
        if pyarrow.types.is_float64(kind):
            values = array.to_numpy(zero_copy_only=False)  # nulls: NaN, an empty cell
            column = cls([])
            codes, found = _distinct_floats(values)
            column.codes = codes.astype(np.int64, copy=False)
            column.numbers = {0: found}
            column.uniques = found.tolist()
            column.groups = [(float, 0, len(found))]
            return column
        return cls(arrow_cells(array))

    def blanks(self) -> tuple[np.ndarray, np.ndarray]:
        """For each distinct cell: is it empty, and does it mark a total row (合计…)."""
        empty = np.zeros(len(self.uniques), dtype=bool)
        marker = np.zeros(len(self.uniques), dtype=bool)
        for kind, start, stop in self.groups:
            if kind is float:
                empty[start:stop] = np.isnan(self.numbers[start])
                continue
            if kind is int:
                continue
            for i in range(start, stop):
                shown = cells.text(self.uniques[i])
                empty[i] = shown == ""
                # Only a text holding a marker's word can normalise to one (a cheap test
                # first: a province sheet has thousands of distinct codes and names).
                compact = "".join(shown.lower().split())
                if "计" in compact or "total" in compact or "sum" in compact:
                    marker[i] = normalise_header(shown) in TOTAL_MARKERS
        return empty, marker


def _convert(
    sheet: Sheet, header: HeaderMatch, dataset: Dataset, limits_rows: int
) -> tuple[dict[str, Any], list[int], list[Problem], list[Problem]]:
    """Typed column values for every data row, the Excel row numbers, problems, notices.

    Column by column over distinct cells (numpy does the rows): which rows hold data (not
    empty, not a 合计 row, not only in columns the dataset does not know), then each known
    column's distinct cells parsed once and spread over the rows."""
    problems: list[Problem] = []
    notices: list[Problem] = []
    positions = sorted(header.columns.items())
    specs = {c.name: c for c in dataset.columns}
    code_columns = _code_columns(dataset)
    enum_tables = {
        c.name: {
            **{normalise_header(v): v for v in c.enum},
            **{
                normalise_header(enum_label(_enum_kind(dataset, c.name), v, lang)): v
                for v in c.enum
                for lang in ("zh", "en")
            },
        }
        for c in dataset.columns
        if c.enum
    }

    def parser(name: str) -> tuple[Any, str]:
        """How the cells of column ``name`` are read, and what a bad one was expected to be."""
        spec = specs.get(name)
        kind = spec.type if spec else "float"
        if name == "period":
            return cells.period, "period"
        if spec is not None and spec.enum:
            table = enum_tables[name]

            def enum(raw: Any) -> Any:
                key = normalise_header(raw)
                return None if key == "" else table.get(key, cells.MISSING)

            return enum, "enum"
        if kind == "str" and name in code_columns:
            return cells.code, "code"
        if kind == "str":
            return cells.free_text, "text"
        if kind == "float":
            return cells.number, "number"
        if kind == "int":
            return cells.integer, "integer"
        if kind == "bool":
            return cells.boolean, "bool"
        return cells.date, "date"

    first_row = header.header_row + 2  # the Excel row number of the first row below
    wanted = max((pos + 1 for pos, _ in positions), default=0)
    if sheet.body is not None:  # read column-wise: the cells are Arrow columns already
        batch = sheet.body.slice(header.header_row + 1 - sheet.body_start)
        count = batch.num_rows
        sheet_columns = [_Column([""] * count) for _ in range(sheet.first_column)]
        sheet_columns.extend(_Column.from_arrow(column) for column in batch.columns)
    else:
        body = sheet.rows[header.header_row + 1 :]
        widths = set(map(len, body))
        if len(widths) > 1:  # short rows (a CSV's) padded
            longest = max(widths)
            body = [
                row if len(row) == longest else [*row, *[""] * (longest - len(row))] for row in body
            ]
        grid = [[row[place] for row in body] for place in range(max(widths, default=0))]
        sheet_columns = [_Column(values) for values in grid]
        count = len(body)
    sheet_columns.extend(_Column([""] * count) for _ in range(max(0, wanted - len(sheet_columns))))
    width = len(sheet_columns)
    filled = np.zeros((count, width), dtype=bool)
    markers = np.zeros((count, width), dtype=bool)
    for place, column in enumerate(sheet_columns):
        empty, marker = column.blanks()
        filled[:, place] = ~empty[column.codes]
        markers[:, place] = marker[column.codes]
    has_data = filled.any(axis=1) if width else np.zeros(count, dtype=bool)
    first = filled.argmax(axis=1) if width else np.zeros(count, dtype=np.int64)
    total = has_data & markers[np.arange(count), first] if width else has_data
    for index in np.flatnonzero(total):
        notices.append(Problem("total_row_skipped", row=int(index) + first_row))
    places = [pos for pos, _ in positions]
    known = filled[:, places].any(axis=1) if places else np.zeros(count, dtype=bool)
    kept = np.flatnonzero(has_data & ~total & known)
    if len(kept) > limits_rows:
        raise IngestError(Problem("too_many_rows", params={"max": limits_rows}))
    excel_rows = (kept + first_row).tolist()

    columns: dict[str, Any] = {}
    for pos, name in positions:
        spec = specs.get(name)
        convert, expected = parser(name)
        column = sheet_columns[pos]
        codes = column.codes[kept]
        size = len(column.uniques)
        bad = np.zeros(size, dtype=bool)  # unreadable: a problem for each of its cells
        errors = np.zeros(size, dtype=bool)  # #DIV/0!, #N/A…: not data, whatever the type
        numeric = expected == "number"
        parsed: Any = np.full(size, np.nan) if numeric else np.full(size, None, dtype=object)
        for kind, start, stop in column.groups:
            if kind is cells.ExcelError:
                errors[start:stop] = True
                continue
            if numeric and kind is float:  # amounts: already numbers (NaN: empty)
                parsed[start:stop] = column.numbers[start]
                continue
            for i in range(start, stop):
                value = convert(column.uniques[i])
                if value is cells.MISSING:
                    bad[i] = True
                elif value is not None:
                    parsed[i] = value
        if expected == "date":
            stamps = pd.to_datetime(pd.Series(parsed, dtype=object)).astype("datetime64[ns]")
            columns[name] = stamps.to_numpy()[codes]
        elif not numeric and all(v is None or type(v) is str for v in parsed):
            # Text (codes, months, names): pandas' string column straight from Arrow.
            text = pyarrow.array(parsed, type=pyarrow.string(), from_pandas=True).take(codes)
            columns[name] = pd.Series(text.to_pandas(types_mapper=_TEXT_TYPES.get))
        else:
            columns[name] = parsed[codes]
        for row in np.flatnonzero(errors[codes] | bad[codes]):
            raw = column.uniques[codes[row]]
            excel_row = excel_rows[row]
            if errors[codes[row]]:
                problems.append(
                    Problem(
                        "excel_error", row=excel_row, column=header.headers[name], value=str(raw)
                    )
                )
                continue
            params: dict[str, Any] = {}
            if expected == "enum" and spec is not None and spec.enum:
                params["options"] = "、".join(
                    enum_label(_enum_kind(dataset, name), v, "zh") for v in spec.enum
                )
                params["options_en"] = ", ".join(spec.enum)
            problem = f"bad_{expected}"
            if expected == "code" and len(cells.text(raw)) > cells.MAX_CODE_LENGTH:
                problem, params["max"] = "code_too_long", cells.MAX_CODE_LENGTH
            problems.append(
                Problem(
                    problem,
                    row=excel_row,
                    column=header.headers[name],
                    value=cells.text(raw),
                    params=params,
                )
            )
    return columns, excel_rows, problems, notices


_TEXT_TYPES = {pyarrow.string(): pd.StringDtype("pyarrow", na_value=np.nan)}


def _typed_frame(columns: dict[str, Any], dataset: Dataset) -> pd.DataFrame:
    # Object columns stay object (pandas would otherwise infer its string dtype, then back).
    frame = pd.DataFrame(
        {
            name: values
            if isinstance(values, pd.Series)
            else pd.Series(values, dtype=object if np.asarray(values).dtype == object else None)
            for name, values in columns.items()
        }
    )
    for spec in dataset.columns:
        if spec.name not in frame.columns:
            continue
        if spec.type == "date":
            frame[spec.name] = pd.to_datetime(frame[spec.name]).astype("datetime64[ns]")
        elif spec.type == "int":
            frame[spec.name] = pd.array(frame[spec.name], dtype="Int64")
        elif spec.type == "float":
            frame[spec.name] = pd.to_numeric(frame[spec.name]).astype("float64")
        elif spec.type == "bool":
            frame[spec.name] = pd.array(frame[spec.name], dtype="boolean")
        elif not isinstance(frame[spec.name].dtype, pd.StringDtype):
            frame[spec.name] = frame[spec.name].astype(object)
    if "ytd" in frame.columns:
        frame["ytd"] = pd.to_numeric(frame["ytd"]).astype("float64")
    return frame
