"""The indicators page's sections: the townships' combined standing (增比进位) over every
indicator with a township target (it only draws what ``app.reports`` computes)."""

from __future__ import annotations

import streamlit as st

from app import ui


def township_progress(year: int, month: str) -> None:
    """增比进位: townships by mean completion of all their indicators, rank changes arrowed."""
    standing = ui.report("township_progress", year, month)
    if standing.empty:
        return
    st.subheader(ui.t("appraisal.progress.title"))
    st.caption(ui.t("appraisal.progress.rule"))
    table = ui.table("township_progress", year, month)
    title = ui.t("appraisal.progress.title")
    ui.bars(ui.chart_rows(table), "township", "attainment_pct", title, keep_order=True)
    ui.chart_cut(len(table))  # a province's 1,500 townships: the first and last drawn
    st.dataframe(table, hide_index=True, width="stretch")
    ui.downloads(table, f"{ui.t('appraisal.progress.title')} {month}", "ind_progress")
