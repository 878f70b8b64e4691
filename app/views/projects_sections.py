"""The projects page's sections: the seven measures of the project year, and the stalled
projects named with their lead cadre (they only draw what ``app.reports`` computes)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app import ui
from app.format import pct, with_unit
from app.reports import tables


def measures(year: int, month: str) -> None:
    """The seven measures of the year (county-wide), as cards and a table."""
    st.subheader(ui.t("projects.measures"))
    result = ui.report("project_year", year, month)
    YI, YUAN = ui.t("projects.unit.yi"), ui.t("projects.unit.yuan")
    SHOWN = {  # how each measure's numbers read: 亿元, 元, a share, or a percentage
        "fai": lambda v: with_unit(v, YI),
        "funds_in_place": lambda v: with_unit(v, YI),
        "fai_per_capita": lambda v: with_unit(v, YUAN, 0),
        "industry_share": pct,
        "key_projects_share": pct,
        "funds_growth": pct,
        "policy_abolished": lambda v: with_unit(v, "%"),
    }

    COLOURS = {"met": "green", "on_track": "green", "behind": "red", None: "gray"}

    measures = result["measures"]
    for row_start in (0, 4):
        cols = st.columns(4)
        for col, m in zip(cols, measures[row_start : row_start + 4], strict=False):
            show = SHOWN[m["measure"]]
            state = tables.measure_status(m)
            word, colour = (
                ui.label("status", state) if state else ui.t("projects.no_data"),
                COLOURS[state],
            )
            target = show(m["target"])
            if m["stretch_target"] is not None:
                target = ui.t(
                    "projects.floor_stretch", floor=target, stretch=show(m["stretch_target"])
                )
            col.metric(
                ui.t(f"measure.{m['measure']}"),
                show(m["actual"]),
                delta=word,
                delta_color=colour,
                delta_arrow="off",
                border=True,
                help=ui.t("projects.card_help", target=target, due=show(m["due"])),
            )
            col.caption(ui.t("projects.target_is", target=target))
    measure_table = ui.table("project_year", year, month)
    with st.expander(ui.t("projects.measures_table")):
        st.dataframe(measure_table, hide_index=True, width="stretch")
        ui.downloads(measure_table, ui.t("projects.file.measures", month=month), "proj_measures")


def stalled(
    month: str,
    township: str | None,
    stalled: pd.DataFrame,
    cadres: dict[str, str],
    money: dict[str, Any],
) -> None:
    """Stalled projects (一拖数月), named with their lead cadre."""
    township_names = ui.names("townships", "township_code")

    months = ui.settings().project_year.stalled_months
    st.subheader(ui.t("projects.stalled", n=len(stalled)))
    st.caption(ui.t("projects.stalled_rule", n=months))
    if stalled.empty:
        st.success(ui.t("projects.no_stalled"))
    else:
        ui.laggards(
            [
                ui.t(
                    "projects.stalled_item",
                    name=ui.esc(r.name),
                    id=ui.esc(r.project_id),
                    place=ui.esc(
                        township_names.get(str(r.township_code), ui.t("projects.countywide"))
                    ),
                    level=ui.label("project_level", r.level),
                    who=ui.esc(cadres.get(str(r.lead_cadre_id), "—")),
                    idle=ui.t("overview.idle", n=int(r.idle_months))
                    if pd.notna(r.idle_months)
                    else ui.t("projects.never_invested"),
                )
                for r in stalled.head(ui.LIST_LIMIT).itertuples()
            ],
            len(stalled),
            mark=":red[■]",
        )
        stalled_table = ui.table("stalled_projects", month)
        if township:
            stalled_table = stalled_table[
                (ui.report("stalled_projects", month)["township_code"] == township).to_numpy()
            ]
        st.dataframe(stalled_table, hide_index=True, width="stretch", column_config=money)
        ui.downloads(stalled_table, ui.t("projects.file.stalled", month=month), "proj_stalled")
