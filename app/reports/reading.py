"""How the reports read the store: narrowed reads of the large tables (a year of indicator
values, a window of activities), the months that hold data, and the intermediates several
reports share (:func:`shared`).

``read`` is how to get a dataset: ``Store.read`` on the command line, the app's cached reader
in the pages (which also keeps shared intermediates, see ``app.web.caches``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

Reader = Callable[[str], pd.DataFrame]
T = TypeVar("T")


def shared(
    read: Reader, name: str, args: tuple, make: Callable[[Reader], T], identity: Any = None
) -> T:
    """``make(read)``: an intermediate several reports use (the status of every indicator in
    a month, the year's days at the grassroots). Where the reader keeps results (the app's:
    it has ``keep``), it is made once per version of what it reads and handed to every report
    that asks, instead of each report making it again (at province scale the month's status
    is a few seconds of work, and a page asks for it three times). A plain reader (the
    command line, the tests) makes it here. ``identity``: what it is made from, where the
    reader can say (then it is kept by that, across commits that leave it as it was)."""
    keep = getattr(read, "keep", None)
    if keep is None:
        return make(read)
    return keep(name, args, make, identity=identity)


def shallow(value: Any) -> Any:
    """A copy sharing the kept data (pandas copies on write): a report that adds a column to
    what it got does not change what the next one gets, and no data is copied."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, dict):
        return {k: shallow(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(shallow(v) for v in value)
    return value


def takes_filters(read: Reader) -> bool:
    """Whether ``read`` narrows a read (``columns=``, ``filters=``) like ``Store.read``."""
    try:
        parameters = inspect.signature(read).parameters
    except (TypeError, ValueError):
        return False
    return "filters" in parameters and "columns" in parameters


def indicator_values(
    read: Reader, years: tuple[int, int] | None = None, codes: list[str] | None = None
) -> pd.DataFrame:
    """indicator_values, narrowed to the months of ``years`` (first, last) and to ``codes``
    where the reader can push that into the Parquet scan (a province holds millions of rows;
    a report needs a year or two of them). A plain reader gives every row; the rules select
    their months and codes themselves, so the result is the same either way."""
    if not takes_filters(read):
        return read("indicator_values")
    filters: list[tuple[str, str, Any]] = []
    if years is not None:
        filters += [("period", ">=", f"{years[0]:04d}-01"), ("period", "<=", f"{years[1]:04d}-12")]
    if codes:
        filters.append(("indicator_code", "in", sorted(set(codes))))
    return read("indicator_values", filters=filters or None)  # type: ignore[call-arg]


def activities(
    read: Reader, start: dt.date, end: dt.date, columns: list[str] | None = None
) -> pd.DataFrame:
    """field_activities touching [start, end], only ``columns``, where the reader can push
    that into the Parquet scan (a province records 600,000 activities a year, and most
    reports need three of their nine columns). A plain reader gives every row and column;
    the rules clip to their own window, so the result is the same either way."""
    if not takes_filters(read):
        return read("field_activities")
    filters = [("end_date", ">=", start), ("start_date", "<=", end)]
    return read("field_activities", columns=columns, filters=filters)  # type: ignore[call-arg]


def year_activities(read: Reader, year: int, columns: list[str] | None = None) -> pd.DataFrame:
    return activities(read, dt.date(year, 1, 1), dt.date(year, 12, 31), columns)


# What the rules read of an activity (the ledger reads every column).
DAYS_COLUMNS = ["cadre_id", "start_date", "end_date", "township_code", "village_code"]


ROLLUP_COLUMNS = [
    "activity_id",
    "cadre_id",
    "start_date",
    "end_date",
    "township_code",
    "village_code",
    "help_type",
]


def value_periods(read: Reader) -> list[str]:
    """Every month holding indicator values, oldest first (only that column is read; where
    the reader lists the table's files and each holds one month, as each monthly upload
    writes them, from the files' statistics alone: a province's 5 million rows are not read
    for 60 months)."""
    parts = getattr(read, "parts", None)
    if parts is not None:
        every = parts("indicator_values", "period")
        files = [f for f in every if f[1]]  # with rows
        counted = all(f[1] is not None for f in every)  # a file without statistics: read
        if counted and files and all(lo is not None and lo == hi for *_, lo, hi in files):
            return sorted({str(lo) for *_, lo, _hi in files})
    if takes_filters(read):
        frame = read("indicator_values", columns=["period"])  # type: ignore[call-arg]
    else:
        frame = read("indicator_values")
    return sorted(str(p) for p in frame["period"].dropna().unique())


def latest_period(read: Reader, year: int) -> str | None:
    """The latest month of ``year`` holding indicator values."""
    periods = pd.Series(value_periods(read), dtype=object)
    inside = sorted(p for p in periods.unique() if p.startswith(f"{year}-"))
    return inside[-1] if inside else None


def month_end(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def default_as_of(read: Reader, year: int, today: dt.date | None = None) -> dt.date:
    """The end of the latest month with data in ``year``; else today, capped at year end."""
    period = latest_period(read, year)
    if period:
        return month_end(period)
    today = today or dt.date.today()
    return min(today, dt.date(year, 12, 31))


def default_month(read: Reader, year: int) -> str:
    return latest_period(read, year) or f"{year}-{default_as_of(read, year).month:02d}"
