"""Codes resolved against the master data: what the store holds, read ahead in a thread,
and every referenced code checked (Excel's '1' for '001' repaired where unambiguous)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from app.i18n import translate
from app.ingest.headers import HeaderMatch
from app.ingest.problems import Problem
from app.store import Store
from schemas import Dataset


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
    frame: pd.DataFrame,
    dataset: Dataset,
    header: HeaderMatch,
    excel_rows: list[int],
    stored: _Stored,
    notices: list[Problem],
) -> list[Problem]:
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
                )
            )
    return problems
