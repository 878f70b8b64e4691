"""总览: the framework at a glance, headline cards, and what needs attention."""

import streamlit as st

from app import metrics, ui
from app.format import pct
from app.views import overview_sections as sections
from app.views import programme_sections

ui.require("overview")
ui.banner()
st.title(ui.t("overview.title"))
if ui.empty_state(["indicators", "indicator_values"]):
    st.stop()

year, month = ui.year(), ui.month()
st.caption(ui.t("overview.as_of", year=year, month=month, tp=pct(metrics.month_share(month))))
head = ui.report("headline", year, month)
sections.cards(head, year)

# The framework as a tree: level → items, with light counts; a row drills to the indicators.
st.subheader(ui.t("overview.framework"))
rollup = ui.report("framework", year, month)
tree = ui.table("framework", year, month)
picked = st.dataframe(
    tree,
    hide_index=True,
    width="content",
    on_select="rerun",
    selection_mode="single-row",
    height=36 * (len(tree) + 1) + 3,
    # Narrow columns: the grid is drawn on a canvas, so it must fit a printed page as it is.
    column_config={
        c: st.column_config.Column(width="small" if i > 1 else "medium")
        for i, c in enumerate(tree.columns)
    },
    key="framework_table",
)
st.caption(ui.t("overview.drill_hint"))
rows = picked.selection.rows if picked is not None else []
if rows:
    st.session_state["indicator_item"] = rollup["item"].iloc[rows[0]]
    st.switch_page("pages/indicators.py")

programme_sections.county_rank()
sections.attention(head, year)
sections.supervision(year)
