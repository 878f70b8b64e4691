"""The datastore: one Delta Lake table per dataset, every commit atomic and versioned.

Delta writes new Parquet files first and makes them visible with a single log entry, so a
reader never sees half a commit and a failed or killed write leaves the table as it was.
Each commit carries who, when, which file (name and sha256) and row counts as custom metadata.
The root may be a local directory or an object-store URL (``s3://bucket/prefix``).

:class:`Store` is built in layers, each in a module of its own: the root and the JSON files
beside the tables (``store_root``), reading (``store_read``), the commit log read back
(``store_log``), and here, creating the tables and writing commits and rollbacks. Arrow
conversion (``store_arrow``), row filters (``store_filters``) and the errors
(``store_errors``) are named here too, as callers import them from this module.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake.exceptions import CommitFailedError

from app.store_arrow import arrow_schema, from_arrow, to_arrow
from app.store_errors import RollbackRefused, StoreConflict, StoreError
from app.store_filters import _scan, _scan_filter, matches, replace_predicate
from app.store_log import StoreLog
from app.store_root import MARKER, _json_safe
from schemas import DATASETS, Dataset, get

__all__ = [
    "COMMIT_ATTEMPTS",
    "TABLE_PROPERTIES",
    "MARKER",
    "CommitResult",
    "Mode",
    "RollbackRefused",
    "Store",
    "StoreConflict",
    "StoreError",
    "arrow_schema",
    "from_arrow",
    "matches",
    "replace_predicate",
    "to_arrow",
]

Mode = Literal["overwrite", "replace", "upsert", "append"]
COMMIT_ATTEMPTS = 20
# A new table's own properties: a checkpoint every ten commits, so that opening a table
# replays at most ten log entries however long its history (a province's indicator values,
# five years of monthly uploads: 28 → 5 ms, bench/ingest.py); log entries removed only by
# ``python -m app maintain``, which keeps the rollback window (app.maintenance), never by
# deltalake's post-commit cleanup with its default 30 days.
TABLE_PROPERTIES = {
    "delta.checkpointInterval": "10",
    "delta.enableExpiredLogCleanup": "false",
}


@dataclass(frozen=True)
class CommitResult:
    dataset: str
    version: int
    rows_written: int
    rows_before: int
    rows_after: int


class Store(StoreLog):
    """A data directory holding one versioned table per dataset."""

    def init(
        self, *, demo: bool, metadata: dict[str, Any] | None = None, write_marker: bool = True
    ) -> None:
        """Create an empty table (version 0) for every dataset, then the marker (which says the
        store is ready; a seeding caller writes it last, with ``mark_ready``)."""
        for dataset in DATASETS.values():
            if not DeltaTable.is_deltatable(self.uri(dataset.name), self.storage_options):
                DeltaTable.create(
                    self.uri(dataset.name),
                    arrow_schema(dataset),
                    storage_options=self.storage_options or None,
                    configuration=TABLE_PROPERTIES,
                    commit_properties=CommitProperties(
                        custom_metadata=self._metadata({"message": "init", **(metadata or {})})
                    ),
                )
        if write_marker:
            self.mark_ready(demo=demo)

    # -- writing ------------------------------------------------------------------------
    @staticmethod
    def _metadata(metadata: dict[str, Any]) -> dict[str, Any]:
        meta = {
            "user": "system",
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "commit_id": uuid.uuid4().hex,
        }
        meta.update({k: v for k, v in metadata.items() if v is not None})
        return _json_safe(meta)

    def commit(
        self,
        dataset: str,
        frame: pd.DataFrame,
        mode: Mode,
        metadata: dict[str, Any] | None = None,
        where: dict[str, list[Any]] | None = None,
        known: tuple[DeltaTable | None, int | None, int | None] | None = None,
        expect_version: int | None = None,
    ) -> CommitResult:
        """Write ``frame`` as one atomic commit.

        ``overwrite`` replaces the whole dataset (master data); ``replace`` replaces the rows
        matching ``where`` (a period within a scope); ``upsert`` merges by the dataset's key
        (event facts); ``append`` adds rows. ``known`` = (the table as the caller read it
        with :meth:`snapshot`, its version then, the rows of the ``where`` scope in it): while
        the table is still at that version, it is neither opened nor counted again.
        ``expect_version``: commit only on top of that version, else :class:`StoreConflict`
        (a read-modify-write of one record, e.g. a 督办 step, redone by its caller on what the
        other writer committed, rather than written over it). The commit is written on the
        table as of that version and put as exactly the next one: another server's commit
        landing between the check and the write makes it conflict too.
        """
        spec = get(dataset)
        data = to_arrow(frame, spec)
        for attempt in range(COMMIT_ATTEMPTS):
            if expect_version is not None and self.version(dataset) != expect_version:
                raise StoreConflict(f"{dataset}: moved on from version {expect_version}")
            try:
                return self._commit_once(
                    dataset,
                    spec,
                    frame,
                    data,
                    mode,
                    metadata,
                    where,
                    known if attempt == 0 else None,
                    expect_version,
                )
            except CommitFailedError:
                # Another writer committed first: redo ours on top of theirs (last one stands).
                if expect_version is not None:
                    raise StoreConflict(f"{dataset}: another writer committed first") from None
                if attempt == COMMIT_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.05, 0.3) * (attempt + 1))
        raise AssertionError("unreachable")

    def _commit_once(
        self,
        dataset: str,
        spec: Dataset,
        frame: pd.DataFrame,
        data: pa.Table,
        mode: Mode,
        metadata: dict[str, Any] | None,
        where: dict[str, list[Any]] | None,
        known: tuple[DeltaTable | None, int | None, int | None] | None = None,
        at_version: int | None = None,
    ) -> CommitResult:
        """One attempt. ``at_version``: written on top of the table at exactly that version,
        with no retry inside deltalake, so a commit by anyone since (even one landing after
        the caller's check of the version) makes this one fail (``CommitFailedError``)."""
        base, read_at = (known[0], known[1]) if known else (None, None)
        # A snapshot written through moves on in place: its version then must still hold.
        if at_version is not None and at_version >= 0:
            if base is not None and read_at == at_version == int(base.version()):
                current = base
            else:
                current, known = self._table(dataset, at_version), None
        elif base is not None and read_at == int(base.version()) == self.version(dataset):
            current = base  # nobody committed since the caller read it
        else:
            current, known = self._table(dataset), None
        read_version = -1 if current is None else int(current.version())
        before = 0 if current is None else int(current.count())
        replaced = before if mode == "overwrite" else 0
        if mode == "replace":
            if not where:
                raise ValueError("replace needs a where scope")
            inside = matches(frame, where) if len(frame) else pd.Series(dtype=bool)
            if not bool(inside.all()):
                raise ValueError("rows outside the replace scope")
            if known is not None and known[2] is not None:
                replaced = known[2]
            elif current is not None:
                scope = list(where)
                existing = from_arrow(_scan(current, scope, _scan_filter(where)), spec, scope)
                replaced = int(matches(existing, where).sum())
        meta = self._metadata(
            {
                "mode": mode,
                "rows_written": len(frame),
                "rows_before": before,
                "rows_replaced": replaced,
                **({"scope": where} if where else {}),
                **(metadata or {}),
            }
        )
        props = CommitProperties(
            custom_metadata=meta,
            # Strict: deltalake would otherwise redo a commit the conflict checker lets
            # through on top of a newer version than the one the caller based it on.
            max_commit_retries=0 if at_version is not None else None,
        )
        options = self.storage_options or None
        # Written on ``current`` (not the latest) where the commit must sit on its version.
        target = current if at_version is not None and current is not None else self.uri(dataset)
        if mode == "upsert" and current is not None:
            predicate = " AND ".join(f"t.{k} = s.{k}" for k in spec.key)
            (
                current.merge(
                    data,
                    predicate=predicate,
                    source_alias="s",
                    target_alias="t",
                    commit_properties=props,
                )
                .when_matched_update_all()
                .when_not_matched_insert_all()
                .execute()
            )
        elif mode == "replace":
            write_deltalake(
                self.uri(dataset) if current is None else current,
                data,
                mode="overwrite",
                predicate=replace_predicate(where or {}),
                storage_options=options,
                commit_properties=props,
                configuration=TABLE_PROPERTIES if current is None else None,
            )
        else:
            write_deltalake(
                target,
                data,
                mode="append" if mode in ("append", "upsert") else "overwrite",
                # An overwrite "reads" every row: a writer that overwrote (or appended)
                # since our snapshot is then a conflict, and we redo ours on top. Without it,
                # two overwrites of an empty table both commit, one's rows beside the other's.
                predicate="1 = 1" if mode == "overwrite" else None,
                storage_options=options,
                commit_properties=props,
                configuration=TABLE_PROPERTIES if current is None else None,
            )
        # Other writers may have committed since: find our own commit by its id.
        version = self._version_of(dataset, meta["commit_id"], read_version)
        if version == read_version + 1 and mode != "upsert":
            # Nobody committed in between: the count follows from what was written.
            after = before - replaced + len(frame)
        else:
            after_table = self._table(dataset, version)
            assert after_table is not None
            after = int(after_table.count())
        return CommitResult(
            dataset=dataset,
            version=version,
            rows_written=len(frame),
            rows_before=before,
            rows_after=after,
        )

    def rollback(
        self,
        dataset: str,
        version: int,
        metadata: dict[str, Any] | None = None,
        not_before: dt.datetime | None = None,
    ) -> int:
        """Restore ``dataset`` to ``version`` as a new commit (itself in the history).

        ``not_before`` is the start of the rollback window (``app.maintenance.window_start``):
        a version replaced before it is refused (:class:`RollbackRefused`), as is one whose
        files maintenance has removed, whatever the window."""
        table = self._table(dataset)
        if table is None:
            raise StoreError(f"{dataset}: no table")
        current = int(table.version())
        if not 0 <= version <= current:
            raise StoreError(f"{dataset}: version {version} not found (0–{current})")
        if not self.restorable(dataset, version, not_before):
            assert not_before is not None
            raise RollbackRefused(
                "ops.rollback.outside_window",
                version=version,
                since=not_before.date().isoformat(),  # its own (the county's) time zone
            )
        meta = self._metadata({"mode": "rollback", "rollback_to": version, **(metadata or {})})
        try:
            table.restore(version, commit_properties=CommitProperties(custom_metadata=meta))
        except Exception as exc:  # deltalake: "Find missing file … when restore"
            if "missing file" in str(exc).lower() and self.version(dataset) == current:
                raise RollbackRefused("ops.rollback.files_gone", version=version) from exc
            raise
        return self.version(dataset)
