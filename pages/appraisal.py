"""年度考核: the year-end appraisal (年终综合考核) of units and townships, by group: the table
with each unit linked to its record, each unit's sections as a chart, the workbook and the
Word 考核结果通报."""

import streamlit as st

from app import ui
from app.views import appraisal_sections as sections

ui.require("appraisal")
ui.banner()
st.title(ui.t("nav.appraisal"))
if ui.empty_state(["units", "survey_results"]):
    st.stop()

year = ui.year()
st.caption(ui.t("appraisal.caption", year=year))
results = ui.report("appraisal", year)
if results.empty:
    st.info(ui.t("appraisal.empty", year=year))
    st.stop()

choices = sections.groups(results)
group = ui.select(ui.t("appraisal.group"), list(choices), "appraisal_group", choices)
mask = sections.in_group(results, group)
shown = results[mask]
st.subheader(choices[group])
st.caption(ui.t("appraisal.rule"))
sections.summary(shown)
sections.breakdown_chart(year, group, shown)
sections.results_table(year, group, mask, shown)
st.subheader(ui.t("appraisal.documents"))
sections.documents(year)
