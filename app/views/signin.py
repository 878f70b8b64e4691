"""登录: sign in. Wrong name and wrong password get the same answer."""

import streamlit as st

from app import auth, ui


def signin() -> None:

    st.title(ui.t("app.title"))
    st.caption(ui.t("app.subtitle"))
    if st.session_state.pop("session_expired", False):
        st.info(ui.t("auth.expired"), icon=":material/schedule:")

    with st.form("signin", enter_to_submit=True):
        st.subheader(ui.t("nav.signin"))
        name = st.text_input(ui.t("auth.name"), key="signin_name")
        password = st.text_input(ui.t("auth.password"), type="password", key="signin_password")
        submitted = st.form_submit_button(ui.t("auth.sign_in"), type="primary")

    if submitted:
        try:
            account = auth.authenticate(
                ui.store(), name, password, ui.settings().auth, client=ui.client_address()
            )
        except auth.AuthError as exc:
            st.error(ui.t(exc.key, **exc.params), icon=":material/error:")
        else:
            ui.sign_in(account.name, remember=True)
            st.rerun()

    shown = auth.demo_accounts_left(ui.store()) if ui.is_demo() else []
    if shown:  # only while the demo accounts exist (an admin removes them in one step)
        st.divider()
        st.markdown(f"**{ui.t('auth.demo_accounts')}**")
        for spec in shown:
            role = ui.t("auth.role." + spec["role"])
            st.markdown(
                ui.t("auth.demo_line", name=spec["name"], password=spec["password"], role=role)
            )
