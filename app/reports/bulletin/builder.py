"""The outline builder: everything the document says, section by section, in order."""

from __future__ import annotations

from app.format import pct
from app.reports import compute
from app.reports.bulletin.blocks import Block, Outline, _Doc
from app.reports.bulletin.periods import Period
from app.reports.bulletin.sections import (
    _lagging,
    _overall,
    _projects,
    _townships,
    _unit_annex,
)
from app.reports.bulletin.sections_people import _field, _surveys
from app.reports.bulletin.sections_petitions import _petitions
from app.reports.bulletin.sections_programme import _programme
from app.reports.bulletin.sections_progress import _township_progress
from app.reports.bulletin.sections_supervision import _supervision
from app.reports.bulletin.text import _date
from app.reports.export import Reader, has_data, memo
from app.settings import Settings


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
        lang=lang,
        kind=kind,
        period=label,
        title=title.replace("\n", ""),
        title_lines=title.split("\n"),
        masthead=doc.t(f"{prefix}.masthead"),
        issue=doc.t("bulletin.issue", year=period.year, n=period.number),
        org=doc.t("bulletin.org", county=settings.county_name),
        date=_date(as_of, lang),
        recipients=doc.t(f"{prefix}.recipients"),
    )
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
    _programme(doc, read, settings, period, year, as_of)
    _supervision(doc, read, settings, month)
    _townships(doc, read, settings, month, tp)
    _township_progress(doc, read, settings, month)  # 增比进位 over every indicator
    doc.h1("bulletin.s.requirements")
    for n in (1, 2, 3):
        doc.para(doc.t(f"bulletin.requirements.{n}"))
    doc.blocks.append(Block("annex", doc.t("bulletin.annex.title")))
    doc.table(_unit_annex(read, settings, month, lang))
    return Outline(intro=intro, blocks=doc.blocks, empty=False, **common)
