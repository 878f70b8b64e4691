"""Table maintenance (表维护): years of monthly uploads stay fast to read and cheap to keep.

Every upload adds a small Parquet file and a log entry to its table. Once a day (the server's
thread, :mod:`app.web.maintenance`) or on demand (``python -m app maintain``) each table is

* compacted (``optimize.compact``: its small files merged into few),
* vacuumed: data files that no version inside the rollback window still uses are deleted,
* checkpointed (the whole log in one Parquet file, so a read replays no long log), and
* rid of log entries older than the window (``cleanup_metadata``, which keeps the newest
  checkpoint before the window start and every entry after it).

The rollback window (``[maintenance] rollback_years``, default 2: this calendar year and the
last) is the promise: every version that was current at some moment since 1 January of the
window's first year stays readable and restorable; older ones are refused by
:meth:`app.store.Store.rollback` with a clear message. Maintenance commits carry
``mode = "maintenance"`` and show as 维护 in the history, never as uploads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow.fs as pafs
from deltalake import CommitProperties, DeltaTable, WriterProperties

from app.documents import maintain_documents, update_doc
from app.settings import Settings
from app.store import TABLE_PROPERTIES, Store
from schemas import DATASETS

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger("county.maintenance")

STATE_FILE = "_maintenance.json"  # when each table was last maintained, at which version
LEASE_FILE = "_maintenance_lease.json"  # on S3, who is maintaining the store now
LEASE_MINUTES = 60
# Row groups of a compacted file: small enough that a read of one month still skips the
# others by their statistics (a county's month is about 1,000 indicator rows, a province's
# 90,000).
ROW_GROUP_ROWS = 16_384
# Compacted files grow to about this size; a file already this large is left as it is, so
# the next compaction merges only the new small files instead of rewriting the whole table
# (each rewrite is kept for the rollback window).
TARGET_FILE_BYTES = 8 * 1024 * 1024


class MaintenanceBusy(RuntimeError):
    """Another process is maintaining this store right now."""


# -- the rollback window ---------------------------------------------------------------------
def window_start(settings: Settings, now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of 1 January (in the county's time zone, which the result carries) of the
    first year of the rollback window: with ``rollback_years = 2``, 1 January of last year."""
    years = settings.maintenance.rollback_years
    if years < 1:
        raise ValueError("[maintenance] rollback_years must be at least 1")
    zone = ZoneInfo(settings.time_zone)
    local = (now or dt.datetime.now(dt.UTC)).astimezone(zone)
    return dt.datetime(local.year - (years - 1), 1, 1, tzinfo=zone)


def retention_days(settings: Settings) -> int:
    """Days that tombstones and log entries are kept by the table's own properties: at least
    the longest the window can be (every year of it a leap year) plus a month's margin, so
    that no checkpoint or log cleanup, ours or deltalake's automatic one, forgets a version
    inside the window."""
    return settings.maintenance.rollback_years * 366 + 31


def _retention_properties(settings: Settings) -> dict[str, str]:
    """The window's retention, and a new table's checkpoints (``TABLE_PROPERTIES``) for a
    table made before they were set."""
    interval = f"interval {retention_days(settings)} days"
    return {
        **TABLE_PROPERTIES,
        "delta.logRetentionDuration": interval,
        "delta.deletedFileRetentionDuration": interval,
    }


def vacuum_hours(start: dt.datetime) -> int:
    """The vacuum retention that keeps every file removed since ``start``: the hours from
    ``start`` to the real clock (deltalake measures from its own clock), rounded up."""
    hours = (dt.datetime.now(dt.UTC) - start).total_seconds() / 3600
    return max(0, math.ceil(hours) + 1)


# -- what one table's maintenance did --------------------------------------------------------
@dataclass
class TableReport:
    """What maintenance did to one table (or, in a dry run, would do)."""

    dataset: str
    version_before: int
    version_after: int
    files_before: int  # data files of the current version
    files_after: int
    stored_files_before: int  # every file under the table (old versions and log included)
    stored_files_after: int
    bytes_before: int
    bytes_after: int
    files_compacted: int = 0
    files_vacuumed: int = 0
    bytes_vacuumed: int = 0
    logs_removed: int = 0
    skipped: str | None = None  # why nothing was done ("not_due", "no_table")
    error: str | None = None


@dataclass
class MaintenanceRun:
    started: str
    dry_run: bool
    window_start: str
    tables: list[TableReport] = field(default_factory=list)
    # Files removed per shared document (S3: see app.documents), or {"error": …}.
    documents: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(t.error is None for t in self.tables) and "error" not in self.documents

    def as_dict(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "dry_run": self.dry_run,
            "window_start": self.window_start,
            "tables": [asdict(t) for t in self.tables],
            "documents": self.documents,
        }


def stored_files(store: Store, dataset: str) -> list[pafs.FileInfo]:
    """Every file kept under the table (data files of every version, the log)."""
    fs, base = store._fs()
    try:
        infos = fs.get_file_info(pafs.FileSelector(f"{base}/{dataset}", recursive=True))
    except (FileNotFoundError, OSError):
        return []
    return [i for i in infos if i.type == pafs.FileType.File]


def _log_files(listing: list[pafs.FileInfo]) -> set[str]:
    return {i.path for i in listing if "/_delta_log/" in i.path}


def _table(store: Store, dataset: str) -> DeltaTable:
    return DeltaTable(store.uri(dataset), storage_options=store.storage_options or None)


def _props(user: str) -> CommitProperties:
    meta = Store._metadata({"mode": "maintenance", "user": user, "message": "maintenance"})
    return CommitProperties(custom_metadata=meta)


def maintain_table(
    store: Store,
    dataset: str,
    settings: Settings,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    user: str = "system",
) -> TableReport:
    """Compact, vacuum (keeping the window), checkpoint and clean the log of one table."""
    start = window_start(settings, now)
    before = stored_files(store, dataset)
    table = store.snapshot(dataset)
    if table is None:
        return TableReport(dataset, -1, -1, 0, 0, 0, 0, 0, 0, skipped="no_table")
    files = len(table.file_uris())
    report = TableReport(
        dataset=dataset,
        version_before=int(table.version()),
        version_after=int(table.version()),
        files_before=files,
        files_after=files,
        stored_files_before=len(before),
        stored_files_after=len(before),
        bytes_before=sum(i.size for i in before),
        bytes_after=sum(i.size for i in before),
    )
    sizes = {Path(i.path).name: i.size for i in before}
    hours = vacuum_hours(start)
    if dry_run:
        report.files_compacted = files if files > 1 else 0
        doomed = table.vacuum(retention_hours=hours, enforce_retention_duration=False, dry_run=True)
        report.files_vacuumed = len(doomed)
        report.bytes_vacuumed = sum(sizes.get(Path(f).name, 0) for f in doomed)
        return report
    wanted = _retention_properties(settings)
    current = table.metadata().configuration or {}
    if any(current.get(k) != v for k, v in wanted.items()):
        table.alter.set_table_properties(
            wanted, raise_if_not_exists=False, commit_properties=_props(user)
        )
        table = _table(store, dataset)
    if files > 1:
        metrics = table.optimize.compact(
            target_size=TARGET_FILE_BYTES,
            writer_properties=WriterProperties(
                max_row_group_size=ROW_GROUP_ROWS, compression="ZSTD"
            ),
            commit_properties=_props(user),
        )
        report.files_compacted = int(metrics.get("numFilesRemoved", 0))
        table = _table(store, dataset)
    deleted = table.vacuum(
        retention_hours=hours,
        enforce_retention_duration=False,
        dry_run=False,
        commit_properties=_props(user),
    )
    report.files_vacuumed = len(deleted)
    report.bytes_vacuumed = sum(sizes.get(Path(f).name, 0) for f in deleted)
    table = _table(store, dataset)
    logs_before = _log_files(stored_files(store, dataset))
    table.create_checkpoint()
    table.cleanup_metadata()
    after = stored_files(store, dataset)
    report.logs_removed = len(logs_before - _log_files(after))
    report.version_after = int(table.version())
    report.files_after = len(table.file_uris())
    report.stored_files_after = len(after)
    report.bytes_after = sum(i.size for i in after)
    return report


# -- the store-level lock and the record of past runs ----------------------------------------
@contextlib.contextmanager
def maintenance_lock(store: Store) -> Iterator[None]:
    """Held while the store is maintained; raises :class:`MaintenanceBusy` at once where
    another process holds it. Locally an exclusive lock on a file beside the tables (let go
    by the system if the process dies); on S3 a lease that expires after an hour, taken by
    compare-and-swap on a shared document (:mod:`app.documents`): of two servers starting at
    once, exactly one gets it."""
    if store.is_remote or fcntl is None:
        with _lease(store):
            yield
        return
    Path(store.root).mkdir(parents=True, exist_ok=True)
    handle = os.open(Path(store.root) / ".maintenance.lock", os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise MaintenanceBusy(store.root) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


@contextlib.contextmanager
def _lease(store: Store) -> Iterator[None]:
    me = uuid.uuid4().hex

    def take(lease: dict[str, Any]) -> None:
        now = dt.datetime.now(dt.UTC)
        until = lease.get("until")
        if until and dt.datetime.fromisoformat(until) > now:
            raise MaintenanceBusy(store.root)  # nothing written
        lease.clear()
        lease.update(holder=me, until=(now + dt.timedelta(minutes=LEASE_MINUTES)).isoformat())

    def release(lease: dict[str, Any]) -> None:
        if lease.get("holder") == me:  # not one taken over after ours expired
            lease.update(holder=None, until=None)

    update_doc(store, LEASE_FILE, take)
    try:
        yield
    finally:
        update_doc(store, LEASE_FILE, release)


def state(store: Store) -> dict[str, Any]:
    """When each table was last maintained and at which version; when the last run was."""
    data = store.read_json(STATE_FILE)
    return data if isinstance(data, dict) else {}


def is_due(
    store: Store, dataset: str, settings: Settings, record: dict[str, Any], now: dt.datetime
) -> bool:
    """Whether a table needs maintenance: never maintained, ``min_new_versions`` commits since
    the last time, or the window has moved on (a new year) since then."""
    table = record.get("tables", {}).get(dataset)
    if not table:
        return True
    if store.version(dataset) - int(table["version"]) >= settings.maintenance.min_new_versions:
        return True
    last = dt.datetime.fromisoformat(table["time"])
    return window_start(settings, now) > window_start(settings, last)


def maintain(
    store: Store,
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    only_due: bool = False,
    datasets: list[str] | None = None,
    user: str = "system",
) -> MaintenanceRun:
    """Maintain every table (``datasets`` only, if given; the due ones only with
    ``only_due``) under the store's maintenance lock. A table that fails is reported with its
    error and the others go on. Raises :class:`MaintenanceBusy` if another process is at it."""
    now = now or dt.datetime.now(dt.UTC)
    run = MaintenanceRun(
        started=now.isoformat(timespec="seconds"),
        dry_run=dry_run,
        window_start=window_start(settings, now).isoformat(),
    )
    with maintenance_lock(store):
        record = state(store)
        for name in datasets or list(DATASETS):
            if only_due and not is_due(store, name, settings, record, now):
                version = store.version(name)
                run.tables.append(
                    TableReport(name, version, version, 0, 0, 0, 0, 0, 0, skipped="not_due")
                )
                continue
            try:
                report = maintain_table(store, name, settings, now, dry_run, user)
            except Exception as exc:  # one table's trouble must not stop the others
                logger.exception("maintenance of %s failed", name)
                version = store.version(name)
                report = TableReport(name, version, version, 0, 0, 0, 0, 0, 0, error=str(exc))
            run.tables.append(report)
            if not dry_run and report.error is None and report.skipped is None:
                record.setdefault("tables", {})[name] = {
                    "version": report.version_after,
                    "time": now.isoformat(),
                }
                store.write_json(STATE_FILE, record)
        if not dry_run:
            try:  # accounts, sessions… on S3: their versions older than a day go
                run.documents = maintain_documents(store)
            except Exception as exc:
                logger.exception("maintenance of the shared documents failed")
                run.documents = {"error": str(exc)}
            record["last_run"] = now.isoformat()
            store.write_json(STATE_FILE, record)
    return run
