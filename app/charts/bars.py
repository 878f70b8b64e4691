"""Bar charts, one bar a row: completion against the 序时进度 line, ranked scores with the
flagged rows, plain values, a column of a headed table, and stacked parts."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app.charts.theme import _configure, light_scale, with_light_labels
from app.format import LIGHT_COLOURS
from app.i18n import translate


def completion_bars(
    frame: pd.DataFrame,
    label: str,
    title: str,
    lang: str,
    time_progress: float | None = None,
    value: str = "completion",
    tooltip: list[alt.Tooltip] | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars of completion coloured by light, with the 序时进度 line."""
    data = with_light_labels(frame, lang)
    height = max(120, 22 * len(data))
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            # An explicit max: with the 序时进度 rule layered on, Vega-Lite drops a plain "-x" sort.
            y=alt.Y(
                f"{label}:N",
                title=None,
                sort=alt.EncodingSortField(field=value, op="max", order="descending"),
            ),
            x=alt.X(
                f"{value}:Q", title=translate("chart.completion", lang), axis=alt.Axis(format="%")
            ),
            color=alt.Color(
                "light_label:N",
                scale=light_scale(lang),
                title=translate("chart.light", lang),
                legend=alt.Legend(columns=2),
            ),  # two columns fit a phone's width
            tooltip=tooltip
            or [
                alt.Tooltip(f"{label}:N", title=translate("chart.name", lang)),
                alt.Tooltip(f"{value}:Q", title=translate("chart.completion", lang), format=".1%"),
                alt.Tooltip("light_label:N", title=translate("chart.light", lang)),
            ],
        )
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10).encode(
        text=alt.Text(f"{value}:Q", format=".0%"), color=alt.value("#333")
    )
    layers = [bars, text]
    if time_progress is not None:
        rule = (
            alt.Chart(pd.DataFrame({"tp": [time_progress]}))
            .mark_rule(color="#444", strokeDash=[4, 3])
            .encode(
                x="tp:Q",
                tooltip=[
                    alt.Tooltip("tp:Q", title=translate("chart.time_progress", lang), format=".1%")
                ],
            )
        )
        layers.append(rule)
    return _configure(alt.layer(*layers).properties(title=title, height=height, width="container"))


def ranked_bars(
    frame: pd.DataFrame,
    label: str,
    value: str,
    flag: str,
    title: str,
    lang: str,
    flag_text: str,
    tooltip: list[alt.Tooltip] | None = None,
) -> alt.TopLevelMixin:
    """Bars ranked by ``value`` with the flagged rows (e.g. bottom N) in red and labelled."""
    data = frame.copy()
    data["flag_label"] = data[flag].map(
        lambda f: flag_text if bool(f) else translate("chart.normal", lang)
    )
    height = max(120, 22 * len(data))  # 22 px a row: every label shows
    low = float(data[value].min()) if len(data) else 0.0
    # clip: the scale starts near the lowest score, so bars (from 0) must not run over the
    # labels; an explicit max sort, because Vega-Lite drops "-x" on the layered domain.
    bars = (
        alt.Chart(data)
        .mark_bar(clip=True)
        .encode(
            y=alt.Y(
                f"{label}:N",
                title=None,
                sort=alt.EncodingSortField(field=value, op="max", order="descending"),
            ),
            x=alt.X(
                f"{value}:Q",
                title=translate("chart.score", lang),
                scale=alt.Scale(domain=[max(0.0, low - 5), 100]),
            ),
            color=alt.Color(
                "flag_label:N",
                title=None,
                scale=alt.Scale(
                    domain=[flag_text, translate("chart.normal", lang)],
                    range=[LIGHT_COLOURS["red"], "#6baed6"],
                ),
            ),
            tooltip=tooltip or [alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=".1f")],
        )
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10).encode(
        text=alt.Text(f"{value}:Q", format=".1f"), color=alt.value("#333")
    )
    return _configure(
        alt.layer(bars, text).properties(title=title, height=height, width="container")
    )


def simple_bars(
    frame: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    value_title: str,
    colour: str = "#3182bd",
    fmt: str = ",.0f",
    sort: str | list[str] = "-x",
    tooltip: list[alt.Tooltip] | None = None,
    whole: bool = False,
) -> alt.TopLevelMixin:
    """Plain horizontal bars with their values; ``whole`` for counts (no 0.5 ticks)."""
    height = max(120, 22 * len(frame))
    axis = alt.Axis(format="d", tickMinStep=1) if whole else alt.Axis()
    bars = (
        alt.Chart(frame)
        .mark_bar(color=colour)
        .encode(
            y=alt.Y(f"{label}:N", sort=sort, title=None),
            x=alt.X(f"{value}:Q", title=value_title, axis=axis),
            tooltip=tooltip or [alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=fmt)],
        )
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10).encode(
        text=alt.Text(f"{value}:Q", format=fmt), color=alt.value("#333")
    )
    return _configure(
        alt.layer(bars, text).properties(title=title, height=height, width="container")
    )


def table_bars(
    table: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    colour: str = "#3182bd",
    keep_order: bool = False,
    whole: bool = False,
) -> alt.TopLevelMixin:
    """Bars of one column of a table a person reads (``app.reports.tables``, headed), each of
    its columns in the tooltip under its header; the most first, or the table's order."""
    data = table.reset_index(drop=True)
    safe = {column: f"c{i}" for i, column in enumerate(data.columns)}  # headers may hold . [ ]
    data = data.rename(columns=safe)
    tips = [
        alt.Tooltip(
            f"{safe[c]}:{'Q' if pd.api.types.is_numeric_dtype(table[c]) else 'N'}", title=str(c)
        )
        for c in table.columns
    ]
    sort = data[safe[label]].tolist() if keep_order else "-x"
    return simple_bars(
        data,
        safe[label],
        safe[value],
        title,
        str(value),
        colour=colour,
        sort=sort,
        tooltip=tips,
        whole=whole,
    )


def stacked_parts(
    frame: pd.DataFrame,
    label: str,
    part: str,
    value: str,
    title: str,
    value_title: str,
    order: list[str] | None = None,
) -> alt.TopLevelMixin:
    """One horizontal bar per ``label`` (a unit), stacked by ``part`` (its sections' points),
    in ``order`` top to bottom (else the largest total first); long data in: label, part,
    value."""
    height = max(120, 22 * frame[label].nunique())
    sort: str | list[str] = order if order is not None else "-x"
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", sort=sort, title=None),
            x=alt.X(f"sum({value}):Q", title=value_title),
            color=alt.Color(f"{part}:N", title=None, scale=alt.Scale(scheme="tableau10")),
            order=alt.Order(f"{part}:N"),
            tooltip=[
                alt.Tooltip(f"{label}:N"),
                alt.Tooltip(f"{part}:N"),
                alt.Tooltip(f"{value}:Q", format=".2f"),
            ],
        )
    )
    return _configure(bars.properties(title=title, height=height, width="container"))
