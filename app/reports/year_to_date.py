"""The month's status of every indicator (序时进度), kept so that a new month's upload costs one
month of work, not a year's or five years'.

Where the reader can say which data files hold a month's rows (``parts``) and keeps results by
what they were made from (``keep(..., identity=…)``, ``kept``) — the app's reader — the
year-to-date state of each month (``app.metrics.year_to_date``) is kept by the files of the
months it covers. An upload replaces its month's files only: the states of the months before
are found as they were, and the new month's state is the month before's advanced by the new
month's rows (a province's 90,000, not the year's million). Other readers (the command line,
the tests) compute from the rows, by the same rules.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from app import metrics
from app.metrics import year_to_date as ytd
from app.reports.reading import Reader, indicator_values, shared, takes_filters
from app.settings import Settings

DATASET = "indicator_values"


def incremental(read: Reader) -> bool:
    """Whether ``read`` can keep states by their files (the app's reader)."""
    return all(hasattr(read, name) for name in ("parts", "keep", "kept", "version_of"))


def _month_files(read: Any, period: str) -> tuple:
    """What month ``period``'s rows are: the files whose periods may include it."""
    return tuple(
        sorted(
            (path, rows, size)
            for path, rows, size, least, most in read.parts(DATASET, "period")
            if (least is None or str(least) <= period) and (most is None or str(most) >= period)
        )
    )


def month_rows(read: Any, period: str) -> pd.DataFrame:
    """Every row of month ``period``, kept by its files: the new month's state is advanced by
    them, and the trends' and sparklines' new month is taken from them (a province's month is
    one file of 90,000 rows: read once, not once more for each indicator drawn)."""
    identity = _month_files(read, period)

    def make(read: Reader) -> pd.DataFrame:
        return read(DATASET, filters=[("period", "=", period)])  # type: ignore[call-arg]

    return read.keep("month_rows", (period,), make, identity=identity)


def month_state(read: Any, year: int, month: int, chain: bool = True) -> pd.DataFrame:
    """The year-to-date state at the end of ``month`` of ``year``, kept by its months' files.
    Not kept: with ``chain``, the month before's state (kept, or made from its rows) advanced
    by this month's rows; else made from the rows of months 1..``month``."""
    identity = tuple(_month_files(read, f"{year}-{m:02d}") for m in range(1, month + 1))
    found = read.kept("month_state", (year, month), identity)
    if found is not None:
        return found

    def make(read: Reader) -> pd.DataFrame:
        if chain and month > 1:
            before = month_state(read, year, month - 1, chain=False)
            rows = month_rows(read, f"{year}-{month:02d}")
            return ytd.advance(before, ytd.monthly_values(rows), year, month)
        window = [("period", ">=", f"{year}-01"), ("period", "<=", f"{year}-{month:02d}")]
        rows = read(DATASET, filters=window)  # type: ignore[call-arg]
        return ytd.state(ytd.monthly_values(rows), year, month)

    return read.keep("month_state", (year, month), make, identity=identity)


def _keep_month(read: Any, code: str, period: str, rows: pd.DataFrame, files: tuple) -> Any:
    """One indicator's rows of one month, kept by the month's files."""
    piece = rows.reset_index(drop=True)
    return read.keep("indicator_month", (code, period), lambda _r: piece, identity=files)


def indicator_months(read: Any, year: int, indicator_code: str) -> pd.DataFrame:
    """The rows of one indicator in the months of ``year`` (a trend, a sparkline), each
    month's kept by its files: after a month's upload only that month is read (a province's
    year is twelve files of 90,000 rows, scanned for one code's 1,500 each). The months not
    kept are read together, in one scan."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    identities = {p: _month_files(read, p) for p in months}
    periods = [p for p in months if identities[p]]  # no file may hold it: no rows
    found = {p: read.kept("indicator_month", (indicator_code, p), identities[p]) for p in periods}
    for p in periods:  # a month read whole (the new month, for its state): taken from it
        whole = read.kept("month_rows", (p,), identities[p]) if found[p] is None else None
        if whole is not None:
            piece = whole[whole["indicator_code"] == indicator_code]
            found[p] = _keep_month(read, indicator_code, p, piece, identities[p])
    missing = [p for p in periods if found[p] is None]
    if missing:
        filters = [("period", "in", missing), ("indicator_code", "in", [indicator_code])]
        rows = read(DATASET, filters=filters)  # type: ignore[call-arg]
        for p in missing:
            piece = rows[rows["period"] == p]
            found[p] = _keep_month(read, indicator_code, p, piece, identities[p])
    if not periods:  # no file holds the year: the read finds none (and its columns)
        filters = [("period", "in", months), ("indicator_code", "in", [indicator_code])]
        return read(DATASET, filters=filters)  # type: ignore[call-arg]
    return pd.concat([found[p] for p in periods], ignore_index=True)


def year_targets(read: Reader, year: int) -> pd.DataFrame:
    """The targets of ``year`` (a province keeps five years of 90,000: too many rows to be kept
    as a table, read again for every month's status), read once per version of the targets
    and narrowed to the year where the reader can."""

    def make(read: Reader) -> pd.DataFrame:
        if takes_filters(read):
            return read("targets", filters=[("year", "=", year)])  # type: ignore[call-arg]
        return read("targets")

    return shared(read, "year_targets", (year,), make)


def month_progress(read: Reader, settings: Settings, year: int, month: int) -> pd.DataFrame:
    """序时进度 of every indicator at the end of ``month`` of ``year`` (the rule:
    :func:`app.metrics.time_progress`)."""
    if not incremental(read):
        return metrics.time_progress(
            read("indicators"),
            read("targets"),
            indicator_values(read, (year - 1, year)),
            year,
            month,
            settings,
        )
    # The month before's states first: each state is then the month before's advanced by a
    # month's rows (a new month's upload: this year's and last year's same month).
    previous = (
        month_state(read, year, month - 1, chain=False)
        if month > 1
        else month_state(read, year - 1, 12)
    )
    current = month_state(read, year, month)
    last_year = month_state(read, year - 1, month)
    return metrics.progress(
        read("indicators"),
        year_targets(read, year),
        current,
        last_year,
        previous,
        year,
        month,
        settings,
    )


def progress_identity(read: Any, year: int, month: int) -> tuple | None:
    """What the month's status is made from (the states' files, the catalogue's and the
    targets' versions), for keeping it across uploads of other months; None: not known."""
    if not incremental(read):
        return None
    months = [(year, m) for m in range(1, month + 1)] + [(year - 1, m) for m in range(1, 13)]
    return (
        tuple(_month_files(read, f"{y}-{m:02d}") for y, m in months),
        read.version_of("indicators"),
        read.version_of("targets"),
    )
