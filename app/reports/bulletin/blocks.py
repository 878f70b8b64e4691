"""The outline's data: tables, blocks and the outline itself, and the collector that numbers
the sections as they are added."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.i18n import translate
from app.reports.bulletin.periods import numeral


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    font_size: float = 10.5
    numeric: list[bool] = field(default_factory=list)  # centre these columns (numbers)


@dataclass
class Block:
    kind: str  # "h1" | "h2" | "para" | "table" | "chart" | "annex"
    text: str = ""
    key: bool = False  # a key sentence (the page previews these)
    table: Table | None = None
    chart: Any = None  # an Altair chart, rendered to PNG by ``render``
    order: list[str] | None = None  # the chart's categories, top to bottom


@dataclass
class Outline:
    lang: str
    kind: str
    period: str  # the period's label ("2011年5月", "2011年第二季度")
    masthead: str
    issue: str
    org: str
    date: str
    title: str  # one line; ``title_lines`` holds where the printed title breaks
    title_lines: list[str]
    recipients: str
    intro: str
    blocks: list[Block]
    empty: bool

    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "h1"]


class _Doc:
    """Collects blocks and numbers the sections."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.blocks: list[Block] = []
        self.sections = 0
        self.subsections = 0

    def t(self, key: str, /, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def h1(self, key: str) -> None:
        self.sections += 1
        self.subsections = 0
        text = self.t("bulletin.heading1", n=numeral(self.sections, self.lang), title=self.t(key))
        self.blocks.append(Block("h1", text))

    def h2(self, key: str) -> None:
        self.subsections += 1
        n = (
            numeral(self.subsections, self.lang)
            if self.lang == "zh"
            else "abcdefghij"[(self.subsections - 1) % 10]
        )
        self.blocks.append(Block("h2", self.t("bulletin.heading2", n=n, title=self.t(key))))

    def para(self, text: str, key: bool = False) -> None:
        if text:
            self.blocks.append(Block("para", text, key=key))

    def table(self, table: Table) -> None:
        if table.rows:
            self.blocks.append(Block("table", table=table))

    def chart(self, chart: Any, order: list[str] | None = None) -> None:
        self.blocks.append(Block("chart", chart=chart, order=order))
