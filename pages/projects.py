"""项目建设年: the seven measures against targets, projects by stage and level, each project's
investment against its year plan, stalled projects with their lead cadre, and investment by
township."""

import altair as alt
import pandas as pd
import streamlit as st

from app import charts, ui
from app.format import light_label, pct, with_unit

ui.require("projects")
ui.banner()
st.title(ui.t("nav.projects"))
if ui.empty_state(["projects", "project_progress"]):
    st.stop()

year, month = ui.year(), ui.month()
township = ui.township_filter()
township_names = ui.names("townships", "township_code")
where = township_names.get(township, township) if township else ui.t("sidebar.whole_county")
st.caption(ui.t("projects.as_of", year=year, month=month, tp=pct(int(month[5:7]) / 12)))

# The seven measures of the year (county-wide), as cards and a table.
st.subheader(ui.t("projects.measures"))
result = ui.report("project_year", year, month)
YI, YUAN = ui.t("projects.unit.yi"), ui.t("projects.unit.yuan")
SHOWN = {  # how each measure's numbers read: 亿元, 元, a share, or a percentage
    "fai": lambda v: with_unit(v, YI), "funds_in_place": lambda v: with_unit(v, YI),
    "fai_per_capita": lambda v: with_unit(v, YUAN, 0), "industry_share": pct,
    "key_projects_share": pct, "funds_growth": pct, "policy_abolished": lambda v: with_unit(v, "%"),
}  # fmt: skip


def status(m: dict) -> tuple[str, str]:
    """The measure's status word and its colour: met, on track (序时), or behind."""
    if m["met"]:
        return ui.label("status", "met"), "green"
    if m["on_track"]:
        return ui.label("status", "on_track"), "green"
    if m["on_track"] is None:
        return ui.t("projects.no_data"), "gray"
    return ui.label("status", "behind"), "red"


measures = result["measures"]
for row_start in (0, 4):
    cols = st.columns(4)
    for col, m in zip(cols, measures[row_start:row_start + 4], strict=False):
        show = SHOWN[m["measure"]]
        word, colour = status(m)
        target = show(m["target"])
        if m["stretch_target"] is not None:
            target = ui.t("projects.floor_stretch", floor=target, stretch=show(m["stretch_target"]))
        col.metric(
            ui.t(f"measure.{m['measure']}"), show(m["actual"]), delta=word, delta_color=colour,
            delta_arrow="off", border=True,
            help=ui.t("projects.card_help", target=target, due=show(m["due"])),
        )  # fmt: skip
        col.caption(ui.t("projects.target_is", target=target))
measure_table = pd.DataFrame({
    ui.t("report.col.measure"): [ui.t(f"measure.{m['measure']}") for m in measures],
    ui.t("report.col.actual"): [SHOWN[m["measure"]](m["actual"]) for m in measures],
    ui.t("report.col.target"): [SHOWN[m["measure"]](m["target"]) for m in measures],
    ui.t("report.col.stretch_target"): [
        SHOWN[m["measure"]](m["stretch_target"]) if m["stretch_target"] is not None else ""
        for m in measures
    ],
    ui.t("report.col.due"): [SHOWN[m["measure"]](m["due"]) for m in measures],
    ui.t("report.col.status"): [status(m)[0] for m in measures],
})  # fmt: skip
with st.expander(ui.t("projects.measures_table")):
    st.dataframe(measure_table, hide_index=True, width="stretch")
    ui.downloads(measure_table, f"项目建设年目标_{month}", "proj_measures")

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
MONEY = {ui.t(f"projects.col.{c}", unit=WAN): st.column_config.NumberColumn(format="localized")
         for c in ("total_investment", "year_plan", "invested_ytd")}  # fmt: skip
for col, frame, title in ((left, stages, ui.t("projects.by_stage")),
                          (right, levels, ui.t("projects.by_level"))):  # fmt: skip
    tips = [
        alt.Tooltip("label:N", title=ui.t("chart.name")),
        alt.Tooltip("projects:Q", title=ui.t("projects.col.projects")),
        alt.Tooltip("year_plan:Q", title=ui.t("projects.col.year_plan", unit=WAN),
                           format=",.0f"),
    ]  # fmt: skip
    col.altair_chart(
        charts.simple_bars(frame, "label", "projects", title, ui.t("projects.col.projects"),
                           sort=frame["label"].tolist(), tooltip=tips, whole=True),
        width="stretch",
    )  # fmt: skip

# Each project's investment against its year plan: chart, then a sortable table.
investment = ui.report("project_investment", year, month, township).copy()
stalled = ui.report("stalled_projects", month)
if township:
    stalled = stalled[stalled["township_code"] == township]
# The lead cadres' names, of the projects shown only (a province has 50,000 cadres).
cadres = ui.names_of("cadres", "cadre_id",
                     pd.concat([investment["lead_cadre_id"], stalled["lead_cadre_id"]]))  # fmt: skip
st.subheader(ui.t("projects.investment", where=ui.esc(where)))
if investment.empty:
    st.info(ui.t("projects.none_here"))
else:
    investment["label"] = investment["name"]
    tp = float(investment["time_progress"].iloc[0])
    tips = [
        alt.Tooltip("name:N", title=ui.t("chart.name")),
        alt.Tooltip("invested_ytd:Q", title=ui.t("projects.col.invested_ytd", unit=WAN),
                           format=",.0f"),
        alt.Tooltip("year_plan:Q", title=ui.t("projects.col.year_plan", unit=WAN),
                           format=",.0f"),
        alt.Tooltip("plan_completion:Q", title=ui.t("chart.completion"), format=".1%"),
    ]  # fmt: skip
    st.altair_chart(
        charts.completion_bars(investment.dropna(subset=["plan_completion"]), "label",
                               ui.t("projects.investment_chart"), ui.lang(), time_progress=tp,
                               value="plan_completion", tooltip=tips),
        width="stretch",
    )  # fmt: skip
    project_table = pd.DataFrame({
        ui.t("report.col.project_id"): investment["project_id"],
        ui.t("report.col.name"): investment["name"],
        ui.t("sidebar.township"): investment["township_code"].map(
            lambda c: township_names.get(str(c), str(c)) if pd.notna(c) else ui.t("projects.countywide")),
        ui.t("projects.col.level"): investment["level"].map(lambda v: ui.label("project_level", v)),
        ui.t("projects.col.stage"): investment["stage"].map(lambda v: ui.label("stage", v)),
        ui.t("report.col.lead_cadre_id"): investment["lead_cadre_id"].map(lambda c: cadres.get(str(c), "—")),
        ui.t("projects.col.total_investment", unit=WAN): investment["total_investment"],
        ui.t("projects.col.year_plan", unit=WAN): investment["year_plan"],
        ui.t("projects.col.invested_ytd", unit=WAN): investment["invested_ytd"],
        ui.t("projects.col.completion_pct"): (investment["plan_completion"] * 100).round(1),
        ui.t("projects.col.tp_pct"): (investment["time_progress"] * 100).round(1),
        ui.t("chart.light"): investment["light"].map(lambda v: light_label(v, ui.lang())),
    })  # fmt: skip
    st.dataframe(project_table, hide_index=True, width="stretch", column_config=MONEY)
    ui.downloads(project_table, f"项目投资进度_{month}", "proj_investment")

# Stalled projects (一拖数月), named with their lead cadre.
months = ui.settings().project_year.stalled_months
st.subheader(ui.t("projects.stalled", n=len(stalled)))
st.caption(ui.t("projects.stalled_rule", n=months))
if stalled.empty:
    st.success(ui.t("projects.no_stalled"))
else:
    for row in stalled.head(ui.LIST_LIMIT).itertuples():
        place = township_names.get(str(row.township_code), ui.t("projects.countywide"))
        idle = ui.t("overview.idle", n=int(row.idle_months)) if pd.notna(row.idle_months) \
            else ui.t("projects.never_invested")
        st.markdown(
            f"- :red[■] **{ui.esc(row.name)}**（{ui.esc(row.project_id)}，{ui.esc(place)}，"
            f"{ui.label('project_level', row.level)}）："
            f"{ui.t('overview.lead', who=ui.esc(cadres.get(str(row.lead_cadre_id), '—')))}，{idle}"
        )
    ui.more(len(stalled))
    stalled_table = pd.DataFrame({
        ui.t("report.col.project_id"): stalled["project_id"],
        ui.t("report.col.name"): stalled["name"],
        ui.t("sidebar.township"): stalled["township_code"].map(
            lambda c: township_names.get(str(c), ui.t("projects.countywide"))),
        ui.t("projects.col.level"): stalled["level"].map(lambda v: ui.label("project_level", v)),
        ui.t("report.col.lead_cadre_id"): stalled["lead_cadre_id"].map(lambda c: cadres.get(str(c), "—")),
        ui.t("projects.col.year_plan", unit=WAN): stalled["year_plan"],
        ui.t("report.col.last_invested_period"): stalled["last_invested_period"],
        ui.t("report.col.idle_months"): stalled["idle_months"],
    })  # fmt: skip
    st.dataframe(stalled_table, hide_index=True, width="stretch", column_config=MONEY)
    ui.downloads(stalled_table, f"停滞项目_{month}", "proj_stalled")

# Investment by township (county-wide, so townships can be compared).
st.subheader(ui.t("projects.by_township"))
by_township = ui.report("investment_by_township", year, month).copy()
if by_township.empty:
    st.info(ui.t("projects.none_here"))
else:
    by_township["township"] = by_township["township_code"].map(
        lambda c: township_names.get(str(c), str(c)))
    tips = [
        alt.Tooltip("township:N", title=ui.t("sidebar.township")),
        alt.Tooltip("projects:Q", title=ui.t("projects.col.projects")),
        alt.Tooltip("invested_ytd:Q", title=ui.t("projects.col.invested_ytd", unit=WAN),
                           format=",.0f"),
        alt.Tooltip("plan_completion:Q", title=ui.t("chart.completion"), format=".1%"),
    ]  # fmt: skip
    st.altair_chart(
        charts.simple_bars(by_township, "township", "invested_ytd",
                           ui.t("projects.by_township_chart"),
                           ui.t("projects.col.invested_ytd", unit=WAN), tooltip=tips),
        width="stretch",
    )  # fmt: skip
    st.caption(ui.t("projects.countywide_note"))
    township_table = pd.DataFrame({
        ui.t("sidebar.township"): by_township["township"],
        ui.t("projects.col.projects"): by_township["projects"],
        ui.t("projects.col.year_plan", unit=WAN): by_township["year_plan"],
        ui.t("projects.col.invested_ytd", unit=WAN): by_township["invested_ytd"],
        ui.t("projects.col.completion_pct"): (by_township["plan_completion"] * 100).round(1),
    })  # fmt: skip
    st.dataframe(township_table, hide_index=True, width="stretch", column_config=MONEY)
    ui.downloads(township_table, f"乡镇项目投资_{month}", "proj_township")
