"""The 督办 findings as a frame: its columns (the key that names a finding, the figures its
text needs) and how the rules' parts become one (see :mod:`app.metrics.supervision`, whose
rules make the parts)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from app.metrics._frames import repeated_text
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
PARAM_COLUMNS = [f"p_{name}" for name in PARAMS]
# What names a finding (and an item), whom it is about and its month.
KEY_COLUMNS = ["source", "subject_code", "ref", "unit_code", "cadre_id", "period"]
FINDING_COLUMNS = [*KEY_COLUMNS, *PARAM_COLUMNS]


def _texts(values: Any, n: int) -> pd.Series:
    """:func:`text` of each value, column-wise (a scalar is every row's): stripped strings,
    missing for empty or missing, as text (Arrow's)."""
    if values is None or isinstance(values, str):
        return repeated_text([text(values)], np.zeros(n, dtype="int64"))
    strings = pd.Series(values).reset_index(drop=True).astype("str").str.strip()
    return strings.where(strings != "")


def _column(values: Any, n: int) -> pd.Series:
    """``values`` as a column of ``n`` rows, by position (a scalar is every row's)."""
    if isinstance(values, pd.Series):
        return values.reset_index(drop=True)
    if np.ndim(values) == 0:
        return pd.Series([values] * n, dtype=object)
    return pd.Series(values)


def _found(
    source: Any,
    subject: Any,
    ref: Any,
    unit: Any,
    cadre: Any,
    params: dict[str, Any],
    at: Any,
) -> pd.DataFrame:
    """Findings of one rule as a frame (:data:`FINDING_COLUMNS` but the period and the
    parameters the rule does not give), a row per ``at``; ``params`` maps a name of
    :data:`PARAMS` to its column; ``at`` orders them among the rule's others (the row they
    came from)."""
    n = len(at)
    return pd.DataFrame(
        {
            "source": _texts(source, n),
            "subject_code": _texts(subject, n),
            "ref": _texts(ref, n),
            "unit_code": _texts(unit, n),
            "cadre_id": _texts(cadre, n),
            **{f"p_{name}": _column(values, n) for name, values in params.items()},
            "_at": np.asarray(at, dtype="float64") if n else np.empty(0),
        }
    )


def _in_order(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One rule's findings of several kinds in the order of the rows they came from."""
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if not frame["_at"].is_monotonic_increasing:
        frame = frame.sort_values("_at", kind="stable").reset_index(drop=True)
    return frame.drop(columns="_at")


def finding_frame(parts: list[pd.DataFrame], month: str) -> pd.DataFrame:
    """Findings (as the rules below give them) as one frame of :data:`FINDING_COLUMNS`."""
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    frame["period"] = month
    n = len(frame)
    types = {column: "str" for column in KEY_COLUMNS}
    types.update({f"p_{name}": kind for name, kind in PARAMS.items()})
    columns = {}
    for column, kind in types.items():
        if column not in frame.columns:  # a figure the rules do not give: missing, of its type
            columns[column] = (
                repeated_text([None], np.zeros(n, dtype="int64"))
                if kind == "str"
                else pd.Series(np.full(n, np.nan), dtype=kind)
            )
        else:
            values = frame[column].reset_index(drop=True)
            columns[column] = values if values.dtype == kind else values.astype(kind)
    return pd.DataFrame(columns)
