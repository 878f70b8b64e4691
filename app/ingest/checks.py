"""Checks on the typed rows: the schema's, dates in the future, and for a scoped upload
keys that belong to another unit's stored rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from app.i18n import enum_label
from app.ingest import values as cells
from app.ingest.convert import _enum_kind
from app.ingest.diff import _key_ids
from app.ingest.headers import HeaderMatch
from app.ingest.prepared import Prepared
from app.ingest.problems import Problem
from schemas import Dataset

EVENT_DATE_COLUMNS = {
    "received_date",
    "resolved_date",
    "submitted_date",
    "survey_date",
    "start_date",
    "end_date",
    "issued_on",
    "feedback_on",
    "returned_on",
    "closed_on",
    # The programme's records: work plans, commitments, receptions, rounds' publication.
    "submitted_on",
    "started_on",
    "made_on",
    "published_on",
    "approved_on",
    "date",
}


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
    frame: pd.DataFrame,
    dataset: Dataset,
    header: HeaderMatch,
    excel_rows: list[int],
    already: set[tuple[int, str]],
    validated: list[pd.DataFrame] | None = None,
) -> list[Problem]:
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
                str(frame.at[int(index), k])
                for k in dataset.key
                if not pd.isna(frame.at[int(index), k])
            )
        problems.append(Problem(code, row=row, column=shown, value=value, params=params))
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
                    Problem(
                        "future_date",
                        row=excel_rows[int(i)],
                        column=header.headers[column],
                        value=value.date().isoformat(),
                        params={"today": today.isoformat()},
                    )
                )
    return problems


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
        Problem(
            "key_of_other_unit",
            row=prepared.excel_rows[int(i)],
            column="、".join(headers.get(c, c) for c in key),
            value=" / ".join(str(prepared.frame[c].iloc[int(i)]) for c in key),
        )
        for i in taken
    ]
