"""通报: the monthly bulletin 月度通报 and the quarterly report 季度报告 (Word, with charts) and
the month's workbook (Excel), made on request and downloaded; with a preview of the bulletin's
sections and key points."""

import streamlit as st

from app import ui
from app.reports import bulletin as documents
from app.views import bulletin_documents as made

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ui.require("bulletin")
ui.banner()
st.title(ui.t("bulletin.page.title"))
st.caption(ui.t("bulletin.page.caption"))
if ui.empty_state(["indicators", "indicator_values"]):
    st.stop()

lang = ui.lang()
store = ui.store()
versions = tuple(ui.versions().items())


choices = made.choices(ui.month(), lang, store.root, versions)
months, quarters = choices["months"], choices["quarters"]
if st.session_state.get("bulletin_month") not in months:
    st.session_state["bulletin_month"] = ui.month()

left, right = st.columns(2)
month = left.selectbox(
    ui.t("bulletin.page.month"),
    months,
    key="bulletin_month",
    format_func=ui.labeller(choices["month_labels"]),
)
if (
    st.session_state.get("bulletin_quarter") not in quarters
    or st.session_state.get("bulletin_quarter_for") != month
):
    # Follow the month until the user picks another quarter.
    st.session_state["bulletin_quarter"] = documents.quarter_of(month)
    st.session_state["bulletin_quarter_for"] = month
quarter = right.selectbox(
    ui.t("bulletin.page.quarter"),
    quarters,
    key="bulletin_quarter",
    format_func=ui.labeller(choices["quarter_labels"]),
)

OFFERS = [
    ("bulletin", month, DOCX, ui.t("bulletin.file.bulletin", month=month)),
    ("quarterly", quarter, DOCX, ui.t("bulletin.file.quarterly", quarter=quarter)),
    ("workbook", month, XLSX, ui.t("bulletin.file.workbook", month=month)),
]
for column, (kind, arg, mime, file_name) in zip(st.columns(3), OFFERS, strict=True):
    wanted = (kind, arg, lang, store.root, versions)
    state = f"bulletin_file_{kind}"
    with column:
        if st.button(
            ui.t(f"bulletin.page.make_{kind}"),
            key=f"bulletin_make_{kind}",
            icon=":material/description:",
            width="stretch",
        ):
            with st.spinner(ui.t("bulletin.page.generating")):
                st.session_state[state] = (
                    wanted,
                    made.document(kind, arg, lang, store.root, versions),
                )
        ready = st.session_state.get(state)
        if ready and ready[0] == wanted:
            st.download_button(
                ui.t(f"bulletin.page.download_{kind}"),
                ready[1],
                file_name,
                mime,
                key=f"bulletin_download_{kind}",
                on_click="ignore",
                icon=":material/download:",
                type="primary",
                width="stretch",
            )

st.subheader(ui.t("bulletin.page.preview"))
preview = made.preview(month, lang, store.root, versions)
ui.note_call(made.preview, (month, lang))  # warmed again after the next upload
with st.container(border=True):
    st.markdown(f"**{preview['title']}**")
    if preview["empty"]:
        st.info(ui.t("bulletin.page.empty", period=preview["period"]), icon=":material/inbox:")
    else:
        st.caption(ui.t("bulletin.page.sections", n=preview["sections"]))
    for kind, text, *more in preview["blocks"]:
        if kind == "h1":
            st.markdown(f"##### {text}")
        elif kind == "h2":
            st.markdown(f"**{text}**")
        else:
            st.markdown(text)
            if more[0]:
                st.caption(ui.t("bulletin.page.more", n=more[0]))
