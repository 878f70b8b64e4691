"""The store, the settings, and what is read or computed from the store, each kept by version
(a new commit is seen at once; an unchanged table or report is never made twice)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app.memory import release as release_memory
from app.metrics._frames import compact
from app.reports.reading import shallow
from app.settings import Settings, default_data_dir, load_settings
from app.store import Store
from app.web import kept
from app.web.language import _session_id, _this_run, lang, t

_seed_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _settings(data_dir: str) -> Settings:
    return load_settings(data_dir)


def settings() -> Settings:
    return _settings(default_data_dir())


@st.cache_resource(show_spinner=False)
def _store(data_dir: str) -> Store:
    return Store(data_dir, _settings(data_dir).storage_options)


def store() -> Store:
    return _store(default_data_dir())


def ensure_store() -> Store:
    """The store. On the first start of the README's own command (no data directory
    configured: ``./data``) it is seeded with the demo county; a configured directory
    (``COUNTY_DATA_DIR``) that holds no store is never seeded: the page says so and stops."""
    from app.settings import demo_on_first_start

    current = store()
    if not current.exists():
        if not demo_on_first_start():
            logging.getLogger("county").error("no store in the data directory %s", current.root)
            st.error(t("app.no_store"), icon=":material/folder_off:")
            st.stop()
        with _seed_lock:
            if not current.exists():
                from app.demo import seed_demo

                with st.spinner(t("app.seeding")):
                    seed_demo(current, settings())
    from app.web import maintenance, server_log

    server_log.setup()  # the app's log lines (audit, notices, maintenance) to the journal

    maintenance.start(current, settings())  # the daily table maintenance, once per process
    from app.web import warmup

    warmup.start(current.root)  # the reports looked at, warmed again after each commit
    return current


# Tables up to this many rows (master data, most facts) are kept in memory by version; larger
# ones (a province's indicator values or field activities) are read, narrowed to what a report
# needs, each time a report is computed; the report is kept, not the table.
KEEP_ROWS = 200_000


# A copy sharing the cached data: a page that adds a column to what it got does not change the
# cache, and no data is copied on a cache hit.
_shallow = shallow


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


def rows(dataset: str) -> int:
    """Rows in the dataset's latest version (from the table's statistics, kept by version)."""
    return _rows(store().root, dataset, version(dataset))


@st.cache_resource(show_spinner=False, max_entries=64)
def _files(root: str, dataset: str, version: int, column: str) -> tuple[tuple[Any, ...], ...]:
    if version < 0:  # no table at that version (not the latest one's files)
        return ()
    return tuple(store().files(dataset, version, column))


def _keep_by_identity(
    name: str, args: tuple, make: Callable[[Any], Any], identity: Any, reader: Any
) -> Any:
    return _shallow(kept.keep(store().root, name, args, make, identity, reader))


class _PinnedReader:
    """``read`` at the versions a cached result is keyed by (a commit landing while a report
    is computed does not mix two versions into one result). It also says which data files a
    table's rows are in (``parts``) and keeps intermediates by them (``keep``, ``kept``)."""

    def __init__(self, versions: dict[str, int]) -> None:
        self.versions = versions

    def __call__(
        self, dataset: str, columns: list[str] | None = None, filters: Any = None
    ) -> pd.DataFrame:
        return read_version(dataset, self.version_of(dataset), columns, filters)

    def version_of(self, dataset: str) -> int:
        pinned = self.versions.get(dataset)
        return version(dataset) if pinned is None else pinned

    def parts(self, dataset: str, column: str) -> tuple[tuple[Any, ...], ...]:
        """The dataset's data files at the pinned version: (path, rows, bytes, least and
        greatest ``column``)."""
        return _files(store().root, dataset, self.version_of(dataset), column)

    def kept(self, name: str, args: tuple, identity: Any) -> Any:
        found = kept.by_identity(store().root).get((name, args), identity)
        return None if found is None else _shallow(found)

    def keep(self, name: str, args: tuple, make: Callable[[Any], Any], identity: Any = None) -> Any:
        if identity is None:  # kept by versions only where reads are recorded (_Recording)
            return make(self)
        return _keep_by_identity(name, args, make, identity, self)


@st.cache_resource(show_spinner=False, max_entries=16)
def _value_periods(root: str, version: int) -> tuple[str, ...]:
    from app.reports.compute import value_periods as periods_of

    return tuple(periods_of(_PinnedReader({"indicator_values": version})))


def value_periods() -> list[str]:
    """Every month holding indicator values, oldest first (kept by version)."""
    return list(_value_periods(store().root, version("indicator_values")))


def is_demo() -> bool:
    info = store().info() or {}
    return bool(info.get("demo"))


def periods(year: int) -> list[str]:
    """Months of ``year`` that hold indicator values, oldest first."""
    return [p for p in value_periods() if p.startswith(f"{year}-")]


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
        result = _compact(result.copy(deep=False))
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


# Large frames kept with their repeated text (codes, names, units, lights) once: the indicator
# status of every township (90,000 rows a month at province scale) and the activity ledger.
_COMPACT_REPORTS = {"targets", "field_ledger"}


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    return compact(frame)


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


@st.cache_resource(show_spinner=False, max_entries=32)
def _names(root: str, dataset: str, version: int, key: str) -> dict[str, str]:
    table = _name_table(root, dataset, version, key)  # the same read, kept once
    return dict(zip(table[key], table["name"], strict=True))


def names(dataset: str, key: str) -> dict[str, str]:
    """Code → name for a master dataset (townships, units, cadres, projects), kept by version."""
    return dict(_names(store().root, dataset, version(dataset), key))


@st.cache_resource(show_spinner=False, max_entries=32)
def _name_table(root: str, dataset: str, version: int, key: str) -> pd.DataFrame:
    frame = read_version(dataset, version, columns=[key, "name"])
    frame = frame.drop_duplicates(key, keep="last").reset_index(drop=True)
    return pd.DataFrame({key: frame[key].astype("str"), "name": frame["name"].astype("str")})


def names_of(dataset: str, key: str, codes: Any) -> dict[str, str]:
    """Code → name for just ``codes`` (the lead cadres of the projects shown): a province's
    50,000 cadres are kept as Arrow text, not made a dictionary of Python strings."""
    from app.metrics._frames import mapped

    table = _name_table(store().root, dataset, version(dataset), key)
    wanted = pd.Series(
        [str(c) for c in dict.fromkeys(codes) if isinstance(c, str) or pd.notna(c)], dtype="str"
    )
    found = mapped(wanted, table[key], table["name"])
    return {code: name for code, name in zip(wanted, found, strict=True) if isinstance(name, str)}


# -- the tables a person reads (app.reports.tables), kept by version and language ----------------
def table_names() -> Any:
    """The code → name lookups the tables name things by."""
    from app.reports.tables import Names

    return Names(
        names("townships", "township_code"),
        names("units", "unit_code"),
        cadres_of=lambda codes: names_of("cadres", "cadre_id", codes),
    )


def _person_table(name: str, args: tuple) -> pd.DataFrame:
    from app.reports import tables

    made = tables.for_report(name)(report(name, *args), table_names(), lang())
    return tables.headed(made, lang())


def table(name: str, *args: Any) -> pd.DataFrame:
    """The table a person reads of ``report(name, *args)``, headed in this run's language: the
    very table the workbook, the bulletin and the command line show (``app.reports.tables``)."""
    return view(_person_table, name, args)
