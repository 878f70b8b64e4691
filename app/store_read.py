"""Reading the store: a dataset's table at a version, its current version (cheap: one
listing of its log), its rows with canonical dtypes, and its files' statistics."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

from app.store_arrow import arrow_schema, from_arrow
from app.store_errors import StoreError
from app.store_filters import _scan
from app.store_root import StoreRoot
from schemas import DATASETS, get

_LOG_NAME = re.compile(r"^(\d{20})\.(?:json|checkpoint\.parquet|checkpoint\.\d+\.\d+\.parquet)$")


class StoreReader(StoreRoot):
    """The store's tables as read: versions, rows and files."""

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
