"""单位档案: everything about one unit (or one cadre) in one place, chosen here or reached by a
link (``?unit=032``, ``?cadre=C0001``): survey scores and ranks, actions, rectifications,
complaints, its cadres' days and petitions, projects, contact points, supervision items and
its year-end appraisal."""

import streamlit as st

from app import ui
from app.views import appraisal_sections as sections

ui.require("unit_file")
ui.banner()
st.title(ui.t("nav.unit_file"))
if ui.empty_state(["units"]):
    st.stop()

year = ui.year()
cadre = st.query_params.get("cadre")
if cadre:  # a cadre's record, reached by its link
    record = ui.report("cadre_file", year, cadre)
    if st.button(ui.t("unit_file.back_to_unit"), icon=":material/arrow_back:"):
        st.query_params.clear()
        st.rerun()
    if record["cadre"] is None:
        st.warning(ui.t("unit_file.unknown_cadre", code=ui.esc(cadre)))
        st.stop()
    who = record["cadre"]
    st.header(f"{ui.esc(who['name'])} · {ui.esc(who.get('unit') or '')}")
    st.caption(
        ui.t("unit_file.cadre_caption", level=ui.label("level", who["level"]), year=year)
        + " · "
        + ui.t("unit_file.as_of", date=f"{record['as_of']:%Y-%m-%d}")
    )
    sections.record_parts("cadre", year, cadre)
    st.stop()

codes, labels = ui.view(sections.unit_choices)  # a province's 3,000, labelled once
wanted = st.query_params.get("unit")
if wanted in labels and st.session_state.get("file_unit_link") != wanted:
    st.session_state[f"file_unit__{ui.lang()}"] = wanted  # a link chose the unit
unit = ui.select(ui.t("unit_file.unit"), codes, "file_unit", labels)
st.session_state["file_unit_link"] = unit
st.query_params["unit"] = unit  # the address names the unit shown (a link to share)

record = ui.report("unit_file", year, unit)
info = record["unit"]
st.header(ui.t("unit_file.name_code", name=ui.esc(info["name"]), code=unit))
st.caption(
    ui.label("category", info["category"])
    + " · "
    + ui.t("unit_file.as_of", date=f"{record['as_of']:%Y-%m-%d}")
)
st.subheader(ui.t("unit_file.summary", year=year))
sections.unit_appraisal(record)
sections.record_parts("unit", year, unit)
cadres = record["cadres"]
if len(cadres):
    st.subheader(ui.t("unit_file.cadre_files"))
    with st.container(horizontal=True):
        for row in cadres.head(ui.LIST_LIMIT).itertuples():
            st.link_button(str(row.name), f"unit_file?cadre={row.cadre_id}")
    ui.more(len(cadres))
