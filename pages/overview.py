"""总览: the framework at a glance, headline cards, and what needs attention."""

import pandas as pd
import streamlit as st

from app import charts, ui
from app.format import light_label, number, pct, signed_pct

ui.banner()
st.title(ui.t("overview.title"))
if ui.empty_state(["indicators", "indicator_values"]):
    st.stop()

year, month = ui.year(), ui.month()
st.caption(ui.t("overview.as_of", year=year, month=month, tp=pct(int(month[5:7]) / 12)))
head = ui.report("headline", year, month)
conf = ui.settings().project_year

# Headline cards: they stack on a phone.
cards = st.columns(5)
fai = head["fai"] or {}
with cards[0]:
    st.metric(
        ui.t("overview.card.fai", target=number(conf.fai_target)),
        f"{number(fai.get('actual'))} {ui.t('unit.yi')}",
        delta=ui.t("overview.yoy", v=signed_pct(head["fai_yoy"])) if head["fai_yoy"] is not None else None,
        help=ui.t("overview.card.fai_help", due=number(fai.get("due")), tp=pct(head["time_progress"])),
        border=True,
    )  # fmt: skip
    spark = ui.report("series", year, conf.fai_code)
    if not spark.empty:
        st.altair_chart(charts.sparkline(spark), width="stretch")
funds = head["funds"] or {}
with cards[1]:
    st.metric(
        ui.t("overview.card.funds", floor=number(conf.funds_floor), stretch=number(conf.funds_stretch)),
        f"{number(funds.get('actual'))} {ui.t('unit.yi')}",
        delta=ui.t("overview.yoy", v=signed_pct(head["funds_yoy"])) if head["funds_yoy"] is not None else None,
        help=ui.t("overview.card.funds_help"),
        border=True,
    )  # fmt: skip
    spark = ui.report("series", year, conf.funds_code)
    if not spark.empty:
        st.altair_chart(charts.sparkline(spark, colour="#6a51a3"), width="stretch")
with cards[2]:
    st.metric(
        ui.t("overview.card.survey"),
        ui.t("overview.round", n=head["survey_round"]) if head["survey_round"] else "—",
        delta=ui.t("overview.accountable", n=head["accountable_units"]),
        delta_color="inverse" if head["accountable_units"] else "off",
        border=True,
    )
with cards[3]:
    st.metric(
        ui.t("overview.card.days"),
        pct(head["days_ok_share"]),
        delta=ui.t("overview.behind", n=head["days_behind"]),
        delta_color="inverse" if head["days_behind"] else "off",
        help=ui.t("overview.card.days_help"),
        border=True,
    )
with cards[4]:
    st.metric(
        ui.t("overview.card.petitions"),
        pct(head["petitions_met_share"]),
        delta=ui.t("overview.short", n=head["petitions_short"]),
        delta_color="inverse" if head["petitions_short"] else "off",
        help=ui.t("overview.card.petitions_help"),
        border=True,
    )

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
    tree, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
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
    for row in red.itertuples():
        st.markdown(
            f"- 🔴 {ui.esc(row.name)}：{ui.t('overview.completion_vs', c=pct(row.completion), tp=pct(row.time_progress))}"
        )
    stalled = head["stalled"]
    st.markdown(f"**{ui.t('overview.stalled', n=len(stalled))}**")
    cadres = ui.names("cadres", "cadre_id")
    for row in stalled.itertuples():
        st.markdown(
            f"- ⛔ {ui.esc(row.name)}（{ui.t('overview.lead', who=ui.esc(cadres.get(str(row.lead_cadre_id), '—')))}，"
            f"{ui.t('overview.idle', n=int(row.idle_months))}）"
        )
with right:
    actions = ui.report("accountability", year, ui.as_of_date())
    units = ui.names("units", "unit_code")
    st.markdown(f"**{ui.t('overview.accountability', n=actions['unit_code'].nunique())}**")
    for code, group in actions.groupby("unit_code", sort=False):
        labels = "、".join(dict.fromkeys(ui.label("action", a) for a in group["action"]))
        st.markdown(f"- ⚠️ {ui.esc(units.get(str(code), str(code)))}：{labels}")
    days = ui.report("field_days", year, ui.as_of_date())
    behind = days[days["status"] == "behind"]
    st.markdown(f"**{ui.t('overview.cadres_behind', n=len(behind))}**")
    for row in behind.itertuples():
        st.markdown(
            f"- 🕒 {ui.esc(row.name)}（{ui.esc(units.get(str(row.unit_code), ''))}，"
            f"{ui.label('level', row.level)}）：{ui.t('overview.days_vs', d=int(row.days), due=number(row.due, 1))}"
        )
