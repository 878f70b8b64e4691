"""Altair chart builders: data in, chart out (no Streamlit, no disk).

Titles, axes and tooltips come in the caller's language; the light palette is the same in
every chart and always paired with a text label, never colour alone. The builders live by
kind: bars (``bars``), two values a row (``pairs``), charts over time (``timelines``), on
the shared look of ``theme``.
"""

from __future__ import annotations

from app.charts.bars import completion_bars, ranked_bars, simple_bars, stacked_parts, table_bars
from app.charts.pairs import days_vs_due, dumbbell
from app.charts.theme import FONT, light_scale, with_light_labels
from app.charts.timelines import rank_trend, schedule, sparkline, trend

__all__ = [
    "FONT",
    "completion_bars",
    "days_vs_due",
    "dumbbell",
    "light_scale",
    "rank_trend",
    "ranked_bars",
    "schedule",
    "simple_bars",
    "sparkline",
    "stacked_parts",
    "table_bars",
    "trend",
    "with_light_labels",
]
