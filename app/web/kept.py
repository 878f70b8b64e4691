"""Intermediates kept by what they were made from — the data files of the months a
year-to-date state covers, a table's version — rather than by every table's version, so that
they outlive a commit that does not touch them (``app.reports.year_to_date``); bounded by
entries and by bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st


def bytes_of(value: Any) -> int:
    """About what ``value`` holds in memory (frames by their columns' buffers)."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=False, deep=False).sum())
    if isinstance(value, (list, tuple)):
        return sum(bytes_of(v) for v in value)
    if isinstance(value, dict):
        return sum(bytes_of(v) for v in value.values())
    return 0


class ByIdentity:
    """Intermediates kept by what they were made from (e.g. the data files of the months a
    year-to-date state covers) rather than by table versions, so that they outlive a commit
    that does not touch them: one per (name, arguments), replaced when that changes; the
    least recently used go first past ``size`` entries or ``budget`` bytes (a province's
    month status is some 24 MB, a month's year-to-date state 5 MB)."""

    def __init__(self, size: int, budget: int = 512 * 1024 * 1024) -> None:
        self.size, self.budget, self.held = size, budget, 0
        self.kept: OrderedDict[tuple[str, tuple], tuple[Any, Any, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, tuple], identity: Any) -> Any:
        with self.lock:
            entry = self.kept.get(key)
            if entry is None or entry[0] != identity:
                return None
            self.kept.move_to_end(key)
            return entry[1]

    def put(self, key: tuple[str, tuple], identity: Any, value: Any) -> None:
        size = bytes_of(value)
        with self.lock:
            old = self.kept.pop(key, None)
            if old is not None:
                self.held -= old[2]
            self.kept[key] = (identity, value, size)
            self.held += size
            while len(self.kept) > 1 and (len(self.kept) > self.size or self.held > self.budget):
                self.held -= self.kept.popitem(last=False)[1][2]


@st.cache_resource(show_spinner=False)
def by_identity(root: str) -> ByIdentity:
    # Two years of months' states and statuses, and each trend's months (small: an indicator's
    # month is a few thousand rows), so that a leader looking through trends does not push the
    # states out; the memory is bounded by the bytes.
    return ByIdentity(512)


def keep(
    root: str, name: str, args: tuple, make: Callable[[Any], Any], identity: Any, reader: Any
) -> Any:
    """``make(reader)``, kept under (name, args) by ``identity`` (what it is made from)."""
    store = by_identity(root)
    found = store.get((name, args), identity)
    if found is None:
        found = make(reader)
        store.put((name, args), identity, found)
    return found
