"""项目建设年: the seven measures against targets, projects by stage and level, each project's
investment against its year plan, stalled projects with their lead cadre, and investment by
township."""

import altair as alt
import pandas as pd
import streamlit as st

from app import charts, metrics, ui
from app.format import pct
from app.views import programme_sections
from app.views import projects_sections as sections

ui.require("projects")
ui.banner()
st.title(ui.t("nav.projects"))
if ui.empty_state(["projects", "project_progress"]):
    st.stop()

year, month = ui.year(), ui.month()
township = ui.township_filter()
township_names = ui.names("townships", "township_code")
where = township_names.get(township, township) if township else ui.t("sidebar.whole_county")
st.caption(ui.t("projects.as_of", year=year, month=month, tp=pct(metrics.month_share(month))))

sections.measures(year, month)

# 三个一批 and the levels: how many projects, in the township chosen in the sidebar.
st.subheader(ui.t("projects.batches", where=ui.esc(where)))
left, right = st.columns(2)
stages = ui.report("projects_by_stage", month, township)
stages = stages[(stages["stage"] != "unreported") | (stages["projects"] > 0)].copy()
stages["label"] = stages["stage"].map(lambda s: ui.label("stage", s))
levels = ui.report("projects_by_level", year, month, township).copy()
levels["label"] = levels["level"].map(lambda v: ui.label("project_level", v))
WAN = ui.t("projects.unit.wan")
# Money columns stay numbers (so they sort) and show thousands separators.
MONEY = {
    ui.header(c): st.column_config.NumberColumn(format="localized")
    for c in ("total_investment", "year_plan", "invested_ytd")
}
for col, frame, title in (
    (left, stages, ui.t("projects.by_stage")),
    (right, levels, ui.t("projects.by_level")),
):
    tips = [
        alt.Tooltip("label:N", title=ui.t("chart.name")),
        alt.Tooltip("projects:Q", title=ui.t("projects.col.projects")),
        alt.Tooltip("year_plan:Q", title=ui.t("projects.col.year_plan", unit=WAN), format=",.0f"),
    ]
    col.altair_chart(
        charts.simple_bars(
            frame,
            "label",
            "projects",
            title,
            ui.t("projects.col.projects"),
            sort=frame["label"].tolist(),
            tooltip=tips,
            whole=True,
        ),
        width="stretch",
    )

# Each project's investment against its year plan: chart, then a sortable table.
investment = ui.report("project_investment", year, month, township).copy()
stalled = ui.report("stalled_projects", month)
if township:
    stalled = stalled[stalled["township_code"] == township]
# The lead cadres' names, of the projects shown only (a province has 50,000 cadres).
cadres = ui.names_of(
    "cadres", "cadre_id", pd.concat([investment["lead_cadre_id"], stalled["lead_cadre_id"]])
)
st.subheader(ui.t("projects.investment", where=ui.esc(where)))
if investment.empty:
    st.info(ui.t("projects.none_here"))
else:
    investment["label"] = investment["name"]
    tp = float(investment["time_progress"].iloc[0])
    tips = [
        alt.Tooltip("name:N", title=ui.t("chart.name")),
        alt.Tooltip(
            "invested_ytd:Q", title=ui.t("projects.col.invested_ytd", unit=WAN), format=",.0f"
        ),
        alt.Tooltip("year_plan:Q", title=ui.t("projects.col.year_plan", unit=WAN), format=",.0f"),
        alt.Tooltip("plan_completion:Q", title=ui.t("chart.completion"), format=".1%"),
    ]
    st.altair_chart(
        charts.completion_bars(
            investment.dropna(subset=["plan_completion"]),
            "label",
            ui.t("projects.investment_chart"),
            ui.lang(),
            time_progress=tp,
            value="plan_completion",
            tooltip=tips,
        ),
        width="stretch",
    )
    project_table = ui.table("project_investment", year, month, township)
    st.dataframe(project_table, hide_index=True, width="stretch", column_config=MONEY)
    ui.downloads(project_table, ui.t("projects.file.investment", month=month), "proj_investment")

sections.stalled(month, township, stalled, cadres, MONEY)
programme_sections.schedule(year, ui.as_of_date(), township)

# Investment by township (county-wide, so townships can be compared).
st.subheader(ui.t("projects.by_township"))
by_township = ui.table("investment_by_township", year, month)
if by_township.empty:
    st.info(ui.t("projects.none_here"))
else:
    st.altair_chart(
        charts.table_bars(
            by_township,
            ui.header("township"),
            ui.header("invested_ytd"),
            ui.t("projects.by_township_chart"),
        ),
        width="stretch",
    )
    st.caption(ui.t("projects.countywide_note"))
    st.dataframe(by_township, hide_index=True, width="stretch", column_config=MONEY)
    ui.downloads(by_township, ui.t("projects.file.townships", month=month), "proj_township")
