"""The store's commit log read back: every commit with its metadata, when a version was
committed, which versions a rollback may restore, and which version a commit became."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from app.store_errors import StoreError
from app.store_read import StoreReader
from schemas import DATASETS, get


class StoreLog(StoreReader):
    """The history of the store's tables, from their Delta logs."""

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
