"""Helpers shared by the ingest tests: prepare a fixture file, snapshot a store."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pandas as pd

from app.ingest import Prepared, prepare
from app.settings import Settings
from app.store import Store

TODAY = dt.date(2011, 11, 30)  # the demo county's as-of date: "today" for future-date checks


def prep(
    store: Store,
    dataset: str,
    path: Path,
    period: str | None = None,
    settings: Settings | None = None,
    **kw: Any,
) -> Prepared:
    return prepare(
        dataset,
        path.read_bytes(),
        path.name,
        store,
        settings or Settings(),
        period=period,
        today=kw.pop("today", TODAY),
        **kw,
    )


def snapshot(store: Store) -> tuple[dict[str, int], dict[str, str]]:
    """Every dataset's version and the sha256 of every file under the data directory."""
    root = Path(store.root)
    files = {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
    return store.versions(), files


def records(frame: pd.DataFrame, sort: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows as plain dicts (NA → None, timestamps → dates, numpy scalars → Python), sorted."""
    if sort:
        frame = frame.sort_values(sort, kind="stable", na_position="first")
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.date()
            elif hasattr(value, "item"):
                value = value.item()
            clean[key] = value
        out.append(clean)
    return out


def shown(value: Any) -> str | None:
    """A problem's value as text (105.0 → '105')."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
