"""Numbers the Chinese way: 亿元, 万元, percentages, and status labels with icons."""

from __future__ import annotations

import math
from typing import Any

from app.i18n import translate

# The same light colours everywhere (colour-blind-safe pairing of hue, icon and word).
LIGHT_COLOURS = {"green": "#1a9850", "yellow": "#f0a30a", "red": "#d73027", "none": "#9e9e9e"}
# Shapes as well as colours, so the status reads without colour (and without an emoji font).
LIGHT_ICONS = {"green": "●", "yellow": "▲", "red": "■", "none": "○"}
LIGHTS = ("green", "yellow", "red", "none")


def _missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value) in ("<NA>", "NaT", "nan")
    )


def number(value: Any, digits: int = 2) -> str:
    if _missing(value):
        return "—"
    text = f"{float(value):,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pct(value: Any, digits: int = 1) -> str:
    """A ratio (0.4) as a percentage (40.0%)."""
    return "—" if _missing(value) else f"{float(value) * 100:.{digits}f}%"


def with_unit(value: Any, unit: Any, digits: int = 2) -> str:
    if _missing(value):
        return "—"
    unit = "" if _missing(unit) else str(unit)
    if unit == "%":
        return f"{number(value, digits)}%"
    return f"{number(value, digits)} {unit}".strip()


def light_label(light: Any, lang: str = "zh") -> str:
    key = "none" if _missing(light) else str(light)
    return f"{LIGHT_ICONS.get(key, '')} {translate(f'light.short.{key}', lang)}".strip()


def signed_pct(value: Any, digits: int = 1) -> str:
    if _missing(value):
        return "—"
    return f"{float(value) * 100:+.{digits}f}%"


def rank_arrow(change: Any) -> str:
    """升位 ▲n / 降位 ▼n / 持平 –."""
    if _missing(change):
        return "—"
    change = int(change)
    return f"▲{change}" if change > 0 else (f"▼{-change}" if change < 0 else "–")
