"""A separate process that commits to a store (for the concurrency and crash-safety tests).

usage: python -m tests.helpers.writer STORE PERIOD VALUE [REPEAT]
Commits indicator values for PERIOD (every row VALUE) REPEAT times, printing each version.
"""

from __future__ import annotations

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
    for i in range(repeat):
        result = store.commit(
            "indicator_values", frame(period, value + i), "replace",
            {"user": f"writer-{period}-{value}", "message": f"{value + i}"},
            where={"period": [period]},
        )  # fmt: skip
        print(result.version, flush=True)


if __name__ == "__main__":
    main()
