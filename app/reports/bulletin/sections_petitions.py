"""The outline's section on petitions 信访: the leaders' visits against the festival's and the
year's minimums, and the cases open at the month's end by kind of dispute."""

from __future__ import annotations

import datetime as dt

from app import charts
from app.i18n import enum_label
from app.metrics._frames import rows_of
from app.reports import compute
from app.reports.bulletin.blocks import _Doc
from app.reports.bulletin.sections_people import _furthest_first, _labeller
from app.reports.bulletin.text import _date, _join, _listed
from app.reports.export import Reader
from app.reports.tables import code_names as names
from app.settings import Settings


def _petitions(doc: _Doc, read: Reader, settings: Settings, as_of: dt.date) -> None:
    lang = doc.lang
    conf = settings.petitions
    doc.h1("bulletin.s.petitions")
    status = compute.petitions(read, settings, as_of)
    units = names(read, "units", "unit_code")
    if status.empty:
        doc.para(doc.t("bulletin.petitions.no_data"), key=True)
    else:
        short = status[status["status"] == "short"]
        doc.para(
            doc.t(
                "bulletin.petitions.summary",
                n=len(status),
                met=int((status["status"] == "met").sum()),
                short=len(short),
                pending=int((status["status"] == "not_yet_due").sum()),
                before=conf.before_festival_min,
                in_year=conf.in_year_min,
                year=conf.in_year,
            ),
            key=True,
        )
        if len(short):
            level = _labeller("level", lang)
            wanted = ["name", "unit_code", "level", "before_festival", "in_year"]
            resolved = short["before_festival"] + short["in_year"]
            limit = settings.bulletin_names
            named = _furthest_first(short, -resolved, limit).head(limit)  # fewest resolved
            people = [
                doc.t(
                    "bulletin.petitions.person",
                    name=r.name,
                    unit=units.get(str(r.unit_code), str(r.unit_code)),
                    level=level(r.level),
                    before=int(r.before_festival),
                    in_year=int(r.in_year),
                )
                for r in rows_of(named, wanted)
            ]
            doc.para(
                doc.t("bulletin.petitions.short", people=_listed(people, len(short), lang)),
                key=True,
            )
    open_cases = compute.open_cases_by_type(read, settings, as_of)
    total, prominent = int(open_cases["open"].sum()), int(open_cases["prominent_open"].sum())
    if total == 0:
        doc.para(doc.t("bulletin.petitions.all_resolved", as_of=_date(as_of, lang)))
        return
    kinds = [
        doc.t(
            "bulletin.petitions.kind",
            kind=enum_label("dispute_type", r.dispute_type, lang),
            n=int(r.open),
        )
        for r in open_cases.itertuples()
        if r.open
    ]
    doc.para(
        doc.t(
            "bulletin.petitions.open",
            as_of=_date(as_of, lang),
            n=total,
            prominent=prominent,
            kinds=_join(kinds, lang),
        ),
        key=True,
    )
    data = open_cases[open_cases["open"] > 0].assign(
        label=lambda f: [enum_label("dispute_type", d, lang) for d in f["dispute_type"]]
    )
    doc.chart(
        charts.simple_bars(
            data,
            "label",
            "open",
            doc.t("bulletin.chart.open_cases"),
            doc.t("bulletin.chart.cases"),
            colour="#d73027",
        )
    )
