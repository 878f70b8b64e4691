"""A separate process that commits to a store (for the concurrency and crash-safety tests).

usage: python -m tests.helpers.writer STORE PERIOD VALUE [REPEAT]
Commits indicator values for PERIOD (every row VALUE + i) REPEAT times (0: forever),
printing "ready" once imported and then each committed version.
"""

from __future__ import annotations

import itertools
import sys

import pandas as pd

from app.store import Store


def frame(period: str, value: float, rows: int = 30) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": [period] * rows,
            "indicator_code": [f"I{i:03d}" for i in range(rows)],
            "township_code": [None] * rows,
            "value": [value] * rows,
        }
    )


def main() -> None:
    root, period, value = sys.argv[1], sys.argv[2], float(sys.argv[3])
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    store = Store(root)
    print("ready", flush=True)
    counter = itertools.count() if repeat == 0 else range(repeat)
    for i in counter:
        # Sizes vary so that kills land in different phases of a write.
        rows = 30 + (i % 7) * 500
        result = store.commit(
            "indicator_values",
            frame(period, value + i, rows),
            "replace",
            {"user": f"writer-{period}", "message": f"{value + i}"},
            where={"period": [period]},
        )
        print(result.version, flush=True)


if __name__ == "__main__":
    main()
