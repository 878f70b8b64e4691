"""The 督查督办 page's sections: the date, the counts, the register with its filters, one item's
steps and the forms that move it on, the month's proposals, an item entered by hand and the
督办通知单. Every write goes through :mod:`app.supervision` (the same rules as the command line)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app import supervision, ui
from app.metrics import supervision as rules
from app.reports import tables
from app.reports.supervision_notice import notice_docx
from schemas.common import SUPERVISION_STATUSES

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIGHTS = ["red", "yellow", "blue", "none", "green"]


def _error(exc: supervision.SupervisionError) -> None:
    st.error(exc.message(ui.lang()))


def _done(message: str) -> None:
    st.session_state["sup_done"] = message
    st.rerun()


def as_of_input() -> dt.date:
    """The register's date: today in the current campaign year, else the sidebar month's end."""
    default = supervision.register_date(ui.settings(), ui.year(), ui.as_of_date())
    if "sup_done" in st.session_state:
        st.success(st.session_state.pop("sup_done"))
    return st.date_input(ui.t("sup.as_of"), value=default, key=f"sup_as_of_{default}")


def counts(as_of: dt.date) -> None:
    figures = ui.report("supervision_counts", as_of)
    cols = st.columns(4)
    for col, key in zip(cols, ("open", "due_soon", "overdue", "closed"), strict=True):
        col.metric(ui.t(f"sup.count.{key}"), f"{figures[key]:,}")


def register(as_of: dt.date, account: Any) -> pd.DataFrame:
    """The register at ``as_of``, filtered; an uploader sees its own units' items only."""
    states = ui.report("supervision_register", as_of)
    mine = supervision.visible_units(account)
    if mine is not None:
        states = states[states["unit_code"].isin(mine)]
    if states.empty:
        st.info(ui.t("sup.register.empty"))
        return states
    units = ui.names("units", "unit_code")
    c1, c2, c3, c4 = st.columns(4)
    codes = sorted(states["unit_code"].dropna().unique())
    unit = c1.selectbox(
        ui.t("sup.filter.unit"),
        [None, *codes],
        format_func=lambda c: ui.t("sup.filter.all") if c is None else units.get(c, c),
        key="sup_unit",
    )
    status = c2.multiselect(
        ui.t("sup.filter.status"),
        SUPERVISION_STATUSES,
        format_func=ui.labeller({s: ui.label("sup_status", s) for s in SUPERVISION_STATUSES}),
        key="sup_status",
        placeholder=ui.t("sup.filter.all"),
    )
    sources = sorted(states["source"].unique())
    source = c3.multiselect(
        ui.t("sup.filter.source"),
        sources,
        format_func=ui.labeller({s: ui.label("sup_source", s) for s in sources}),
        key="sup_source",
        placeholder=ui.t("sup.filter.all"),
    )
    light = c4.multiselect(
        ui.t("sup.filter.light"),
        LIGHTS,
        format_func=ui.labeller({x: ui.label("sup_light", x) for x in LIGHTS}),
        key="sup_light",
        placeholder=ui.t("sup.filter.all"),
    )
    shown = states
    if unit:
        shown = shown[shown["unit_code"] == unit]
    if status:
        shown = shown[shown["status_at"].isin(status)]
    if source:
        shown = shown[shown["source"].isin(source)]
    if light:
        shown = shown[shown["light"].isin(light)]
    table = tables.headed(
        tables.supervision_register(shown, ui.table_names(), ui.lang()), ui.lang()
    )
    st.caption(ui.t("sup.register.caption", shown=len(shown), total=len(states)))
    ui.show_table(table, ui.t("sup.file.register", date=f"{as_of:%Y-%m-%d}"), "sup_register")
    return states


def item_panel(as_of: dt.date, account: Any, states: pd.DataFrame) -> None:
    """One item: what it is, its steps, and the forms the account may use on it."""
    if states.empty:
        st.info(ui.t("sup.register.empty"))
        return
    ids = states["item_id"].tolist()
    item_id = st.selectbox(
        ui.t("sup.item.choose"),
        ids,
        format_func=lambda i: f"{i} · {states.loc[states['item_id'] == i, 'finding'].iloc[0][:40]}",
        key="sup_item",
    )
    row = states[states["item_id"] == item_id].iloc[0]
    unit = ui.names("units", "unit_code").get(row["unit_code"], row["unit_code"] or "—")
    st.markdown(f"**{ui.esc(row['finding'])}**")
    st.caption(
        ui.t(
            "sup.item.facts",
            unit=ui.esc(unit),
            issued=f"{row['issued_on']:%Y-%m-%d}",
            due=f"{row['due_at']:%Y-%m-%d}",
            status=ui.label("sup_status", row["status_at"]),
            light=ui.label("sup_light", row["light"]),
        )
    )
    if isinstance(row["requirement"], str):
        st.write(ui.t("sup.item.requirement", text=ui.esc(row["requirement"])))
    steps = tables.headed(tables.supervision.item_steps(rules.steps(row), ui.lang()), ui.lang())
    st.dataframe(steps, hide_index=True, width="stretch")
    if isinstance(row["feedback_sha256"], str):
        data = supervision.attachment(ui.store(), row["feedback_sha256"])
        if data is not None:
            st.download_button(
                ui.t("sup.item.attachment", name=row["feedback_file"]),
                data,
                file_name=str(row["feedback_file"]),
                key="sup_attachment",
            )
    _forms(row, account)


def _forms(row: pd.Series, account: Any) -> None:
    store, settings = ui.store(), ui.settings()
    item_id, status = row["item_id"], row["status"]
    if status != "closed" and supervision.may_answer(account, row["unit_code"]):
        with st.form("sup_feedback", clear_on_submit=True):
            st.markdown(ui.t("sup.form.feedback"))
            text = st.text_area(ui.t("sup.form.text"), key="sup_fb_text")
            file = st.file_uploader(ui.t("sup.form.file"), key="sup_fb_file")
            on = st.date_input(
                ui.t("sup.form.on"), value=supervision.today(settings), key="sup_fb_on"
            )
            if st.form_submit_button(ui.t("sup.form.send"), type="primary"):
                attached = (file.name, file.getvalue()) if file is not None else None
                try:
                    supervision.feedback(
                        store, settings, item_id, text=text, account=account, file=attached, on=on
                    )
                    _done(ui.t("sup.done.feedback", item=item_id))
                except supervision.SupervisionError as exc:
                    _error(exc)
    if not supervision.may_supervise(account) or status == "closed":
        return
    left, middle, right = st.columns(3)
    with left.form("sup_close"):
        on = st.date_input(ui.t("sup.form.on"), value=supervision.today(settings), key="sup_cl_on")
        if st.form_submit_button(ui.t("sup.form.close"), disabled=status != "feedback"):
            _act(
                lambda: supervision.close(store, settings, item_id, account=account, on=on), item_id
            )
    with middle.form("sup_return"):
        reason = st.text_input(ui.t("sup.form.reason"), key="sup_rt_reason")
        if st.form_submit_button(ui.t("sup.form.return"), disabled=status != "feedback"):
            _act(
                lambda: supervision.return_item(
                    store, settings, item_id, reason=reason, account=account
                ),
                item_id,
            )
    with right.form("sup_extend"):
        to = st.date_input(ui.t("sup.form.to"), value=row["due_on"].date(), key="sup_ex_to")
        why = st.text_input(ui.t("sup.form.reason"), key="sup_ex_reason")
        if st.form_submit_button(ui.t("sup.form.extend")):
            _act(
                lambda: supervision.extend(
                    store, settings, item_id, to=to, reason=why, account=account
                ),
                item_id,
            )


def _act(step: Any, item_id: str) -> None:
    try:
        done = step()
        _done(ui.t("sup.done.step", item=item_id, status=ui.label("sup_status", done["status"])))
    except supervision.SupervisionError as exc:
        _error(exc)


def propose(account: Any) -> None:
    """The month's findings not yet acted on: choose, set the due date, issue."""
    months = list(reversed(ui.periods(ui.year()))) or [ui.month()]
    month = st.selectbox(ui.t("sup.propose.month"), months, key="sup_month")
    found = ui.report("supervision_candidates", month)
    if found.empty:
        st.info(ui.t("sup.propose.none", month=month))
        return
    # By source first (a province's month holds thousands of findings), then, optionally,
    # the rows chosen in the table: none chosen issues every finding shown.
    counts = found["source"].value_counts(sort=False)  # in the findings' order
    sources = [str(s) for s in counts.index]
    wanted = st.multiselect(
        ui.t("sup.filter.source"),
        sources,
        default=sources,
        format_func=ui.labeller(
            {s: f"{ui.label('sup_source', s)}（{counts[s]}）" for s in sources}
        ),
        key=f"sup_sources_{month}",
    )
    # Positions, not frames: a rerun of a province's month does not copy 150,000 rows.
    shown_rows = min(ui.TABLE_ROWS, ui.LIST_LIMIT * 10)
    table, where = ui.view(_proposal_page, month, tuple(wanted), shown_rows)
    if len(where) > shown_rows:  # a province's month: tens of thousands, all issued
        st.caption(ui.t("sup.propose.cut", shown=f"{shown_rows:,}", n=f"{len(where):,}"))
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key=f"sup_pick_{month}",
    )
    rows = list(event.selection.rows) if event is not None else []
    picking = where[rows] if rows else where
    st.caption(ui.t("sup.propose.picked", n=len(picking), total=len(found)))
    c1, c2 = st.columns(2)
    days = c1.number_input(ui.t("sup.propose.days"), min_value=0, value=0, key="sup_days")
    on = c2.date_input(ui.t("sup.form.on"), value=supervision.today(ui.settings()), key="sup_on")
    requirement = st.text_input(ui.t("sup.propose.requirement"), key="sup_requirement")
    if st.button(
        ui.t("sup.propose.issue", n=len(picking)), type="primary", disabled=not len(picking)
    ):
        # The keys on the click only (a province's month: 150,000 findings).
        chosen = rules.finding_keys(found.take(picking)).tolist()
        try:
            ids = supervision.issue(
                ui.store(),
                ui.settings(),
                month,
                user=account.name,
                account=account,
                chosen=chosen,
                due_days=int(days) or None,
                on=on,
                requirement=requirement.strip() or None,
            )
            _done(ui.t("sup.cli.issued", count=len(ids), month=month))
        except supervision.SupervisionError as exc:
            _error(exc)


def _proposal_page(month: str, wanted: tuple[str, ...], limit: int) -> tuple[pd.DataFrame, Any]:
    """The proposals of the sources ``wanted``: the first ``limit`` rows as a person reads
    them (worded for these rows only), and every one's position among the month's findings
    (kept per choice: a rerun copies nothing)."""
    rows, where = ui.report("proposal_page", month, wanted, limit)
    made = tables.supervision_proposals(rows, ui.table_names(), ui.lang())
    return tables.headed(made, ui.lang()), where


def add_by_hand(account: Any) -> None:
    """A spot check's finding (明查暗访) or a leader's instruction (领导批示)."""
    units = ui.names("units", "unit_code")
    with st.form("sup_add"):
        source = st.radio(
            ui.t("sup.add.source"),
            ["inspection", "instruction"],
            format_func=lambda s: ui.label("sup_source", s),
            horizontal=True,
        )
        unit = st.selectbox(
            ui.t("sup.filter.unit"), list(units), format_func=lambda c: units.get(c, c)
        )
        finding = st.text_area(ui.t("export.col.finding"))
        requirement = st.text_input(ui.t("sup.propose.requirement"))
        today = supervision.today(ui.settings())
        due = st.date_input(ui.t("export.col.due_on"), value=today + dt.timedelta(days=15))
        if st.form_submit_button(ui.t("sup.add.submit"), type="primary"):
            try:
                item_id = supervision.add_item(
                    ui.store(),
                    ui.settings(),
                    user=account.name,
                    account=account,
                    source=source,
                    finding=finding,
                    unit_code=unit,
                    due=due,
                    requirement=requirement.strip() or None,
                )
                _done(ui.t("sup.done.added", item=item_id))
            except supervision.SupervisionError as exc:
                _error(exc)


def notice(as_of: dt.date, account: Any) -> None:
    """督办通知单: one unit's open items as a Word notice, ready to sign."""
    states = ui.report("supervision_register", as_of)
    open_ = states[(states["status_at"] != "closed") & states["unit_code"].notna()]
    mine = supervision.visible_units(account)
    if mine is not None:
        open_ = open_[open_["unit_code"].isin(mine)]
    codes = sorted(open_["unit_code"].unique())
    if not codes:
        st.info(ui.t("sup.notice.no_units"))
        return
    units = ui.names("units", "unit_code")
    unit = st.selectbox(
        ui.t("sup.filter.unit"), codes, format_func=lambda c: units.get(c, c), key="sup_n_unit"
    )
    lang, settings, read = ui.lang(), ui.settings(), ui.read
    st.download_button(
        ui.t("sup.notice.download"),
        ui.on_click(
            ("sup_notice", unit, as_of, lang, tuple(ui.versions().items())),
            lambda: notice_docx(read, settings, unit, as_of, lang),
        ),
        file_name=ui.t("sup.file.notice", unit=units.get(unit, unit), date=f"{as_of:%Y%m%d}"),
        mime=DOCX_MIME,
        key="sup_notice",
        type="primary",
    )
