"""总览: the framework at a glance, headline cards, and what needs attention."""

import pandas as pd
import streamlit as st

from app import ui
from app.format import light_label, number, pct, signed_pct

ui.require("overview")
ui.banner()
st.title(ui.t("overview.title"))
if ui.empty_state(["indicators", "indicator_values"]):
    st.stop()

year, month = ui.year(), ui.month()
st.caption(ui.t("overview.as_of", year=year, month=month, tp=pct(int(month[5:7]) / 12)))
head = ui.report("headline", year, month)
conf = ui.settings().project_year

# Headline cards (they stack on a phone), each with its sparkline and 同比.
def spark(code: str) -> list[float] | None:
    series = ui.report("series", year, code)
    return None if series.empty else series["ytd"].fillna(0).round(2).tolist()


cards = st.columns(2) + st.columns(3)
fai = head["fai"] or {}
funds = head["funds"] or {}
cards[0].metric(
    ui.t("overview.card.fai"),
    number(fai.get("actual")),
    delta=ui.t("overview.yoy", v=signed_pct(head["fai_yoy"])) if head["fai_yoy"] is not None else None,
    delta_description=ui.t("overview.vs_target", target=number(conf.fai_target), due=number(fai.get("due"))),
    help=ui.t("overview.card.fai_help", due=number(fai.get("due")), tp=pct(head["time_progress"])),
    chart_data=spark(conf.fai_code), chart_type="area", border=True,
)  # fmt: skip
cards[1].metric(
    ui.t("overview.card.funds"),
    number(funds.get("actual")),
    delta=ui.t("overview.yoy", v=signed_pct(head["funds_yoy"])) if head["funds_yoy"] is not None else None,
    delta_description=ui.t("overview.floor_stretch", floor=number(conf.funds_floor), stretch=number(conf.funds_stretch)),
    help=ui.t("overview.card.funds_help"),
    chart_data=spark(conf.funds_code), chart_type="area", border=True,
)  # fmt: skip
cards[2].metric(
    ui.t("overview.card.survey"),
    ui.t("overview.round", n=head["survey_round"]) if head["survey_round"] else "—",
    delta=ui.t("overview.accountable", n=head["accountable_units"]),
    delta_color="red" if head["accountable_units"] else "off", delta_arrow="off", border=True,
)  # fmt: skip
cards[3].metric(
    ui.t("overview.card.days"),
    pct(head["days_ok_share"]),
    delta=ui.t("overview.behind", n=head["days_behind"]),
    delta_color="red" if head["days_behind"] else "off", delta_arrow="off",
    help=ui.t("overview.card.days_help"), border=True,
)  # fmt: skip
cards[4].metric(
    ui.t("overview.card.petitions"),
    pct(head["petitions_met_share"]),
    delta=ui.t("overview.short", n=head["petitions_short"]),
    delta_color="red" if head["petitions_short"] else "off", delta_arrow="off",
    help=ui.t("overview.card.petitions_help"), border=True,
)  # fmt: skip

# The framework as a tree: level → items, with light counts; a row drills to the indicators.
st.subheader(ui.t("overview.framework"))
rollup = ui.report("framework", year, month)
tree = pd.DataFrame(
    {
        ui.t("col.level"): rollup["level"].map(lambda v: ui.label("framework_level", v)),
        ui.t("col.item"): rollup["item"].map(lambda v: ui.label("item", v)),
        ui.t("overview.indicator_count"): rollup["indicators"],
        light_label("green", ui.lang()): rollup["green"],
        light_label("yellow", ui.lang()): rollup["yellow"],
        light_label("red", ui.lang()): rollup["red"],
    }
)
picked = st.dataframe(
    tree, hide_index=True, width="content", on_select="rerun", selection_mode="single-row",
    height=36 * (len(tree) + 1) + 3,
    # Narrow columns: the grid is drawn on a canvas, so it must fit a printed page as it is.
    column_config={c: st.column_config.Column(width="small" if i > 1 else "medium")
                   for i, c in enumerate(tree.columns)},
    key="framework_table",
)  # fmt: skip
st.caption(ui.t("overview.drill_hint"))
rows = picked.selection.rows if picked is not None else []
if rows:
    st.session_state["indicator_item"] = rollup["item"].iloc[rows[0]]
    st.switch_page("pages/indicators.py")

# Needs attention: laggards named.
st.subheader(ui.t("overview.attention"))
left, right = st.columns(2)
with left:
    red = head["red"]
    st.markdown(f"**{ui.t('overview.red_indicators', n=len(red))}**")
    for row in red.head(ui.LIST_LIMIT).itertuples():
        st.markdown(
            f"- :red[■] {ui.esc(row.name)}：{ui.t('overview.completion_vs', c=pct(row.completion), tp=pct(row.time_progress))}"
            + (f"（{ui.label('direction', row.direction)}）" if row.direction == "lower" else "")
        )
    ui.more(len(red))
    stalled = head["stalled"]
    st.markdown(f"**{ui.t('overview.stalled', n=len(stalled))}**")
    cadres = ui.names_of("cadres", "cadre_id", stalled["lead_cadre_id"].head(ui.LIST_LIMIT))
    for row in stalled.head(ui.LIST_LIMIT).itertuples():
        st.markdown(
            f"- :red[■] {ui.esc(row.name)}（{ui.t('overview.lead', who=ui.esc(cadres.get(str(row.lead_cadre_id), '—')))}，"
            f"{ui.t('overview.idle', n=int(row.idle_months))}）"
        )
    ui.more(len(stalled))
with right:
    actions = ui.report("accountability", year, ui.as_of_date())
    units = ui.names("units", "unit_code")
    st.markdown(f"**{ui.t('overview.accountability', n=actions['unit_code'].nunique())}**")
    named = actions["unit_code"].drop_duplicates().head(ui.LIST_LIMIT)
    for code, group in actions[actions["unit_code"].isin(named)].groupby("unit_code", sort=False):
        labels = "、".join(dict.fromkeys(ui.label("action", a) for a in group["action"]))
        st.markdown(f"- :orange[▲] {ui.esc(units.get(str(code), str(code)))}：{labels}")
    ui.more(actions["unit_code"].nunique())
    days = ui.report("field_days", year, ui.as_of_date())
    behind = days[days["status"] == "behind"]
    st.markdown(f"**{ui.t('overview.cadres_behind', n=len(behind))}**")
    for row in behind.head(ui.LIST_LIMIT).itertuples():
        st.markdown(
            f"- :orange[▲] {ui.esc(row.name)}（{ui.esc(units.get(str(row.unit_code), ''))}，"
            f"{ui.label('level', row.level)}）：{ui.t('overview.days_vs', d=int(row.days), due=number(row.due, 1))}"
        )
    ui.more(len(behind))
