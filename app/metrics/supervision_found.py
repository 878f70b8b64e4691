"""The 督办 findings as a frame: its columns (the key that names a finding, the figures its
text needs) and how the rules' parts become one (see :mod:`app.metrics.supervision`, whose
rules make the parts)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute

from app.metrics._frames import _TEXT, _arrow
from app.metrics.supervision_items import text

# What a finding's text needs (names, figures), a column each ("p_" + the name) of one type
# (counts as floats: missing where a rule has no such figure), so that the rules' findings
# join without a Python object per row: a province's month holds 200,000 findings.
PARAMS = {
    "light": "str",
    "completion": "float64",
    "time_progress": "float64",
    "actual": "float64",
    "target": "float64",
    "idle_months": "float64",
    "last": "str",
    "kind": "str",
    "start": "datetime64[ns]",
    "end": "datetime64[ns]",
    "days": "float64",
    "reason": "str",
    "due": "float64",
    "required": "float64",
    "month": "str",
    "deadline": "str",
    "when": "str",
    "resolved": "float64",
}
# Each kind's Arrow type (text as the store's pandas columns hold it).
_LARGE = pyarrow.large_string()
_TYPES = {
    "str": _LARGE,
    "float64": pyarrow.float64(),
    "datetime64[ns]": pyarrow.timestamp("ns"),
}
PARAM_COLUMNS = [f"p_{name}" for name in PARAMS]
# What names a finding (and an item), whom it is about and its month.
KEY_COLUMNS = ["source", "subject_code", "ref", "unit_code", "cadre_id", "period"]
FINDING_COLUMNS = [*KEY_COLUMNS, *PARAM_COLUMNS]


def _texts(values: Any, n: int) -> pd.Series:
    """:func:`text` of each value, column-wise (a scalar is every row's): stripped strings,
    missing for empty or missing, as text (Arrow's)."""
    array = _text_array(values, n)
    return pd.Series(array.to_pandas(types_mapper={array.type: _TEXT}.get).array)


def _text_array(values: Any, n: int) -> pyarrow.Array:
    """:func:`_texts` as an Arrow array (large strings): text that is Arrow's already is
    stripped by Arrow, without a Python object per row (a province's month holds 200,000
    findings); anything else as pandas makes it text."""
    if values is None or isinstance(values, str):
        return pyarrow.repeat(pyarrow.scalar(text(values), _LARGE), n)
    array = None
    if isinstance(values, (pd.Series, pd.Index)):
        try:
            array = _arrow(values)
        except (pyarrow.ArrowException, TypeError):  # values of mixed kinds: pandas below
            array = None
    if array is not None and pyarrow.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if array is None or not (
        pyarrow.types.is_string(array.type) or pyarrow.types.is_large_string(array.type)
    ):
        strings = pd.Series(values).reset_index(drop=True).astype("str")
        array = _arrow(strings)
    stripped = pyarrow.compute.utf8_trim_whitespace(array.cast(_LARGE))
    return pyarrow.compute.if_else(pyarrow.compute.equal(stripped, ""), None, stripped)


def _column(values: Any, n: int) -> pyarrow.Array:
    """``values`` as an Arrow column of ``n`` rows, by position (a scalar is every row's)."""
    if isinstance(values, (pd.Series, pd.Index)):
        array = _arrow(values)
        return array.dictionary_decode() if pyarrow.types.is_dictionary(array.type) else array
    if isinstance(values, pyarrow.Array):
        return values
    if np.ndim(values) == 0:
        return pyarrow.repeat(pyarrow.scalar(values), n)
    return pyarrow.array(values, from_pandas=True)


def _found(
    source: Any,
    subject: Any,
    ref: Any,
    unit: Any,
    cadre: Any,
    params: dict[str, Any],
    at: Any,
) -> pyarrow.Table:
    """Findings of one rule as an Arrow table (:data:`FINDING_COLUMNS` but the period and the
    parameters the rule does not give), a row per ``at``; ``params`` maps a name of
    :data:`PARAMS` to its column; ``at`` orders them among the rule's others (the row they
    came from). Arrow's, not pandas': a province's month holds 200,000 findings, and pandas
    spends more on each column's bookkeeping than Arrow on the whole."""
    n = len(at)
    columns = {
        "source": _text_array(source, n),
        "subject_code": _text_array(subject, n),
        "ref": _text_array(ref, n),
        "unit_code": _text_array(unit, n),
        "cadre_id": _text_array(cadre, n),
    }
    for name, values in params.items():
        columns[f"p_{name}"] = _column(values, n).cast(_TYPES[PARAMS[name]])
    columns["_at"] = pyarrow.array(np.asarray(at, dtype="float64") if n else np.empty(0))
    return pyarrow.table(columns)


def _in_order(parts: list[pyarrow.Table]) -> pyarrow.Table:
    """One rule's findings of several kinds in the order of the rows they came from."""
    table = pyarrow.concat_tables(parts, promote_options="default") if len(parts) > 1 else parts[0]
    at = table.column("_at").to_numpy()
    if len(at) > 1 and (np.diff(at) < 0).any():
        table = table.take(pyarrow.array(np.argsort(at, kind="stable")))
    return table.drop_columns(["_at"])


def finding_table(parts: list[pyarrow.Table], month: str) -> pyarrow.Table:
    """Findings (as the rules below give them) as one Arrow table of
    :data:`FINDING_COLUMNS`, each column of its type (missing where the rules do not give
    it), in one piece."""
    table = (
        pyarrow.concat_tables(parts, promote_options="default")
        if parts
        else pyarrow.table({"_": pyarrow.array([], pyarrow.null())})
    )
    n = table.num_rows
    kinds = {column: "str" for column in KEY_COLUMNS}
    kinds.update({f"p_{name}": kind for name, kind in PARAMS.items()})
    columns = {}
    for column, kind in kinds.items():
        if column == "period":
            columns[column] = pyarrow.repeat(pyarrow.scalar(month, _LARGE), n)
        elif column in table.column_names:
            columns[column] = table.column(column).cast(_TYPES[kind]).combine_chunks()
        else:  # a figure the rules do not give: missing, of its type
            columns[column] = pyarrow.nulls(n, _TYPES[kind])
    return pyarrow.table(columns)


def to_frame(table: pyarrow.Table) -> pd.DataFrame:
    """An Arrow table of findings as pandas frames them: text as the store's (Arrow's, no
    copy), missing figures NaN, dates ``datetime64[ns]``."""
    return table.to_pandas(types_mapper={_LARGE: _TEXT}.get)


def finding_frame(parts: list[pyarrow.Table], month: str) -> pd.DataFrame:
    """Findings (as the rules below give them) as one frame of :data:`FINDING_COLUMNS`."""
    return to_frame(finding_table(parts, month))
