"""The reader a cached result is computed through: ``read`` pinned to the versions the result
is keyed by, the data files a table's rows are in, and intermediates kept by those files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from app.reports.reading import shallow
from app.web import kept
from app.web.caches_read import _files, read_version, version
from app.web.caches_store import store

# A copy sharing the cached data: a page that adds a column to what it got does not change the
# cache, and no data is copied on a cache hit.
_shallow = shallow


def _keep_by_identity(
    name: str, args: tuple, make: Callable[[Any], Any], identity: Any, reader: Any
) -> Any:
    return _shallow(kept.keep(store().root, name, args, make, identity, reader))


class _PinnedReader:
    """``read`` at the versions a cached result is keyed by (a commit landing while a report
    is computed does not mix two versions into one result). It also says which data files a
    table's rows are in (``parts``) and keeps intermediates by them (``keep``, ``kept``)."""

    def __init__(self, versions: dict[str, int]) -> None:
        self.versions = versions

    def __call__(
        self, dataset: str, columns: list[str] | None = None, filters: Any = None
    ) -> pd.DataFrame:
        return read_version(dataset, self.version_of(dataset), columns, filters)

    def version_of(self, dataset: str) -> int:
        pinned = self.versions.get(dataset)
        return version(dataset) if pinned is None else pinned

    def parts(self, dataset: str, column: str) -> tuple[tuple[Any, ...], ...]:
        """The dataset's data files at the pinned version: (path, rows, bytes, least and
        greatest ``column``)."""
        return _files(store().root, dataset, self.version_of(dataset), column)

    def kept(self, name: str, args: tuple, identity: Any) -> Any:
        found = kept.by_identity(store().root).get((name, args), identity)
        return None if found is None else _shallow(found)

    def keep(self, name: str, args: tuple, make: Callable[[Any], Any], identity: Any = None) -> Any:
        if identity is None:  # kept by versions only where reads are recorded (_Recording)
            return make(self)
        return _keep_by_identity(name, args, make, identity, self)
