"""The appraisal's documents: the workbook (考核结果) and the Word 考核结果通报, from the very
tables the page shows (:mod:`app.reports.tables.appraisal`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from app.format import rank_arrow
from app.i18n import enum_label, translate
from app.ingest.files import xlsx_bytes
from app.reports import tables
from app.reports.appraisal import Reader, appraisal, township_progress
from app.reports.bulletin.blocks import Block, Outline, Table, _Doc
from app.reports.bulletin.periods import numeral
from app.reports.bulletin.text import _date, _join
from app.reports.tables import appraisal as person
from app.settings import Settings


def _year_month(read: Reader, year: int) -> str:
    from app.reports.appraisal import _month_at

    return _month_at(read, year, dt.date(year, 12, 31))


def scheme_table(settings: Settings, lang: str) -> pd.DataFrame:
    """The scheme as a table: each section of units and townships, its measure, method,
    points, per (deduct) and floor (rank)."""
    rows = [
        {
            "appraisal_kind": enum_label("appraisal_kind", kind, lang),
            "section": person.part_label(s.key, lang),
            "appraisal_measure": enum_label("appraisal_measure", s.measure, lang),
            "appraisal_method": enum_label("appraisal_method", s.method, lang),
            "max_points": s.points,
            "per": s.per if s.method == "deduct" else None,
            "floor": s.floor if s.method == "rank" else None,
        }
        for kind in ("unit", "township")
        for s in settings.appraisal.scheme(kind)
    ]
    return pd.DataFrame(rows)


def appraisal_sheets(
    read: Reader, settings: Settings, year: int, lang: str = "zh"
) -> dict[str, pd.DataFrame]:
    """The workbook's sheets, headed in ``lang``: results, 增比进位, the scheme."""
    names = tables.Names.read(read)
    frame = appraisal(read, settings, year)
    standing = township_progress(read, settings, year, _year_month(read, year))
    sheets = {
        "results": person.appraisal(frame, names, lang),
        "townships": person.township_progress(standing, names, lang),
        "scheme": scheme_table(settings, lang),
    }
    return {
        translate(f"appraisal.sheet.{key}", lang): tables.headed(table, lang)
        for key, table in sheets.items()
    }


def appraisal_workbook(read: Reader, settings: Settings, year: int, lang: str = "zh") -> bytes:
    return xlsx_bytes(appraisal_sheets(read, settings, year, lang))


def _ranking(doc: _Doc, rows: pd.DataFrame) -> Table:
    lang = doc.lang
    columns = [doc.t(f"export.col.{c}") for c in ("rank", "name", "total", "grade", "eligible")]
    body = [
        [
            "—" if pd.isna(r.rank) else str(int(r.rank)),
            str(r.name),
            f"{r.total:.2f}",
            enum_label("appraisal_grade", r.grade, lang),
            doc.t("bulletin.yes" if r.eligible else "bulletin.no"),
        ]
        for r in rows.itertuples()
    ]
    return Table(columns, body, [0.8, 3.2, 1.2, 1.2, 1.2], numeric=[True, False, True, True, True])


def _h2(doc: _Doc, title: str) -> None:
    """A numbered sub-heading whose title is data (a category), not a catalogue key."""
    doc.subsections += 1
    n = (
        numeral(doc.subsections, doc.lang)
        if doc.lang == "zh"
        else "abcdefghij"[(doc.subsections - 1) % 10]
    )
    doc.blocks.append(Block("h2", doc.t("bulletin.heading2", n=n, title=title)))


def notice_outline(read: Reader, settings: Settings, year: int, lang: str = "zh") -> Outline:
    """考核结果通报: the scheme in a sentence, per group the 优秀 and 较差 and the ranking,
    the units losing 评优评奖资格 and why, and the townships' 增比进位."""
    doc = _Doc(lang)
    frame = appraisal(read, settings, year)
    title = doc.t("appraisal.notice.title", year=year)
    common: dict[str, Any] = dict(
        lang=lang,
        kind="appraisal",
        period=str(year),
        title=title.replace("\n", ""),
        title_lines=title.split("\n"),
        masthead=doc.t("appraisal.notice.masthead"),
        issue=doc.t("appraisal.notice.issue", year=year),
        org=doc.t("bulletin.org", county=settings.county_name),
        date=_date(dt.date(year, 12, 31), lang),
        recipients=doc.t("bulletin.recipients"),
    )
    if frame.empty:
        doc.para(doc.t("appraisal.empty", year=year), key=True)
        return Outline(intro="", blocks=doc.blocks, empty=True, **common)
    sections = [
        doc.t(
            "appraisal.notice.section",
            name=person.part_label(s.key, lang),
            points=f"{s.points:g}",
        )
        for s in settings.appraisal.units
    ]
    intro = doc.t("appraisal.notice.intro", year=year, sections=_join(sections, lang))
    doc.h1("appraisal.notice.h.results")
    for (_kind, category), rows in frame.groupby(["kind", "category"], sort=False):
        _h2(doc, enum_label("category", category, lang))
        best = rows.loc[rows["grade"] == "excellent", "name"].tolist()
        worst = rows.loc[rows["grade"] == "poor", "name"].tolist()
        doc.para(
            doc.t(
                "appraisal.notice.grades",
                n=len(rows),
                excellent=_join(best, lang) or "—",
                poor=_join(worst, lang) or "—",
            ),
            key=True,
        )
        doc.table(_ranking(doc, rows))
    barred = frame[~frame["eligible"]]
    doc.h1("appraisal.notice.h.ineligible")
    if barred.empty:
        doc.para(doc.t("appraisal.notice.none_ineligible"), key=True)
    for r in barred.itertuples():
        doc.para(
            doc.t(
                "appraisal.ineligible_line", name=r.name, why=person.reasons_text(r.reasons, lang)
            ),
            key=True,
        )
    standing = township_progress(read, settings, year, _year_month(read, year))
    if len(standing):
        doc.h1("appraisal.notice.h.townships")
        names = tables.Names.read(read)
        rows = [
            [
                "—" if pd.isna(r.rank) else str(int(r.rank)),
                names.townships.get(str(r.township_code), str(r.township_code)),
                f"{r.attainment * 100:.1f}",
                rank_arrow(r.quarter_change),
                rank_arrow(r.year_change),
            ]
            for r in standing.itertuples()
        ]
        keys = ("rank", "township", "attainment_pct", "quarter_change", "year_change")
        doc.table(
            Table(
                [doc.t(f"export.col.{c}") for c in keys],
                rows,
                [0.8, 2.4, 1.6, 1.4, 1.4],
                numeric=[True, False, True, True, True],
            )
        )
    return Outline(intro=intro, blocks=doc.blocks, empty=False, **common)


def appraisal_notice(read: Reader, settings: Settings, year: int, lang: str = "zh") -> bytes:
    """The Word 考核结果通报 (公文 style, as the monthly bulletin)."""
    from app.reports.bulletin.docx import render

    return render(notice_outline(read, settings, year, lang))
