"""Writing supervision items: the dataset, the lock this server's writers take, the attempts
made when another server commits first, and the commit itself."""

from __future__ import annotations

import pandas as pd

from app.store import Store

DATASET = "supervision_items"


CONFLICT_ATTEMPTS = 5
_LOCK = "_supervision"


def _commit(
    store: Store, rows: pd.DataFrame, user: str, message: str, expect: int | None = None
) -> int:
    result = store.commit(
        DATASET,
        rows.reset_index(drop=True),
        "upsert",
        {"user": user, "message": message},
        expect_version=expect,
    )
    return int(result.version)
