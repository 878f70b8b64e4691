"""Small text helpers for the outline's sentences: numbers with their units, gaps, dates,
year-on-year changes, lists joined in the document's language."""

from __future__ import annotations

import calendar
from typing import Any

import pandas as pd

from app.format import pct
from app.i18n import translate


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _fixed(value: Any, digits: int = 2) -> str:
    return "—" if _missing(value) else f"{float(value):,.{digits}f}"


def _num(value: Any) -> str:
    """A count or a measured value: integers without decimals, others with up to two."""
    if _missing(value):
        return "—"
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


# The indicator catalogue's units (Chinese, as uploaded) → catalogue keys, for English text.
UNITS = {
    "亿元": "yi",
    "万元": "wan",
    "元": "yuan",
    "人": "people",
    "户": "households",
    "个": "pieces",
    "件": "cases",
    "公里": "km",
    "座": "seats",
    "亩": "mu",
    "吨标准煤": "coal",
    "天": "days",
}


def _qty(value: Any, unit: Any, lang: str) -> str:
    """A value with its unit: 亿元 and 万元 with two decimals (``93.00亿元``; in English
    ``9.30 billion yuan``), others as they are (``4,810人``, ``31.2%``)."""
    unit = "" if _missing(unit) else str(unit)
    if unit in ("亿元", "万元"):
        scale = 1 if lang == "zh" else {"亿元": 10, "万元": 100}[unit]  # → billion, million
        text = "—" if _missing(value) else _fixed(float(value) / scale)
    else:
        text = _num(value)
    if unit in UNITS:
        unit = translate(f"bulletin.unit.{UNITS[unit]}", lang)
    if text == "—" or not unit:
        return text
    return f"{text}{unit}" if lang == "zh" or unit == "%" else f"{text} {unit}"


def _pp(gap: Any) -> str:
    """A gap in percentage points (−0.197 → 19.7)."""
    return "—" if _missing(gap) else f"{abs(float(gap)) * 100:.1f}"


def _join(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _listed(items: list[str], total: int, lang: str, kind: str = "people") -> str:
    """``items`` (the first of ``total``, see ``Settings.bulletin_names``) joined, and how many
    more there are ("等N人", "and N others")."""
    text = _join(items, lang)
    if total > len(items):
        text += translate(f"bulletin.more.{kind}", lang, n=f"{total:,}")
    return text


def _joins(items: list[str], lang: str) -> str:
    """Clauses joined by a semicolon."""
    return ("；" if lang == "zh" else "; ").join(items)


def _date(value: Any, lang: str) -> str:
    stamp = pd.Timestamp(value)
    month = str(stamp.month) if lang == "zh" else calendar.month_name[stamp.month]
    return translate("bulletin.date", lang, year=stamp.year, month=month, day=stamp.day)


def _yoy(value: Any, lang: str) -> str:
    if _missing(value):
        return ""
    key = "bulletin.yoy.up" if float(value) >= 0 else "bulletin.yoy.down"
    return translate(key, lang, v=pct(abs(float(value))))


def _indicator_name(row: Any, lang: str) -> str:
    if lang != "zh" and isinstance(row.get("name_en"), str) and row.get("name_en"):
        return str(row["name_en"])
    return str(row["name"])
