"""数据上报: choose dataset (and month) → upload → preview, diff, errors → commit."""

import hashlib

import streamlit as st

from app import ui
from app.ingest import commit_prepared, prepare, problems_frame
from app.ingest.files import annotated_name, csv_bytes, template
from schemas import DATASETS

ui.require("upload")
ui.banner()
if ui.is_demo():
    st.warning(ui.t("upload.demo_store"), icon=":material/warning:")
st.title(ui.t("nav.upload"))
st.caption(ui.t("upload.intro"))
if "upload_done" in st.session_state:
    st.success(st.session_state.pop("upload_done"), icon=":material/check_circle:")

names = ui.uploadable_datasets()
name = ui.select(
    ui.t("upload.dataset"),
    names,
    "upload_dataset",
    {n: f"{DATASETS[n].title(ui.lang())}（{ui.t('kind.' + DATASETS[n].kind)}）" for n in names},
)
dataset = DATASETS[name]
st.caption(ui.t(f"upload.mode.{dataset.kind}"))

period = None
if dataset.kind == "monthly":
    months = ui.month_choices()
    choice = ui.select(
        ui.t("upload.period"),
        [""] + months,
        "upload_period",
        {"": ui.t("upload.period_in_file")} | {m: m for m in months},
    )
    period = choice or None

st.download_button(
    ui.t("upload.template", dataset=dataset.title(ui.lang())),
    data=template(name, ui.store(), ui.lang()),
    file_name=f"{dataset.title('zh')}_模板.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key=f"template_{name}",
)

upload = st.file_uploader(
    ui.t("upload.file"),
    type=["xlsx", "xls", "csv", "txt"],
    key=f"file_{name}_{period}_{st.session_state.get('upload_nonce', 0)}",
)
if upload is None:
    st.info(ui.t("upload.waiting"))
    st.stop()

content = upload.getvalue()
token = (name, period, hashlib.sha256(content).hexdigest(), ui.store().version(name))
shown_name = ui.esc(upload.name)  # a file name is the uploader's text: never markup
if st.session_state.get("upload_token") != token:
    with st.status(ui.t("upload.reading", file=shown_name), expanded=False) as status:

        def progress(seconds: float) -> None:
            status.update(label=ui.t("upload.reading_for", file=shown_name, seconds=int(seconds)))

        prepared = prepare(
            name,
            content,
            upload.name,
            ui.store(),
            ui.settings(),
            period,
            ui.upload_scope(name),
            progress=progress,
        )
        status.update(label=ui.t("upload.read_done", file=shown_name), state="complete")
    st.session_state["upload_token"] = token
    st.session_state["upload_prepared"] = prepared
prepared = st.session_state["upload_prepared"]

for notice in prepared.notices:
    st.caption(":material/info: " + ui.esc(notice.message(ui.lang())))

if not prepared.ok:
    st.error(ui.t("upload.rejected", count=len(prepared.problems)))
    errors = problems_frame(prepared.problems, ui.lang())
    st.dataframe(errors, hide_index=True, width="stretch")
    col1, col2 = st.columns(2)
    if prepared.header is not None:  # the annotated copy is built on the click, once
        col1.download_button(
            ui.t("upload.download_annotated"),
            ui.annotated_download(prepared),
            annotated_name(prepared),
            key="dl_annotated",
        )
    col2.download_button(
        ui.t("upload.download_errors"),
        csv_bytes(errors),
        f"{upload.name.rsplit('.', 1)[0]}_错误清单.csv",
        "text/csv",
        key="dl_errors",
    )
    st.stop()

counts = prepared.diff.counts if prepared.diff else {"added": 0, "removed": 0, "changed": 0}
st.success(ui.t("upload.valid", rows=len(prepared.frame), **counts))
preview, added, removed, changed = st.tabs(
    [
        ui.t("upload.preview"),
        ui.t("upload.added", n=counts["added"]),
        ui.t("upload.removed", n=counts["removed"]),
        ui.t("upload.changed", n=counts["changed"]),
    ]
)
headers = {c.name: c.zh for c in dataset.columns} if ui.lang() == "zh" else {}


def shown(frame):
    """The first rows as a clerk reads them: empty cells blank, not 'None'."""
    return frame.head(500).astype(object).where(frame.head(500).notna(), "").rename(columns=headers)


preview.dataframe(shown(prepared.frame), hide_index=True)
if prepared.diff is not None:
    added.dataframe(shown(prepared.diff.added), hide_index=True)
    removed.dataframe(shown(prepared.diff.removed), hide_index=True)
    changes = prepared.diff.changed.copy()
    if not changes.empty:
        changes["column"] = changes["column"].map(lambda c: headers.get(c, c))
        changes = changes.astype({"old": str, "new": str})
    changed.dataframe(shown(changes), hide_index=True)

if prepared.mode == "overwrite":
    st.warning(ui.t("upload.overwrite_warning"))
if st.button(ui.t("upload.commit"), type="primary", key="commit"):
    result = commit_prepared(prepared, ui.store(), ui.current_user())
    ui.wake_warmup()  # the new month's reports computed at once, before leaders ask
    st.session_state.pop("upload_token", None)
    st.session_state["upload_nonce"] = st.session_state.get("upload_nonce", 0) + 1
    st.session_state["upload_done"] = ui.t(
        "upload.committed",
        dataset=dataset.title(ui.lang()),
        version=result.version,
        rows=len(prepared.frame),
        total=result.rows_after,
        **counts,
    )
    st.rerun()
