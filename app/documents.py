"""Small shared documents (accounts, remembered sessions, the notices outbox, the maintenance
lease), each changed by read-modify-write, safely with several processes and servers.

:func:`update_doc` loads a document (a JSON object), lets ``change`` mutate it, and stores it
only if nothing else stored it in between; otherwise it runs ``change`` again on the fresh
document. ``change`` may raise to abort (nothing is written); a document it leaves as it was
is not written at all.

* On a local data directory a document is the JSON file ``<root>/<name>`` (mode 0600),
  changed under :meth:`Store.json_lock`: the other threads and processes (a second server,
  the command line) wait for it.
* On S3 there is no lock another server sees. A document is then a one-row Delta table,
  ``<root>/_documents/<stem>`` (the name minus its ``_`` and ``.json``; a folder starting with
  ``_`` is never taken for a dataset), whose row holds the JSON text. A change is a commit
  written on top of exactly the version read, with no retry inside deltalake: its log entry is
  a put-if-absent (``AWS_CONDITIONAL_PUT = "etag"``), so of two servers changing a document
  at once one wins and the other reads the winner's document and runs its change again (after
  a short random pause). Reads are cached per process by version: an unchanged document costs
  one HEAD request (is there a log entry after the cached version?), not a read of the log
  and the file.
  Checkpoints every ten versions and log entries older than a day removed at each checkpoint
  (deltalake's own post-commit hook) bound the log; :func:`maintain_documents` (run by
  ``python -m app maintain``) also removes the files of versions older than a day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.fs as pafs
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake.exceptions import CommitFailedError, DeltaError, TableNotFoundError

from app.store import Store, StoreError, _json_safe

R = TypeVar("R")

FOLDER = "_documents"
ATTEMPTS = 40
RETENTION_HOURS = 24  # the files and log entries of older versions go (no rollback needed)
_SCHEMA = pa.schema([pa.field("doc", pa.string(), nullable=True)])
_CONFIG = {
    "delta.checkpointInterval": "10",
    "delta.logRetentionDuration": f"interval {RETENTION_HOURS} hours",
    "delta.deletedFileRetentionDuration": f"interval {RETENTION_HOURS} hours",
    "delta.enableExpiredLogCleanup": "true",
}


class DocumentBusy(StoreError):
    """Other writers won every attempt to change the document (a store under a storm)."""


def stem(name: str) -> str:
    """The document's table name under ``_documents/`` (``_accounts.json`` → ``accounts``)."""
    base = name.removesuffix(".json").lstrip("_.")
    if not base or "/" in base:
        raise ValueError(f"not a document name: {name!r}")
    return base


def table_uri(store: Store, name: str) -> str:
    return f"{store.root}/{FOLDER}/{stem(name)}"


@dataclass
class _Cached:
    """One process's view of one remote document: the table object (moved on in place by
    ``update_incremental``), the version it was read at, and the JSON text then."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    table: DeltaTable | None = None
    version: int = -1
    text: str | None = None
    loaded: float = 0.0  # time.monotonic() when ``table`` was brought up to date


_CACHE: dict[tuple[str, str], _Cached] = {}
_CACHE_GUARD = threading.Lock()


def _entry(store: Store, name: str) -> _Cached:
    with _CACHE_GUARD:
        return _CACHE.setdefault((store.root, stem(name)), _Cached())


def _current(store: Store, name: str, entry: _Cached) -> str | None:
    """The document's JSON text now (None: no document); ``entry`` at its latest version.
    Called with ``entry.lock`` held."""
    options = store.storage_options or None
    if entry.table is not None and _unchanged(store, name, entry):
        return entry.text
    if entry.table is not None:
        try:
            entry.table.update_incremental()  # the log from the cached version on
            entry.loaded = time.monotonic()
        except Exception:  # the log entries after ours are cleaned up: read it afresh
            entry.table = None
    if entry.table is None:
        try:
            entry.table = DeltaTable(table_uri(store, name), storage_options=options)
        except TableNotFoundError:
            # Not yet a table: the JSON object an earlier release kept there, if any (the
            # first change makes the table of it, and removes the object).
            entry.version, entry.text = -1, _legacy(store, name)
            return entry.text
        entry.version, entry.loaded = -1, time.monotonic()
    version = int(entry.table.version())
    if version != entry.version:
        rows = entry.table.to_pyarrow_table(columns=["doc"]).column("doc").to_pylist()
        entry.text = rows[0] if rows else None
        entry.version = version
    return entry.text


def _unchanged(store: Store, name: str, entry: _Cached) -> bool:
    """Whether the cached version is still the latest: its successor's log entry does not
    exist (one HEAD request). Versions are committed one after the other, so a change since
    would have written that entry; and it is not yet cleaned up, which happens a day after
    it was written at the earliest: a cache older than half that is brought up to date."""
    if time.monotonic() - entry.loaded > RETENTION_HOURS * 3600 / 2:
        return False
    fs, base = store._fs()
    path = f"{base}/{FOLDER}/{stem(name)}/_delta_log/{entry.version + 1:020d}.json"
    try:  # (a HEAD; get_file_info would also list, to tell a missing file from a folder)
        fs.open_input_file(path).close()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def _legacy(store: Store, name: str) -> str | None:
    fs, base = store._fs()
    try:
        with fs.open_input_stream(f"{base}/{name}") as fh:
            return fh.read().decode("utf-8")
    except (FileNotFoundError, OSError):
        return None


def forget(store: Store) -> None:
    """Drop this process's cached documents of ``store`` (its files were deleted: a restore
    over it)."""
    with _CACHE_GUARD:
        for key in [k for k in _CACHE if k[0] == store.root]:
            del _CACHE[key]


def _parse(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _dump(value: Any) -> str:
    return json.dumps(_json_safe(value), ensure_ascii=False, sort_keys=True)


def read_doc(store: Store, name: str) -> Any:
    """The document (parsed JSON), None where there is none; ``ValueError`` if it is not JSON."""
    if not store.is_remote:
        return store.read_json(name)
    entry = _entry(store, name)
    with entry.lock:
        return _parse(_current(store, name, entry))


def _loaded(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def update_doc(
    store: Store,
    name: str,
    change: Callable[[dict[str, Any]], R],
    *,
    corrupt_as_empty: bool = False,
) -> R:
    """Run ``change`` on the document (a dict, empty where there is none) and store what it
    made of it, on top of exactly what was read; ``change``'s result.

    ``change`` mutates the dict it gets; it may raise (nothing is written, the error goes to
    the caller) or leave the dict as it was (nothing is written). Where another writer stored
    the document in between, ``change`` runs again on theirs: it must not have effects beyond
    the dict (or only effects safe to repeat), and must not change the same document itself.
    A document that is not JSON raises ``ValueError``, unless ``corrupt_as_empty`` (then it
    reads as empty and is written over). :class:`DocumentBusy` after ``ATTEMPTS`` lost races.
    """
    if not store.is_remote:
        with store.json_lock(name):
            data, result, changed = _run(lambda: store.read_json(name), change, corrupt_as_empty)
            if changed:
                store.write_json(name, data)
            return result
    entry = _entry(store, name)
    for attempt in range(ATTEMPTS):
        with entry.lock:  # this process's writers and readers of the document one at a time
            data, result, changed = _run(
                lambda: _parse(_current(store, name, entry)), change, corrupt_as_empty
            )
            if not changed or _write(store, name, entry, _dump(data)):
                return result
        time.sleep(random.uniform(0.01, 0.05) * min(attempt + 1, 10))
    raise DocumentBusy(f"{name}: {ATTEMPTS} attempts, another writer won each")


def _run(
    load: Callable[[], Any], change: Callable[[dict[str, Any]], R], corrupt_as_empty: bool
) -> tuple[dict[str, Any], R, bool]:
    """The document as ``change`` left it, its result, and whether it changed anything."""
    try:
        value = load()
    except ValueError:
        if not corrupt_as_empty:
            raise
        value = None
    data = _loaded(value)
    before = _dump(data)
    result = change(data)
    return data, result, _dump(data) != before


def _write(store: Store, name: str, entry: _Cached, text: str) -> bool:
    """Commit ``text`` as the document's next version on top of ``entry``'s; False where
    another writer committed that version first."""
    rows = pa.Table.from_pylist([{"doc": text}], schema=_SCHEMA)
    props = CommitProperties(
        custom_metadata={"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
        max_commit_retries=0,  # exactly on top of the version read, or not at all
    )
    options = store.storage_options or None
    if entry.table is None:
        try:  # the first version: the table and the document in one commit (put-if-absent)
            write_deltalake(
                table_uri(store, name),
                rows,
                mode="error",
                configuration=_CONFIG,
                storage_options=options,
                commit_properties=props,
            )
        except DeltaError:
            if not DeltaTable.is_deltatable(table_uri(store, name), store.storage_options):
                raise
            return False  # another server created it first
        entry.table = None  # read afresh (and cached) on next use
        fs, base = store._fs()
        with contextlib.suppress(FileNotFoundError, OSError):
            fs.delete_file(f"{base}/{name}")  # an earlier release's object, now in the table
        return True
    try:
        write_deltalake(
            entry.table, rows, mode="overwrite", storage_options=options, commit_properties=props
        )
    except CommitFailedError:
        return False
    # The table object moved on to the version just written, which holds ``text``.
    entry.version, entry.text, entry.loaded = int(entry.table.version()), text, time.monotonic()
    return True


def replace_doc(store: Store, name: str, value: dict[str, Any]) -> None:
    """Store ``value`` as the whole document (a restore, a repair), whatever was there."""

    def change(data: dict[str, Any]) -> None:
        data.clear()
        data.update(value)

    update_doc(store, name, change, corrupt_as_empty=True)


def documents(store: Store) -> list[str]:
    """The stems of the documents kept as tables under ``_documents/`` (none locally)."""
    if not store.is_remote:
        return []
    fs, base = store._fs()
    try:
        infos = fs.get_file_info(pafs.FileSelector(f"{base}/{FOLDER}", allow_not_found=True))
    except (FileNotFoundError, OSError):
        return []
    return sorted(i.base_name for i in infos if i.type == pafs.FileType.Directory)


def maintain_documents(store: Store, retention_hours: int = RETENTION_HOURS) -> dict[str, int]:
    """Remove the files of documents' versions replaced more than ``retention_hours`` ago
    and, after a checkpoint, log entries older than a day; the files removed per document."""
    removed: dict[str, int] = {}
    for name in documents(store):
        uri = f"{store.root}/{FOLDER}/{name}"
        try:
            table = DeltaTable(uri, storage_options=store.storage_options or None)
        except TableNotFoundError:
            continue
        gone = table.vacuum(
            retention_hours=retention_hours, enforce_retention_duration=False, dry_run=False
        )
        table.update_incremental()
        table.create_checkpoint()
        table.cleanup_metadata()
        removed[name] = len(gone)
    return removed
