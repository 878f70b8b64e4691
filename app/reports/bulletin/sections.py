"""The outline's sections on the targets and the projects: overall progress, the lagging
indicators, 项目建设年, the townships, and the units' annex."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app import charts
from app.format import pct
from app.i18n import enum_label, translate
from app.reports import compute
from app.reports.bulletin.blocks import Table, _Doc
from app.reports.bulletin.periods import Period
from app.reports.bulletin.text import (
    _fixed,
    _indicator_name,
    _join,
    _joins,
    _missing,
    _num,
    _pp,
    _qty,
    _yoy,
)
from app.reports.export import Reader, township_table, unit_table
from app.reports.tables import code_names as names
from app.settings import Settings


def _overall(doc: _Doc, read: Reader, settings: Settings, progress: pd.DataFrame) -> None:
    from app import metrics

    lang = doc.lang
    doc.h1("bulletin.s.overall")
    levels = metrics.level_rollup(progress)
    total = levels[["indicators", "green", "yellow", "red", "none"]].sum()
    if int(total["indicators"]) == 0:
        doc.para(doc.t("bulletin.overall.no_indicators"), key=True)
        return
    doc.para(
        doc.t(
            "bulletin.overall.summary",
            n=int(total["indicators"]),
            green=int(total["green"]),
            yellow=int(total["yellow"]),
            red=int(total["red"]),
            none=int(total["none"]),
        ),
        key=True,
    )
    parts = [
        doc.t(
            "bulletin.overall.level",
            level=enum_label("framework_level", r.level, lang),
            n=int(r.indicators),
            green=int(r.green),
            yellow=int(r.yellow),
            red=int(r.red),
        )
        for r in levels.itertuples()
        if r.indicators
    ]
    doc.para(_joins(parts, lang) + doc.t("bulletin.stop"))
    rows = [
        [
            enum_label("framework_level", r.level, lang),
            str(r.items),
            str(r.indicators),
            str(r.green),
            str(r.yellow),
            str(r.red),
            str(r.none),
        ]
        for r in levels.itertuples()
    ]
    rows.append(
        [doc.t("bulletin.total"), str(int(levels["items"].sum()))]
        + [str(int(total[c])) for c in ("indicators", "green", "yellow", "red", "none")]
    )
    columns = [
        doc.t(f"bulletin.col.{c}")
        for c in ("level", "items", "indicators", "green", "yellow", "red", "none")
    ]
    doc.table(
        Table(columns, rows, [3.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2], numeric=[False] + [True] * 6)
    )


def _lagging(doc: _Doc, progress: pd.DataFrame, tp: float) -> None:
    lang = doc.lang
    doc.h1("bulletin.s.lagging")
    county = progress[progress["township_code"].isna()]
    lagging = county[county["light"].isin(["red", "yellow"])].copy()
    judged = county["light"].isin(["green", "yellow", "red"])
    if not judged.any():  # no indicator has both a target and a reported value: say so
        doc.para(doc.t("bulletin.lagging.no_data"), key=True)
        return
    if lagging.empty:
        unjudged = int((~judged).sum())
        doc.para(
            doc.t("bulletin.lagging.none_of_judged", n=int(judged.sum()), none=unjudged)
            if unjudged
            else doc.t("bulletin.lagging.none"),
            key=True,
        )
        return
    lagging["_order"] = lagging["light"].map({"red": 0, "yellow": 1})
    lagging = lagging.sort_values(["_order", "gap", "indicator_code"])
    red = int((lagging["light"] == "red").sum())
    doc.para(
        doc.t("bulletin.lagging.summary", n=len(lagging), red=red, yellow=len(lagging) - red),
        key=True,
    )
    for row in lagging.to_dict("records"):
        direction = "lower" if row["direction"] == "lower" else "higher"
        if row["aggregation"] in ("last", "mean"):  # a level or rate: no "累计"
            direction = f"level_{direction}"
        doc.para(
            doc.t(
                f"bulletin.lagging.{direction}",
                name=_indicator_name(row, lang),
                actual=_qty(row["actual"], row["unit"], lang),
                target=_qty(row["target"], row["unit"], lang),
                completion=pct(row["completion"]),
                gap=_pp(row["gap"]),
                light=doc.t(f"light.short.{row['light']}"),
            ),
            key=row["light"] == "red",
        )
    data = lagging.assign(label=[_indicator_name(r, lang) for r in lagging.to_dict("records")])
    doc.chart(
        charts.completion_bars(
            data, "label", doc.t("bulletin.chart.lagging"), lang, time_progress=tp
        ),
        order=data["label"].tolist(),
    )


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
    cadres = names(read, "cadres", "cadre_id")
    doc.para(
        doc.t("bulletin.stalled.summary", n=len(stalled), months=conf.stalled_months), key=True
    )
    for r in stalled.itertuples():
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
                lead=cadres.get(str(r.lead_cadre_id), "—"),
                last=r.last_invested_period if not _missing(r.last_invested_period) else "—",
                idle=int(r.idle_months),
            ),
            key=True,
        )


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
            items = [
                doc.t("bulletin.townships.item", name=r.township, completion=pct(r.fai_completion))
                for r in red.itertuples()
            ]
            doc.para(
                doc.t("bulletin.townships.red", n=len(red), items=_join(items, lang)), key=True
            )
        else:
            doc.para(doc.t("bulletin.townships.no_red"), key=True)
        moved = ranked[ranked["fai_rank_change"].notna()]
        if len(moved) and int(moved["fai_rank_change"].max()) > 0:
            up = moved.sort_values(
                ["fai_rank_change", "township_code"], ascending=[False, True]
            ).iloc[0]
            down = moved.sort_values(["fai_rank_change", "township_code"]).iloc[0]
            doc.para(
                doc.t(
                    "bulletin.townships.moves",
                    up=up["township"],
                    up_n=int(up["fai_rank_change"]),
                    up_rank=int(up["fai_rank"]),
                    down=down["township"],
                    down_n=abs(int(down["fai_rank_change"])),
                    down_rank=int(down["fai_rank"]),
                )
            )
    rows = []
    for r in frame.itertuples():
        rank = "—" if _missing(r.fai_rank) else str(int(r.fai_rank))
        rows.append(
            [
                r.township,
                pct(r.fai_completion),
                rank,
                pct(r.funds_completion),
                _fixed(r.project_invested, 0),
                pct(r.project_completion),
                f"{int(r.activities):,}",
                f"{int(r.person_days):,}",
                str(int(r.open_petitions)),
            ]
        )
    columns = [
        doc.t(f"bulletin.col.{c}")
        for c in (
            "township",
            "fai_completion",
            "fai_rank",
            "funds_completion",
            "project_invested",
            "project_completion",
            "activities",
            "person_days",
            "open_petitions",
        )
    ]
    doc.table(
        Table(
            columns,
            rows,
            [1.6, 1.3, 1.0, 1.4, 1.6, 1.4, 1.3, 1.3, 1.3],
            font_size=9,
            numeric=[False] + [True] * 8,
        )
    )
    if len(ranked):
        data = ranked.rename(columns={"fai_completion": "completion", "fai_light": "light"})
        data = data.sort_values(["fai_rank", "township_code"])
        doc.chart(
            charts.completion_bars(
                data, "township", doc.t("bulletin.chart.townships"), lang, time_progress=tp
            ),
            order=data["township"].tolist(),
        )


def _unit_annex(read: Reader, settings: Settings, month: str, lang: str) -> Table:
    """The annex: the units table the workbook and the pages show (``app.reports.tables``),
    its columns a printed page holds, as text."""
    from app.reports import tables

    table = tables.units(unit_table(read, settings, month, lang), tables.Names(), lang)
    keys = [
        "unit",
        "category",
        "cadres",
        "cadres_behind",
        "days",
        "score",
        "rank",
        "verified_complaints",
        "actions",
    ]

    def text(key: str, value: Any, ranked: Any) -> str:
        if key in ("unit", "category"):
            return str(value)
        if key == "actions":
            return value or "—"
        if _missing(value):
            return "—"
        if key == "score":
            return f"{float(value):.1f}"
        if key == "rank":
            return f"{int(value)}/{int(ranked)}"
        return f"{int(value):,}"

    rows = [[text(k, row[k], row["ranked"]) for k in keys] for row in table.to_dict("records")]
    columns = list(tables.headed(table[keys].head(0), lang).columns)
    return Table(
        columns,
        rows,
        [3.3, 2.3, 0.9, 1.0, 1.1, 1.0, 1.1, 1.0, 2.6],
        font_size=9,
        numeric=[False, False] + [True] * 6 + [False],
    )
