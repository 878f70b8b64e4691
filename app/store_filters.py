"""Which rows: a filtered scan of a table (pruning whole files by their statistics), and a
replace scope (``column IN (...)``) as a Delta predicate, a scan filter and an exact mask."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import DeltaTable


def _sql_literal(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def replace_predicate(where: dict[str, list[Any]]) -> str:
    """A Delta predicate for ``column IN (...) AND ...``; ``None`` in a list matches NULL."""
    parts = []
    for column, values in where.items():
        present = [v for v in values if v is not None and not pd.isna(v)]
        terms = []
        if present:
            terms.append(f"{column} IN ({', '.join(_sql_literal(v) for v in present)})")
        if len(present) < len(values):
            terms.append(f"{column} IS NULL")
        if not terms:
            raise ValueError(f"empty value list for {column}")
        parts.append("(" + " OR ".join(terms) + ")")
    return " AND ".join(parts)


def _scan(table: DeltaTable, columns: list[str] | None, filters: Any) -> pa.Table:
    """Read ``columns`` of the rows matching ``filters``. Tuple filters also prune whole files
    by their min/max statistics (a month's upload is a file of its own), then filter rows."""
    if filters is None:
        return table.to_pyarrow_table(columns=columns)
    if isinstance(filters, pc.Expression):
        return table.to_pyarrow_table(columns=columns, filters=filters)
    dataset = table.to_pyarrow_dataset(file_pruning_predicate=filters)
    return dataset.to_table(columns=columns, filter=pq.filters_to_expression(filters))


def _scan_filter(where: dict[str, list[Any]]) -> Any:
    """A pyarrow filter that keeps (at least) the rows of a replace scope: its non-null values
    pushed into the scan, NULL matches left to :func:`matches` (the exact test)."""
    parts = []
    for column, values in where.items():
        present = [v for v in values if v is not None and not pd.isna(v)]
        if len(present) < len(values):
            return None  # a NULL in the scope: read the scope's columns unfiltered
        parts.append((column, "in", present))
    return parts or None


def matches(frame: pd.DataFrame, where: dict[str, list[Any]]) -> pd.Series:
    """Rows of ``frame`` inside a replace scope (the same meaning as ``replace_predicate``)."""
    mask = pd.Series(True, index=frame.index)
    for column, values in where.items():
        present = [v for v in values if v is not None and not pd.isna(v)]
        inside = frame[column].isin(present)
        if len(present) < len(values):
            inside |= frame[column].isna()
        mask &= inside
    return mask
