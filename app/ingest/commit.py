"""The plan (how the commit replaces data, and the diff) and the atomic commit."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.ingest.codes import _Stored
from app.ingest.diff import compute_diff
from app.ingest.prepared import Prepared
from app.store import CommitResult, Store, matches


def _plan(prepared: Prepared, stored: _Stored, scope: dict[str, set[str]] | None) -> pd.DataFrame:
    """How the commit replaces data (data-model.md 'Facts') and the diff against the store;
    returns the stored rows it was planned against."""
    dataset = prepared.dataset
    # A monthly file reads only the months it replaces: the table's other files are not read.
    months = None
    if dataset.kind == "monthly":
        months = sorted(prepared.frame["period"].dropna().unique().tolist()) or None
    prepared.base, existing = stored.rows(months)
    if dataset.kind == "master":
        prepared.mode = "overwrite"
        prepared.diff = compute_diff(prepared.frame, existing, dataset, "overwrite")
    elif dataset.kind == "monthly":
        periods = sorted(prepared.frame["period"].unique().tolist())
        prepared.periods = periods
        where: dict[str, list[Any]] = {"period": periods}
        for column, allowed in (scope or {}).items():
            if column in dataset.column_names:
                where[column] = sorted(allowed)
        prepared.mode, prepared.where = "replace", where
        inside = existing[matches(existing, where)] if len(existing) else existing
        prepared.diff = compute_diff(prepared.frame, inside, dataset, "replace")
        prepared.replaced = len(inside)
    else:
        prepared.mode = "upsert"
        prepared.diff = compute_diff(prepared.frame, existing, dataset, "upsert")
    return existing


def commit_prepared(prepared: Prepared, store: Store, user: str) -> CommitResult:
    """Commit a valid, prepared upload in one atomic, versioned commit."""
    if not prepared.ok:
        raise ValueError("cannot commit a file with problems")
    counts = prepared.diff.counts if prepared.diff else {}
    metadata = {
        "user": user,
        "source_file": prepared.filename,
        "sha256": prepared.sha256,
        "rows_added": counts.get("added"),
        "rows_removed": counts.get("removed"),
        "rows_changed": counts.get("changed"),
        "period": ",".join(prepared.periods) if prepared.periods else None,
        "message": "upload",
    }
    return store.commit(
        prepared.dataset.name,
        prepared.frame,
        prepared.mode,
        metadata,
        where=prepared.where,
        known=(*prepared.base, prepared.replaced) if prepared.base else None,
    )
