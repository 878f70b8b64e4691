"""Framework roll-up: 18 items and 6 levels (一个目标 … 六个突破), county rows only."""

from __future__ import annotations

import pandas as pd

from app.metrics.framework import framework_rollup, level_rollup
from app.metrics.time_progress import PROGRESS_COLUMNS
from schemas.common import FRAMEWORK_ITEMS, FRAMEWORK_LEVELS


def progress(rows: list[tuple[str, str | None, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "indicator_code": [f"I{i}" for i in range(len(rows))],
            "item": [r[0] for r in rows],
            "township_code": pd.Series([r[1] for r in rows], dtype="str"),
            "light": pd.Series([r[2] for r in rows], dtype=object),
        }
    )
    return frame.reindex(columns=list(PROGRESS_COLUMNS))


def test_every_item_in_order_with_counts() -> None:
    frame = progress(
        [
            ("goal", None, "green"),
            ("goal", None, "red"),
            ("goal", "T01", "red"),  # a township row: not counted
            ("priority.infrastructure", None, "yellow"),
            ("priority.livelihood", None, None),
            ("breakthrough.private_economy", None, "green"),
        ]
    )
    items = framework_rollup(frame)
    assert items["item"].tolist() == FRAMEWORK_ITEMS
    table = items.set_index("item")
    assert table.loc["goal", ["indicators", "green", "yellow", "red", "none"]].tolist() == [
        2,
        1,
        0,
        1,
        0,
    ]
    assert table.loc["priority.livelihood", "none"] == 1
    assert table.loc["optimize.ecology", "indicators"] == 0
    assert table.loc["breakthrough.private_economy", "level"] == "breakthrough"

    levels = level_rollup(frame)
    assert levels["level"].tolist() == FRAMEWORK_LEVELS
    table = levels.set_index("level")
    assert table["items"].tolist() == [1, 2, 3, 4, 2, 6]
    assert table.loc["priority", ["indicators", "yellow", "none"]].tolist() == [2, 1, 1]
    assert int(table["indicators"].sum()) == 5


def test_empty_progress() -> None:
    items = framework_rollup(progress([]))
    assert len(items) == 18 and int(items["indicators"].sum()) == 0
    assert items["green"].dtype == "int64"
    levels = level_rollup(progress([]))
    assert len(levels) == 6 and int(levels["items"].sum()) == 18
