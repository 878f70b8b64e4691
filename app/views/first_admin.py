"""首次使用: a real store starts with no accounts; say how to create the first administrator."""

import streamlit as st

from app import ui


def first_admin() -> None:

    st.title(ui.t("app.title"))
    st.warning(ui.t("auth.no_accounts"), icon=":material/person_add:")
    # The data directory is the operator's to know, not an anonymous visitor's.
    st.code(
        f"python -m app users add NAME --role admin --data-dir {ui.t('auth.data_dir_placeholder')}",
        language="bash",
    )
    st.caption(ui.t("auth.no_accounts_after"))
