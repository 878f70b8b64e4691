"""The outline's 增比进位: the townships' combined standing over every indicator with a
township target, with the change of rank since the previous quarter end and year end (under
the townships' section)."""

from __future__ import annotations

import pandas as pd

from app.format import rank_arrow
from app.reports.bulletin.blocks import Table, _Doc
from app.reports.export import Reader
from app.reports.tables import code_names
from app.settings import Settings


def _township_progress(doc: _Doc, read: Reader, settings: Settings, month: str) -> None:
    from app.reports.appraisal import township_progress

    standing = township_progress(read, settings, int(month[:4]), month)
    ranked = standing[standing["rank"].notna()]
    if ranked.empty:
        return
    names = code_names(read, "townships", "township_code")
    name = {c: names.get(str(c), str(c)) for c in standing["township_code"]}
    doc.h2("appraisal.progress.title")
    moved = ranked[ranked["quarter_change"].notna() & (ranked["quarter_change"] > 0)]
    first = name[ranked.iloc[0]["township_code"]]
    if len(moved):
        up = moved.sort_values(["quarter_change", "township_code"], ascending=[False, True]).iloc[0]
        doc.para(
            doc.t(
                "appraisal.progress.bulletin",
                first=first,
                up=name[up["township_code"]],
                n=int(up["quarter_change"]),
            ),
            key=True,
        )
    else:
        doc.para(doc.t("appraisal.progress.bulletin_first", first=first), key=True)
    keys = ("rank", "township", "attainment_pct", "indicators", "quarter_change", "year_change")
    rows = [
        [
            "—" if pd.isna(r.rank) else str(int(r.rank)),
            name[r.township_code],
            "—" if pd.isna(r.attainment) else f"{r.attainment * 100:.1f}",
            str(int(r.indicators)),
            rank_arrow(r.quarter_change),
            rank_arrow(r.year_change),
        ]
        for r in standing.itertuples()
    ]
    doc.table(
        Table(
            [doc.t(f"export.col.{k}") for k in keys],
            rows,
            [0.8, 2.0, 1.6, 1.0, 1.3, 1.3],
            font_size=9,
            numeric=[True, False, True, True, True, True],
        )
    )
