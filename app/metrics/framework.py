"""The indicator framework roll-up: 一个目标、两个优先、三个优化、四个推进、两提高两上升、六个突破.

Counts the status lights of the county-level indicators (township_code missing) of a
:func:`app.metrics.time_progress.time_progress` frame, per framework item and per level.
"""

from __future__ import annotations

import pandas as pd

from schemas.common import FRAMEWORK_ITEMS, FRAMEWORK_LEVELS

LIGHTS = ["green", "yellow", "red"]
COUNT_COLUMNS = ["indicators", "green", "yellow", "red", "none"]


def item_level(item: str) -> str:
    """The framework level of an item: the part before the dot (``priority.livelihood``)."""
    return str(item).split(".", 1)[0]


def framework_rollup(progress: pd.DataFrame) -> pd.DataFrame:
    """Status lights per framework item 框架条目 (county-level rows only).

    One row for each of the 18 items, in the framework's order, also those with no indicator.
    Columns: item, level, indicators, green, yellow, red, none (no light: no target or no
    data), all counts ``int64``.
    """
    counts = pd.DataFrame(0, index=pd.Index(FRAMEWORK_ITEMS, name="item"), columns=COUNT_COLUMNS)
    if progress is not None and len(progress):
        county = progress[progress["township_code"].isna()]
        light = county["light"].where(county["light"].isin(LIGHTS), "none")
        table = pd.crosstab(county["item"], light)
        for column in LIGHTS + ["none"]:
            if column in table.columns:
                counts[column] = table[column].reindex(counts.index).fillna(0).astype("int64")
        counts["indicators"] = counts[LIGHTS + ["none"]].sum(axis=1)
    out = counts.reset_index()
    out.insert(1, "level", out["item"].map(item_level))
    return out.astype({c: "int64" for c in COUNT_COLUMNS}).astype({"item": "str", "level": "str"})


def level_rollup(progress: pd.DataFrame) -> pd.DataFrame:
    """Status lights per framework level 层级 (一个目标 … 六个突破), county-level rows only.

    One row for each of the 6 levels in order. Columns: level, items (framework items at the
    level), indicators, green, yellow, red, none (``int64``).
    """
    items = framework_rollup(progress)
    grouped = items.groupby("level", sort=False)
    out = grouped[COUNT_COLUMNS].sum()
    out.insert(0, "items", grouped.size())
    out = out.reindex(FRAMEWORK_LEVELS).fillna(0).reset_index()
    columns = ["items"] + COUNT_COLUMNS
    return out.astype({c: "int64" for c in columns}).astype({"level": "str"})
