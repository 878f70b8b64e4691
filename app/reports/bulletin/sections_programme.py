"""The outline's section on the programme's own checks: project schedules, survey rounds not
published, liaisons and paired leaders, work plans, and — in the quarterly report — the
quarter's stability (新增、化解 by dispute type) and the leaders' reception days."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app.i18n import enum_label
from app.reports import compute
from app.reports.bulletin.blocks import Table, _Doc
from app.reports.bulletin.periods import Period
from app.reports.bulletin.text import _date, _join
from app.reports.export import Reader
from app.settings import Settings


def _names(items: list[str], lang: str, settings: Settings) -> str:
    """The first ``settings.bulletin_items`` of ``items`` joined, "等" when there are more."""
    limit = max(1, int(settings.bulletin_items))
    shown = _join(items[:limit], lang)
    return shown if len(items) <= limit else shown + ("等" if lang == "zh" else ", …")


def _programme(
    doc: _Doc, read: Reader, settings: Settings, period: Period, year: int, as_of: dt.date
) -> None:
    """A leader's list of what the programme's rules found at ``as_of`` (nothing when all is
    in order), and the quarter's stability and reception days in the quarterly report."""
    lang = doc.lang
    sentences: list[str] = []
    schedule = compute.project_schedule(read, settings, year, as_of)
    for finding in ("late_start", "overdue", "missing_lead"):
        found = schedule[schedule[finding]]
        if len(found):
            sentences.append(
                doc.t(
                    f"bulletin.programme.{finding}",
                    n=len(found),
                    projects=_names(found["name"].astype(str).tolist(), lang, settings),
                )
            )
    publication = compute.survey_publication(read, settings, year, as_of)
    for r in publication[publication["status"] == "unpublished"].itertuples():
        sentences.append(
            doc.t(
                "bulletin.programme.round_unpublished", round=int(r.round), due=_date(r.due, lang)
            )
        )
    liaisons = compute.liaisons(read, settings)
    for status in ("missing", "several"):
        found = liaisons[liaisons["status"] == status]
        if len(found):
            sentences.append(
                doc.t(
                    f"bulletin.programme.liaison_{status}",
                    n=len(found),
                    units=_names(found["name"].astype(str).tolist(), lang, settings),
                )
            )
    leads = compute.paired_leads(read, settings)
    if len(leads) and not leads["ok"].all():
        sentences.append(
            doc.t("bulletin.programme.paired_leads", n=int((~leads["ok"]).sum()), total=len(leads))
        )
    plans = compute.work_plans(read, settings, year, as_of)
    for status in ("missing", "late"):
        found = plans[plans["status"] == status]
        if len(found):
            sentences.append(
                doc.t(
                    f"bulletin.programme.work_plans_{status}",
                    n=len(found),
                    units=_names(found["name"].astype(str).tolist(), lang, settings),
                )
            )
    quarterly = period.kind == "quarter"
    if not sentences and not quarterly:
        return
    doc.h1("bulletin.s.programme")
    for sentence in sentences:
        doc.para(sentence, key=True)
    if quarterly:
        _stability(doc, read, settings, period, year, as_of)


def _stability(
    doc: _Doc, read: Reader, settings: Settings, period: Period, year: int, as_of: dt.date
) -> None:
    """信访维稳 in the quarter: new and resolved cases by dispute type; reception days."""
    lang = doc.lang
    quarter = f"{year}-Q{period.number}"
    cases = compute.stability_by_quarter(read, settings, year, as_of)
    cases = cases[cases["quarter"] == quarter]
    doc.h2("bulletin.s.stability")
    doc.para(
        doc.t(
            "bulletin.programme.stability",
            new=int(cases["new"].sum()),
            resolved=int(cases["resolved"].sum()),
        )
    )
    rows = [
        [enum_label("dispute_type", r.dispute_type, lang), str(r.new), str(r.resolved)]
        for r in cases.itertuples()
    ]
    columns = [doc.t(f"bulletin.col.{c}") for c in ("dispute_type", "new_cases", "resolved_cases")]
    doc.table(Table(columns, rows, [4.0, 2.5, 2.5], numeric=[False, True, True]))
    receptions = compute.receptions(read, settings, year, as_of)
    receptions = receptions[receptions["quarter"] == quarter]
    if receptions.empty:
        return
    minimum = int(settings.programme.reception_min_per_quarter)
    short = receptions[receptions["short"]]
    doc.para(
        doc.t(
            "bulletin.programme.receptions",
            leaders=len(receptions),
            count=int(receptions["count"].sum()),
            people=int(receptions["people"].sum()),
            none=int((receptions["count"] == 0).sum()),
        )
    )
    if minimum and len(short):
        names = pd.Series(short["name"].astype(str)).tolist()
        doc.para(
            doc.t(
                "bulletin.programme.receptions_short",
                n=minimum,
                leaders=_names(names, lang, settings),
            ),
            key=True,
        )
