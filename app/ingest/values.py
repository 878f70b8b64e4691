"""Cell values as clerks type them: ``1,234.5``, ``１２３``, ``40%``, ``是/否``, ``√``,
``2011年5月``, ``2011/5/3``, ``2011.05.03``, Excel serial dates, codes Excel made numbers."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
MISSING = object()  # a cell that could not be parsed
MAX_CODE_LENGTH = 100  # longer is a pasted paragraph, not a code


class ExcelError(str):
    """A cell holding an Excel error (#DIV/0!, #N/A…): a formula's failed result, not data."""


_TRUE = {"是", "true", "t", "yes", "y", "1", "√", "✓", "✔", "有", "对", "已公开", "已查实"}
_FALSE = {"否", "false", "f", "no", "n", "0", "×", "✗", "✘", "无", "不是", "未公开", "未查实"}


def text(value: Any) -> str:
    """A cell as trimmed text, full-width forms folded; '' for empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def code(value: Any) -> str | None | object:
    """A code: text, leading zeros kept; an Excel number 1.0 becomes '1'. MISSING for text
    no code can be: invisible characters inside (line breaks, control or zero-width
    characters) or longer than MAX_CODE_LENGTH."""
    result = text(value)
    if len(result) > MAX_CODE_LENGTH or not result.isprintable():
        return MISSING
    return result or None


def free_text(value: Any) -> str | None:
    """Free text (names, summaries, notes) as typed: trimmed, but not folded, so full-width
    punctuation (，（）：) stays as the clerk wrote it."""
    if isinstance(value, str):
        return value.strip() or None
    return text(value) or None


def number(value: Any) -> float | None | object:
    """A number; '40%' gives 40. None for empty, MISSING for text that is not a number."""
    if isinstance(value, bool):
        return MISSING
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    raw = text(value)
    if raw == "":
        return None
    cleaned = raw.replace(",", "").replace("，", "").replace(" ", "")
    cleaned = cleaned.rstrip("%").rstrip("％")
    if cleaned.startswith("¥") or cleaned.startswith("￥"):
        cleaned = cleaned[1:]
    try:
        result = float(cleaned)
    except ValueError:
        return MISSING
    return result if math.isfinite(result) else MISSING


def integer(value: Any) -> int | None | object:
    result = number(value)
    if result is None or result is MISSING:
        return result
    assert isinstance(result, float)
    if not result.is_integer() or abs(result) >= 2**63:  # beyond a stored integer
        return MISSING
    return int(result)


def boolean(value: Any) -> bool | None | object:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw == "":
        return None
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    return MISSING


def _from_serial(serial: float) -> dt.date | object:
    if not 1 <= serial < 2958466:
        return MISSING
    return (EXCEL_EPOCH + dt.timedelta(days=int(serial))).date()


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


# Dates the store can hold (pandas timestamps end in 2262); anything outside is a typing slip.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def date(value: Any) -> dt.date | None | object:
    """A calendar date; MISSING where the text is no date or an impossible one (2011-02-30),
    or one outside 1900–2199."""
    parsed = _date(value)
    if isinstance(parsed, dt.date) and not FIRST_DATE <= parsed <= LAST_DATE:
        return MISSING
    return parsed


def _date(value: Any) -> dt.date | None | object:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return MISSING
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else _from_serial(value)
    raw = text(value)
    if raw == "":
        return None
    raw = raw.split(" ")[0].split("T")[0]
    for pattern in _DATE_PATTERNS:
        found = pattern.match(raw)
        if found:
            try:
                return dt.date(*(int(g) for g in found.groups()))
            except ValueError:
                return MISSING
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return _from_serial(float(raw))
    return MISSING


_PERIOD_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")


def period(value: Any) -> str | None | object:
    """A month as 'YYYY-MM' from '2011年5月', '2011-05', '2011/5', '2011-05-01', '201105' or a date."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return None
        if 190001 <= value <= 299912 and float(value).is_integer():
            year, month = divmod(int(value), 100)
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else MISSING
        parsed = _from_serial(value)
        return MISSING if parsed is MISSING else period(parsed)
    raw = text(value)
    if raw == "":
        return None
    found = _PERIOD_PATTERN.match(raw)
    if found:
        year, month = int(found.group(1)), int(found.group(2))
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else MISSING
    if re.fullmatch(r"\d{6}", raw):
        return period(int(raw))
    parsed = date(raw)
    if parsed is None or parsed is MISSING:
        return MISSING
    return period(parsed)
