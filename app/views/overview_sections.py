"""The overview page's sections: the headline cards and what needs attention (they only draw
what ``app.reports`` computes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from app import ui
from app.format import number, pct, signed_pct
from app.views import field_sections


def cards(head: dict[str, Any], year: int) -> None:
    """The headline cards (they stack on a phone), each with its sparkline and 同比."""
    conf = ui.settings().project_year

    def spark(code: str) -> list[float] | None:
        series = ui.report("series", year, code)
        return None if series.empty else series["ytd"].fillna(0).round(2).tolist()

    cards = st.columns(2) + st.columns(3)
    fai = head["fai"] or {}
    funds = head["funds"] or {}
    cards[0].metric(
        ui.t("overview.card.fai"),
        number(fai.get("actual")),
        delta=ui.t("overview.yoy", v=signed_pct(head["fai_yoy"]))
        if head["fai_yoy"] is not None
        else None,
        delta_description=ui.t(
            "overview.vs_target", target=number(conf.fai_target), due=number(fai.get("due"))
        ),
        help=ui.t(
            "overview.card.fai_help", due=number(fai.get("due")), tp=pct(head["time_progress"])
        ),
        chart_data=spark(conf.fai_code),
        chart_type="area",
        border=True,
    )
    cards[1].metric(
        ui.t("overview.card.funds"),
        number(funds.get("actual")),
        delta=ui.t("overview.yoy", v=signed_pct(head["funds_yoy"]))
        if head["funds_yoy"] is not None
        else None,
        delta_description=ui.t(
            "overview.floor_stretch",
            floor=number(conf.funds_floor),
            stretch=number(conf.funds_stretch),
        ),
        help=ui.t("overview.card.funds_help"),
        chart_data=spark(conf.funds_code),
        chart_type="area",
        border=True,
    )
    cards[2].metric(
        ui.t("overview.card.survey"),
        ui.t("overview.round", n=head["survey_round"]) if head["survey_round"] else "—",
        delta=ui.t("overview.accountable", n=head["accountable_units"]),
        delta_color="red" if head["accountable_units"] else "off",
        delta_arrow="off",
        border=True,
    )
    cards[3].metric(
        ui.t("overview.card.days"),
        pct(head["days_ok_share"]),
        delta=ui.t("overview.behind", n=head["days_behind"]),
        delta_color="red" if head["days_behind"] else "off",
        delta_arrow="off",
        help=ui.t("overview.card.days_help"),
        border=True,
    )
    cards[4].metric(
        ui.t("overview.card.petitions"),
        pct(head["petitions_met_share"]),
        delta=ui.t("overview.short", n=head["petitions_short"]),
        delta_color="red" if head["petitions_short"] else "off",
        delta_arrow="off",
        help=ui.t("overview.card.petitions_help"),
        border=True,
    )


def attention(head: dict[str, Any], year: int) -> None:
    """Needs attention: red indicators, stalled projects, accountable units, cadres behind."""
    st.subheader(ui.t("overview.attention"))
    lists = ui.view(_attention_lists, year, ui.month(), ui.as_of_date())
    left, right = st.columns(2)
    for column, parts in ((left, ("red", "stalled")), (right, ("actions", "behind"))):
        with column:
            for part in parts:
                title, items, total, mark = lists[part]
                st.markdown(f"**{title}**")
                ui.laggards(items, total, **({"mark": mark} if mark else {}))


def _attention_lists(year: int, month: str, as_of: dt.date) -> dict[str, tuple]:
    """Each list's title, its first LIST_LIMIT sentences, how many in all and its mark, made
    once per version and language (a province's 50,000 cadres are not sifted on a rerun)."""
    head = ui.report("headline", year, month)
    units = ui.names("units", "unit_code")
    red = head["red"]
    red_items = [
        ui.t(
            "overview.red_item" if r.direction != "lower" else "overview.red_item_lower",
            name=ui.esc(r.name),
            c=pct(r.completion),
            tp=pct(r.time_progress),
        )
        for r in red.head(ui.LIST_LIMIT).itertuples()
    ]
    stalled = head["stalled"]
    cadres = ui.names_of("cadres", "cadre_id", stalled["lead_cadre_id"].head(ui.LIST_LIMIT))
    stalled_items = [
        ui.t(
            "overview.stalled_item",
            name=ui.esc(r.name),
            n=int(r.idle_months),
            who=ui.esc(cadres.get(str(r.lead_cadre_id), "—")),
        )
        for r in stalled.head(ui.LIST_LIMIT).itertuples()
    ]
    actions = ui.report("accountability", year, as_of)
    named = actions["unit_code"].drop_duplicates().head(ui.LIST_LIMIT)
    action_items = [
        ui.t(
            "overview.action_item",
            unit=ui.esc(units.get(str(code), str(code))),
            actions=ui.t("app.list_sep").join(
                dict.fromkeys(ui.label("action", a) for a in group["action"])
            ),
        )
        for code, group in actions[actions["unit_code"].isin(named)].groupby(
            "unit_code", sort=False
        )
    ]
    accountable = int(actions["unit_code"].nunique())
    days = ui.report("field_days", year, as_of)
    behind = days[days["status"] == "behind"]
    return {
        "red": (ui.t("overview.red_indicators", n=len(red)), red_items, len(red), ":red[■]"),
        "stalled": (
            ui.t("overview.stalled", n=len(stalled)),
            stalled_items,
            len(stalled),
            ":red[■]",
        ),
        "actions": (
            ui.t("overview.accountability", n=accountable),
            action_items,
            accountable,
            None,
        ),
        "behind": (
            ui.t("overview.cadres_behind", n=len(behind)),
            field_sections.behind_items(behind, units),
            len(behind),
            None,
        ),
    }


def supervision(year: int) -> None:
    """督查督办 at a glance: items open, due soon and overdue, with a link to the register."""
    from app.supervision import register_date

    as_of = register_date(ui.settings(), year, ui.as_of_date())
    figures = ui.report("supervision_counts", as_of)
    if not figures["items"]:
        return
    st.subheader(ui.t("nav.supervision"))
    cols = st.columns(3)
    for col, key in zip(cols, ("open", "due_soon", "overdue"), strict=True):
        col.metric(ui.t(f"sup.count.{key}"), f"{figures[key]:,}", border=True)
    st.page_link(
        "pages/supervision.py",
        label=ui.t("sup.overview.link", date=f"{as_of:%Y-%m-%d}"),
        icon=":material/assignment_late:",
    )
