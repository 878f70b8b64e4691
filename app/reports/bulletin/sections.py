"""The outline's sections on the targets: overall progress by framework level and the
lagging indicators. The sections on 项目建设年 (``sections_projects``), the townships
(``sections_townships``) and the units' annex (``sections_annex``) have modules of their own
and are named here too, as callers import them from here."""

from __future__ import annotations

import pandas as pd

from app import charts
from app.format import pct
from app.i18n import enum_label
from app.reports.bulletin.blocks import Table, _Doc
from app.reports.bulletin.sections_annex import _unit_annex
from app.reports.bulletin.sections_projects import _projects
from app.reports.bulletin.sections_townships import _townships
from app.reports.bulletin.text import _indicator_name, _joins, _pp, _qty
from app.reports.export import Reader
from app.settings import Settings

__all__ = ["_lagging", "_overall", "_projects", "_townships", "_unit_annex"]


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
