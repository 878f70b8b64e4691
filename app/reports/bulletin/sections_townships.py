"""The outline's section on the townships: those in red on FAI, the largest moves in rank,
the townships' table and their completion chart."""

from __future__ import annotations

from app import charts
from app.format import pct
from app.reports.bulletin.blocks import Table, _Doc
from app.reports.bulletin.text import _fixed, _join, _missing
from app.reports.export import Reader, township_table
from app.settings import Settings


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
