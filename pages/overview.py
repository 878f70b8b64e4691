"""总览: the framework at a glance, drawn from the store."""

import pandas as pd
import streamlit as st

from app import ui
from schemas.common import FRAMEWORK_ITEMS

ui.banner()
st.title(ui.t("overview.title"))

indicators = ui.read("indicators")
if indicators.empty:
    st.warning(ui.t("app.empty_store"))
    st.stop()

periods = ui.periods(ui.year())
if periods:
    st.caption(ui.t("overview.data_as_of", period=periods[-1]))

st.subheader(ui.t("overview.framework"))
counts = indicators.groupby("item").size()
rows = [
    {
        ui.t("col.level"): ui.label("framework_level", item.split(".")[0]),
        ui.t("col.item"): ui.label("item", item),
        ui.t("overview.indicator_count"): int(counts.get(item, 0)),
    }
    for item in FRAMEWORK_ITEMS
]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
