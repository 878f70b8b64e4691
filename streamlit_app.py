"""Entry point: settings, language, the store (demo on first start) and navigation."""

from __future__ import annotations

import streamlit as st

from app import ui
from app.i18n import LANGUAGES

st.set_page_config(page_title="县域发展绩效看板", page_icon=":material/analytics:", layout="wide")

with st.sidebar:
    st.radio(
        ui.translate("app.language", ui.lang()),
        LANGUAGES,
        key="lang",
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
        horizontal=True,
    )

ui.ensure_store()
ui.sidebar_filters()

pages = {
    ui.t("nav.group.views"): [
        st.Page("pages/overview.py", title=ui.t("nav.overview"), icon=":material/dashboard:", default=True),
        st.Page("pages/indicators.py", title=ui.t("nav.indicators"), icon=":material/monitoring:", url_path="indicators"),
    ],
    ui.t("nav.group.data"): [
        st.Page("pages/upload.py", title=ui.t("nav.upload"), icon=":material/upload_file:", url_path="upload"),
        st.Page("pages/history.py", title=ui.t("nav.history"), icon=":material/history:", url_path="history"),
        st.Page("pages/datasets.py", title=ui.t("nav.datasets"), icon=":material/table_view:", url_path="datasets"),
    ],
}
st.navigation(pages).run()
