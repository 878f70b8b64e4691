"""Altair chart builders: data in, chart out (no Streamlit, no disk).

Titles, axes and tooltips come in the caller's language; the light palette is the same in
every chart and always paired with a text label, never colour alone.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from app.format import LIGHT_COLOURS, LIGHTS, light_label
from app.i18n import translate

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_axis(labelFontSize=11, titleFontSize=12, labelLimit=220)
        .configure_title(fontSize=14, anchor="start")
        .configure_legend(orient="bottom", labelLimit=260)
        # Width follows the container; height stays the plot's own (Streamlit would otherwise
        # fit title, axes and legend into it, squeezing a list of bars until labels drop out).
        .properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    )


def light_scale(lang: str) -> alt.Scale:
    return alt.Scale(
        domain=[light_label(light, lang) for light in LIGHTS],
        range=[LIGHT_COLOURS[light] for light in LIGHTS],
    )


def with_light_labels(frame: pd.DataFrame, lang: str, column: str = "light") -> pd.DataFrame:
    out = frame.copy()
    out["light_label"] = out[column].map(lambda v: light_label(v, lang))
    return out


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


def days_vs_due(frame: pd.DataFrame, label: str, title: str, lang: str) -> alt.TopLevelMixin:
    """Days at the grassroots (bars, coloured by status) with a tick at the pro-rated due."""
    data = frame.copy()
    status_colours = {
        "met": LIGHT_COLOURS["green"],
        "on_track": "#66bd63",
        "behind": LIGHT_COLOURS["red"],
    }
    data["status_label"] = data["status"].map(
        lambda s: translate(f"enum.status.{s}", lang) if isinstance(s, str) else "—"
    )
    domain = [translate(f"enum.status.{s}", lang) for s in status_colours]
    height = max(120, 22 * len(data))  # 22 px a row: every label shows
    tips = [
        alt.Tooltip(f"{label}:N", title=translate("chart.name", lang)),
        alt.Tooltip("days:Q", title=translate("chart.days", lang)),
        alt.Tooltip("due:Q", title=translate("chart.due", lang), format=".1f"),
        alt.Tooltip("required:Q", title=translate("chart.required", lang)),
        alt.Tooltip("status_label:N", title=translate("chart.light", lang)),
    ]
    # The fewest days first; an explicit sort, as Vega-Lite drops "x" on a layered domain.
    order = alt.EncodingSortField(field="days", op="max", order="ascending")
    values = pd.concat([data["days"], data["due"]]).dropna()
    upper = float(values.max()) * 1.08 if len(values) and values.max() > 0 else 1.0
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", sort=order, title=None),
            x=alt.X(
                "days:Q",
                title=translate("chart.days", lang),
                scale=alt.Scale(domain=[0, upper], nice=False),
            ),
            color=alt.Color(
                "status_label:N",
                title=None,
                legend=alt.Legend(columns=2, labelLimit=120),
                scale=alt.Scale(domain=domain, range=list(status_colours.values())),
            ),
            tooltip=tips,
        )
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(color="#222", thickness=3, size=20)
        .encode(y=alt.Y(f"{label}:N", sort=order), x="due:Q", tooltip=tips)
    )
    return _configure(
        alt.layer(bars, ticks).properties(title=title, height=height, width="container")
    )


def dumbbell(
    frame: pd.DataFrame,
    label: str,
    first: str,
    second: str,
    first_title: str,
    second_title: str,
    title: str,
    lang: str,
    value_title: str | None = None,
) -> alt.TopLevelMixin:
    """Two values per row (e.g. the scores of rounds 2 and 3) joined by a line: the change at a
    glance, rows ordered by the second value."""
    data = frame[[label, first, second]].dropna(subset=[first, second], how="all").copy()
    # Rows by the second value, those without one last: a sort field, not a list of the
    # labels (Altair validates such a list item by item on every draw).
    data["order"] = data[second].astype("float64").fillna(-1e9)
    long = data.melt(
        id_vars=[label, "order"], value_vars=[first, second], var_name="which", value_name="value"
    ).dropna(subset=["value"])
    long["which"] = long["which"].map({first: first_title, second: second_title})
    height = max(120, 22 * len(data))
    low = float(long["value"].min()) if len(long) else 0.0
    high = float(long["value"].max()) if len(long) else 100.0
    x = alt.X(
        "value:Q",
        title=value_title or translate("chart.score", lang),
        scale=alt.Scale(domain=[max(0.0, low - 3), min(100.0, high + 3)]),
    )
    y = alt.Y(
        f"{label}:N",
        title=None,
        sort=alt.EncodingSortField(field="order", op="max", order="descending"),
    )
    tips = [
        alt.Tooltip(f"{label}:N", title=translate("chart.name", lang)),
        alt.Tooltip("which:N", title=None),
        alt.Tooltip("value:Q", format=".1f"),
    ]
    line = (
        alt.Chart(long)
        .mark_line(color="#bdbdbd", strokeWidth=2)
        .encode(x=x, y=y, detail=f"{label}:N")
    )
    dots = (
        alt.Chart(long)
        .mark_circle(size=70, opacity=1)
        .encode(
            x=x,
            y=y,
            tooltip=tips,
            color=alt.Color(
                "which:N",
                title=None,
                sort=[first_title, second_title],
                scale=alt.Scale(domain=[first_title, second_title], range=["#9ecae1", "#08519c"]),
            ),
        )
    )
    return _configure(
        alt.layer(line, dots).properties(title=title, height=height, width="container")
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
