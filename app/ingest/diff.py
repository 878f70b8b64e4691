"""The diff against the store: rows added, removed and changed, matched by their key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow

from app.store import Mode
from schemas import Dataset


@dataclass
class Diff:
    """What a commit would change: rows added, removed, and changed cells (old → new)."""

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # key columns, column, old, new

    @property
    def counts(self) -> dict[str, int]:
        changed_rows = 0
        if not self.changed.empty:
            changed_rows = len(
                self.changed.drop(columns=["column", "old", "new"]).drop_duplicates()
            )
        return {"added": len(self.added), "removed": len(self.removed), "changed": changed_rows}


def _key_text(series: pd.Series) -> pyarrow.Array | None:
    """A key column as Arrow text, missing values as "" (None where Arrow cannot type it)."""
    try:
        array = pyarrow.array(series, from_pandas=True)
        if isinstance(array, pyarrow.ChunkedArray):  # a store's column in 0 or several pieces
            array = array.combine_chunks()
        if array.type != pyarrow.string():
            array = array.cast(pyarrow.string())
    except (pyarrow.ArrowInvalid, pyarrow.ArrowTypeError, pyarrow.ArrowNotImplementedError):
        return None
    return array.fill_null("")


def _key_ids(new: pd.DataFrame, old: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One integer per row for its key, equal where the keys read the same as text (a
    missing value reads as ""), for the incoming and the stored rows."""
    new_ids, old_ids, _count = _key_codes(new, old)
    return new_ids, old_ids


def _key_codes(new: pd.DataFrame, old: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int]:
    """:func:`_key_ids` numbered 0..count-1, and the count."""
    ids = np.zeros(len(new) + len(old), dtype="int64")
    size = 1
    for column in new.columns:
        sides = [_key_text(new[column]), _key_text(old[column])]
        if sides[0] is not None and sides[1] is not None:
            encoded = pyarrow.concat_arrays(sides).dictionary_encode()
            codes, count = encoded.indices.to_numpy(zero_copy_only=False), len(encoded.dictionary)
        else:  # mixed Python values: each side's distinct values as text
            parts, texts = [], []
            for side in (new[column], old[column]):
                side_codes, uniques = pd.factorize(side, use_na_sentinel=True)
                text = [str(u) for u in uniques] + [""]  # the last: missing (code -1)
                parts.append(np.where(side_codes < 0, len(text) - 1, side_codes) + len(texts))
                texts.extend(text)
            text_codes, text_uniques = pd.factorize(np.array(texts, dtype=object))
            codes, count = text_codes[np.concatenate(parts)], len(text_uniques)
        if size * max(count, 1) >= 2**62:  # compact first, so that many columns cannot overflow
            ids, uniques = pd.factorize(ids)
            size = len(uniques)
        ids = ids * max(count, 1) + codes
        size *= max(count, 1)
    if size > 2 * len(ids) + 1:  # spread wider than the rows: numbered again
        codes, uniques = pd.factorize(ids)
        ids, size = codes.astype("int64", copy=False), len(uniques)
    return ids[: len(new)], ids[len(new) :], size


def _last_of(ids: np.ndarray, size: int) -> np.ndarray:
    """For each id below ``size``, the position of its last row (-1: none)."""
    last = np.full(size, -1, dtype="int64")
    np.maximum.at(last, ids, np.arange(len(ids), dtype="int64"))
    return last


def _differs(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Where two columns' cells differ: a missing value on both sides is no change; floats
    within 1e-9 are equal."""
    missing_a, missing_b = a.isna().to_numpy(), b.isna().to_numpy()
    differs = missing_a ^ missing_b
    present = ~missing_a & ~missing_b
    if not present.any():
        return differs
    if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
        fa = a.to_numpy(dtype="float64", na_value=np.nan)[present]
        fb = b.to_numpy(dtype="float64", na_value=np.nan)[present]
        with np.errstate(invalid="ignore"):
            differs[present] = ~(np.abs(fa - fb) < 1e-9) & (fa != fb)
    else:
        va = a.to_numpy(dtype=object)[present]
        vb = b.to_numpy(dtype=object)[present]
        differs[present] = [bool(x != y) for x, y in zip(va, vb, strict=True)]
    return differs


def compute_diff(
    incoming: pd.DataFrame, existing: pd.DataFrame, dataset: Dataset, mode: Mode
) -> Diff:
    """Rows added, removed and changed against what is stored in the replaced scope."""
    key = list(dataset.key)
    columns = dataset.column_names

    new, old = incoming[columns].reset_index(drop=True), existing[columns].reset_index(drop=True)
    new_ids, old_ids, size = _key_codes(new[key], old[key])
    # Each key's last row on either side (a key repeated within a side: its last row stands).
    last_new, last_old = _last_of(new_ids, size), _last_of(old_ids, size)
    in_new = last_old[new_ids] >= 0  # incoming rows whose key is stored
    in_old = last_new[old_ids] >= 0  # stored rows whose key comes in
    added = new.take(np.flatnonzero(~in_new)).reset_index(drop=True)
    removed = (
        old.take(np.flatnonzero(~in_old)).reset_index(drop=True)
        if mode in ("overwrite", "replace")
        else old.iloc[0:0].reset_index(drop=True)
    )
    # The keys on both sides, in the order they first come in the file.
    positions = np.arange(len(new), dtype="int64")
    first_new = np.full(size, len(new), dtype="int64")
    np.minimum.at(first_new, new_ids, positions)
    both = new_ids[in_new & (first_new[new_ids] == positions)]
    new_at, old_at = last_new[both], last_old[both]
    # Cells compared column by column over the rows in both, listed row by row as before.
    value_columns = [c for c in columns if c not in key]
    found: list[tuple[np.ndarray, int]] = []
    for number, column in enumerate(value_columns):
        a = old[column].take(old_at).reset_index(drop=True)
        b = new[column].take(new_at).reset_index(drop=True)
        rows = np.flatnonzero(_differs(a, b))
        if len(rows):
            found.append((rows, number))
    if found:
        rows = np.concatenate([r for r, _ in found])
        which = np.concatenate([np.full(len(r), n) for r, n in found])
        order = np.lexsort((which, rows))
        data: dict[str, list[Any]] = {c: new[c].take(new_at[rows[order]]).tolist() for c in key}
        data["column"] = [value_columns[n] for n in which[order]]
        for side, frame, at in (("old", old, old_at), ("new", new, new_at)):
            values = np.concatenate(
                [frame[value_columns[n]].take(at[r]).to_numpy(dtype=object) for r, n in found]
            )
            data[side] = list(values[order])
        changed = pd.DataFrame(data, columns=key + ["column", "old", "new"])
    else:
        changed = pd.DataFrame([], columns=key + ["column", "old", "new"])
    return Diff(added, removed, changed)
