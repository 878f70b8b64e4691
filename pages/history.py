"""上报记录: every commit of every dataset; view or download any version; admins roll back."""

import streamlit as st

from app import ui
from app.maintenance import window_start
from app.reports import tables
from app.store import RollbackRefused, StoreError
from schemas import DATASETS

ui.require("history")
ui.banner()
st.title(ui.t("nav.history"))
if "history_done" in st.session_state:  # after a rollback: the table below is the new one
    st.success(st.session_state.pop("history_done"), icon=":material/check_circle:")

store = ui.store()
choice = ui.select(
    ui.t("history.dataset"),
    [""] + list(DATASETS),
    "history_dataset",
    {"": ui.t("history.all")} | {n: d.title(ui.lang()) for n, d in DATASETS.items()},
)
history = store.history(choice or None)
if history.empty:
    st.info(ui.t("history.empty"))
    st.stop()

shown = tables.history(history, ui.lang(), ui.settings().time_zone)
st.dataframe(shown, hide_index=True, width="stretch")

if not choice:
    st.caption(ui.t("history.pick_dataset"))
    st.stop()

st.subheader(ui.t("history.version_title"))
versions = history["version"].tolist()
version = st.selectbox(ui.t("history.version"), versions, key="history_version")
since = window_start(ui.settings())  # older versions' files are removed by table maintenance
frame = None
if store.restorable(choice, int(version), since):
    try:
        frame = store.read(choice, version=int(version))
    except (StoreError, OSError):  # its files removed (maintenance with a shorter window)
        pass
if frame is None:
    st.warning(ui.t("ops.history.outside_window", version=version, since=since.date()))
    st.stop()
st.caption(ui.t("history.version_rows", version=version, rows=len(frame)))
st.dataframe(frame.head(1000), hide_index=True, width="stretch")
ui.downloads(
    lambda: store.read(choice, version=int(version)),  # the file on the click
    f"{DATASETS[choice].title(ui.lang())}_v{version}",
    "hist",
)

if ui.can_rollback():
    st.subheader(ui.t("history.rollback_title"))
    current = store.version(choice)
    if int(version) == current:
        st.caption(ui.t("history.rollback_current"))
    else:
        confirm = st.checkbox(ui.t("history.rollback_confirm", version=version), key="rb_confirm")
        if st.button(ui.t("history.rollback"), disabled=not confirm, type="primary", key="rb_go"):
            try:
                new = store.rollback(
                    choice,
                    int(version),
                    {"user": ui.current_user(), "message": "rollback"},
                    not_before=since,
                )
            except RollbackRefused as refused:
                st.error(refused.message(ui.lang()), icon=":material/block:")
            else:
                st.session_state["history_done"] = ui.t(
                    "history.rolled_back", version=version, new=new
                )
                st.rerun()
