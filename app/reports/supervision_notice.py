"""督办通知单: one unit's open items (finding, requirement, due date) as a Word notice in 公文
style, ready to sign; drawn by the bulletin's renderer."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app.i18n import translate
from app.reports.bulletin import docx
from app.reports.bulletin.blocks import Block, Outline, Table
from app.reports.bulletin.text import _date
from app.reports.supervision import Reader, supervision_register
from app.reports.tables.common import code_names
from app.settings import Settings


def open_items(read: Reader, settings: Settings, unit_code: str, as_of: dt.date) -> pd.DataFrame:
    """The unit's items not closed at ``as_of``, the earliest due first."""
    states = supervision_register(read, settings, as_of)
    mine = states[(states["unit_code"] == unit_code) & (states["status_at"] != "closed")]
    return mine.sort_values(["due_at", "item_id"]).reset_index(drop=True)


def notice_outline(
    read: Reader, settings: Settings, unit_code: str, as_of: dt.date, lang: str = "zh"
) -> Outline:
    """What the notice says: the unit addressed, each open item in a table, what to do."""
    name = code_names(read, "units", "unit_code").get(unit_code, unit_code)
    items = open_items(read, settings, unit_code, as_of)

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    title = t("sup.notice.title", unit=name)
    blocks: list[Block] = []
    if items.empty:
        blocks.append(Block("para", t("sup.notice.none", unit=name), key=True))
    else:
        blocks.append(Block("para", t("sup.notice.intro", n=len(items)), key=True))
        rows = [
            [
                r.item_id,
                r.finding,
                r.requirement if isinstance(r.requirement, str) else "",
                r.due_at.date().isoformat(),
            ]
            for r in items.itertuples(index=False)
        ]
        columns = [
            translate(f"export.col.{c}", lang)
            for c in ("item_id", "finding", "requirement", "due_on")
        ]
        blocks.append(Block("table", table=Table(columns, rows, [2.0, 6.0, 4.0, 2.0], 10.5)))
        for n in (1, 2, 3):
            blocks.append(Block("para", t(f"sup.notice.rule.{n}")))
    return Outline(
        lang=lang,
        kind="notice",
        period=as_of.isoformat(),
        masthead=t("sup.notice.masthead"),
        issue=t("sup.notice.issue", year=as_of.year, unit=unit_code),
        org=t("sup.notice.org", county=settings.county_name),
        date=_date(as_of, lang),
        title=title,
        title_lines=[title],
        recipients=t("sup.notice.recipients", unit=name),
        intro="",
        blocks=blocks,
        empty=items.empty,
    )


def notice_docx(
    read: Reader, settings: Settings, unit_code: str, as_of: dt.date, lang: str = "zh"
) -> bytes:
    """The unit's 督办通知单 as a .docx."""
    return docx.render(notice_outline(read, settings, unit_code, as_of, lang))
