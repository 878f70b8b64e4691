"""Reading the store by version: the versions read once per script run, tables kept in memory
by version up to ``KEEP_ROWS`` rows, their row counts and data files."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app.web.caches_store import store
from app.web.language import _session_id, _this_run

# Tables up to this many rows (master data, most facts) are kept in memory by version; larger
# ones (a province's indicator values or field activities) are read, narrowed to what a report
# needs, each time a report is computed; the report is kept, not the table.
KEEP_ROWS = 200_000


# Keyed by version: a new commit is seen at once, an unchanged table is never read twice.
# ``cache_resource`` hands out the cached object itself (``cache_data`` would unpickle a copy
# on every rerun, which at province scale costs more than the page).
@st.cache_resource(show_spinner=False, max_entries=64)
def _rows(root: str, dataset: str, version: int) -> int:
    return store().count(dataset, version=version if version >= 0 else None)


@st.cache_resource(show_spinner=False, max_entries=32)
def _frame(root: str, dataset: str, version: int) -> pd.DataFrame:
    return store().read(dataset, version=version if version >= 0 else None)


def read_version(
    dataset: str, version: int, columns: list[str] | None = None, filters: Any = None
) -> pd.DataFrame:
    """The dataset as of ``version`` (-1: no table yet), from the cache where it is kept."""
    current = store()
    if columns or filters or _rows(current.root, dataset, version) > KEEP_ROWS:
        return current.read(dataset, version if version >= 0 else None, columns, filters)
    return _frame(current.root, dataset, version).copy(deep=False)


def versions() -> dict[str, int]:
    """Every dataset's current version, read once per script run (a rerun of a page asks for
    versions for every report, name table and read: one directory listing of each table per
    run, not one per call; on S3 each listing is a LIST request). A run that commits reruns."""
    pinned = getattr(_this_run, "pinned", None)
    if pinned is not None:  # the warm-up thread: one set of versions for a whole pass
        return pinned
    session = _session_id()
    kept = getattr(_this_run, "versions", None)
    if session is None or getattr(_this_run, "session", None) != session:
        return store().versions()  # outside a page run (a bare call): no run to keep them for
    if kept is None:
        kept = _this_run.versions = store().versions()
    return kept


def version(dataset: str) -> int:
    return versions().get(dataset, -1)


def read(dataset: str, columns: list[str] | None = None, filters: Any = None) -> pd.DataFrame:
    """The dataset's latest version, cached by (store, dataset, version); ``columns`` and
    ``filters`` narrow the read (as ``Store.read``; such reads are not kept)."""
    return read_version(dataset, version(dataset), columns, filters)


def rows(dataset: str) -> int:
    """Rows in the dataset's latest version (from the table's statistics, kept by version)."""
    return _rows(store().root, dataset, version(dataset))


@st.cache_resource(show_spinner=False, max_entries=64)
def _files(root: str, dataset: str, version: int, column: str) -> tuple[tuple[Any, ...], ...]:
    if version < 0:  # no table at that version (not the latest one's files)
        return ()
    return tuple(store().files(dataset, version, column))


def is_demo() -> bool:
    info = store().info() or {}
    return bool(info.get("demo"))
