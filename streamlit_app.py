"""Entry point: settings, language, the store (demo on first start), sign-in and navigation
with only the pages the signed-in role may see (each page checks the role again itself)."""

from __future__ import annotations

import streamlit as st

from app import auth, ui
from app.i18n import LANGUAGES

ui.begin_run()  # the run's language, read once (widget values are set before a run starts)
st.set_page_config(page_title="县域发展绩效看板", page_icon=":material/analytics:", layout="wide")
st.html(ui.STYLE)

with st.sidebar:
    st.radio(
        ui.translate("app.language", ui.lang()),
        LANGUAGES,
        key="lang",
        format_func=ui.labeller({"zh": "中文", "en": "English"}),
        horizontal=True,
    )

store = ui.ensure_store()
ui.restore_session()  # a reload starts a new session: the browser's cookie signs in again
account = ui.account()
ui.write_session_cookie()

if account is None:
    from app.views.first_admin import first_admin
    from app.views.signin import signin

    first_run = not auth.has_accounts(store)
    view = first_admin if first_run else signin
    title = ui.t("nav.first_admin" if first_run else "nav.signin")
    # Signed out, the sign-in view is the only page (a function, not a page file), so a page
    # URL typed by hand leads nowhere but here.
    ui.run_safely(
        st.navigation([st.Page(view, title=title, icon=":material/login:", default=True)])
    )
    st.stop()

with st.sidebar:
    st.caption(ui.t("auth.signed_in_as", name=account.name, role=ui.t(f"auth.role.{account.role}")))
    if st.button(ui.t("auth.sign_out"), key="sign_out", icon=":material/logout:"):
        ui.sign_out()
        st.rerun()

ui.sidebar_filters()

ALL_PAGES = {
    "views": [
        ("overview", "nav.overview", ":material/dashboard:"),
        ("indicators", "nav.indicators", ":material/monitoring:"),
        ("projects", "nav.projects", ":material/construction:"),
        ("surveys", "nav.surveys", ":material/how_to_vote:"),
        ("field", "nav.field", ":material/hiking:"),
        ("supervision", "nav.supervision", ":material/assignment_late:"),
        ("appraisal", "nav.appraisal", ":material/military_tech:"),
        ("unit_file", "nav.unit_file", ":material/folder_shared:"),
        ("bulletin", "nav.bulletin", ":material/description:"),
    ],
    "data": [
        ("upload", "nav.upload", ":material/upload_file:"),
        ("history", "nav.history", ":material/history:"),
        ("datasets", "nav.datasets", ":material/table_view:"),
    ],
    "admin": [("users", "nav.users", ":material/manage_accounts:")],
}

pages = {}
for group, entries in ALL_PAGES.items():
    allowed = [
        st.Page(
            f"pages/{stem}.py",
            title=ui.t(key),
            icon=icon,
            url_path=stem,
            default=stem == "overview",
        )
        for stem, key, icon in entries
        if auth.may_open(account.role, stem) and ui.page_exists(stem)
    ]
    if allowed:
        pages[ui.t(f"nav.group.{group}")] = allowed
ui.run_safely(st.navigation(pages))
