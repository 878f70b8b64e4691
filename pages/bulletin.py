"""通报: the monthly bulletin 月度通报 and the quarterly report 季度报告 (Word, with charts) and
the month's workbook (Excel), made on request and downloaded; with a preview of the bulletin's
sections and key points."""

from typing import Any

import streamlit as st

from app import ui
from app.reports import bulletin as documents
from app.reports import export

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
versions = tuple(store.versions().items())


@st.cache_data(show_spinner=False, max_entries=12)
def _document(kind: str, arg: str, lang: str, root: str, versions: tuple) -> bytes:
    """The file, cached until any dataset gets a new version (``root``, ``versions``)."""
    try:
        if kind == "bulletin":
            return documents.bulletin(ui.read, ui.settings(), arg, lang)
        if kind == "quarterly":
            return documents.quarterly(ui.read, ui.settings(), arg, lang)
        return export.month_workbook(ui.read, ui.settings(), arg, lang)
    finally:
        ui.release_memory()


# A preview: a sentence naming thousands (a province) is cut, the file has it all.
SENTENCE_CHARS = 400


@st.cache_resource(show_spinner=False, max_entries=12)
def _preview(month: str, lang: str, root: str, versions: tuple) -> dict[str, Any]:
    """The bulletin's title, section headings and key sentences (no charts drawn), made ready
    to show once per version: each heading's key sentences as one Markdown list of the first
    ``ui.LIST_LIMIT`` (a province's stalled projects are hundreds), with how many more the
    file has. ``cache_resource``: a rerun reads the kept object, it unpickles nothing."""
    doc = documents.outline(ui.read, ui.settings(), documents.month_period(month), lang)
    ui.release_memory()
    blocks: list[tuple] = []  # ("h1" | "h2", text) or ("list", markdown, left out)
    sentences: list[str] = []

    def flush() -> None:
        if sentences:
            shown = sentences[: ui.LIST_LIMIT]
            lines = [f"- {ui.esc(s if len(s) <= SENTENCE_CHARS else s[:SENTENCE_CHARS] + '…')}"
                     for s in shown]  # fmt: skip
            blocks.append(("list", "\n".join(lines), len(sentences) - len(shown)))
            sentences.clear()

    for block in doc.blocks:
        if block.kind in ("h1", "h2"):
            flush()
            blocks.append((block.kind, ui.esc(block.text)))
        elif block.key:
            sentences.append(block.text)
    flush()
    return {"title": ui.esc(doc.title), "period": doc.period, "empty": doc.empty,
            "blocks": blocks, "sections": len(doc.headings())}  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=12)
def _choices(as_of: str, lang: str, root: str, versions: tuple) -> dict[str, Any]:
    """The months holding values (and the as-of month), newest first, their quarters, and
    the labels of both, made once per version."""
    months = sorted(set(ui.value_periods()) | {as_of}, reverse=True)
    quarters = sorted({documents.quarter_of(m) for m in months}, reverse=True)
    return {
        "months": months, "quarters": quarters,
        "month_labels": {m: documents.month_period(m).label(lang) for m in months},
        "quarter_labels": {q: documents.quarter_period(q).label(lang) for q in quarters},
    }  # fmt: skip


choices = _choices(ui.month(), lang, store.root, versions)
months, quarters = choices["months"], choices["quarters"]
if st.session_state.get("bulletin_month") not in months:
    st.session_state["bulletin_month"] = ui.month()

left, right = st.columns(2)
month = left.selectbox(
    ui.t("bulletin.page.month"), months, key="bulletin_month",
    format_func=ui.labeller(choices["month_labels"]),
)  # fmt: skip
if st.session_state.get("bulletin_quarter") not in quarters or st.session_state.get(
    "bulletin_quarter_for"
) != month:
    # Follow the month until the user picks another quarter.
    st.session_state["bulletin_quarter"] = documents.quarter_of(month)
    st.session_state["bulletin_quarter_for"] = month
quarter = right.selectbox(
    ui.t("bulletin.page.quarter"), quarters, key="bulletin_quarter",
    format_func=ui.labeller(choices["quarter_labels"]),
)  # fmt: skip

OFFERS = [
    ("bulletin", month, DOCX, ui.t("bulletin.file.bulletin", month=month)),
    ("quarterly", quarter, DOCX, ui.t("bulletin.file.quarterly", quarter=quarter)),
    ("workbook", month, XLSX, ui.t("bulletin.file.workbook", month=month)),
]
for column, (kind, arg, mime, file_name) in zip(st.columns(3), OFFERS, strict=True):
    wanted = (kind, arg, lang, store.root, versions)
    state = f"bulletin_file_{kind}"
    with column:
        if st.button(ui.t(f"bulletin.page.make_{kind}"), key=f"bulletin_make_{kind}",
                     icon=":material/description:", width="stretch"):  # fmt: skip
            with st.spinner(ui.t("bulletin.page.generating")):
                st.session_state[state] = (wanted, _document(kind, arg, lang, store.root,
                                                             versions))  # fmt: skip
        ready = st.session_state.get(state)
        if ready and ready[0] == wanted:
            st.download_button(ui.t(f"bulletin.page.download_{kind}"), ready[1], file_name, mime,
                               key=f"bulletin_download_{kind}", on_click="ignore",
                               icon=":material/download:", type="primary",
                               width="stretch")  # fmt: skip

st.subheader(ui.t("bulletin.page.preview"))
preview = _preview(month, lang, store.root, versions)
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
