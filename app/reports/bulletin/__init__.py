"""月度通报 and 季度报告: the campaign's progress as a Word document in official-document style.

Two steps: :func:`outline` gathers the headings, sentences, tables and charts, every number
from :mod:`app.reports.compute` (the page previews the outline); :func:`render` lays it out as
.docx in 公文 style: a red masthead, a 小标宋 title, numbered sections 一、二、… in 黑体,
仿宋_GB2312 body (with 仿宋 as the substitute font), page numbers "— 1 —" in the footer.
Charts are Altair charts from :mod:`app.charts`, embedded as PNG through ``vl-convert``.
"""

from __future__ import annotations

from app.reports.bulletin.blocks import Block, Outline, Table
from app.reports.bulletin.builder import outline
from app.reports.bulletin.charts import (
    CHART_WIDTH,
    CJK_FAMILY,
    CJK_FONT_DIRS,
    chart_font,
    chart_png,
)
from app.reports.bulletin.docx import (
    BODY,
    FALLBACKS,
    HEADING,
    LATIN,
    PAGE_NUMBER,
    RED,
    SUBHEADING,
    TITLE,
    render,
)
from app.reports.bulletin.periods import (
    QUARTER_PATTERN,
    Period,
    month_period,
    numeral,
    quarter_of,
    quarter_period,
)
from app.reports.bulletin.text import UNITS
from app.reports.export import Reader
from app.settings import Settings

__all__ = [
    "BODY",
    "CHART_WIDTH",
    "CJK_FAMILY",
    "CJK_FONT_DIRS",
    "FALLBACKS",
    "HEADING",
    "LATIN",
    "PAGE_NUMBER",
    "QUARTER_PATTERN",
    "RED",
    "SUBHEADING",
    "TITLE",
    "UNITS",
    "Block",
    "Outline",
    "Period",
    "Table",
    "bulletin",
    "chart_font",
    "chart_png",
    "month_period",
    "numeral",
    "outline",
    "quarter_of",
    "quarter_period",
    "quarterly",
    "render",
]


def bulletin(read: Reader, settings: Settings, month: str, lang: str = "zh") -> bytes:
    """月度通报 for ``month`` (``YYYY-MM``) as .docx bytes."""
    return render(outline(read, settings, month_period(month), lang))


def quarterly(read: Reader, settings: Settings, quarter: str, lang: str = "zh") -> bytes:
    """季度报告 for ``quarter`` (``2011Q2``) as .docx bytes."""
    return render(outline(read, settings, quarter_period(quarter), lang))
