"""The outline's section on 项目建设年: the year's targets (FAI and funds in place, the
measures' table, the FAI trend) and the projects by stage, the stalled ones by name."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app import charts
from app.format import pct
from app.i18n import enum_label, translate
from app.metrics._frames import mapped
from app.reports import compute
from app.reports.bulletin.blocks import Table, _Doc
from app.reports.bulletin.periods import Period
from app.reports.bulletin.text import _missing, _num, _qty, _yoy
from app.reports.export import Reader
from app.reports.tables import code_names as names
from app.settings import Settings

_MEASURE_KIND = {
    "fai": "yi",
    "funds_in_place": "yi",
    "fai_per_capita": "yuan",
    "industry_share": "ratio",
    "key_projects_share": "ratio",
    "funds_growth": "ratio",
    "policy_abolished": "percent",
}


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


def _projects(
    doc: _Doc,
    read: Reader,
    settings: Settings,
    period: Period,
    year: int,
    month: str,
    progress: pd.DataFrame,
) -> None:
    conf = settings.project_year
    doc.h1("bulletin.s.projects")
    project = compute.project_year(read, settings, year, month)
    measures = {m["measure"]: m for m in project["measures"]}
    county = progress[progress["township_code"].isna()].set_index("indicator_code")

    def row(code: str) -> dict[str, Any]:
        return county.loc[code].to_dict() if code in county.index else {}

    doc.h2("bulletin.s.targets")
    fai, fai_row = measures.get("fai"), row(conf.fai_code)
    if year < settings.campaign_first_year:  # the launch month: the year's targets are to come
        doc.para(
            doc.t("bulletin.projects.before_campaign", year=settings.campaign_first_year), key=True
        )
    else:
        _project_targets(
            doc, read, settings, period, year, month, project, fai, fai_row, row(conf.funds_code)
        )
    _project_list(doc, read, settings, period, year, month, project)


def _project_targets(
    doc: _Doc,
    read: Reader,
    settings: Settings,
    period: Period,
    year: int,
    month: str,
    project: dict[str, Any],
    fai: dict[str, Any] | None,
    fai_row: dict[str, Any],
    funds_row: dict[str, Any],
) -> None:
    """项目建设年's targets: FAI and funds sentences, the measures' table, the FAI trend."""
    lang = doc.lang
    conf = settings.project_year
    measures = {m["measure"]: m for m in project["measures"]}
    if fai and not _missing(fai.get("actual")):
        doc.para(
            doc.t(
                "bulletin.projects.fai",
                actual=_qty(fai["actual"], "亿元", lang),
                target=_qty(fai["target"], "亿元", lang),
                completion=pct(fai_row.get("completion")),
                due=_qty(fai.get("due"), "亿元", lang),
                yoy=_yoy(fai_row.get("yoy"), lang),
            ),
            key=True,
        )
    funds = measures.get("funds_in_place")
    if funds and not _missing(funds.get("actual")):
        stretch = funds.get("stretch_target")
        doc.para(
            doc.t(
                "bulletin.projects.funds",
                actual=_qty(funds["actual"], "亿元", lang),
                floor=_qty(funds["target"], "亿元", lang),
                floor_completion=pct(funds_row.get("completion")),
                stretch=_qty(stretch, "亿元", lang),
                stretch_completion=pct(float(funds["actual"]) / float(stretch))
                if not _missing(stretch) and float(stretch)
                else "—",
                yoy=_yoy(funds_row.get("yoy"), lang),
            ),
            key=True,
        )
    if period.kind == "quarter":
        series = {
            code: compute.series(read, settings, year, code)
            for code in (conf.fai_code, conf.funds_code)
        }
        inside = [m for m in period.months if m <= month]

        def in_quarter(code: str) -> float | None:
            frame = series[code]
            values = frame[frame["period"].isin(inside)]["value"]
            return float(values.sum()) if values.notna().any() else None

        doc.para(
            doc.t(
                "bulletin.projects.quarter",
                period=period.label(lang),
                fai=_qty(in_quarter(conf.fai_code), "亿元", lang),
                funds=_qty(in_quarter(conf.funds_code), "亿元", lang),
            ),
            key=True,
        )
    rows = []
    for m in project["measures"]:
        target = _measure_value(m["measure"], m.get("target"), lang)
        if not _missing(m.get("stretch_target")):
            target += doc.t(
                "bulletin.stretch", v=_measure_value(m["measure"], m["stretch_target"], lang)
            )
        status = (
            "met"
            if m.get("met")
            else "on_track"
            if m.get("on_track")
            else "behind"
            if m.get("on_track") is False
            else None
        )
        rows.append(
            [
                translate(f"measure.{m['measure']}", lang),
                target,
                _measure_value(m["measure"], m.get("due"), lang),
                _measure_value(m["measure"], m.get("actual"), lang),
                doc.t(f"bulletin.measure_status.{status}") if status else "—",
            ]
        )
    columns = [doc.t(f"bulletin.col.{c}") for c in ("measure", "target", "due", "actual", "status")]
    doc.table(
        Table(columns, rows, [4.0, 3.4, 2.3, 2.3, 2.9], numeric=[False, True, True, True, False])
    )
    fai_series = compute.series(read, settings, year, conf.fai_code)
    if not fai_series.empty:
        target = fai.get("target") if fai else None
        doc.chart(charts.trend(fai_series, target, doc.t("bulletin.chart.fai"), lang, "亿元"))


def _project_list(
    doc: _Doc,
    read: Reader,
    settings: Settings,
    period: Period,
    year: int,
    month: str,
    project: dict[str, Any],
) -> None:
    """The projects by stage, and the stalled ones by name."""
    lang = doc.lang
    conf = settings.project_year
    doc.h2("bulletin.s.stalled")
    stages = compute.projects_by_stage(read, settings, month)
    by_stage = dict(zip(stages["stage"], stages["projects"], strict=False))
    levels = compute.projects_by_level(read, settings, year, month)
    plan, invested = float(levels["year_plan"].sum()), float(levels["invested_ytd"].sum())
    if int(levels["projects"].sum()):
        doc.para(
            doc.t(
                "bulletin.projects.stages",
                n=int(levels["projects"].sum()),
                reserve=int(by_stage.get("reserve", 0)),
                construction=int(by_stage.get("construction", 0)),
                completed=int(by_stage.get("completed", 0)),
                plan=_qty(plan / conf.wan_per_yi, "亿元", lang),
                invested=_qty(invested / conf.wan_per_yi, "亿元", lang),
                completion=pct(invested / plan if plan else None),
            )
        )
    stalled = project["stalled"]
    if stalled.empty:
        doc.para(doc.t("bulletin.stalled.none", period=period.label(lang)), key=True)
        return
    towns = names(read, "townships", "township_code")
    people = read("cadres").drop_duplicates("cadre_id", keep="last")  # a province's 50,000
    leads = mapped(stalled["lead_cadre_id"].astype("str"), people["cadre_id"], people["name"])
    doc.para(
        doc.t("bulletin.stalled.summary", n=len(stalled), months=conf.stalled_months), key=True
    )
    for r, lead in zip(stalled.itertuples(), leads.tolist(), strict=True):
        town = (
            doc.t("bulletin.county_wide")
            if _missing(r.township_code)
            else towns.get(str(r.township_code), str(r.township_code))
        )
        doc.para(
            doc.t(
                "bulletin.stalled.item",
                name=r.name,
                township=town,
                level=enum_label("project_level", r.level, lang),
                lead="—" if _missing(lead) else str(lead),
                last=r.last_invested_period if not _missing(r.last_invested_period) else "—",
                idle=int(r.idle_months),
            ),
            key=True,
        )
