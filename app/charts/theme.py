"""The charts' shared look: the font, the frame every chart is configured with, and the
light palette (always paired with a text label, never colour alone)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app.format import LIGHT_COLOURS, LIGHTS, light_label

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
