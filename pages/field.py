"""四帮四促: days at the grassroots against the pro-rated due, unit and township roll-ups,
liaison officers, the four helps, petitions per leading cadre, the ledger and contact points.
Every table is the one the workbook and the command line show (``ui.table``)."""

import streamlit as st

from app import charts, ui
from app.views import field_sections as sections
from app.views import programme_sections
from app.views.field_sections import person

ui.require("field")
ui.banner()
st.title(ui.t("nav.field"))
if ui.empty_state(["cadres", "field_activities"]):
    st.stop()

year, as_of = ui.year(), ui.as_of_date()
township = ui.township_filter()
conf, first_year = ui.settings().field_days, ui.settings().campaign_first_year
units = ui.names("units", "unit_code")
date, sep = f"{as_of:%Y-%m-%d}", ui.t("app.list_sep")
st.caption(ui.t("field.as_of", year=year, date=date))

days = ui.report("field_days", year, as_of)
counted = int(days["required"].notna().sum())  # cadres with a requirement
behind = days[days["status"] == "behind"]
liaisons = days[days["level"] == "liaison"]  # the few first, then their months (50,000 cadres)
short = liaisons[liaisons["liaison_short_months"].map(len) > 0]
pets = ui.report("petitions", as_of)

cards = st.columns(4)
met = f"{counted - len(behind)}/{counted}"
cards[0].metric(ui.t("field.card.met"), met, border=True, help=ui.t("field.card.met_help"))
behind_word = ui.label("status", "behind") if len(behind) else None
cards[1].metric(
    ui.t("field.card.behind"),
    len(behind),
    delta=behind_word,
    delta_color="red",
    delta_arrow="off",
    border=True,
)
liaison_help = ui.t("field.card.liaison_help", n=conf.liaison_min_days_per_month)
cards[2].metric(ui.t("field.card.liaison_short"), len(short), border=True, help=liaison_help)
pets_short = int((pets["status"] == "short").sum())
petitions_help = ui.t("overview.card.petitions_help")
cards[3].metric(ui.t("field.card.petitions_short"), pets_short, border=True, help=petitions_help)

st.subheader(ui.t("field.days"))
if year < first_year:
    st.info(ui.t("field.before_campaign", year=first_year))
else:
    required = sep.join(f"{ui.label('level', k)} {v}" for k, v in conf.required_days.items())
    st.caption(ui.t("field.days_rule", required=required))
if behind.empty and counted:
    st.success(ui.t("field.none_behind"))
elif len(behind):
    named = behind.head(ui.LIST_LIMIT)
    sections.behind_list(behind, units)
    labels = [ui.t("field.person_label", **person(r, units)) for r in named.itertuples()]
    chart = charts.days_vs_due(
        named.assign(label=labels), "label", ui.t("field.behind_chart"), ui.lang()
    )
    st.altair_chart(chart, width="stretch")
levels = ["", "county", "unit", "township", "liaison"]
level_labels = {"": ui.t("field.all_levels")} | {v: ui.label("level", v) for v in levels[1:]}
level = ui.select(ui.t("field.level_filter"), levels, "field_level", level_labels)
days_table = ui.table("field_days", year, as_of)
if level:
    days_table = days_table[days_table[ui.header("cadre_level")] == ui.label("level", level)]
ui.show_table(days_table, ui.t("field.file.days", date=date), "fd_days")

st.subheader(ui.t("field.liaison", n=conf.liaison_min_days_per_month))
if short.empty and year >= first_year:
    st.success(ui.t("field.liaison_ok"))
if len(short):
    ui.laggards(
        [
            ui.t("field.liaison_item", **person(r, units), months=sep.join(r.liaison_short_months))
            for r in short.head(ui.LIST_LIMIT).itertuples()
        ],
        len(short),
    )

st.subheader(ui.t("field.by_unit"))
by_unit = ui.table("field_unit_rollup", year, as_of)
ui.show_table(by_unit, ui.t("field.file.units", date=date), "fd_units")

st.subheader(ui.t("field.by_township"))
by_township = ui.table("field_township_rollup", year, as_of)
if by_township.empty:
    st.info(ui.t("field.no_activity"))
else:
    ui.bars(by_township, "township", "person_days", ui.t("field.township_chart"))
    ui.show_table(by_township, ui.t("field.file.townships", date=date), "fd_townships")

st.subheader(ui.t("field.helps"))
mix = ui.table("help_type_mix", year, as_of)
title = ui.t("field.helps_chart")
ui.bars(mix, "help_type", "activities", title, colour="#41ab5d", keep_order=True)
ui.show_table(mix, ui.t("field.file.helps", date=date), "fd_helps")

sections.petitions(pets, as_of, units)
sections.ledger(year, as_of, township)
programme_sections.field(year, as_of)
sections.contacts(year, as_of, township)
