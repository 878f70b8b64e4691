"""The users page's sign-in security tab: lockouts to lift and the demo accounts to remove
(an administrator's acts, audited)."""

from __future__ import annotations

import streamlit as st

from app import auth, ui


def security(store) -> None:  # noqa: ANN001 - the app's Store
    """Who is locked out (with a button each), and the demo accounts removed in one step."""
    locked = auth.locked_names(store)
    st.caption(ui.t("auth.locked_help"))
    if not locked:
        st.info(ui.t("auth.none_locked"))
    for who in locked:
        if st.button(ui.t("auth.unlock", name=who), key=f"unlock_{who}"):
            auth.unlock(store, who, by=ui.current_user())
            st.session_state["users_done"] = ui.t("auth.unlocked", name=who)
            st.rerun()
    demo = auth.demo_accounts_left(store)
    if demo and st.button(ui.t("auth.remove_demo", n=len(demo)), key="remove_demo", type="primary"):
        try:
            auth.remove_demo_accounts(store, by=ui.current_user())
        except auth.AuthError as exc:
            st.error(ui.t(exc.key, **exc.params))
        else:
            st.session_state["users_done"] = ui.t("auth.demo_removed")
            st.rerun()
