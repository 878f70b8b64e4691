"""Charts over time: a month's values against the target, a headline sparkline, the
projects' schedule, and the county's rank by year."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app.charts.theme import _configure
from app.i18n import translate


def trend(
    series: pd.DataFrame,
    target: float | None,
    title: str,
    lang: str,
    unit: str = "",
    cumulative: bool = True,
) -> alt.TopLevelMixin:
    """Monthly values (bars) and year-to-date (line) against the 序时进度 line to the target."""
    data = series.copy()
    data["month_label"] = data["month"].map(lambda m: translate("chart.month_n", lang, m=int(m)))
    order = data["month_label"].tolist()
    base = alt.Chart(data).encode(x=alt.X("month_label:N", sort=order, title=None))
    tips = [
        alt.Tooltip("period:N", title=translate("chart.month", lang)),
        alt.Tooltip("value:Q", title=translate("chart.month_value", lang), format=",.2f"),
        alt.Tooltip("ytd:Q", title=translate("chart.ytd", lang), format=",.2f"),
    ]
    y_title = f"{translate('chart.ytd' if cumulative else 'chart.value', lang)} {unit}".strip()
    layers = [
        base.mark_bar(color="#9ecae1", opacity=0.8).encode(
            y=alt.Y("value:Q", title=y_title), tooltip=tips
        ),
        base.mark_line(point=True, color="#08519c").encode(
            y="ytd:Q" if cumulative else "value:Q", tooltip=tips
        ),
    ]
    if target is not None and not pd.isna(target):
        months = pd.DataFrame({"month": range(1, 13)})
        months["month_label"] = months["month"].map(
            lambda m: translate("chart.month_n", lang, m=int(m))
        )
        months["due"] = target * months["month"] / 12 if cumulative else target
        months = months[months["month_label"].isin(order)]
        layers.append(
            alt.Chart(months)
            .mark_line(strokeDash=[5, 3], color="#d73027")
            .encode(
                x=alt.X("month_label:N", sort=order),
                y="due:Q",
                tooltip=[alt.Tooltip("due:Q", title=translate("chart.due", lang), format=",.2f")],
            )
        )
    return _configure(alt.layer(*layers).properties(title=title, height=260, width="container"))


def sparkline(series: pd.DataFrame, y: str = "ytd", colour: str = "#08519c") -> alt.TopLevelMixin:
    """A tiny line for a headline card."""
    return _configure(
        alt.Chart(series)
        .mark_area(line={"color": colour}, color=colour, opacity=0.15)
        .encode(
            x=alt.X("month:O", axis=None),
            y=alt.Y(f"{y}:Q", axis=None),
            tooltip=[alt.Tooltip("period:N"), alt.Tooltip(f"{y}:Q", format=",.2f")],
        )
        .properties(height=50, width="container")
    )


def schedule(
    spans: pd.DataFrame, months: pd.DataFrame, title: str, span_title: str
) -> alt.TopLevelMixin:
    """项目进度计划: each project's planned span (a thin grey bar, ``spans``: label, start,
    end) against its actual stage by month (``months``: label, start, end, stage — the
    stage's words), one row per project in the order of ``spans``."""
    order = spans["label"].tolist()
    height = max(120, 22 * len(order))
    y = alt.Y("label:N", sort=order, title=None)
    planned = (
        alt.Chart(spans)
        .mark_bar(color="#bdbdbd", size=6)
        .encode(
            y=y,
            x=alt.X("start:T", title=None),
            x2="end:T",
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("start:T", title=span_title), "end:T"],
        )
    )
    actual = (
        alt.Chart(months)
        .mark_bar(size=14, opacity=0.8)
        .encode(
            y=y,
            x="start:T",
            x2="end:T",
            color=alt.Color("stage:N", title=None, scale=alt.Scale(scheme="tableau10")),
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("stage:N"), alt.Tooltip("start:T")],
        )
    )
    chart = alt.layer(actual, planned).properties(title=title, height=height, width="container")
    return _configure(chart)


def rank_trend(frame: pd.DataFrame, title: str, rank_title: str) -> alt.TopLevelMixin:
    """强县升位: the county's rank by year, one line per measure (``frame``: year, measure,
    rank, peers); rank 1 at the top, so moving up the rankings reads as a line going up."""
    line = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("rank:Q", title=rank_title, scale=alt.Scale(reverse=True, zero=False)),
            color=alt.Color("measure:N", title=None, scale=alt.Scale(scheme="tableau10")),
            tooltip=["year:O", "measure:N", "rank:Q", "peers:Q"],
        )
    )
    return _configure(line.properties(title=title, height=220, width="container"))
