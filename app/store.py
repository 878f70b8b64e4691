"""The datastore: one Delta Lake table per dataset, every commit atomic and versioned.

Delta writes new Parquet files first and makes them visible with a single log entry, so a
reader never sees half a commit and a failed or killed write leaves the table as it was.
Each commit carries who, when, which file (name and sha256) and row counts as custom metadata.
The root may be a local directory or an object-store URL (``s3://bucket/prefix``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake.exceptions import CommitFailedError, TableNotFoundError

from schemas import DATASETS, Dataset, get

Mode = Literal["overwrite", "replace", "upsert", "append"]
_LOG_NAME = re.compile(r"^(\d{20})\.(?:json|checkpoint\.parquet|checkpoint\.\d+\.\d+\.parquet)$")
MARKER = "_store.json"
COMMIT_ATTEMPTS = 20

_ARROW_TYPES = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}


class StoreError(RuntimeError):
    """The store cannot do what was asked (no such store, a version that does not exist…)."""


class StoreConflict(StoreError):
    """Another writer (another server) committed to the table since the caller read it."""


class RollbackRefused(StoreError):
    """A rollback the store refuses, with a message for the clerk (``ops.rollback.*``)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("zh"))

    def message(self, lang: str) -> str:
        from app.i18n import translate

        return translate(self.key, lang, **self.params)


def arrow_schema(dataset: Dataset) -> pa.Schema:
    return pa.schema(
        [pa.field(c.name, _ARROW_TYPES[c.type], nullable=True) for c in dataset.columns]
    )


def _column_to_arrow(series: pd.Series, kind: str) -> pa.Array:
    if kind == "str":
        if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
            return pa.array(series.array, from_pandas=True).cast(pa.string())  # no copy
        if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
            # Text already (the common case): Arrow converts it in C, missing values as null.
            return pa.array(series.astype(object), type=pa.string(), from_pandas=True)
        values = [None if pd.isna(v) else str(v) for v in series.astype(object)]
        return pa.array(values, type=pa.string())
    if kind == "date":
        stamps = pd.to_datetime(series, errors="raise")
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):
            values = [None if pd.isna(v) else v.date() for v in stamps]
            return pa.array(values, type=pa.date32())
        days = stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        return pa.array(days, type=pa.date32(), mask=stamps.isna().to_numpy())
    if kind == "int":
        return pa.array(pd.array(series, dtype="Int64"), type=pa.int64())
    if kind == "float":
        return pa.array(
            pd.to_numeric(series).astype("float64"), type=pa.float64(), from_pandas=True
        )
    if kind == "bool":
        return pa.array(pd.array(series, dtype="boolean"), type=pa.bool_())
    raise ValueError(kind)


def to_arrow(frame: pd.DataFrame, dataset: Dataset) -> pa.Table:
    """The frame as an Arrow table with exactly the dataset's columns and types."""
    frame = frame.reset_index(drop=True)
    arrays = []
    for spec in dataset.columns:
        if spec.name in frame.columns:
            arrays.append(_column_to_arrow(frame[spec.name], spec.type))
        else:
            arrays.append(pa.nulls(len(frame), type=_ARROW_TYPES[spec.type]))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(dataset))


def from_arrow(table: pa.Table, dataset: Dataset, columns: list[str] | None = None) -> pd.DataFrame:
    """An Arrow table as a frame with the canonical pandas dtypes (``columns`` only, if given)."""
    frame = table.to_pandas(date_as_object=False)
    wanted = list(columns) if columns else dataset.column_names
    for spec in dataset.columns:
        if spec.name not in wanted:
            continue
        if spec.name not in frame.columns:
            frame[spec.name] = None
        column = frame[spec.name]
        if spec.type == "str":
            frame[spec.name] = column.astype("str").where(column.notna(), None)
        elif spec.type == "int":
            frame[spec.name] = pd.array(column, dtype="Int64")
        elif spec.type == "float":
            frame[spec.name] = pd.to_numeric(column).astype("float64")
        elif spec.type == "bool":
            frame[spec.name] = pd.array(column, dtype="boolean")
        elif spec.type == "date":
            frame[spec.name] = pd.to_datetime(column).astype("datetime64[ns]")
    return frame[wanted]


def _sql_literal(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def replace_predicate(where: dict[str, list[Any]]) -> str:
    """A Delta predicate for ``column IN (...) AND ...``; ``None`` in a list matches NULL."""
    parts = []
    for column, values in where.items():
        present = [v for v in values if v is not None and not pd.isna(v)]
        terms = []
        if present:
            terms.append(f"{column} IN ({', '.join(_sql_literal(v) for v in present)})")
        if len(present) < len(values):
            terms.append(f"{column} IS NULL")
        if not terms:
            raise ValueError(f"empty value list for {column}")
        parts.append("(" + " OR ".join(terms) + ")")
    return " AND ".join(parts)


def _scan(table: DeltaTable, columns: list[str] | None, filters: Any) -> pa.Table:
    """Read ``columns`` of the rows matching ``filters``. Tuple filters also prune whole files
    by their min/max statistics (a month's upload is a file of its own), then filter rows."""
    if filters is None:
        return table.to_pyarrow_table(columns=columns)
    if isinstance(filters, pc.Expression):
        return table.to_pyarrow_table(columns=columns, filters=filters)
    dataset = table.to_pyarrow_dataset(file_pruning_predicate=filters)
    return dataset.to_table(columns=columns, filter=pq.filters_to_expression(filters))


def _scan_filter(where: dict[str, list[Any]]) -> Any:
    """A pyarrow filter that keeps (at least) the rows of a replace scope: its non-null values
    pushed into the scan, NULL matches left to :func:`matches` (the exact test)."""
    parts = []
    for column, values in where.items():
        present = [v for v in values if v is not None and not pd.isna(v)]
        if len(present) < len(values):
            return None  # a NULL in the scope: read the scope's columns unfiltered
        parts.append((column, "in", present))
    return parts or None


def matches(frame: pd.DataFrame, where: dict[str, list[Any]]) -> pd.Series:
    """Rows of ``frame`` inside a replace scope (the same meaning as ``replace_predicate``)."""
    mask = pd.Series(True, index=frame.index)
    for column, values in where.items():
        present = [v for v in values if v is not None and not pd.isna(v)]
        inside = frame[column].isin(present)
        if len(present) < len(values):
            inside |= frame[column].isna()
        mask &= inside
    return mask


@dataclass(frozen=True)
class CommitResult:
    dataset: str
    version: int
    rows_written: int
    rows_before: int
    rows_after: int


def _json_safe(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


_JSON_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_JSON_LOCKS_GUARD = threading.Lock()


class Store:
    """A data directory holding one versioned table per dataset."""

    def __init__(self, root: str, storage_options: dict[str, str] | None = None) -> None:
        self.root = str(root).rstrip("/")
        self.storage_options = dict(storage_options or {})
        self._filesystem: tuple[pafs.FileSystem, str] | None = None

    # -- layout -------------------------------------------------------------------------
    @property
    def is_remote(self) -> bool:
        return "://" in self.root

    def uri(self, dataset: str) -> str:
        get(dataset)
        return f"{self.root}/{dataset}"

    def _fs(self) -> tuple[pafs.FileSystem, str]:
        """The filesystem under the root (built once: an S3 client is not free) and the path."""
        if self._filesystem is None:
            if self.is_remote:
                options = {k.lower(): v for k, v in self.storage_options.items()}
                endpoint = options.get("aws_endpoint_url") or options.get("endpoint_url")
                scheme = "https"
                if endpoint and "://" in endpoint:
                    scheme, endpoint = endpoint.split("://", 1)
                if options.get("aws_allow_http") == "true" and not endpoint:
                    scheme = "http"
                self._filesystem = (
                    pafs.S3FileSystem(
                        access_key=options.get("aws_access_key_id"),
                        secret_key=options.get("aws_secret_access_key"),
                        session_token=options.get("aws_session_token"),
                        region=options.get("aws_region", "us-east-1"),
                        endpoint_override=endpoint,
                        scheme=scheme,
                        allow_bucket_creation=False,
                        # A small file in one PUT (atomic on S3), not a multipart upload.
                        allow_delayed_open=True,
                    ),
                    self.root.split("://", 1)[1],
                )
            else:
                self._filesystem = (pafs.LocalFileSystem(), self.root)
        return self._filesystem

    def read_json(self, name: str) -> Any:
        """A small JSON file kept beside the tables (the marker, accounts); None if absent."""
        fs, base = self._fs()
        try:
            with fs.open_input_stream(f"{base}/{name}") as fh:
                return json.loads(fh.read().decode("utf-8"))
        except (FileNotFoundError, OSError):
            return None

    @contextlib.contextmanager
    def json_lock(self, name: str) -> Iterator[None]:
        """Held while a JSON file beside the tables is read, changed and written back (an
        account added, a failed sign-in counted, a session issued): the other threads of this
        process wait, and on a local store every other process too (the app's server, a second
        server, the command line), by an exclusive lock on a file beside it. On S3 only this
        process's threads wait (S3 has no lock a second server would see)."""
        with _JSON_LOCKS_GUARD:
            lock = _JSON_LOCKS.setdefault((self.root, name), threading.Lock())
        with lock:
            if self.is_remote or fcntl is None:
                yield
                return
            Path(self.root).mkdir(parents=True, exist_ok=True)
            # Opened for reading only: a lock file another user created (a root-run command
            # line) still locks, as writing the JSON itself needs only the directory.
            handle = os.open(Path(self.root) / f".{name}.lock", os.O_RDONLY | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            finally:
                os.close(handle)

    def write_json(self, name: str, value: Any) -> None:
        """Write a JSON file beside the tables, atomically (locally a temporary file, then a
        rename; on S3 one PUT, which replaces the object atomically)."""
        fs, base = self._fs()
        data = json.dumps(_json_safe(value), ensure_ascii=False, indent=2).encode("utf-8")
        if self.is_remote:
            with fs.open_output_stream(f"{base}/{name}") as fh:
                fh.write(data)
            return
        # Readable by the server's user only (accounts, sessions: 0600), whatever the umask.
        Path(self.root).mkdir(parents=True, exist_ok=True)
        tmp = Path(self.root) / f"{name}.{uuid.uuid4().hex}.tmp"
        handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        os.replace(tmp, Path(self.root) / name)

    def info(self) -> dict[str, Any] | None:
        """The store's marker (created when, demo or not), or None where no store exists."""
        return self.read_json(MARKER)

    def exists(self) -> bool:
        return self.info() is not None

    def write_info(self, info: dict[str, Any]) -> None:
        self.write_json(MARKER, info)

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
                    commit_properties=CommitProperties(
                        custom_metadata=self._metadata({"message": "init", **(metadata or {})})
                    ),
                )
        if write_marker:
            self.mark_ready(demo=demo)

    def mark_ready(self, *, demo: bool) -> None:
        self.write_info({"created": dt.datetime.now(dt.UTC), "demo": demo})

    # -- reading ------------------------------------------------------------------------
    def _table(self, dataset: str, version: int | None = None) -> DeltaTable | None:
        try:
            return DeltaTable(
                self.uri(dataset),
                version=version,
                storage_options=self.storage_options or None,
            )
        except TableNotFoundError:
            return None

    def version(self, dataset: str) -> int:
        """The current version, or -1 where the dataset has no table yet.

        Read from the names in the table's ``_delta_log`` (one directory listing, no log
        replay): the newest commit file or checkpoint is the version. Pages check versions on
        every rerun, so this must stay cheap, locally and on S3 (one LIST request)."""
        fs, base = self._fs()
        try:
            infos = fs.get_file_info(pafs.FileSelector(f"{base}/{get(dataset).name}/_delta_log"))
        except (FileNotFoundError, OSError):
            return -1
        latest = -1
        for info in infos:
            found = _LOG_NAME.match(info.base_name)
            if found:
                latest = max(latest, int(found.group(1)))
        return latest

    def versions(self) -> dict[str, int]:
        return {name: self.version(name) for name in DATASETS}

    def snapshot(self, dataset: str) -> DeltaTable | None:
        """The dataset's table at its current version (None where it has none), to read
        with ``read(snapshot=…)`` and commit on with ``commit(known=…)``."""
        return self._table(dataset)

    def read(
        self,
        dataset: str,
        version: int | None = None,
        columns: list[str] | None = None,
        filters: Any = None,
        snapshot: DeltaTable | None = None,
    ) -> pd.DataFrame:
        """The dataset as of ``version`` (latest by default), with canonical dtypes.

        ``columns`` and ``filters`` (pyarrow's form: ``[("period", "in", [...]), ...]`` or a
        ``pyarrow.compute`` expression) are pushed into the Parquet scan: only those columns
        are decoded, and files and row groups whose statistics rule the filter out are skipped.
        """
        spec = get(dataset)
        try:
            table = snapshot if snapshot is not None else self._table(dataset, version)
        except Exception as exc:  # deltalake raises a generic error for a missing version
            raise StoreError(f"{dataset}: version {version} not found") from exc
        if table is None:
            arrow = arrow_schema(spec).empty_table()
            if columns:
                arrow = arrow.select(columns)
        else:
            arrow = _scan(table, columns, filters)
        return from_arrow(arrow, spec, columns)

    def count(self, dataset: str, version: int | None = None) -> int:
        """Rows in the dataset (as of ``version``), from the log's statistics."""
        table = self._table(dataset, version)
        return 0 if table is None else int(table.count())

    def files(self, dataset: str, version: int | None, column: str) -> list[tuple[Any, ...]]:
        """The data files of the dataset (as of ``version``) as (path, rows, bytes, least and
        greatest value of ``column``), from the log's statistics (no data file is opened).
        What a month's rows are made of: an upload replaces its month's files and leaves the
        other months' alone (``app.reports.year_to_date``). Deltalake writes no deletion
        vectors, so a file's rows change only with its path."""
        table = self._table(dataset, version)
        if table is None:
            return []
        actions = pa.table(table.get_add_actions(flatten=True))
        names = set(actions.column_names)

        def values(name: str) -> list[Any]:
            return actions[name].to_pylist() if name in names else [None] * actions.num_rows

        return list(
            zip(
                values("path"),
                values("num_records"),
                values("size_bytes"),
                values(f"min.{column}"),
                values(f"max.{column}"),
                strict=True,
            )
        )

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

    def _version_of(self, dataset: str, commit_id: str, after: int) -> int:
        """The version whose log entry carries ``commit_id`` (read from the log files: with
        concurrent writers, the version just written is not simply the latest)."""
        fs, base = self._fs()
        version = after + 1
        while True:
            path = f"{base}/{dataset}/_delta_log/{version:020d}.json"
            try:
                with fs.open_input_stream(path) as fh:
                    text = fh.read().decode("utf-8")
            except (FileNotFoundError, OSError):
                raise StoreError(f"{dataset}: commit {commit_id} not found in the log") from None
            if commit_id in text:
                return version
            version += 1

    def history(self, dataset: str | None = None) -> pd.DataFrame:
        """Every commit, newest first: version, time, operation, user, file, counts."""
        names = [dataset] if dataset else list(DATASETS)
        rows = []
        for name in names:
            table = self._table(name)
            if table is None:
                continue
            for entry in table.history():
                stamp = entry.get("timestamp")
                rows.append(
                    {
                        "dataset": name,
                        "version": int(entry.get("version", 0)),
                        "time": pd.to_datetime(stamp, unit="ms", utc=True) if stamp else pd.NaT,
                        "operation": entry.get("operation"),
                        "mode": entry.get("mode"),
                        "user": entry.get("user"),
                        "source_file": entry.get("source_file"),
                        "sha256": entry.get("sha256"),
                        "rows_written": entry.get("rows_written"),
                        "rows_before": entry.get("rows_before"),
                        "rows_replaced": entry.get("rows_replaced"),
                        "rows_added": entry.get("rows_added"),
                        "rows_removed": entry.get("rows_removed"),
                        "rows_changed": entry.get("rows_changed"),
                        "period": entry.get("period"),
                        "rollback_to": entry.get("rollback_to"),
                        "message": entry.get("message"),
                    }
                )
        columns = [
            "dataset",
            "version",
            "time",
            "operation",
            "mode",
            "user",
            "source_file",
            "sha256",
            "rows_written",
            "rows_before",
            "rows_replaced",
            "rows_added",
            "rows_removed",
            "rows_changed",
            "period",
            "rollback_to",
            "message",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.sort_values(["time", "version"], ascending=False, kind="stable").reset_index(
            drop=True
        )

    def commit_time(self, dataset: str, version: int) -> dt.datetime | None:
        """When ``version`` was committed (UTC), from its log entry; None where the entry is
        gone (log entries older than the rollback window are cleaned up) or never was."""
        fs, base = self._fs()
        path = f"{base}/{get(dataset).name}/_delta_log/{version:020d}.json"
        try:
            with fs.open_input_stream(path) as fh:
                lines = fh.read().decode("utf-8").splitlines()
        except (FileNotFoundError, OSError):
            return None
        for line in lines:
            info = json.loads(line).get("commitInfo") if line.strip() else None
            if isinstance(info, dict) and info.get("timestamp") is not None:
                return dt.datetime.fromtimestamp(int(info["timestamp"]) / 1000, dt.UTC)
        return None

    def restorable(self, dataset: str, version: int, since: dt.datetime | None) -> bool:
        """Whether ``version`` was the current one at some moment since ``since`` (the start
        of the rollback window): the current version, or one the next commit replaced on or
        after ``since``. Maintenance keeps exactly those versions' files."""
        current = self.version(dataset)
        if not 0 <= version <= current:
            return False
        if since is None or version == current:
            return True
        replaced = self.commit_time(dataset, version + 1)
        return replaced is not None and replaced >= since

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
