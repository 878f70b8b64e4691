"""A dataset's rows in Arrow: its schema, and frames converted to and from it with the
canonical pandas dtypes (text, nullable integers and booleans, dates)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from schemas import Dataset

_ARROW_TYPES = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}


def arrow_schema(dataset: Dataset) -> pa.Schema:
    return pa.schema(
        [pa.field(c.name, _ARROW_TYPES[c.type], nullable=True) for c in dataset.columns]
    )


def _column_to_arrow(series: pd.Series, kind: str) -> pa.Array:
    if kind == "str":
        if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
            return pa.array(series.array, from_pandas=True).cast(pa.string())  # no copy
        if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
            # Text already (the common case): Arrow converts it in C, missing values as null.
            return pa.array(series.astype(object), type=pa.string(), from_pandas=True)
        values = [None if pd.isna(v) else str(v) for v in series.astype(object)]
        return pa.array(values, type=pa.string())
    if kind == "date":
        stamps = pd.to_datetime(series, errors="raise")
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            values = [None if pd.isna(v) else v.date() for v in stamps]
            return pa.array(values, type=pa.date32())
        days = stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        return pa.array(days, type=pa.date32(), mask=stamps.isna().to_numpy())
    if kind == "int":
        return pa.array(pd.array(series, dtype="Int64"), type=pa.int64())
    if kind == "float":
        return pa.array(
            pd.to_numeric(series).astype("float64"), type=pa.float64(), from_pandas=True
        )
    if kind == "bool":
        return pa.array(pd.array(series, dtype="boolean"), type=pa.bool_())
    raise ValueError(kind)


def to_arrow(frame: pd.DataFrame, dataset: Dataset) -> pa.Table:
    """The frame as an Arrow table with exactly the dataset's columns and types."""
    frame = frame.reset_index(drop=True)
    arrays = []
    for spec in dataset.columns:
        if spec.name in frame.columns:
            arrays.append(_column_to_arrow(frame[spec.name], spec.type))
        else:
            arrays.append(pa.nulls(len(frame), type=_ARROW_TYPES[spec.type]))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(dataset))


def from_arrow(table: pa.Table, dataset: Dataset, columns: list[str] | None = None) -> pd.DataFrame:
    """An Arrow table as a frame with the canonical pandas dtypes (``columns`` only, if given)."""
    frame = table.to_pandas(date_as_object=False)
    wanted = list(columns) if columns else dataset.column_names
    for spec in dataset.columns:
        if spec.name not in wanted:
            continue
        if spec.name not in frame.columns:
            frame[spec.name] = None
        column = frame[spec.name]
        if spec.type == "str":
            frame[spec.name] = column.astype("str").where(column.notna(), None)
        elif spec.type == "int":
            frame[spec.name] = pd.array(column, dtype="Int64")
        elif spec.type == "float":
            frame[spec.name] = pd.to_numeric(column).astype("float64")
        elif spec.type == "bool":
            frame[spec.name] = pd.array(column, dtype="boolean")
        elif spec.type == "date":
            frame[spec.name] = pd.to_datetime(column).astype("datetime64[ns]")
    return frame[wanted]
