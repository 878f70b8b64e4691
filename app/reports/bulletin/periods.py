"""The period a document covers: a month (月度通报) or a quarter (季度报告), with its label
and the Chinese section numerals."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from app.i18n import translate
from app.reports.export import check_month

QUARTER_PATTERN = re.compile(r"^(\d{4})-?[Qq]([1-4])$")


@dataclass(frozen=True)
class Period:
    """The month or quarter a document covers."""

    kind: str  # "month" | "quarter"
    year: int
    number: int  # the month (1–12) or the quarter (1–4)

    @property
    def months(self) -> list[str]:
        first = self.number if self.kind == "month" else 3 * self.number - 2
        last = self.number if self.kind == "month" else 3 * self.number
        return [f"{self.year}-{m:02d}" for m in range(first, last + 1)]

    @property
    def code(self) -> str:
        return self.months[0] if self.kind == "month" else f"{self.year}Q{self.number}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, int(self.months[0][5:7]), 1)

    def label(self, lang: str) -> str:
        if self.kind == "month":
            name = str(self.number) if lang == "zh" else calendar.month_name[self.number]
            return translate("bulletin.period.month", lang, year=self.year, month=name)
        return translate(
            "bulletin.period.quarter", lang, year=self.year, quarter=numeral(self.number, lang)
        )


def month_period(month: str) -> Period:
    month = check_month(month)
    return Period("month", int(month[:4]), int(month[5:7]))


def quarter_period(quarter: str) -> Period:
    match = QUARTER_PATTERN.match(str(quarter).strip())
    if not match:
        raise ValueError(f"quarter must look like 2011Q2, got {quarter!r}")
    return Period("quarter", int(match.group(1)), int(match.group(2)))


def quarter_of(month: str) -> str:
    """The quarter holding ``month`` (``2011-05`` → ``2011Q2``)."""
    month = check_month(month)
    return f"{month[:4]}Q{(int(month[5:7]) - 1) // 3 + 1}"


_ZH_DIGITS = "零一二三四五六七八九"


def numeral(n: int, lang: str) -> str:
    """Section numbers: 一 … 九十九 in Chinese, 1 … in English."""
    if lang != "zh":
        return str(n)
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
