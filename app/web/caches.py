"""The store, the settings, and what is read or computed from the store, each kept by version
(a new commit is seen at once; an unchanged table or report is never made twice).

This module keeps the reports by the versions of the datasets each one read, with the readers
that record those reads, and what pages make of the reports (views, a person's tables). The
settings and the store (``caches_store``), reading by version (``caches_read``), the pinned
reader (``caches_pinned``) and the lookups by version (``caches_lookups``) have modules of
their own and are named here too, as callers import them from here."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app.memory import release as release_memory
from app.metrics._frames import compact
from app.web.caches_lookups import names, names_of, periods, table_names, value_periods
from app.web.caches_pinned import _keep_by_identity, _PinnedReader, _shallow
from app.web.caches_read import KEEP_ROWS, is_demo, read, read_version, rows, version, versions
from app.web.caches_store import ensure_store, settings, store
from app.web.language import lang

__all__ = [
    "KEEP_ROWS",
    "ensure_store",
    "is_demo",
    "kept_reports",
    "names",
    "names_of",
    "periods",
    "read",
    "read_version",
    "report",
    "rows",
    "settings",
    "store",
    "table",
    "table_names",
    "value_periods",
    "version",
    "versions",
    "view",
]


def _this_runs_reader() -> _Recording:
    """A reader pinned to this run's versions (the warm-up pass's, in its thread)."""
    return _Recording(versions())


# What the pinned readers can do, through ``read`` at this run's versions: shared intermediates
# (``app.reports.reading.shared``) asked for by the bulletin and the workbook are kept with the
# reports'.
read.keep = lambda name, args, make, identity=None: _this_runs_reader().keep(  # type: ignore[attr-defined]
    name, args, make, identity
)
read.kept = lambda name, args, identity: _this_runs_reader().kept(name, args, identity)  # type: ignore[attr-defined]
read.parts = lambda dataset, column: _this_runs_reader().parts(dataset, column)  # type: ignore[attr-defined]
read.version_of = version  # type: ignore[attr-defined]


class _Recording(_PinnedReader):
    """A pinned reader that notes which datasets a report reads, and keeps the intermediates
    reports share (``app.reports.reading.shared``) beside the reports, by the same versions."""

    def __init__(self, versions: dict[str, int]) -> None:
        super().__init__(versions)
        self.seen: set[str] = set()

    def __call__(
        self, dataset: str, columns: list[str] | None = None, filters: Any = None
    ) -> pd.DataFrame:
        self.seen.add(dataset)
        return super().__call__(dataset, columns, filters)

    def version_of(self, dataset: str) -> int:
        self.seen.add(dataset)
        return super().version_of(dataset)

    def parts(self, dataset: str, column: str) -> tuple[tuple[Any, ...], ...]:
        self.seen.add(dataset)  # what is made of the files depends on the table's version
        return super().parts(dataset, column)

    def keep(self, name: str, args: tuple, make: Callable[[Any], Any], identity: Any = None) -> Any:
        if identity is not None:
            return _keep_by_identity(name, args, make, identity, self)
        result, reads = kept_reports(name).get_with_reads(
            f"shared:{name}", args, self.versions, make
        )
        self.seen.update(reads)  # what the intermediate read, this report depends on too
        return _shallow(result)


def _computed(
    versions: dict[str, int], name: str, args: tuple, make: Callable[[Any], Any] | None = None
) -> tuple[Any, dict[str, int]]:
    """``compute.<name>`` (or ``make``, a shared intermediate) at ``versions``, kept compact
    where listed, the working memory handed back; with the versions of the datasets it read
    (what the result depends on)."""
    from app.reports import compute

    reader = _Recording(versions)
    if make is not None:
        result = make(reader)
    else:
        result = getattr(compute, name)(reader, settings(), *args)
    if name in _COMPACT_REPORTS:
        # A shallow copy: the frame may be a shared intermediate other reports read as made.
        result = compact(result.copy(deep=False))
    release_memory()
    return result, {d: versions.get(d, -1) for d in reader.seen}


class _Reports:
    """Reports kept by the versions of the datasets each one read: a commit to another
    dataset (a 督办 item answered, another dataset uploaded) leaves a report as it is; a commit
    to one it read makes it computed again. One result per (report, arguments), the most
    recently used ``size`` kept; a second caller of a report being computed waits for it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[tuple[str, tuple], tuple[dict[str, int], Any]] = OrderedDict()
        self.lock = threading.Lock()
        self.computing: dict[tuple[str, tuple], threading.Lock] = {}

    def _found(
        self, key: tuple[str, tuple], every: dict[str, int]
    ) -> tuple[bool, Any, dict[str, int]]:
        with self.lock:
            entry = self.kept.get(key)
            if entry is not None and all(every.get(d, -1) == v for d, v in entry[0].items()):
                self.kept.move_to_end(key)
                return True, entry[1], entry[0]
            return False, None, {}

    def get(self, name: str, args: tuple, every: dict[str, int]) -> Any:
        return self.get_with_reads(name, args, every)[0]

    def get_with_reads(
        self,
        name: str,
        args: tuple,
        every: dict[str, int],
        make: Callable[[Any], Any] | None = None,
    ) -> tuple[Any, dict[str, int]]:
        """The result and the versions of the datasets it read; ``make`` computes a shared
        intermediate (else ``compute.<name>``)."""
        key = (name, args)
        found, result, reads = self._found(key, every)
        if found:
            return result, reads
        with self.lock:
            busy = self.computing.setdefault(key, threading.Lock())
        with busy:
            found, result, reads = self._found(key, every)  # computed while this caller waited
            if found:
                return result, reads
            result, reads = _computed(every, name, args, make)
            with self.lock:
                self.kept[key] = (reads, result)
                self.kept.move_to_end(key)
                while len(self.kept) > self.size:
                    self.kept.popitem(last=False)
            return result, reads


@st.cache_resource(show_spinner=False)
def _reports(root: str, size: int) -> _Reports:
    return _Reports(size)


# Reports with a row per record (the activity ledger: 600,000 rows at province scale, and a
# new one for every search): few kept.
_LARGE_REPORTS = {"field_ledger", "field_ledger_head"}  # one per search


# Large frames kept with their repeated text (codes, names, units, lights) once: the activity
# ledger (the month's status of every indicator is kept so by compute.targets itself).
_COMPACT_REPORTS = {"field_ledger"}


def report(name: str, *args: Any) -> Any:
    """A report from ``app.reports.compute``, cached until a dataset it reads gets a new
    version (shared by every session; each caller gets a shallow copy)."""
    from app.web import warmup

    warmup.note(name, args)
    return _shallow(kept_reports(name).get(name, args, versions()))


def kept_reports(name: str) -> _Reports:
    """Where ``report(name, …)`` results are kept (a large report's store keeps few)."""
    large = name in _LARGE_REPORTS
    return _reports(store().root, 4 if large else 256)


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(
    root: str,
    versions: tuple[tuple[str, int], ...],
    language: str,
    name: str,
    args: tuple,
    _build: Callable[..., Any],
) -> Any:
    result = _build(*args)
    release_memory()
    return result


def view(build: Callable[..., Any], *args: Any) -> Any:
    """``build(*args)``: what a page makes of its reports to show them (formatted tables, name
    lists, chart rows), made once and kept until any dataset gets a new version, per language
    (shared by every session; each caller gets a shallow copy), so that a rerun does not label
    and format a province's thousands of rows again. ``build`` is known by its file and name
    (a function defined in a page script is a new object on every rerun); it may call
    :func:`report`, :func:`t` and :func:`label`, but draws nothing."""
    current = store()
    name = f"{build.__code__.co_filename}:{build.__qualname__}"
    from app.web import warmup

    warmup.note_view(name, build, args, lang())
    return _shallow(_view(current.root, tuple(versions().items()), lang(), name, args, build))


# -- the tables a person reads (app.reports.tables), kept by version and language ----------------
def _person_table(name: str, args: tuple) -> pd.DataFrame:
    from app.reports import tables

    made = tables.for_report(name)(report(name, *args), table_names(), lang())
    return tables.headed(made, lang())


def table(name: str, *args: Any) -> pd.DataFrame:
    """The table a person reads of ``report(name, *args)``, headed in this run's language: the
    very table the workbook, the bulletin and the command line show (``app.reports.tables``)."""
    return view(_person_table, name, args)
