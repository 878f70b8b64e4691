"""The outline's annex: the units' table, as the workbook and the pages show it, in the
columns a printed page holds."""

from __future__ import annotations

from typing import Any

from app.reports.bulletin.blocks import Table
from app.reports.bulletin.text import _missing
from app.reports.export import Reader, unit_table
from app.settings import Settings


def _unit_annex(read: Reader, settings: Settings, month: str, lang: str) -> Table:
    """The annex: the units table the workbook and the pages show (``app.reports.tables``),
    its columns a printed page holds, as text."""
    from app.reports import tables

    table = tables.units(unit_table(read, settings, month, lang), tables.Names(), lang)
    keys = [
        "unit",
        "category",
        "cadres",
        "cadres_behind",
        "days",
        "score",
        "rank",
        "verified_complaints",
        "actions",
    ]

    def text(key: str, value: Any, ranked: Any) -> str:
        if key in ("unit", "category"):
            return str(value)
        if key == "actions":
            return value or "—"
        if _missing(value):
            return "—"
        if key == "score":
            return f"{float(value):.1f}"
        if key == "rank":
            return f"{int(value)}/{int(ranked)}"
        return f"{int(value):,}"

    rows = [[text(k, row[k], row["ranked"]) for k in keys] for row in table.to_dict("records")]
    columns = list(tables.headed(table[keys].head(0), lang).columns)
    return Table(
        columns,
        rows,
        [3.3, 2.3, 0.9, 1.0, 1.1, 1.0, 1.1, 1.0, 2.6],
        font_size=9,
        numeric=[False, False] + [True] * 6 + [False],
    )
