"""Descriptions of the store for people: the dataset listing shared by the CLI and the pages."""

from __future__ import annotations

import pandas as pd

from app.store import Store
from schemas import DATASETS


def dataset_listing(store: Store, lang: str = "zh") -> pd.DataFrame:
    """One row per dataset: name, kind, key, title, row count, version."""
    rows = []
    for name, dataset in DATASETS.items():
        rows.append(
            {
                "name": name,
                "kind": dataset.kind,
                "key": ", ".join(dataset.key),
                "title": dataset.title(lang),
                "rows": store.count(name),
                "version": store.version(name),
            }
        )
    return pd.DataFrame(rows, columns=["name", "kind", "key", "title", "rows", "version"])
