"""Small frame helpers shared by the rules: canonical dtypes, periods, dates.

Every rule starts by passing its inputs through :func:`conform`, so a rule behaves the same
whether it is given the store's frames, an empty ``pd.DataFrame(columns=...)`` or a frame built
by hand in a test: the columns of the dataset exist, with the store's dtypes (codes ``str`` with
NaN for missing, dates ``datetime64[ns]``, ints ``Int64``, bools ``boolean``, floats ``float64``).
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute

from schemas import get

# Internal stand-in for a missing township code (the county total) while joining and
# grouping; codes are never empty, so the empty string cannot clash with a real code.
TOTAL = ""


def conform(
    frame: pd.DataFrame | None, dataset: str, keep_categories: bool = False
) -> pd.DataFrame:
    """``frame`` with exactly the dataset's columns, in canonical dtypes (missing ones empty).
    ``keep_categories``: text kept as categories of text (a kept frame's repeated codes,
    :func:`compact`) stays so, for rules that group and compare it (turned back into text, a
    province's 600,000 activities take half a second a column, each time)."""
    spec = get(dataset)
    if frame is None:
        frame = pd.DataFrame()
    index = frame.index
    columns: dict[str, Any] = {}
    for column in spec.columns:
        if column.name in frame.columns:
            values = frame[column.name]
            if keep_categories and column.type == "str" and _text_categories(values):
                columns[column.name] = values
                continue
            columns[column.name] = _convert(values, column.type)
        else:  # not read (a narrowed read): missing, typed at once (no None per row converted)
            columns[column.name] = _missing(column.type, index)
    return pd.DataFrame(columns, index=index).reset_index(drop=True)


def _text_categories(values: pd.Series) -> bool:
    dtype = values.dtype
    return isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype == "str"


def _missing(kind: str, index: pd.Index) -> pd.Series:
    """A column of ``kind`` with every value missing, as :func:`_convert` makes one."""
    n = len(index)
    if kind == "str":
        return pd.Series(np.nan, index=index, dtype="str")
    if kind == "date":
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"), index=index)
    if kind == "int":
        return pd.Series(pd.arrays.IntegerArray(np.zeros(n, "int64"), np.ones(n, bool)), index)
    if kind == "float":
        return pd.Series(np.full(n, np.nan), index=index)
    if kind == "bool":
        return pd.Series(pd.arrays.BooleanArray(np.zeros(n, bool), np.ones(n, bool)), index)
    raise ValueError(kind)


def _convert(values: pd.Series, kind: str) -> pd.Series:
    if kind == "str":
        if values.dtype == "str":
            return values
        return values.astype("str").where(values.notna(), np.nan)
    if kind == "date":
        return pd.to_datetime(values).astype("datetime64[ns]")
    if kind == "int":
        return pd.Series(pd.array(pd.to_numeric(values), dtype="Int64"), index=values.index)
    if kind == "float":
        return pd.to_numeric(values).astype("float64")
    if kind == "bool":
        if values.dtype == "boolean":
            return values
        return pd.Series(pd.array(values.astype(object), dtype="boolean"), index=values.index)
    raise ValueError(kind)


_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # the store's text columns


def _arrow(series: pd.Series | pd.Index) -> pyarrow.Array:
    data = series.array
    found = data.__arrow_array__() if hasattr(data, "__arrow_array__") else None
    if found is None:
        found = pyarrow.array(np.asarray(series), from_pandas=True)
    return found.combine_chunks() if isinstance(found, pyarrow.ChunkedArray) else found


def positions(keys: pd.Series, index: pd.Series | pd.Index) -> np.ndarray:
    """Where each of ``keys`` is in ``index`` (its first place; -1 where absent or missing),
    by Arrow's hash lookup. pandas merges and maps Arrow text through a Python object per
    row: over a province's 600,000 activities that is a million objects made and dropped,
    and the memory they took stays with the process."""
    text = (pyarrow.types.is_string, pyarrow.types.is_large_string)
    try:
        wanted, known = _arrow(keys), _arrow(index)
        if known.type != wanted.type:
            if not (any(t(known.type) for t in text) and any(t(wanted.type) for t in text)):
                raise TypeError("keys and index of different kinds")  # 2 is not "02"
            known = known.cast(wanted.type)
        found = pyarrow.compute.index_in(wanted, value_set=known)
    except (pyarrow.ArrowException, TypeError):  # keys of mixed or differing kinds: pandas
        table = pd.Index(index)
        first = ~table.duplicated(keep="first")
        places = pd.Index(table[first]).get_indexer(pd.Index(keys))
        found = np.full(len(places), -1, dtype=np.int64)
        hit = places >= 0
        found[hit] = np.flatnonzero(first)[places[hit]]
        return found
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def mapped(keys: pd.Series, index: pd.Series | pd.Index, values: pd.Series) -> pd.Series:
    """``keys.map(pd.Series(values, index=index))`` without a Python object per row (see
    :func:`positions`); missing where a key is absent. ``index`` holds each key once."""
    where = positions(keys, index)
    taken = _arrow(values).take(pyarrow.array(where, mask=where < 0))
    text = pyarrow.types.is_string(taken.type) or pyarrow.types.is_large_string(taken.type)
    out = taken.to_pandas(types_mapper={taken.type: _TEXT}.get if text else None)
    return pd.Series(out.array, index=keys.index, name=values.name)  # placed, not aligned


def numbered(column: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """A column as numbers into its distinct values, in the order they first come (a
    category's own codes and categories: a kept frame's are there already); -1 for a missing
    value."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype("int64"), list(column.cat.categories)
    numbers, values = pd.factorize(column, use_na_sentinel=True)
    return numbers.astype("int64", copy=False), list(values)


def township_key(codes: pd.Series) -> pd.Series:
    """Township codes with the county total (NaN) as :data:`TOTAL`, for joins and groups."""
    return codes.fillna(TOTAL).astype(str)


def township_code(keys: pd.Series) -> pd.Series:
    """The inverse of :func:`township_key`: :data:`TOTAL` back to NaN, as ``str`` dtype."""
    keys = keys.astype("str")
    return keys.mask(keys == TOTAL)


def period_parts(periods: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Year and month (``Int64``) of ``YYYY-MM`` periods."""
    # A few dozen distinct months among millions of rows: parse each distinct one once.
    codes, uniques = pd.factorize(periods.astype("str"), use_na_sentinel=True)
    text = pd.Series(uniques, dtype="str")
    parts = []
    for start, stop in ((0, 4), (5, 7)):
        parsed = pd.to_numeric(text.str.slice(start, stop), errors="coerce").astype("Int64")
        values = pd.array(list(parsed) + [pd.NA], dtype="Int64")  # the last: missing (code -1)
        parts.append(
            pd.Series(values.take(np.where(codes < 0, len(parsed), codes)), index=periods.index)
        )
    return parts[0], parts[1]


def month_index(year: int, month: int) -> int:
    """Months counted from year 0, so that consecutive months differ by one."""
    return int(year) * 12 + int(month) - 1


def period_of_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def as_month_index(as_of_month: Any, year: int | None = None) -> int:
    """A month given as ``'YYYY-MM'``, a ``pd.Period``/date, or a month number of ``year``."""
    if isinstance(as_of_month, (int, np.integer)) and not isinstance(as_of_month, bool):
        if year is None:
            raise ValueError("a month number needs a year")
        if not 1 <= int(as_of_month) <= 12:
            raise ValueError(f"month out of range: {as_of_month}")
        return month_index(year, int(as_of_month))
    if isinstance(as_of_month, pd.Period):
        return month_index(as_of_month.year, as_of_month.month)
    if isinstance(as_of_month, (dt.date, pd.Timestamp)):
        return month_index(as_of_month.year, as_of_month.month)
    text = str(as_of_month).strip()
    try:
        return month_index(int(text[:4]), int(text[5:7]))
    except ValueError:
        raise ValueError(f"not a YYYY-MM period: {as_of_month!r}") from None


def timestamp(value: Any) -> pd.Timestamp:
    """A date-like value as a midnight ``pd.Timestamp``."""
    return pd.Timestamp(value).normalize()


def year_bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year, month=12, day=31)


def optional_float(value: Any) -> float | None:
    """``value`` as a float, or None where it is missing or not finite."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return number if np.isfinite(number) else None


def safe_ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator as float64, NaN where the denominator is 0 or missing."""
    num = pd.to_numeric(numerator).astype("float64")
    den = pd.to_numeric(denominator).astype("float64")
    return (num / den.where(den != 0)).astype("float64")


def typed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``frame``'s ``columns`` in that order, each cast to its dtype ("object" left as is)."""
    out = frame.reset_index(drop=True)[list(columns)]
    # Only the columns not yet of their dtype are cast (a province's month status is 90,000
    # rows of 24 columns, nearly all made in their dtype already); the rest are the frame's
    # own (pandas copies on write: nothing done to ``out`` reaches ``frame``).
    wrong = {
        k: v
        for k, v in columns.items()
        if v != "object" and out[k].dtype != pd.api.types.pandas_dtype(v)
    }
    return out.astype(wrong) if wrong else out.copy(deep=False)


def empty_frame(columns: dict[str, str]) -> pd.DataFrame:
    """An empty frame with the given column dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def rows_of(frame: pd.DataFrame, columns: list[str] | None = None) -> Iterator[Any]:
    """``frame.itertuples(index=False)`` over ``columns`` (all by default), a column at a time:
    itertuples boxes each Arrow text value through Arrow's own iterator, which over a
    province's 150,000 findings is most of the work. Missing text reads None, not NaN."""
    names = list(frame.columns if columns is None else columns)
    row = namedtuple("Row", names, rename=True)  # type: ignore[misc]
    return map(row._make, zip(*(frame[c].tolist() for c in names), strict=True))


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns whose values repeat (names, codes, types) as categories: one copy of each
    value and a small integer per row, instead of a string per row (in place; small frames
    as they are)."""
    if len(frame) <= 1000:
        return frame
    for column in frame.columns:
        values = frame[column]
        textual = isinstance(values.dtype, pd.StringDtype) or (
            values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "string"
        )  # not lists, numbers or mixed objects
        if textual and values.nunique(dropna=True) <= len(values) // 4:
            frame[column] = values.astype("category")
    return frame
