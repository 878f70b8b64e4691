"""The surveys page's sections after the ranking: accountability, rectification, complaints
and units not surveyed (they only draw what ``app.reports`` computes)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app import ui


def accountability(year: int, as_of: dt.date) -> None:
    """问责: every action of the year so far, grouped by action, and the table."""
    actions = ui.report("accountability", year, as_of)
    st.subheader(ui.t("surveys.accountability", n=actions["unit_code"].nunique()))
    st.caption(ui.t("surveys.accountability_rule"))
    if actions.empty:
        st.success(ui.t("surveys.no_actions"))
    else:
        units = ui.names("units", "unit_code")
        for action, group in actions.groupby("action", sort=False):
            who = [
                ui.t(
                    "surveys.action_who",
                    unit=ui.esc(units.get(str(r.unit_code), str(r.unit_code))),
                    round=ui.t("overview.round", n=int(r.round)),
                )
                if pd.notna(r.round)
                else ui.esc(units.get(str(r.unit_code), str(r.unit_code)))
                for r in group.head(ui.LIST_LIMIT).itertuples()
            ]
            st.markdown(
                "- :orange[▲] "
                + ui.t(
                    "surveys.action_group",
                    action=ui.label("action", action),
                    who=ui.t("app.list_sep").join(who),
                )
            )
            ui.more(len(group))
        action_table = ui.table("accountability", year, as_of)
        st.dataframe(ui.shown_rows(action_table), hide_index=True, width="stretch")
        ui.downloads(
            action_table, ui.t("surveys.file.actions", date=f"{as_of:%Y-%m-%d}"), "sv_actions"
        )


def rectifications(year: int, as_of: dt.date) -> None:
    """Round 1: rectification measures due within N days (on time, late, missing)."""
    rect = ui.report("rectification_status", year, as_of)  # round 1: measures due within N days
    st.subheader(ui.t("surveys.rectification", round=ui.settings().survey.rectification_round))
    st.caption(ui.t("surveys.rectification_rule", days=ui.settings().survey.rectification_days))
    if rect.empty:
        st.info(ui.t("surveys.no_rectification_round"))
    else:
        counts = rect["status"].value_counts()
        with st.container(horizontal=True):  # four small cards, two a row on a phone
            for key in ("on_time", "late", "missing", "pending"):
                st.metric(
                    ui.t(f"surveys.rect.{key}"), int(counts.get(key, 0)), border=True, width=160
                )
        for key, mark in (("missing", ":red[■]"), ("late", ":orange[▲]")):
            names = rect.loc[rect["status"] == key, "name"]
            if len(names):
                st.markdown(
                    f"- {mark} "
                    + ui.t(
                        "surveys.action_group",
                        action=ui.t(f"surveys.rect.{key}"),
                        who=ui.t("app.list_sep").join(ui.esc(n) for n in names.head(ui.LIST_LIMIT)),
                    )
                )
                ui.more(len(names))
        rect_table = ui.table("rectification_status", year, as_of)
        st.dataframe(ui.shown_rows(rect_table), hide_index=True, width="stretch")
        ui.downloads(rect_table, ui.t("surveys.file.rectification", year=year), "sv_rect")


def complaints(year: int, as_of: dt.date, round_: int) -> None:
    """监督电话: verified complaints per unit (the most: its head answers for them)."""
    complaints = ui.table("complaints_by_unit", year, as_of, round_)  # the most → its head answers
    st.subheader(ui.t("surveys.complaints", n=len(complaints)))
    if complaints.empty:
        st.info(ui.t("surveys.no_complaints"))
    else:
        st.caption(ui.t("surveys.complaints_round", round=round_))
        st.dataframe(ui.shown_rows(complaints), hide_index=True, width="stretch")
        ui.downloads(
            complaints, ui.t("surveys.file.complaints", date=f"{as_of:%Y-%m-%d}"), "sv_complaints"
        )


def missing(year: int, rounds: list[int]) -> None:
    """Units of the surveyed categories absent from a round: listed, not ranked."""
    missing = ui.report("units_missing", year)  # absent from a round: listed, not ranked
    listed = missing["round"].isin(rounds).to_numpy()
    st.subheader(ui.t("surveys.missing", n=int(listed.sum())))
    if not listed.any():
        st.success(ui.t("surveys.none_missing"))
    else:
        for r, group in missing[listed].groupby("round"):
            who = [
                ui.t(
                    "surveys.action_who",
                    unit=ui.esc(row.name),
                    round=ui.label("category", row.category),
                )
                for row in group.head(ui.LIST_LIMIT).itertuples()
            ]
            st.markdown(
                "- "
                + ui.t(
                    "surveys.action_group",
                    action=ui.t("overview.round", n=int(r)),
                    who=ui.t("app.list_sep").join(who),
                )
            )
            ui.more(len(group))
        missing_table = ui.table("units_missing", year)[listed]
        st.dataframe(ui.shown_rows(missing_table), hide_index=True, width="stretch")
        ui.downloads(missing_table, ui.t("surveys.file.missing", year=year), "sv_missing")
