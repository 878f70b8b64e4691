"""数据集: every dataset with its kind, key, rows and version."""

import streamlit as st

from app import ui
from app.catalog import dataset_listing

ui.require("datasets")
ui.banner()
st.title(ui.t("nav.datasets"))
listing = dataset_listing(ui.store(), ui.lang())
listing["kind"] = listing["kind"].map(lambda k: ui.t(f"kind.{k}"))
st.dataframe(
    listing.rename(
        columns={
            "name": ui.t("col.dataset"),
            "kind": ui.t("col.kind"),
            "key": ui.t("col.key"),
            "title": ui.t("col.title"),
            "rows": ui.t("col.rows"),
            "version": ui.t("col.version"),
        }
    ),
    hide_index=True,
    width="stretch",
)
