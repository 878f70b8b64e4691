"""用户管理: add and disable accounts, reset passwords, set role and scope (admins only)."""

import streamlit as st

from app import auth, ui
from app.views import users_sections as sections
from schemas import DATASETS

ui.require("users")
st.title(ui.t("nav.users"))
store = ui.store()
if "users_done" in st.session_state:  # a change's message, shown after the rerun it causes
    st.success(st.session_state.pop("users_done"), icon=":material/check_circle:")

frame = auth.accounts_frame(store)
shown = frame.copy()
shown["role"] = shown["role"].map(lambda r: ui.t(f"auth.role.{r}"))
for column in ("units", "townships", "datasets"):
    shown[column] = shown[column].map(
        lambda v: "、".join(v) if isinstance(v, list) else ui.t("auth.all")
    )
shown["disabled"] = shown["disabled"].map(
    lambda d: ui.t("auth.disabled") if d else ui.t("auth.active")
)
st.dataframe(
    shown.rename(columns={c: ui.t(f"auth.col.{c}") for c in shown.columns}),
    hide_index=True,
    width="stretch",
)

units = ui.names("units", "unit_code")
townships = ui.names("townships", "township_code")
facts = [n for n, d in DATASETS.items() if d.kind != "master"]
role_labels = ui.labeller({r: ui.t(f"auth.role.{r}") for r in auth.ROLES})
unit_labels = ui.labeller({c: f"{c} {n}" for c, n in units.items()})
township_labels = ui.labeller({c: f"{c} {n}" for c, n in townships.items()})
dataset_labels = ui.labeller({n: DATASETS[n].title(ui.lang()) for n in DATASETS})


def scope_inputs(prefix: str, current: auth.Account | None = None) -> dict:
    c = current
    return {
        "units": st.multiselect(
            ui.t("auth.col.units"),
            list(units),
            default=(c.units or []) if c else [],
            format_func=unit_labels,
            key=f"{prefix}_units",
            help=ui.t("auth.scope_help"),
        ),
        "townships": st.multiselect(
            ui.t("auth.col.townships"),
            list(townships),
            default=(c.townships or []) if c else [],
            format_func=township_labels,
            key=f"{prefix}_townships",
            help=ui.t("auth.scope_help"),
        ),
        "datasets": st.multiselect(
            ui.t("auth.col.datasets"),
            facts,
            default=[d for d in (c.datasets or []) if d in facts] if c else [],
            format_func=dataset_labels,
            key=f"{prefix}_datasets",
            help=ui.t("auth.scope_help"),
        ),
    }


add, edit, locks = st.tabs([ui.t("auth.add"), ui.t("auth.edit"), ui.t("auth.security")])
with add, st.form("add_user", clear_on_submit=True):
    name = st.text_input(ui.t("auth.name"), key="new_name")
    password = st.text_input(
        ui.t("auth.password"),
        type="password",
        key="new_password",
        help=ui.t("auth.password_help", n=auth.MIN_PASSWORD),
    )
    role = st.selectbox(ui.t("auth.col.role"), auth.ROLES, format_func=role_labels, key="new_role")
    scope = scope_inputs("new")
    if st.form_submit_button(ui.t("auth.add"), type="primary"):
        try:
            auth.add_account(store, name, password, role, **scope)
        except auth.AuthError as exc:
            st.error(ui.t(exc.key, **exc.params))
        else:
            st.session_state["users_done"] = ui.t("auth.added", name=name)
            st.rerun()

with edit:
    names = frame["name"].tolist()
    if not names:
        st.info(ui.t("auth.none"))
    else:
        who = st.selectbox(ui.t("auth.name"), names, key="edit_name")
        current = auth.get_account(store, who)
        with st.form("edit_user"):
            role = st.selectbox(
                ui.t("auth.col.role"),
                auth.ROLES,
                index=auth.ROLES.index(current.role),
                format_func=role_labels,
                key=f"edit_role_{who}",
            )
            scope = scope_inputs(f"edit_{who}", current)
            disabled = st.checkbox(
                ui.t("auth.disable"), value=current.disabled, key=f"edit_dis_{who}"
            )
            new_password = st.text_input(
                ui.t("auth.reset_password"),
                type="password",
                key=f"edit_pw_{who}",
                help=ui.t("auth.password_help", n=auth.MIN_PASSWORD),
            )
            if st.form_submit_button(ui.t("auth.save"), type="primary"):
                changes = {"role": role, "disabled": disabled, **scope}
                if new_password:
                    changes["password"] = new_password
                if who == ui.current_user() and (disabled or role != "admin"):
                    st.error(ui.t("auth.err.self_lockout"))
                else:
                    me = ui.current_user()  # before: a new password ends its sessions
                    try:
                        auth.update_account(store, who, **changes)
                    except auth.AuthError as exc:
                        st.error(ui.t(exc.key, **exc.params))
                    else:
                        if who == me and new_password:
                            # A new password ends every other sign-in of the account, not
                            # this one: a fresh token, kept by the browser at once.
                            ui.sign_in(who, remember=True)
                            ui.write_session_cookie()
                        st.success(ui.t("auth.saved", name=who))

with locks:
    sections.security(store)
