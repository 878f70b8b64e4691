"""The outline's section on 督查督办: items issued and closed in the month, those open and
overdue at its end, the units 通报批评 for overdue items and those 责令作出检查."""

from __future__ import annotations

import pandas as pd

from app.reports.bulletin.blocks import Table, _Doc
from app.reports.bulletin.text import _join
from app.reports.export import Reader
from app.reports.supervision import supervision_month
from app.settings import Settings


def _supervision(doc: _Doc, read: Reader, settings: Settings, month: str) -> None:
    """Only when any item had been issued by the month's end."""
    from app.reports import tables

    summary = supervision_month(read, settings, month)
    units: pd.DataFrame = summary["units"]
    if units.empty and not summary["issued"]:
        return
    lang = doc.lang
    names = tables.Names.read(read)
    doc.h1("sup.bulletin.heading")
    doc.para(
        doc.t(
            "sup.bulletin.summary",
            issued=summary["issued"],
            closed=summary["closed"],
            open=summary["open"],
            overdue=summary["overdue"],
        ),
        key=True,
    )
    criticised = [names.units.get(c, c) for c in summary["criticised"]]
    if criticised:
        doc.para(doc.t("sup.bulletin.criticised", units=_join(criticised, lang)), key=True)
    escalated = [names.units.get(c, c) for c in summary["escalated"]]
    if escalated:
        days = settings.supervision.escalate_overdue_days
        doc.para(doc.t("sup.bulletin.escalated", units=_join(escalated, lang), days=days), key=True)
    shown = units[units["open"] > 0]
    if shown.empty:
        return
    table = tables.supervision_units(shown, names, lang)
    keys = list(table.columns)
    rows = [[str(v) for v in row] for row in table.itertuples(index=False)]
    columns = list(tables.headed(table[keys].head(0), lang).columns)
    doc.table(
        Table(
            columns,
            rows,
            [3.4, 1.2, 1.2, 1.2, 1.2, 1.2, 1.4, 1.6],
            font_size=9,
            numeric=[False] + [True] * 6 + [False],
        )
    )
