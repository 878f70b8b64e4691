"""The ingest pipeline: read → find header → normalise → validate → diff → commit.

The upload page and ``python -m app ingest`` both call ``prepare`` then ``commit_prepared``;
nothing is written unless the whole file is valid, and then in one atomic commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from app.ingest import values as cells
from app.ingest.checks import _future_dates, _keys_of_others, _schema_problems
from app.ingest.codes import _resolve_codes, _Stored
from app.ingest.commit import _plan, commit_prepared
from app.ingest.convert import _Column, _convert, _enum_kind, _typed_frame
from app.ingest.diff import Diff, _key_ids, compute_diff
from app.ingest.headers import find_header
from app.ingest.isolated import read_sheets_isolated
from app.ingest.prepared import Prepared
from app.ingest.problems import IngestError, Problem
from app.ingest.ytd import _ytd_to_month
from app.settings import Settings
from app.store import Store
from schemas import get

# Re-exported: the stages' names that callers and tests import from here.
__all__ = [
    "Diff",
    "Prepared",
    "_Column",
    "_convert",
    "_enum_kind",
    "_key_ids",
    "_typed_frame",
    "commit_prepared",
    "compute_diff",
    "prepare",
]

MAX_PROBLEMS = 1000


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
                )
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
                        Problem(
                            "period_mismatch",
                            row=excel_rows[int(i)],
                            column=header.headers["period"],
                            value=value,
                            params={"period": period},
                        )
                    )
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
                        Problem(
                            "out_of_scope",
                            row=excel_rows[int(i)],
                            column=header.headers.get(column, column),
                            value=value,
                        )
                    )
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
