"""The 四帮四促 page's longer sections (petitions, the ledger, contact points): they only draw
what ``app.reports`` computes and ``app.reports.tables`` lays out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from app import ui
from app.format import number, pct
from app.reports import compute, tables


def person(row: Any, units: dict[str, str]) -> dict[str, str]:
    """A cadre's name, unit and level, as the catalogue's sentences name them."""
    unit = ui.esc(units.get(str(row.unit_code), ""))
    return {"name": ui.esc(row.name), "unit": unit, "level": ui.label("level", row.level)}


def behind_list(behind: pd.DataFrame, units: dict[str, str]) -> None:
    """The cadres behind on days at the grassroots, named, the first LIST_LIMIT of them."""
    ui.laggards(behind_items(behind, units), len(behind))


def behind_items(behind: pd.DataFrame, units: dict[str, str]) -> list[str]:
    """The first LIST_LIMIT cadres behind, each as the sentence that names them."""
    return [
        ui.t("field.behind_item", **person(r, units), days=int(r.days), due=number(r.due, 1))
        for r in behind.head(ui.LIST_LIMIT).itertuples()
    ]


def petitions(pets: pd.DataFrame, as_of: dt.date, units: dict[str, str]) -> None:
    """信访维稳: each leading cadre's prominent cases resolved, and the open cases by type."""
    rule = ui.settings().petitions
    st.subheader(ui.t("field.petitions"))
    st.caption(
        ui.t(
            "field.petitions_rule",
            date=f"{rule.spring_festival:%Y-%m-%d}",
            a=rule.before_festival_min,
            year=rule.in_year,
            b=rule.in_year_min,
        )
    )
    short = pets[pets["status"] == "short"]
    if short.empty and not pets.empty:
        st.success(ui.t("field.petitions_ok"))
    rows = short.head(ui.LIST_LIMIT).itertuples()
    ui.laggards(
        [
            ui.t(
                "field.petitions_item",
                **person(r, units),
                a=int(r.before_festival),
                b=int(r.in_year),
            )
            for r in rows
        ],
        len(short),
    )
    ui.show_table(ui.table("petitions", as_of), ui.t("field.file.petitions"), "fd_petitions")
    open_table = ui.table("open_cases_by_type", as_of)
    total = int(open_table[ui.header("open")].sum())
    ui.bars(
        open_table,
        "dispute_type",
        "open",
        ui.t("field.open_chart", n=total),
        colour="#fd8d3c",
        whole=True,
    )
    with st.expander(ui.t("field.open_table")):
        ui.show_table(open_table, ui.t("field.file.open"), "fd_open")


def ledger(year: int, as_of: dt.date, township: str | None) -> None:
    """工作台账: search who / where / what / outcome within a date range."""
    st.subheader(ui.t("field.ledger"))
    c1, c2 = st.columns([3, 2])
    query = c1.text_input(
        ui.t("field.search"), key="ledger_query", placeholder=ui.t("field.search_hint")
    ).strip()
    first = dt.date(year, 1, 1)
    period = c2.date_input(
        ui.t("field.date_range"),
        value=(first, as_of),
        key=f"ledger_dates_{year}",
        min_value=dt.date(year - 1, 1, 1),
        max_value=dt.date(year, 12, 31),
    )
    picked = tuple(period) if isinstance(period, tuple | list) and period else (first,)
    start, end = (picked + (as_of,))[:2]
    head = ui.report("field_ledger_head", start, end, query, township, ui.TABLE_ROWS)
    towns = ui.names("townships", "township_code")
    where = towns.get(township, township) if township else ui.t("sidebar.whole_county")
    st.caption(
        ui.t(
            "field.ledger_count",
            n=head["count"],
            where=ui.esc(where),
            start=f"{start:%Y-%m-%d}",
            end=f"{end:%Y-%m-%d}",
        )
    )
    language, found = ui.lang(), ui.table_names()

    def whole() -> pd.DataFrame:
        """Every row, made on the download's click (a province's year is 600,000 activities)."""
        rows = compute.field_ledger(ui.read, ui.settings(), start, end, query, township)
        ui.release_memory()
        return tables.headed(tables.ledger(rows, found, language), language)

    if head["count"] > ui.TABLE_ROWS:
        st.caption(ui.t("app.table_cut", shown=f"{ui.TABLE_ROWS:,}", n=f"{head['count']:,}"))
    shown = tables.headed(tables.ledger(head["rows"], found, language), language)
    st.dataframe(shown, hide_index=True, width="stretch", height=360)
    name = ui.t("field.file.ledger", start=f"{start:%Y%m%d}", end=f"{end:%Y%m%d}")
    ui.downloads(whole, name, "fd_ledger")


def contacts(year: int, as_of: dt.date, township: str | None) -> None:
    """联系点: group help and paired contact, and which had activity this year."""
    st.subheader(ui.t("field.contacts"))
    summary = ui.report("contact_summary", year, as_of)
    for col, row in zip(st.columns(max(1, len(summary))), summary.itertuples(), strict=False):
        colour = "green" if row.coverage >= 1 else "orange"
        covered = ui.t("field.coverage", covered=int(row.covered), pairings=int(row.pairings))
        col.metric(
            ui.label("scheme", row.scheme),
            covered,
            delta=pct(row.coverage),
            delta_arrow="off",
            delta_color=colour,
            border=True,
        )
        col.caption(
            ui.t(
                f"field.scheme_shape.{row.scheme}",
                units=int(row.units),
                townships=int(row.townships),
                villages=int(row.villages),
                poor=int(row.poor_villages),
            )
        )
    points = ui.report("contact_points", year, as_of)
    table = ui.table("contact_points", year, as_of)
    if township:
        inside = (points["township_code"] == township).to_numpy()
        points, table = points[inside], table[inside]
    idle = points[~points["covered"]]
    if len(idle):
        st.markdown(f"**{ui.t('field.uncovered', n=len(idle))}**")
        places = [
            ui.t(
                "field.uncovered_item",
                unit=ui.esc(r.unit),
                place=ui.esc(r.village if isinstance(r.village, str) else r.township),
            )
            for r in idle.head(ui.LIST_LIMIT).itertuples()
        ]
        ui.laggards(places, len(idle), mark="○")
    elif len(points):
        st.success(ui.t("field.all_covered"))
    ui.show_table(table, ui.t("field.file.contacts", date=f"{as_of:%Y-%m-%d}"), "fd_contacts")
