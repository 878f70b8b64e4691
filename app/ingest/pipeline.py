"""The ingest pipeline: read → find header → normalise → validate → diff → commit.

The upload page and ``python -m app ingest`` both call ``prepare`` then ``commit_prepared``;
nothing is written unless the whole file is valid, and then in one atomic commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow

from app.i18n import enum_label, translate
from app.ingest import values as cells
from app.ingest.headers import HeaderMatch, find_header, normalise_header
from app.ingest.isolated import read_sheets_isolated
from app.ingest.problems import IngestError, Problem
from app.ingest.readers import Sheet, arrow_cells
from app.settings import Settings
from app.store import CommitResult, Mode, Store, matches
from schemas import Dataset, get

TOTAL_MARKERS = {"合计", "总计", "小计", "total", "sum"}
EVENT_DATE_COLUMNS = {
    "received_date", "resolved_date", "submitted_date", "survey_date", "start_date", "end_date",
}  # fmt: skip
MAX_PROBLEMS = 1000


@dataclass
class Diff:
    """What a commit would change: rows added, removed, and changed cells (old → new)."""

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # key columns, column, old, new

    @property
    def counts(self) -> dict[str, int]:
        changed_rows = 0
        if not self.changed.empty:
            changed_rows = len(
                self.changed.drop(columns=["column", "old", "new"]).drop_duplicates()
            )
        return {"added": len(self.added), "removed": len(self.removed), "changed": changed_rows}


@dataclass
class Prepared:
    dataset: Dataset
    filename: str
    sha256: str
    frame: pd.DataFrame
    excel_rows: list[int]
    problems: list[Problem]
    notices: list[Problem] = field(default_factory=list)
    mode: Mode = "overwrite"
    where: dict[str, list[Any]] | None = None
    diff: Diff | None = None
    header: HeaderMatch | None = None
    periods: list[str] = field(default_factory=list)
    # The table as the diff read it with its version then, and the stored rows the commit
    # replaces.
    base: tuple[Any, int | None] | None = None
    replaced: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


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
                    sub_codes = np.array([seen.setdefault(v, len(seen)) for v in part], dtype=np.int64)
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
            body = [row if len(row) == longest else [*row, *[""] * (longest - len(row))]
                    for row in body]  # fmt: skip
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
                problems.append(Problem("excel_error", row=excel_row,
                                        column=header.headers[name], value=str(raw)))  # fmt: skip
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
                Problem(problem, row=excel_row, column=header.headers[name],
                        value=cells.text(raw), params=params)
            )  # fmt: skip
    return columns, excel_rows, problems, notices


_TEXT_TYPES = {pyarrow.string(): pd.StringDtype("pyarrow", na_value=np.nan)}


def _typed_frame(columns: dict[str, Any], dataset: Dataset) -> pd.DataFrame:
    # Object columns stay object (pandas would otherwise infer its string dtype, then back).
    frame = pd.DataFrame(
        {
            name: values if isinstance(values, pd.Series)
            else pd.Series(values, dtype=object if np.asarray(values).dtype == object else None)
            for name, values in columns.items()
        }
    )  # fmt: skip
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


_CHECK_CODES = {
    "isin": "bad_enum",
    "str_length": "required_empty",
    "not_nullable": "required_empty",
    "greater_than_or_equal_to": "too_small",
    "less_than_or_equal_to": "too_large",
    "str_matches": "bad_period",
    "field_uniqueness": "duplicate_key",
    "multiple_fields_uniqueness": "duplicate_key",
    "end_after_start": "end_before_start",
    "resolved_after_received": "resolved_before_received",
}
# Row-wise dataframe checks, as pandera names them (their error text): the problem and the
# column it is shown on (the later date, whose value the message quotes).
_ORDER_CHECKS = {
    "end_date before start_date": ("end_before_start", "end_date"),
    "planned_end before planned_start": ("end_before_start", "planned_end"),
    "resolved_date before received_date": ("resolved_before_received", "resolved_date"),
}


def _schema_problems(
    frame: pd.DataFrame, dataset: Dataset, header: HeaderMatch, excel_rows: list[int],
    already: set[tuple[int, str]], validated: list[pd.DataFrame] | None = None,
) -> list[Problem]:  # fmt: skip
    """Problems the schema finds; a valid frame's validated copy is added to ``validated``."""
    try:
        checked = dataset.schema.validate(frame, lazy=True)
        if validated is not None:
            validated.append(checked)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    problems = []
    seen: set[tuple[Any, ...]] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        base = check.split("(")[0]
        code = _CHECK_CODES.get(base)
        if check in _ORDER_CHECKS:
            # pandera reports a failing row once per column: keep the later date's cell.
            code, blamed = _ORDER_CHECKS[check]
            if case.column != blamed:
                continue
        if code is None:
            for name, mapped in _CHECK_CODES.items():
                if name in check:
                    code = mapped
            code = code or "invalid"
        index = case.index
        row = excel_rows[int(index)] if index is not None and not pd.isna(index) else None
        column = case.column if isinstance(case.column, str) else None
        if code in ("end_before_start", "resolved_before_received") and row is None:
            continue
        if column is None and code in ("end_before_start",):
            column = header.headers.get("end_date")
        if column is None and code in ("resolved_before_received",):
            column = header.headers.get("resolved_date")
        if row is not None and column in dataset.column_names and (row, column) in already:
            continue  # the cell was already reported as unreadable
        params: dict[str, Any] = {}
        if code in ("too_small", "too_large"):
            params["limit"] = check.split("(")[-1].rstrip(")")
        if code == "duplicate_key":
            params["key"] = "、".join(dataset.column(k).zh for k in dataset.key)
            params["key_en"] = ", ".join(dataset.key)
        if code == "bad_enum":
            spec = dataset.column(column) if column in dataset.column_names else None
            options = spec.enum if spec and spec.enum else ()
            params["options"] = "、".join(
                enum_label(_enum_kind(dataset, column or ""), v, "zh") for v in options
            )
            params["options_en"] = ", ".join(options)
            if not options:  # an isin check without labels (轮次 1/2/3): the check's values
                listed = check[check.find("(") + 1 : check.rfind(")")].strip("[]")
                params["options"], params["options_en"] = listed.replace(", ", "、"), listed
        if code == "invalid":
            params["check"] = check
        shown = header.headers.get(column, column) if column else None
        if code == "duplicate_key":
            named = [k for k in dataset.key if k not in ("period", "year", "round")]
            shown = header.headers.get(named[0] if named else dataset.key[0]) or shown
        key = (row, shown, code)
        if key in seen:
            continue
        seen.add(key)
        value = None if code == "required_empty" else cells.text(case.failure_case)
        if code == "duplicate_key" and index is not None and not pd.isna(index):
            value = " / ".join(
                str(frame.at[int(index), k]) for k in dataset.key if not pd.isna(frame.at[int(index), k])
            )
        problems.append(Problem(code, row=row, column=shown, value=value, params=params))
    return problems


class _Stored:
    """What ``prepare`` needs from the store, read in a background thread while the file is
    parsed (Delta reads run outside the GIL): the codes of the master datasets the file's
    references point to and, for a month chosen on the page, that month's stored rows with
    the version they were read at. Anything not fetched ahead is read when asked for."""

    def __init__(self, store: Store, dataset: Dataset, period: str | None) -> None:
        self._store, self._dataset = store, dataset
        self._period = period if dataset.kind == "monthly" else None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-prefetch")
        self._codes = {
            (master, key): self._pool.submit(self._read_codes, master, key)
            for _column, master, key in dataset.references
        }
        self._month = self._pool.submit(self._read_months, [self._period]) if self._period else None
        self._pool.shutdown(wait=False)

    def _read_codes(self, master: str, key: str) -> set[str]:
        return set(self._store.read(master, columns=[key])[key].dropna().astype(str))

    def _read_months(self, months: list[str] | None) -> tuple[Any, pd.DataFrame]:
        """The table as read (its version), and its stored rows of ``months`` (all for None)."""
        name = self._dataset.name
        table = self._store.snapshot(name)
        filters = [("period", "in", months)] if months else None
        version = None if table is None else int(table.version())
        return (table, version), self._store.read(name, filters=filters, snapshot=table)

    def codes(self, master: str, key: str) -> set[str]:
        future = self._codes.get((master, key))
        return future.result() if future is not None else self._read_codes(master, key)

    def rows(self, months: list[str] | None) -> tuple[Any, pd.DataFrame]:
        if self._month is not None and months == [self._period]:
            return self._month.result()
        return self._read_months(months)


def _resolve_codes(
    frame: pd.DataFrame, dataset: Dataset, header: HeaderMatch, excel_rows: list[int],
    stored: _Stored, notices: list[Problem],
) -> list[Problem]:  # fmt: skip
    """Every code must exist in its master dataset; Excel's '1' for '001' is repaired only
    where exactly one master code has that numeric value."""
    problems = []
    for column, master, key in dataset.references:
        if column not in frame.columns:
            continue
        known_set = stored.codes(master, key)
        series = frame[column]
        present = series[series.notna()]
        # Each distinct code looked up once (a file repeats a few hundred codes).
        ids, distinct = pd.factorize(present)
        unknown = [i for i, value in enumerate(distinct) if str(value) not in known_set]
        if not unknown:
            continue
        by_number: dict[int, list[str]] = {}
        for value in known_set:
            if value.isdigit():
                by_number.setdefault(int(value), []).append(value)
        as_text = present[np.isin(ids, unknown)].map(str)
        for i, text in as_text.items():
            candidates = by_number.get(int(text), []) if text.isdigit() else []
            if len(candidates) == 1:
                frame.at[i, column] = candidates[0]
                continue
            problems.append(
                Problem(
                    "unknown_code" if len(candidates) < 2 else "ambiguous_code",
                    row=excel_rows[int(i)],
                    column=header.headers[column],
                    value=text,
                    params={
                        "dataset": translate(f"dataset.{master}", "zh"),
                        "dataset_en": translate(f"dataset.{master}", "en"),
                    },
                )  # fmt: skip
            )
    return problems


def _future_dates(
    frame: pd.DataFrame, header: HeaderMatch, excel_rows: list[int], today: dt.date
) -> list[Problem]:
    problems = []
    limit = pd.Timestamp(today)
    for column in EVENT_DATE_COLUMNS & set(frame.columns):
        for i, value in frame[column].items():
            if not pd.isna(value) and value > limit:
                problems.append(
                    Problem("future_date", row=excel_rows[int(i)], column=header.headers[column],
                            value=value.date().isoformat(), params={"today": today.isoformat()})
                )  # fmt: skip
    return problems


def _ytd_to_month(
    frame: pd.DataFrame, store: Store, header: HeaderMatch, excel_rows: list[int]
) -> list[Problem]:
    """Year-to-date amounts (累计值) → the month's own amount: ytd minus the previous month's
    ytd (the sum of that year's months before it). Months the file holds replace what is
    stored, so in a back-fill (several months) the earlier months come from the file itself.
    Only ``sum`` indicators add up over the year: for a ``last`` indicator (a level or rate)
    the year-to-date figure is the month's value, and for a ``mean`` one the month's value is
    what makes the months' mean equal the year-to-date mean."""
    problems: list[Problem] = []
    stored = store.read("indicator_values")
    catalogue = store.read("indicators", columns=["indicator_code", "aggregation"])
    aggregation = dict(zip(catalogue["indicator_code"], catalogue["aggregation"], strict=True))
    in_file = set(frame["period"].dropna())
    amounts: dict[tuple[str, str], dict[str, float]] = {}  # (indicator, township) → month → value
    for row in stored[~stored["period"].isin(in_file)].itertuples(index=False):
        township = "" if pd.isna(row.township_code) else str(row.township_code)
        amounts.setdefault((row.indicator_code, township), {})[row.period] = row.value
    values: dict[Any, Any] = {}
    order = sorted(frame.index, key=lambda i: str(frame.at[i, "period"]))
    for i in order:
        ytd, period, value = frame.at[i, "ytd"], frame.at[i, "period"], frame.at[i, "value"]
        township = frame.at[i, "township_code"] if "township_code" in frame.columns else None
        key = (frame.at[i, "indicator_code"], "" if pd.isna(township) else str(township))
        if period is None or pd.isna(period):
            values[i] = value
            continue
        months = amounts.setdefault(key, {})
        how = aggregation.get(key[0], "sum")
        if pd.isna(ytd):
            values[i] = value
        elif period.endswith("-01") or how == "last":
            values[i] = float(ytd)
        else:
            year, month = int(period[:4]), int(period[5:7])
            previous = f"{year:04d}-{month - 1:02d}"
            if previous not in months:
                problems.append(
                    Problem("ytd_previous_missing", row=excel_rows[int(i)],
                            column=header.headers["ytd"], value=cells.text(ytd),
                            params={"period": previous})
                )  # fmt: skip
                values[i] = None
            else:
                before = [v for p, v in months.items() if f"{year:04d}-01" <= p < period]
                total = float(ytd) * (len(before) + 1) if how == "mean" else float(ytd)
                values[i] = total - float(sum(before))
        if values[i] is not None and not pd.isna(values[i]):
            months[period] = values[i]
    frame["value"] = pd.array([values[i] for i in frame.index], dtype="float64")
    return problems


def _key_text(series: pd.Series) -> pyarrow.Array | None:
    """A key column as Arrow text, missing values as "" (None where Arrow cannot type it)."""
    try:
        array = pyarrow.array(series, from_pandas=True)
        if isinstance(array, pyarrow.ChunkedArray):  # a store's column in 0 or several pieces
            array = array.combine_chunks()
        if array.type != pyarrow.string():
            array = array.cast(pyarrow.string())
    except (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError, pyarrow.ArrowNotImplementedError):
        return None
    return array.fill_null("")


def _key_ids(new: pd.DataFrame, old: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One integer per row for its key, equal where the keys read the same as text (a
    missing value reads as ""), for the incoming and the stored rows."""
    ids = np.zeros(len(new) + len(old), dtype="int64")
    size = 1
    for column in new.columns:
        sides = [_key_text(new[column]), _key_text(old[column])]
        if sides[0] is not None and sides[1] is not None:
            encoded = pyarrow.concat_arrays(sides).dictionary_encode()
            codes, count = encoded.indices.to_numpy(zero_copy_only=False), len(encoded.dictionary)
        else:  # mixed Python values: each side's distinct values as text
            parts, texts = [], []
            for side in (new[column], old[column]):
                side_codes, uniques = pd.factorize(side, use_na_sentinel=True)
                text = [str(u) for u in uniques] + [""]  # the last: missing (code -1)
                parts.append(np.where(side_codes < 0, len(text) - 1, side_codes) + len(texts))
                texts.extend(text)
            text_codes, text_uniques = pd.factorize(np.array(texts, dtype=object))
            codes, count = text_codes[np.concatenate(parts)], len(text_uniques)
        if size * max(count, 1) >= 2**62:  # compact first, so that many columns cannot overflow
            ids, uniques = pd.factorize(ids)
            size = len(uniques)
        ids = ids * max(count, 1) + codes
        size *= max(count, 1)
    return ids[: len(new)], ids[len(new) :]


def _last_position(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The position of the last row with each of ``wanted`` ids."""
    last = pd.Series(np.arange(len(ids)), index=ids)
    last = last[~last.index.duplicated(keep="last")]
    return last.reindex(wanted).to_numpy()


def compute_diff(
    incoming: pd.DataFrame, existing: pd.DataFrame, dataset: Dataset, mode: Mode
) -> Diff:
    """Rows added, removed and changed against what is stored in the replaced scope."""
    key = list(dataset.key)
    columns = dataset.column_names

    new, old = incoming[columns].reset_index(drop=True), existing[columns].reset_index(drop=True)
    new_ids, old_ids = _key_ids(new[key], old[key])
    in_old = pd.Index(old_ids).isin(new_ids)
    in_new = pd.Index(new_ids).isin(old_ids)
    added = new.loc[~in_new].reset_index(drop=True)
    removed = (
        old.loc[~in_old].reset_index(drop=True)
        if mode in ("overwrite", "replace")
        else old.iloc[0:0].reset_index(drop=True)
    )
    both = pd.unique(new_ids[in_new])
    # Cells compared column by column over the rows in both (a missing value on both sides
    # is no change; floats within 1e-9 are equal), listed row by row as before.
    new_rows = new.iloc[_last_position(new_ids, both)].reset_index(drop=True)
    old_rows = old.iloc[_last_position(old_ids, both)].reset_index(drop=True)
    value_columns = [c for c in columns if c not in key]
    found: list[tuple[np.ndarray, int]] = []
    for number, column in enumerate(value_columns):
        a, b = old_rows[column], new_rows[column]
        missing_a, missing_b = a.isna().to_numpy(), b.isna().to_numpy()
        differs = missing_a ^ missing_b
        present = ~missing_a & ~missing_b
        if present.any():
            va = a.to_numpy(dtype=object)[present]
            vb = b.to_numpy(dtype=object)[present]
            if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
                fa, fb = va.astype("float64"), vb.astype("float64")
                with np.errstate(invalid="ignore"):
                    differs[present] = ~(np.abs(fa - fb) < 1e-9) & (fa != fb)
            else:
                differs[present] = [bool(x != y) for x, y in zip(va, vb, strict=True)]
        rows = np.flatnonzero(differs)
        if len(rows):
            found.append((rows, number))
    if found:
        rows = np.concatenate([r for r, _ in found])
        which = np.concatenate([np.full(len(r), n) for r, n in found])
        order = np.lexsort((which, rows))
        data: dict[str, list[Any]] = {c: new_rows[c].take(rows[order]).tolist() for c in key}
        data["column"] = [value_columns[n] for n in which[order]]
        for side, frame in (("old", old_rows), ("new", new_rows)):
            values = np.concatenate(
                [frame[value_columns[n]].take(r).to_numpy(dtype=object) for r, n in found]
            )
            data[side] = list(values[order])
        changed = pd.DataFrame(data, columns=key + ["column", "old", "new"])
    else:
        changed = pd.DataFrame([], columns=key + ["column", "old", "new"])
    return Diff(added, removed, changed)


def prepare(
    dataset_name: str,
    content: bytes,
    filename: str,
    store: Store,
    settings: Settings,
    period: str | None = None,
    scope: dict[str, set[str]] | None = None,
    today: dt.date | None = None,
    progress: Callable[[float], None] | None = None,
) -> Prepared:
    """Read and check a file; nothing is written. ``scope`` limits the rows an uploader may
    write (column → allowed codes); ``period`` is the month chosen for monthly data;
    ``progress`` hears the seconds spent while the file is read (in a worker process)."""
    dataset = get(dataset_name)
    digest = hashlib.sha256(content).hexdigest()
    empty = pd.DataFrame(columns=dataset.column_names)
    prepared = Prepared(dataset, filename, digest, empty, [], [])
    if period is not None and cells.period(period) != period:
        prepared.problems.append(Problem("bad_chosen_period", value=period))
        return prepared
    stored = _Stored(store, dataset, period)
    try:
        sheets = read_sheets_isolated(content, filename, settings.upload, progress)
        header = find_header(sheets, dataset)
        if header is None:
            raise IngestError(
                Problem(
                    "no_header",
                    params={
                        "expected": "、".join(c.zh for c in dataset.columns if c.required),
                        "expected_en": ", ".join(c.name for c in dataset.columns if c.required),
                    },
                )  # fmt: skip
            )
        prepared.header = header
        for name in header.ignored:
            prepared.notices.append(Problem("ignored_column", column=name))
        for name in header.duplicates:
            prepared.problems.append(Problem("duplicate_column", column=name))
        present = set(header.columns.values())
        for spec in dataset.columns:
            if not spec.required or spec.name in present:
                continue
            if spec.name == "period" and period is not None:
                continue
            if dataset.name == "indicator_values" and spec.name == "value" and "ytd" in present:
                continue
            prepared.problems.append(Problem("missing_column", column=f"{spec.zh}（{spec.name}）"))
        if prepared.problems:
            return prepared
        columns, excel_rows, problems, notices = _convert(
            header.sheet, header, dataset, settings.upload.max_rows
        )
    except IngestError as exc:
        prepared.problems.append(exc.problem)
        return prepared
    prepared.notices.extend(notices)
    prepared.problems.extend(problems)
    if not excel_rows:
        prepared.problems.append(Problem("no_rows"))
        return prepared
    frame = _typed_frame(columns, dataset)
    if dataset.kind == "monthly" and period is not None:
        if "period" not in frame.columns:
            frame["period"] = period
        else:
            # A blank 月份 cell belongs to the chosen month (the column may be left out).
            column = frame["period"].astype(object)
            frame["period"] = column.where(column.notna(), period)
            for i, value in frame["period"][frame["period"] != period].items():
                if value != period:
                    prepared.problems.append(
                        Problem("period_mismatch", row=excel_rows[int(i)],
                                column=header.headers["period"], value=value,
                                params={"period": period})
                    )  # fmt: skip
    # Codes first: Excel's 1 for 01 is repaired before the ytd conversion looks codes up.
    prepared.problems.extend(
        _resolve_codes(frame, dataset, header, excel_rows, stored, prepared.notices)
    )
    if "ytd" in frame.columns and "ytd" in present:
        if "value" not in frame.columns:
            frame["value"] = pd.array([None] * len(frame), dtype="float64")
        prepared.problems.extend(_ytd_to_month(frame, store, header, excel_rows))
    for spec in dataset.columns:
        if spec.name not in frame.columns:
            frame[spec.name] = None
    frame = frame[dataset.column_names]
    shown_to_name = {shown: name for name, shown in header.headers.items()}
    already = {(p.row, shown_to_name.get(p.column or "")) for p in prepared.problems}
    already |= {(row, "value") for row, name in already if name == "ytd"}  # value from ytd
    schema_checked: list[pd.DataFrame] = []
    prepared.problems.extend(
        _schema_problems(frame, dataset, header, excel_rows, already, schema_checked)
    )
    prepared.problems.extend(_future_dates(frame, header, excel_rows, today or dt.date.today()))
    if scope:
        for column, allowed in scope.items():
            if column not in frame.columns:
                continue
            values = frame[column]
            inside = values.astype(object).map(str, na_action="ignore").isin(allowed)
            for i, value in values[values.isna() | ~inside].items():
                if value is None or pd.isna(value) or str(value) not in allowed:
                    prepared.problems.append(
                        Problem("out_of_scope", row=excel_rows[int(i)],
                                column=header.headers.get(column, column), value=value)
                    )  # fmt: skip
    prepared.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    del prepared.problems[MAX_PROBLEMS:]
    prepared.frame = frame
    prepared.excel_rows = excel_rows
    if prepared.problems:
        return prepared
    try:
        # The lazy validation above already returned the validated frame (the same result).
        validated = schema_checked[0] if schema_checked else dataset.schema.validate(frame)
    except pa.errors.SchemaError:  # pragma: no cover - every failure is reported above
        prepared.problems.append(Problem("invalid", params={"check": "schema"}))
        return prepared
    prepared.frame = validated.reset_index(drop=True)
    existing = _plan(prepared, stored, scope)
    if scope:
        prepared.problems.extend(_keys_of_others(prepared, existing, scope))
        del prepared.problems[MAX_PROBLEMS:]
    return prepared


def _keys_of_others(
    prepared: Prepared, existing: pd.DataFrame, scope: dict[str, set[str]]
) -> list[Problem]:
    """Rows of the file whose key belongs to a stored row outside the uploader's scope: such a
    row would take another unit's record over (change its unit, its text), so it is refused.
    A scoped upload adds, changes or removes only rows in its scope before and after."""
    columns = [c for c in scope if c in existing.columns]
    if existing.empty or not columns:
        return []
    key = list(prepared.dataset.key)
    outside = np.zeros(len(existing), dtype=bool)
    for column in columns:
        values = existing[column].astype(object).map(str, na_action="ignore")
        outside |= ~values.isin(scope[column]).to_numpy()
    if not outside.any():
        return []
    new_ids, old_ids = _key_ids(prepared.frame[key], existing[key])
    taken = np.flatnonzero(pd.Index(new_ids).isin(pd.Index(old_ids[outside])))
    headers = prepared.header.headers if prepared.header is not None else {}
    return [
        Problem("key_of_other_unit", row=prepared.excel_rows[int(i)],
                column="、".join(headers.get(c, c) for c in key),
                value=" / ".join(str(prepared.frame[c].iloc[int(i)]) for c in key))
        for i in taken
    ]  # fmt: skip


def _plan(
    prepared: Prepared, stored: _Stored, scope: dict[str, set[str]] | None
) -> pd.DataFrame:
    """How the commit replaces data (data-model.md 'Facts') and the diff against the store;
    returns the stored rows it was planned against."""
    dataset = prepared.dataset
    # A monthly file reads only the months it replaces: the table's other files are not read.
    months = None
    if dataset.kind == "monthly":
        months = sorted(prepared.frame["period"].dropna().unique().tolist()) or None
    prepared.base, existing = stored.rows(months)
    if dataset.kind == "master":
        prepared.mode = "overwrite"
        prepared.diff = compute_diff(prepared.frame, existing, dataset, "overwrite")
    elif dataset.kind == "monthly":
        periods = sorted(prepared.frame["period"].unique().tolist())
        prepared.periods = periods
        where: dict[str, list[Any]] = {"period": periods}
        for column, allowed in (scope or {}).items():
            if column in dataset.column_names:
                where[column] = sorted(allowed)
        prepared.mode, prepared.where = "replace", where
        inside = existing[matches(existing, where)] if len(existing) else existing
        prepared.diff = compute_diff(prepared.frame, inside, dataset, "replace")
        prepared.replaced = len(inside)
    else:
        prepared.mode = "upsert"
        prepared.diff = compute_diff(prepared.frame, existing, dataset, "upsert")
    return existing


def commit_prepared(prepared: Prepared, store: Store, user: str) -> CommitResult:
    """Commit a valid, prepared upload in one atomic, versioned commit."""
    if not prepared.ok:
        raise ValueError("cannot commit a file with problems")
    counts = prepared.diff.counts if prepared.diff else {}
    metadata = {
        "user": user,
        "source_file": prepared.filename,
        "sha256": prepared.sha256,
        "rows_added": counts.get("added"),
        "rows_removed": counts.get("removed"),
        "rows_changed": counts.get("changed"),
        "period": ",".join(prepared.periods) if prepared.periods else None,
        "message": "upload",
    }
    return store.commit(
        prepared.dataset.name, prepared.frame, prepared.mode, metadata, where=prepared.where,
        known=(*prepared.base, prepared.replaced) if prepared.base else None,
    )  # fmt: skip
