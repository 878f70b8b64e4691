"""月度通报 and 季度报告: the campaign's progress as a Word document in official-document style.

Two steps: :func:`outline` gathers the headings, sentences, tables and charts, every number
from :mod:`app.reports.compute` (the page previews the outline); :func:`render` lays it out as
.docx in 公文 style: a red masthead, a 小标宋 title, numbered sections 一、二、… in 黑体,
仿宋_GB2312 body (with 仿宋 as the substitute font), page numbers "— 1 —" in the footer.
Charts are Altair charts from :mod:`app.charts`, embedded as PNG through ``vl-convert``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from app import charts
from app.format import pct
from app.i18n import enum_label, translate
from app.reports import compute
from app.reports.export import (
    Reader,
    check_month,
    has_data,
    memo,
    names,
    open_cases_by_type,
    petition_status,
    reason_text,
    township_table,
    unit_table,
)
from app.settings import Settings

log = logging.getLogger(__name__)

# --- Periods -----------------------------------------------------------------------------

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
        return translate("bulletin.period.quarter", lang, year=self.year,
                         quarter=numeral(self.number, lang))  # fmt: skip


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


# --- The outline -------------------------------------------------------------------------


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
        n = numeral(self.subsections, self.lang) if self.lang == "zh" else "abcdefghij"[
            (self.subsections - 1) % 10]  # fmt: skip
        self.blocks.append(Block("h2", self.t("bulletin.heading2", n=n, title=self.t(key))))

    def para(self, text: str, key: bool = False) -> None:
        if text:
            self.blocks.append(Block("para", text, key=key))

    def table(self, table: Table) -> None:
        if table.rows:
            self.blocks.append(Block("table", table=table))

    def chart(self, chart: Any, order: list[str] | None = None) -> None:
        self.blocks.append(Block("chart", chart=chart, order=order))


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
UNITS = {"亿元": "yi", "万元": "wan", "元": "yuan", "人": "people", "户": "households",
         "个": "pieces", "件": "cases", "公里": "km", "座": "seats", "亩": "mu",
         "吨标准煤": "coal", "天": "days"}  # fmt: skip


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


def _data_month(read: Reader, period: Period) -> str | None:
    """The latest month of the period with anything reported; None for an empty period."""
    found = [m for m in period.months if has_data(read, m)]
    return found[-1] if found else None


def outline(read: Reader, settings: Settings, period: Period, lang: str = "zh") -> Outline:
    """Everything the document says, in order; charts as Altair charts (not yet rendered)."""
    read = memo(read)
    doc = _Doc(lang)
    kind = period.kind
    month = _data_month(read, period)
    label = period.label(lang)
    quarterly = kind == "quarter"
    prefix = "quarterly" if quarterly else "bulletin"
    as_of = compute.month_end(month) if month else compute.month_end(period.months[-1])
    title = doc.t(f"{prefix}.title", period=label)
    common = dict(
        lang=lang, kind=kind, period=label, title=title.replace("\n", ""),
        title_lines=title.split("\n"),
        masthead=doc.t(f"{prefix}.masthead"),
        issue=doc.t("bulletin.issue", year=period.year, n=period.number),
        org=doc.t("bulletin.org", county=settings.county_name),
        date=_date(as_of, lang),
        recipients=doc.t(f"{prefix}.recipients"),
    )  # fmt: skip
    if month is None:
        doc.para(doc.t(f"{prefix}.empty", period=label), key=True)
        return Outline(intro="", blocks=doc.blocks, empty=True, **common)

    year = int(month[:4])
    tp = int(month[5:7]) / 12
    intro = doc.t(f"{prefix}.intro", period=label, as_of=_date(as_of, lang), tp=pct(tp))
    progress = compute.targets(read, settings, year, month)
    _overall(doc, read, settings, progress)
    _lagging(doc, progress, tp)
    _projects(doc, read, settings, period, year, month, progress)
    _surveys(doc, read, settings, period, as_of)
    _field(doc, read, settings, period, year, as_of)
    _petitions(doc, read, settings, as_of)
    _townships(doc, read, settings, month, tp)
    doc.h1("bulletin.s.requirements")
    for n in (1, 2, 3):
        doc.para(doc.t(f"bulletin.requirements.{n}"))
    doc.blocks.append(Block("annex", doc.t("bulletin.annex.title")))
    doc.table(_unit_annex(read, settings, month, lang))
    return Outline(intro=intro, blocks=doc.blocks, empty=False, **common)


def _overall(doc: _Doc, read: Reader, settings: Settings, progress: pd.DataFrame) -> None:
    from app import metrics

    lang = doc.lang
    doc.h1("bulletin.s.overall")
    levels = metrics.level_rollup(progress)
    total = levels[["indicators", "green", "yellow", "red", "none"]].sum()
    if int(total["indicators"]) == 0:
        doc.para(doc.t("bulletin.overall.no_indicators"), key=True)
        return
    doc.para(doc.t("bulletin.overall.summary", n=int(total["indicators"]),
                   green=int(total["green"]), yellow=int(total["yellow"]),
                   red=int(total["red"]), none=int(total["none"])), key=True)  # fmt: skip
    parts = [
        doc.t("bulletin.overall.level", level=enum_label("framework_level", r.level, lang),
              n=int(r.indicators), green=int(r.green), yellow=int(r.yellow), red=int(r.red))
        for r in levels.itertuples() if r.indicators
    ]  # fmt: skip
    doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))
    rows = [
        [enum_label("framework_level", r.level, lang), str(r.items), str(r.indicators),
         str(r.green), str(r.yellow), str(r.red), str(r.none)]
        for r in levels.itertuples()
    ]  # fmt: skip
    rows.append([doc.t("bulletin.total"), str(int(levels["items"].sum()))]
                + [str(int(total[c])) for c in ("indicators", "green", "yellow", "red", "none")])
    columns = [doc.t(f"bulletin.col.{c}") for c in ("level", "items", "indicators", "green",
                                                     "yellow", "red", "none")]  # fmt: skip
    doc.table(Table(columns, rows, [3.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2],
                    numeric=[False] + [True] * 6))  # fmt: skip


def _lagging(doc: _Doc, progress: pd.DataFrame, tp: float) -> None:
    lang = doc.lang
    doc.h1("bulletin.s.lagging")
    county = progress[progress["township_code"].isna()]
    lagging = county[county["light"].isin(["red", "yellow"])].copy()
    if lagging.empty:
        doc.para(doc.t("bulletin.lagging.none"), key=True)
        return
    lagging["_order"] = lagging["light"].map({"red": 0, "yellow": 1})
    lagging = lagging.sort_values(["_order", "gap", "indicator_code"])
    red = int((lagging["light"] == "red").sum())
    doc.para(doc.t("bulletin.lagging.summary", n=len(lagging), red=red,
                   yellow=len(lagging) - red), key=True)  # fmt: skip
    for row in lagging.to_dict("records"):
        direction = "lower" if row["direction"] == "lower" else "higher"
        if row["aggregation"] in ("last", "mean"):  # a level or rate: no "累计"
            direction = f"level_{direction}"
        doc.para(doc.t(f"bulletin.lagging.{direction}", name=_indicator_name(row, lang),
                       actual=_qty(row["actual"], row["unit"], lang),
                       target=_qty(row["target"], row["unit"], lang),
                       completion=pct(row["completion"]), gap=_pp(row["gap"]),
                       light=doc.t(f"light.short.{row['light']}")),
                 key=row["light"] == "red")  # fmt: skip
    data = lagging.assign(label=[_indicator_name(r, lang) for r in lagging.to_dict("records")])
    doc.chart(charts.completion_bars(data, "label", doc.t("bulletin.chart.lagging"), lang,
                                     time_progress=tp), order=data["label"].tolist())  # fmt: skip


_MEASURE_KIND = {
    "fai": "yi", "funds_in_place": "yi", "fai_per_capita": "yuan", "industry_share": "ratio",
    "key_projects_share": "ratio", "funds_growth": "ratio", "policy_abolished": "percent",
}  # fmt: skip


def _measure_value(measure: str, value: Any, lang: str) -> str:
    kind = _MEASURE_KIND.get(measure, "number")
    if _missing(value):
        return "—"
    if kind == "yi":
        return _qty(value, "亿元", lang)
    if kind == "yuan":
        return f"{float(value):,.0f}" + ("元" if lang == "zh" else " yuan")
    if kind == "ratio":
        return pct(value)
    if kind == "percent":
        return f"{float(value):.1f}%"
    return _num(value)


def _projects(doc: _Doc, read: Reader, settings: Settings, period: Period, year: int,
              month: str, progress: pd.DataFrame) -> None:  # fmt: skip
    lang = doc.lang
    conf = settings.project_year
    doc.h1("bulletin.s.projects")
    project = compute.project_year(read, settings, year, month)
    measures = {m["measure"]: m for m in project["measures"]}
    county = progress[progress["township_code"].isna()].set_index("indicator_code")

    def row(code: str) -> dict[str, Any]:
        return county.loc[code].to_dict() if code in county.index else {}

    doc.h2("bulletin.s.targets")
    fai, fai_row = measures.get("fai"), row(conf.fai_code)
    if fai and not _missing(fai.get("actual")):
        doc.para(doc.t("bulletin.projects.fai", actual=_qty(fai["actual"], "亿元", lang),
                       target=_qty(fai["target"], "亿元", lang),
                       completion=pct(fai_row.get("completion")),
                       due=_qty(fai.get("due"), "亿元", lang),
                       yoy=_yoy(fai_row.get("yoy"), lang)), key=True)  # fmt: skip
    funds, funds_row = measures.get("funds_in_place"), row(conf.funds_code)
    if funds and not _missing(funds.get("actual")):
        stretch = funds.get("stretch_target")
        doc.para(doc.t("bulletin.projects.funds", actual=_qty(funds["actual"], "亿元", lang),
                       floor=_qty(funds["target"], "亿元", lang),
                       floor_completion=pct(funds_row.get("completion")),
                       stretch=_qty(stretch, "亿元", lang),
                       stretch_completion=pct(float(funds["actual"]) / float(stretch))
                       if not _missing(stretch) and float(stretch) else "—",
                       yoy=_yoy(funds_row.get("yoy"), lang)), key=True)  # fmt: skip
    if period.kind == "quarter":
        series = {code: compute.series(read, settings, year, code)
                  for code in (conf.fai_code, conf.funds_code)}  # fmt: skip
        inside = [m for m in period.months if m <= month]

        def in_quarter(code: str) -> float | None:
            frame = series[code]
            values = frame[frame["period"].isin(inside)]["value"]
            return float(values.sum()) if values.notna().any() else None

        doc.para(doc.t("bulletin.projects.quarter", period=period.label(lang),
                       fai=_qty(in_quarter(conf.fai_code), "亿元", lang),
                       funds=_qty(in_quarter(conf.funds_code), "亿元", lang)),
                 key=True)  # fmt: skip
    rows = []
    for m in project["measures"]:
        target = _measure_value(m["measure"], m.get("target"), lang)
        if not _missing(m.get("stretch_target")):
            target += doc.t("bulletin.stretch", v=_measure_value(m["measure"],
                                                                 m["stretch_target"], lang))
        status = ("met" if m.get("met") else "on_track" if m.get("on_track") else
                  "behind" if m.get("on_track") is False else None)  # fmt: skip
        rows.append([
            translate(f"measure.{m['measure']}", lang), target,
            _measure_value(m["measure"], m.get("due"), lang),
            _measure_value(m["measure"], m.get("actual"), lang),
            doc.t(f"bulletin.measure_status.{status}") if status else "—",
        ])  # fmt: skip
    columns = [doc.t(f"bulletin.col.{c}") for c in ("measure", "target", "due", "actual",
                                                     "status")]  # fmt: skip
    doc.table(Table(columns, rows, [4.0, 3.4, 2.3, 2.3, 2.9],
                    numeric=[False, True, True, True, False]))  # fmt: skip
    fai_series = compute.series(read, settings, year, conf.fai_code)
    if not fai_series.empty:
        target = fai.get("target") if fai else None
        doc.chart(charts.trend(fai_series, target, doc.t("bulletin.chart.fai"), lang, "亿元"))

    doc.h2("bulletin.s.stalled")
    stages = compute.projects_by_stage(read, settings, month)
    by_stage = dict(zip(stages["stage"], stages["projects"], strict=False))
    levels = compute.projects_by_level(read, settings, year, month)
    plan, invested = float(levels["year_plan"].sum()), float(levels["invested_ytd"].sum())
    if int(levels["projects"].sum()):
        doc.para(doc.t("bulletin.projects.stages", n=int(levels["projects"].sum()),
                       reserve=int(by_stage.get("reserve", 0)),
                       construction=int(by_stage.get("construction", 0)),
                       completed=int(by_stage.get("completed", 0)),
                       plan=_qty(plan / conf.wan_per_yi, "亿元", lang),
                       invested=_qty(invested / conf.wan_per_yi, "亿元", lang),
                       completion=pct(invested / plan if plan else None)))  # fmt: skip
    stalled = project["stalled"]
    if stalled.empty:
        doc.para(doc.t("bulletin.stalled.none", period=period.label(lang)), key=True)
        return
    towns = names(read, "townships", "township_code")
    cadres = names(read, "cadres", "cadre_id")
    doc.para(doc.t("bulletin.stalled.summary", n=len(stalled), months=conf.stalled_months),
             key=True)  # fmt: skip
    for r in stalled.itertuples():
        town = doc.t("bulletin.county_wide") if _missing(r.township_code) else towns.get(
            str(r.township_code), str(r.township_code))  # fmt: skip
        doc.para(doc.t("bulletin.stalled.item", name=r.name, township=town,
                       level=enum_label("project_level", r.level, lang),
                       lead=cadres.get(str(r.lead_cadre_id), "—"),
                       last=r.last_invested_period if not _missing(r.last_invested_period)
                       else "—", idle=int(r.idle_months)), key=True)  # fmt: skip


def _surveys(doc: _Doc, read: Reader, settings: Settings, period: Period,
             as_of: dt.date) -> None:  # fmt: skip
    """Only when a survey round was held in the period: results and accountability."""
    lang = doc.lang
    results = read("survey_results")
    dates = pd.to_datetime(results["survey_date"])
    held = results[(dates >= pd.Timestamp(period.start)) & (dates <= pd.Timestamp(as_of))]
    if held.empty:
        return
    doc.h1("bulletin.s.surveys")
    rounds = held[["year", "round"]].drop_duplicates().sort_values(["year", "round"])
    for year, round_ in rounds.itertuples(index=False):
        year, round_ = int(year), int(round_)
        rows = held[(held["year"] == year) & (held["round"] == round_)]
        ranking = compute.survey_ranking_as_of(read, settings, year, as_of)
        ranking = ranking[ranking["round"] == round_]
        doc.para(doc.t("bulletin.surveys.summary",
                       date=_date(pd.to_datetime(rows["survey_date"]).min(), lang),
                       round=round_, n=len(ranking),
                       respondents=f"{int(rows['respondents'].fillna(0).sum()):,}"),
                 key=True)  # fmt: skip
        parts = []
        for category, group in ranking.groupby("category", sort=False):
            ordered = group.sort_values(["rank", "unit_code"])
            top, low = ordered.iloc[0], ordered.iloc[-1]
            parts.append(doc.t("bulletin.surveys.category",
                               category=enum_label("category", category, lang), n=len(group),
                               mean=f"{group['score'].mean():.1f}", top=top["name"],
                               top_score=f"{top['score']:.1f}", low=low["name"],
                               low_score=f"{low['score']:.1f}"))  # fmt: skip
        if parts:
            doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))
        missing = compute.survey_missing(read, year)
        missing = missing[missing["round"] == round_]
        if len(missing):
            doc.para(doc.t("bulletin.surveys.missing", n=len(missing),
                           units=_join(missing["name"].astype(str).tolist(), lang)))  # fmt: skip
        low = ranking.sort_values(["score", "unit_code"]).head(15)
        if len(low):
            doc.chart(charts.ranked_bars(
                low, "name", "score", "bottom", doc.t("bulletin.chart.survey", round=round_),
                lang, flag_text=doc.t("bulletin.chart.bottom")),
                order=low["name"].tolist())  # fmt: skip
        _accountability(doc, read, settings, year, round_, as_of)


def _accountability(doc: _Doc, read: Reader, settings: Settings, year: int, round_: int,
                    as_of: dt.date) -> None:  # fmt: skip
    """The actions this round brings (and the year's hotline accountability)."""
    lang = doc.lang
    actions = compute.accountability(read, settings, year, as_of)

    def relevant(row: dict[str, Any]) -> bool:
        if row["action"] == "complaints_accountability":
            return True
        if row["action"] in ("organisational_handling", "superior_handling"):
            rounds = compute.reason_params(row["reason"]).get("bottom_in_rounds", "")
            return str(round_) in rounds.split(",")
        return not _missing(row["round"]) and int(row["round"]) == round_

    records = [r for r in actions.to_dict("records") if relevant(r)]
    if not records:
        doc.para(doc.t("bulletin.accountability.none", round=round_), key=True)
        return
    units = list(dict.fromkeys(str(r["unit_code"]) for r in records))
    doc.para(doc.t("bulletin.accountability.summary", round=round_, n=len(units)), key=True)
    for code in units:
        mine = [r for r in records if str(r["unit_code"]) == code]
        text = _joins([doc.t("bulletin.accountability.action",
                             action=enum_label("action", r["action"], lang),
                             reason=reason_text(r["action"], r["reason"], lang))
                       for r in mine], lang)  # fmt: skip
        doc.para(doc.t("bulletin.accountability.unit", unit=mine[0]["name"],
                       category=enum_label("category", mine[0]["category"], lang),
                       actions=text), key=True)  # fmt: skip


def _field(doc: _Doc, read: Reader, settings: Settings, period: Period, year: int,
           as_of: dt.date) -> None:  # fmt: skip
    lang = doc.lang
    conf = settings.field_days
    doc.h1("bulletin.s.field")
    days = compute.field_days(read, settings, year, as_of)
    units = names(read, "units", "unit_code")
    leading = days[days["required"].notna()]
    if leading.empty:
        doc.para(doc.t("bulletin.field.no_data"), key=True)
    else:
        counts = leading["status"].value_counts()
        doc.para(doc.t("bulletin.field.summary", n=len(leading), met=int(counts.get("met", 0)),
                       on_track=int(counts.get("on_track", 0)),
                       behind=int(counts.get("behind", 0))), key=True)  # fmt: skip
        parts = []
        for level, group in leading.groupby("level", sort=False):
            c = group["status"].value_counts()
            parts.append(doc.t("bulletin.field.level", level=enum_label("level", level, lang),
                               n=len(group), required=int(group["required"].iloc[0]),
                               due=f"{float(group['due'].iloc[0]):.1f}",
                               met=int(c.get("met", 0)), on_track=int(c.get("on_track", 0)),
                               behind=int(c.get("behind", 0))))  # fmt: skip
        doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))
        behind = leading[leading["status"] == "behind"]
        if behind.empty:
            doc.para(doc.t("bulletin.field.none_behind"), key=True)
        else:
            people = [doc.t("bulletin.field.person", name=r.name,
                            unit=units.get(str(r.unit_code), str(r.unit_code)),
                            level=enum_label("level", r.level, lang), days=int(r.days),
                            due=f"{float(r.due):.1f}") for r in behind.itertuples()]  # fmt: skip
            behind_units = list(dict.fromkeys(units.get(str(c), str(c))
                                              for c in behind["unit_code"]))  # fmt: skip
            doc.para(doc.t("bulletin.field.behind", n=len(behind), people=_join(people, lang),
                           units=_join(behind_units, lang), n_units=len(behind_units)),
                     key=True)  # fmt: skip
    liaisons = days[days["level"] == "liaison"]
    short = liaisons[liaisons["liaison_short_months"].map(lambda v: isinstance(v, list) and
                                                          len(v) > 0)]  # fmt: skip
    if len(liaisons):
        if short.empty:
            doc.para(doc.t("bulletin.field.liaison_ok", n=len(liaisons),
                           min=conf.liaison_min_days_per_month))  # fmt: skip
        else:
            people = [doc.t("bulletin.field.liaison_person", name=r.name,
                            unit=units.get(str(r.unit_code), str(r.unit_code)),
                            months=_join([month_period(m).label(lang)
                                          for m in r.liaison_short_months], lang))
                      for r in short.itertuples()]  # fmt: skip
            doc.para(doc.t("bulletin.field.liaison_short", n=len(short),
                           min=conf.liaison_min_days_per_month,
                           people=_join(people, lang)), key=True)  # fmt: skip
    mix = compute.help_type_mix(read, settings, year, as_of)
    ledger = compute.field_ledger(read, settings, period.start, as_of)
    if int(mix["activities"].sum()):
        kinds = [doc.t("bulletin.field.help", help=enum_label("help_type", r.help_type, lang),
                       n=f"{int(r.activities):,}", share=pct(r.share))
                 for r in mix.itertuples() if r.activities]  # fmt: skip
        doc.para(doc.t("bulletin.field.activities", year=year,
                       n=f"{int(mix['activities'].sum()):,}",
                       person_days=f"{int(mix['person_days'].sum()):,}",
                       kinds=_join(kinds, lang), period=period.label(lang),
                       new=f"{len(ledger):,}"), key=True)  # fmt: skip
        data = mix.assign(label=[enum_label("help_type", h, lang) for h in mix["help_type"]])
        doc.chart(charts.simple_bars(data, "label", "activities", doc.t("bulletin.chart.help"),
                                     doc.t("bulletin.chart.activities"), sort="-x"))  # fmt: skip
    contacts = compute.contact_summary(read, settings, year, as_of)
    parts = [doc.t("bulletin.field.contacts", scheme=enum_label("scheme", r.scheme, lang),
                   units=int(r.units), townships=int(r.townships), villages=int(r.villages),
                   poor=int(r.poor_villages), covered=int(r.covered), pairings=int(r.pairings),
                   coverage=pct(r.coverage)) for r in contacts.itertuples()]  # fmt: skip
    if parts:
        doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))


def _petitions(doc: _Doc, read: Reader, settings: Settings, as_of: dt.date) -> None:
    lang = doc.lang
    conf = settings.petitions
    doc.h1("bulletin.s.petitions")
    status = petition_status(read, settings, as_of)
    units = names(read, "units", "unit_code")
    if status.empty:
        doc.para(doc.t("bulletin.petitions.no_data"), key=True)
    else:
        short = status[status["status"] == "short"]
        doc.para(doc.t("bulletin.petitions.summary", n=len(status),
                       met=len(status) - len(short), short=len(short),
                       before=conf.before_festival_min, in_year=conf.in_year_min,
                       year=conf.in_year), key=True)  # fmt: skip
        if len(short):
            people = [doc.t("bulletin.petitions.person", name=r.name,
                            unit=units.get(str(r.unit_code), str(r.unit_code)),
                            level=enum_label("level", r.level, lang),
                            before=int(r.before_festival), in_year=int(r.in_year))
                      for r in short.itertuples()]  # fmt: skip
            doc.para(doc.t("bulletin.petitions.short", people=_join(people, lang)), key=True)
    open_cases = open_cases_by_type(read, as_of)
    total, prominent = int(open_cases["open"].sum()), int(open_cases["prominent_open"].sum())
    if total == 0:
        doc.para(doc.t("bulletin.petitions.all_resolved", as_of=_date(as_of, lang)))
        return
    kinds = [doc.t("bulletin.petitions.kind",
                   kind=enum_label("dispute_type", r.dispute_type, lang), n=int(r.open))
             for r in open_cases.itertuples() if r.open]  # fmt: skip
    doc.para(doc.t("bulletin.petitions.open", as_of=_date(as_of, lang), n=total,
                   prominent=prominent, kinds=_join(kinds, lang)), key=True)  # fmt: skip
    data = open_cases[open_cases["open"] > 0].assign(
        label=lambda f: [enum_label("dispute_type", d, lang) for d in f["dispute_type"]]
    )
    doc.chart(charts.simple_bars(data, "label", "open", doc.t("bulletin.chart.open_cases"),
                                 doc.t("bulletin.chart.cases"), colour="#d73027"))  # fmt: skip


def _townships(doc: _Doc, read: Reader, settings: Settings, month: str, tp: float) -> None:
    lang = doc.lang
    doc.h1("bulletin.s.townships")
    frame = township_table(read, settings, month)
    if frame.empty:
        doc.para(doc.t("bulletin.townships.no_data"), key=True)
        return
    ranked = frame[frame["fai_completion"].notna()]
    if len(ranked):
        red = ranked[ranked["fai_light"] == "red"]
        if len(red):
            items = [doc.t("bulletin.townships.item", name=r.township,
                           completion=pct(r.fai_completion)) for r in red.itertuples()]
            doc.para(doc.t("bulletin.townships.red", n=len(red), items=_join(items, lang)),
                     key=True)  # fmt: skip
        else:
            doc.para(doc.t("bulletin.townships.no_red"), key=True)
        moved = ranked[ranked["fai_rank_change"].notna()]
        if len(moved) and int(moved["fai_rank_change"].max()) > 0:
            up = moved.sort_values(["fai_rank_change", "township_code"],
                                   ascending=[False, True]).iloc[0]  # fmt: skip
            down = moved.sort_values(["fai_rank_change", "township_code"]).iloc[0]
            doc.para(doc.t("bulletin.townships.moves", up=up["township"],
                           up_n=int(up["fai_rank_change"]), up_rank=int(up["fai_rank"]),
                           down=down["township"], down_n=abs(int(down["fai_rank_change"])),
                           down_rank=int(down["fai_rank"])))  # fmt: skip
    rows = []
    for r in frame.itertuples():
        rank = "—" if _missing(r.fai_rank) else str(int(r.fai_rank))
        rows.append([r.township, pct(r.fai_completion), rank, pct(r.funds_completion),
                     _fixed(r.project_invested, 0), pct(r.project_completion),
                     f"{int(r.activities):,}", f"{int(r.person_days):,}",
                     str(int(r.open_petitions))])  # fmt: skip
    columns = [doc.t(f"bulletin.col.{c}") for c in (
        "township", "fai_completion", "fai_rank", "funds_completion", "project_invested",
        "project_completion", "activities", "person_days", "open_petitions")]  # fmt: skip
    doc.table(Table(columns, rows, [1.6, 1.3, 1.0, 1.4, 1.6, 1.4, 1.3, 1.3, 1.3], font_size=9,
                    numeric=[False] + [True] * 8))  # fmt: skip
    if len(ranked):
        data = ranked.rename(columns={"fai_completion": "completion", "fai_light": "light"})
        data = data.sort_values(["fai_rank", "township_code"])
        doc.chart(charts.completion_bars(data, "township", doc.t("bulletin.chart.townships"),
                                         lang, time_progress=tp),
                  order=data["township"].tolist())  # fmt: skip


def _unit_annex(read: Reader, settings: Settings, month: str, lang: str) -> Table:
    frame = unit_table(read, settings, month, lang)
    rows = [
        [r.unit, enum_label("category", r.category, lang), str(int(r.cadres)),
         str(int(r.behind)), f"{int(r.days):,}",
         "—" if _missing(r.score) else f"{float(r.score):.1f}",
         "—" if _missing(r.rank) else f"{int(r.rank)}/{int(r.ranked)}",
         str(int(r.verified_complaints)), r.actions or "—"]
        for r in frame.itertuples()
    ]  # fmt: skip
    columns = [translate(f"bulletin.col.{c}", lang) for c in (
        "unit", "category", "cadres", "behind", "days", "score", "rank", "complaints",
        "actions")]  # fmt: skip
    return Table(columns, rows, [3.3, 2.3, 0.9, 1.0, 1.1, 1.0, 1.1, 1.0, 2.6], font_size=9,
                 numeric=[False, False] + [True] * 6 + [False])  # fmt: skip


# --- Charts ------------------------------------------------------------------------------

CJK_FAMILY = "Noto Sans CJK SC"
CJK_FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/noto",
)
CHART_WIDTH = 560  # px; the PNG is drawn at twice this and placed 15 cm wide


def _fc_list_families() -> list[str]:
    """Families of the installed fonts covering Chinese (fontconfig), [] without fontconfig."""
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                             timeout=10, check=False).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


@cache
def chart_font() -> str | None:
    """The font family charts use for Chinese, registered with vl-convert once per process;
    None (with a warning) when no CJK font is found: charts still render, glyphs may not."""
    try:
        import vl_convert as vlc
    except ImportError:  # pragma: no cover - a requirement; charts are skipped without it
        return None
    for directory in CJK_FONT_DIRS:
        path = Path(directory)
        if path.is_dir() and any(p.name.startswith("NotoSansCJK") for p in path.iterdir()):
            try:
                vlc.register_font_directory(str(path))
                return CJK_FAMILY
            except Exception as exc:  # noqa: BLE001 - a font problem must not stop the bulletin
                log.warning("could not register fonts in %s: %s", path, exc)
    families = _fc_list_families()
    if families:  # vl-convert also sees the system's fonts
        return CJK_FAMILY if CJK_FAMILY in families else families[0]
    log.warning("no CJK font found (install fonts-noto-cjk): Chinese in charts may not render")
    return None


def _clip_bars(spec: dict[str, Any]) -> None:
    """Clip bars drawn against an axis that does not start at zero (e.g. scores from 67):
    unclipped, they run out of the plot, over the labels, and widen the picture."""
    for layer in [spec, *spec.get("layer", [])]:
        mark = layer.get("mark")
        encoding = layer.get("encoding", {})
        if (mark == "bar" or (isinstance(mark, dict) and mark.get("type") == "bar")) and any(
            "domain" in (encoding.get(axis, {}).get("scale") or {}) for axis in ("x", "y")
        ):
            layer["mark"] = {**(mark if isinstance(mark, dict) else {"type": "bar"}), "clip": True}


def _order_y(spec: dict[str, Any], order: list[str]) -> None:
    """Pin the categories' order on every layer: a sort such as ``-x`` is dropped when a
    layered chart merges its layers' y domains, and the bars come out unordered."""
    for layer in [spec, *spec.get("layer", [])]:
        y = layer.get("encoding", {}).get("y")
        if isinstance(y, dict) and y.get("type") == "nominal":
            y["sort"] = list(order)


def chart_png(chart: Any, width: int = CHART_WIDTH, order: list[str] | None = None) -> bytes | None:
    """An Altair chart as PNG (scale 2); None, with a warning, when it cannot be drawn.
    ``order``: the y categories, top to bottom."""
    try:
        import vl_convert as vlc
    except ImportError:
        log.warning("vl-convert-python is not installed: the bulletin has no charts")
        return None
    try:
        spec = chart.to_dict()
        spec["width"] = width  # "container" means nothing outside a browser
        _clip_bars(spec)
        if order:
            _order_y(spec, order)
        font = chart_font()
        if font:
            spec.setdefault("config", {})["font"] = font
        return vlc.vegalite_to_png(spec, scale=2)
    except Exception as exc:  # noqa: BLE001 - a chart must not stop the bulletin
        log.warning("chart not rendered: %s", exc)
        return None


# --- The Word document -------------------------------------------------------------------

LATIN = "Times New Roman"
BODY = "仿宋_GB2312"
HEADING = "黑体"
SUBHEADING = "楷体_GB2312"
TITLE = "方正小标宋简体"
PAGE_NUMBER = "宋体"
# Where a font is missing, Word and LibreOffice take the font table's w:altName instead.
FALLBACKS = {
    "仿宋_GB2312": "仿宋", "仿宋": "FangSong", "楷体_GB2312": "楷体", "楷体": "KaiTi",
    "方正小标宋简体": "黑体", "黑体": "SimHei", "宋体": "SimSun",
}  # fmt: skip
RED = "FF0000"


def _fonts(element: Any, east_asia: str, latin: str = LATIN) -> None:
    """Set the run or style fonts: Latin for digits and letters, ``east_asia`` for Chinese."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):  # a theme font would win over the names set here
            del fonts.attrib[attr]
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east_asia)):
        fonts.set(qn(f"w:{attr}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph: Any, text: str, font: str = BODY, size: float = 16, bold: bool = False,
         colour: str | None = None) -> Any:  # fmt: skip
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    _fonts(run._r, font)
    return run


def _font_table(document: Any) -> None:
    """Add the 公文 fonts, with their substitutes, to the document's font table."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        known = {f.get(f"{{{w}}}name") for f in root.findall(f"{{{w}}}font")}
        for name, alt in FALLBACKS.items():
            if name in known:
                continue
            font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
            etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
            etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern"})
            etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
        # A plain part keeps its bytes in ``_blob``; python-docx has no API for this part.
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)  # fmt: skip


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.size = Pt(16)  # 三号
    _fonts(normal.element, BODY)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:eastAsia"), "zh-CN")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    for name, font, level in (("Bulletin Heading 1", HEADING, 0),
                              ("Bulletin Heading 2", SUBHEADING, 1)):  # fmt: skip
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(16)
        style.font.bold = False
        _fonts(style.element, font)
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.keep_with_next = True
        # An outline level: the headings show in Word's navigation pane.
        style.element.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), str(level))


def _page(document: Any) -> None:
    """A4 with the 公文 margins, and "— n —" page numbers at the foot."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", PAGE_NUMBER, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        run = _run(paragraph, "", PAGE_NUMBER, 14)
        if kind:
            char = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
            run._r.append(char)
        elif text == " PAGE ":
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    _run(paragraph, " —", PAGE_NUMBER, 14)


def _paragraph(document: Any, text: str = "", *, style: str | None = None, indent: bool = True,
               align: str = "justify", font: str = BODY, size: float = 16,
               colour: str | None = None, bold: bool = False) -> Any:  # fmt: skip
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph(style=style)
    paragraph.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                           "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]  # fmt: skip
    if indent and style is None:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _run(paragraph, text, font, size, bold, colour)
    return paragraph


# Elements that follow w:pBdr in w:pPr, and w:shd in w:tcPr (CT_PPr, CT_TcPr sequences).
_AFTER_PBDR = tuple(f"w:{t}" for t in (
    "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange"))  # fmt: skip
_AFTER_SHD = tuple(f"w:{t}" for t in (
    "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers",
    "cellIns", "cellDel", "cellMerge", "tcPrChange"))  # fmt: skip


def _red_rule(paragraph: Any) -> None:
    """The red line under the masthead: a bottom border on its last paragraph."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    border = ppr.makeelement(qn("w:pBdr"), {})
    bottom = border.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "18",
                                                 qn("w:space"): "6", qn("w:color"): RED})
    border.append(bottom)
    ppr.insert_element_before(border, *_AFTER_PBDR)  # Word insists on the schema's order


def _table(document: Any, table: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document.add_paragraph().paragraph_format.line_spacing = Pt(8)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [Cm(15.6 * w / total) for w in table.widths]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it) as well as each cell (Word)
    numeric = table.numeric or [False] * len(table.columns)

    def fill(cell: Any, text: str, width: Any, header: bool, right: bool) -> None:
        cell.width = width
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        paragraph.alignment = (WD_ALIGN_PARAGRAPH.CENTER if header or right else
                               WD_ALIGN_PARAGRAPH.LEFT)  # fmt: skip
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _run(paragraph, text, HEADING if header else BODY, table.font_size)

    header = grid.rows[0]
    trpr = header._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))  # repeat on pages
    for cell, text, width in zip(header.cells, table.columns, widths, strict=True):
        fill(cell, text, width, True, False)
        tcpr = cell._tc.get_or_add_tcPr()
        shade = tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto",
                                               qn("w:fill"): "E7E6E6"})  # fmt: skip
        tcpr.insert_element_before(shade, *_AFTER_SHD)
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, text, width, right in zip(cells, values, widths, numeric, strict=True):
            fill(cell, str(text), width, False, right)
    document.add_paragraph().paragraph_format.line_spacing = Pt(10)


def _picture(document: Any, png: bytes) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact spacing would crop the picture
    fmt.space_before, fmt.space_after = Pt(6), Pt(6)
    from docx.image.image import Image

    image = Image.from_blob(png)
    width, height = image.px_width, image.px_height
    # 15 cm wide, unless that makes a tall chart (townships, units) taller than 13 cm.
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(min(15.0, 13.0 * width / height)))


def render(doc: Outline) -> bytes:
    """The outline as a .docx in 公文 style."""
    import docx
    from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
    from docx.shared import Pt

    document = docx.Document()
    _styles(document)
    _font_table(document)
    _page(document)
    core = document.core_properties
    core.title, core.author, core.language = doc.title, doc.org, "zh-CN"

    # Masthead (版头): the series in red, the issue, the issuing office and date, a red rule.
    zh = doc.lang == "zh"
    _paragraph(document, doc.masthead, align="center", font=TITLE, size=22 if zh else 18,
               colour=RED, indent=False).paragraph_format.line_spacing = Pt(40)  # fmt: skip
    _paragraph(document, doc.issue, align="center", indent=False)
    issued = _paragraph(document, indent=False, align="left")
    if zh:  # office on the left, date on the right, on one line
        issued.paragraph_format.tab_stops.add_tab_stop(Pt(442), WD_TAB_ALIGNMENT.RIGHT)
        _run(issued, f"{doc.org}\t{doc.date}", BODY, 14)
    else:  # the English office name is too long to share its line
        _run(issued, doc.org, BODY, 12)
        issued = _paragraph(document, doc.date, indent=False, align="right", size=12)
    _red_rule(issued)
    _paragraph(document, indent=False)

    title = _paragraph(document, align="center", indent=False)
    title.paragraph_format.line_spacing = Pt(36)
    for n, line in enumerate(doc.title_lines):
        run = _run(title, line, TITLE, 22)
        if n < len(doc.title_lines) - 1:
            run.add_break()  # 标题回行: break where the catalogue says, not inside a word
    _paragraph(document, indent=False)
    _paragraph(document, doc.recipients, indent=False, align="left")
    if doc.intro:
        _paragraph(document, doc.intro)
    annex = False
    for block in doc.blocks:
        if block.kind == "h1":
            _paragraph(document, block.text, style="Bulletin Heading 1", font=HEADING)
        elif block.kind == "h2":
            _paragraph(document, block.text, style="Bulletin Heading 2", font=SUBHEADING)
        elif block.kind == "para":
            _paragraph(document, block.text)
        elif block.kind == "table" and block.table is not None:
            _table(document, block.table)
        elif block.kind == "chart":
            png = chart_png(block.chart, order=block.order)
            if png:
                _picture(document, png)
        elif block.kind == "annex":
            if not annex:
                _signature(document, doc)
                annex = True
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _paragraph(document, translate("bulletin.annex", doc.lang), indent=False,
                       align="left", font=HEADING)  # fmt: skip
            _paragraph(document, block.text, align="center", font=TITLE, size=18, indent=False)
    if not annex:
        _signature(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _signature(document: Any, doc: Outline) -> None:
    """落款: the issuing office and the date, right-aligned under the text."""
    from docx.shared import Pt

    _paragraph(document, indent=False)
    for text in (doc.org, doc.date):
        paragraph = _paragraph(document, text, align="right", indent=False)
        paragraph.paragraph_format.right_indent = Pt(32)


# --- Entry points ------------------------------------------------------------------------


def bulletin(read: Reader, settings: Settings, month: str, lang: str = "zh") -> bytes:
    """月度通报 for ``month`` (``YYYY-MM``) as .docx bytes."""
    return render(outline(read, settings, month_period(month), lang))


def quarterly(read: Reader, settings: Settings, quarter: str, lang: str = "zh") -> bytes:
    """季度报告 for ``quarter`` (``2011Q2``) as .docx bytes."""
    return render(outline(read, settings, quarter_period(quarter), lang))
