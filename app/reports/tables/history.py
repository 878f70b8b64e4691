"""上报记录: every commit, as the history page and the command line show it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.i18n import translate

# Delta operations of table maintenance (app.maintenance), whoever ran them.
MAINTENANCE_OPERATIONS = frozenset(
    {"OPTIMIZE", "VACUUM START", "VACUUM END", "SET TBLPROPERTIES", "CHECKPOINT"}
)

HISTORY_COLUMNS = [
    "dataset",
    "version",
    "time",
    "operation",
    "user",
    "source_file",
    "rows_written",
    "rows_added",
    "rows_removed",
    "rows_changed",
    "period",
]


def history(frame: pd.DataFrame, lang: str, time_zone: str) -> pd.DataFrame:
    """Every commit: which dataset, version, when (in the county's time zone), what was done,
    by whom, from which file, with how many rows; headed (``history.col.*``)."""
    from schemas import DATASETS

    def operation(mode: Any, rollback_to: Any, delta_operation: Any) -> str:
        if mode == "rollback":
            return translate("history.op.rollback", lang, to=int(rollback_to))
        if mode == "maintenance" or delta_operation in MAINTENANCE_OPERATIONS:
            return translate("ops.history.maintenance", lang)  # not an upload
        if mode == "restore":
            return translate("ops.history.restore", lang)
        return translate(
            f"history.op.{mode}" if isinstance(mode, str) else "history.op.create", lang
        )

    shown = frame.copy()
    shown["dataset"] = shown["dataset"].map(lambda n: DATASETS[n].title(lang))
    shown["time"] = pd.to_datetime(shown["time"], utc=True).dt.tz_convert(time_zone)
    shown["time"] = shown["time"].dt.strftime("%Y-%m-%d %H:%M")
    shown["operation"] = [
        operation(m, r, o)
        for m, r, o in zip(shown["mode"], shown["rollback_to"], shown["operation"], strict=True)
    ]
    for column in ("rows_written", "rows_added", "rows_removed", "rows_changed"):
        shown[column] = shown[column].astype("Float64").astype("Int64")
    shown = shown[HISTORY_COLUMNS]
    return shown.rename(columns={c: translate(f"history.col.{c}", lang) for c in shown.columns})
