"""Two values per row set side by side: days at the grassroots against the pro-rated due,
and a dumbbell of two rounds' scores."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app.charts.theme import _configure
from app.format import LIGHT_COLOURS
from app.i18n import translate


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
