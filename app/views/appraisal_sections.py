"""The appraisal page's and the unit-file page's sections (they only draw what
``app.reports.appraisal`` computes and ``app.reports.tables`` lays out)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app import charts, ui

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def groups(results: pd.DataFrame) -> dict[str, str]:
    """The (kind, category) groups present, as ``kind:category`` → label."""
    found = results[["kind", "category"]].drop_duplicates()
    return {
        f"{k}:{c}": f"{ui.label('appraisal_kind', k)} · {ui.label('category', c)}"
        for k, c in found.itertuples(index=False)
    }


def in_group(results: pd.DataFrame, group: str) -> Any:
    kind, category = group.split(":", 1)
    return ((results["kind"] == kind) & (results["category"] == category)).to_numpy()


def summary(shown: pd.DataFrame) -> None:
    """Four cards: appraised, eligible, 优秀, 较差."""
    with st.container(horizontal=True):
        for key, value in (
            ("appraised", len(shown)),
            ("eligible", int(shown["eligible"].sum())),
            ("excellent", int((shown["grade"] == "excellent").sum())),
            ("poor", int((shown["grade"] == "poor").sum())),
        ):
            st.metric(ui.t(f"appraisal.card.{key}"), value, border=True, width=160)
    barred = shown[~shown["eligible"]]
    for row in barred.head(ui.LIST_LIMIT).itertuples():
        reasons = ui.t("app.list_sep").join(ui.label("action", r) for r in row.reasons)
        st.markdown(
            "- :orange[▲] " + ui.t("appraisal.ineligible_line", name=ui.esc(row.name), why=reasons)
        )
    ui.more(len(barred))


def _long_parts(year: int, group: str) -> pd.DataFrame:
    """The group's parts, one row per (unit, section), for the stacked chart."""
    from app.reports.tables.appraisal import part_label

    results = ui.report("appraisal", year)
    shown = results[in_group(results, group)]
    rows = [
        {"name": r.name, "section": part_label(k, ui.lang()), "points": v or 0.0}
        for r in shown.itertuples()
        for k, v in r.parts.items()
    ]
    return pd.DataFrame(rows, columns=["name", "section", "points"])


def breakdown_chart(year: int, group: str, shown: pd.DataFrame) -> None:
    """Each unit's total as bars stacked by section, the best first."""
    rows = ui.chart_rows(shown)
    data = ui.view(_long_parts, year, group)
    data = data[data["name"].isin(set(rows["name"]))]
    st.altair_chart(
        charts.stacked_parts(
            data,
            "name",
            "section",
            "points",
            ui.t("appraisal.chart", group=groups(shown)[group]),
            ui.t("appraisal.points"),
            order=rows["name"].tolist(),
        ),
        width="stretch",
    )
    ui.chart_cut(len(shown))


def results_table(year: int, group: str, mask: Any, shown: pd.DataFrame) -> None:
    """The group's table, each unit linked to its record, and its downloads."""
    # A group's table without the other kind's sections (units have no indicator section).
    table = ui.table("appraisal", year)[mask].reset_index(drop=True).dropna(axis=1, how="all")
    link = ui.t("appraisal.file_column")
    table.insert(
        0,
        link,
        [
            f"unit_file?unit={code}" if kind == "unit" else None
            for kind, code in zip(shown["kind"], shown["code"], strict=True)
        ],
    )
    st.dataframe(
        ui.shown_rows(table),
        hide_index=True,
        width="stretch",
        column_config={link: st.column_config.LinkColumn(display_text=ui.t("appraisal.open"))},
    )
    ui.downloads(
        table.drop(columns=link), ui.t("appraisal.file.results", year=year), "appraisal_rows"
    )


def documents(year: int) -> None:
    """考核结果 workbook and the Word 通报, made on the click."""
    from app.reports import appraisal_documents as made

    store, conf, lang = ui.store(), ui.settings(), ui.lang()
    c1, c2 = st.columns(2)
    c1.download_button(
        ui.t("appraisal.download.workbook"),
        lambda: made.appraisal_workbook(store.read, conf, year, lang),
        f"{ui.t('appraisal.file.workbook', year=year)}.xlsx",
        ui.XLSX_MIME,
        key="appraisal_workbook",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
    c2.download_button(
        ui.t("appraisal.download.notice"),
        lambda: made.appraisal_notice(store.read, conf, year, lang),
        f"{ui.t('appraisal.file.notice', year=year)}.docx",
        DOCX,
        key="appraisal_notice",
        on_click="ignore",
        icon=":material/description:",
        width="stretch",
    )


# --- 单位档案 / 干部档案 ----------------------------------------------------------------------


def _file_tables(kind: str, year: int, code: str) -> dict[str, pd.DataFrame]:
    from app.reports import tables
    from app.reports.tables import appraisal as person

    if kind == "unit":
        record = ui.report("unit_file", year, code)
        parts = person.unit_file(record, ui.table_names(), ui.lang())
    else:
        record = ui.report("cadre_file", year, code)
        parts = person.cadre_file(record, ui.table_names(), ui.lang())
    return {key: tables.headed(table, ui.lang()) for key, table in parts.items()}


def record_parts(kind: str, year: int, code: str) -> None:
    """Every part of the record: a heading, the table (or a line saying there is none)."""
    for key, table in ui.view(_file_tables, kind, year, code).items():
        st.subheader(ui.t(f"appraisal.file.{key}"))
        if table.empty:
            st.caption(ui.t("appraisal.file.none"))
        else:
            st.dataframe(ui.shown_rows(table), hide_index=True, width="stretch")


def unit_appraisal(record: dict[str, Any]) -> None:
    """The unit's year-end appraisal: total, rank, grade, eligibility, sections as bars."""
    found = record["appraisal"]
    if found is None:
        st.caption(ui.t("unit_file.not_appraised"))
        return
    with st.container(horizontal=True):
        st.metric(ui.t("appraisal.total"), f"{found['total']:.2f}", border=True, width=160)
        st.metric(
            ui.t("appraisal.rank"), f"{found['rank']}/{found['ranked']}", border=True, width=160
        )
        st.metric(ui.t("appraisal.grade"), ui.label("appraisal_grade", found["grade"]), border=True)
    if not found["eligible"]:
        reasons = ui.t("app.list_sep").join(ui.label("action", r) for r in found["reasons"])
        st.warning(ui.t("unit_file.ineligible", why=reasons), icon=":material/block:")
    from app.reports.tables.appraisal import part_label

    parts = record["appraisal_parts"]
    data = pd.DataFrame(
        {
            "section": [part_label(k, ui.lang()) for k in parts["key"]],
            "points": parts["points"].astype(float),
        }
    )
    st.altair_chart(
        charts.simple_bars(
            data,
            "section",
            "points",
            ui.t("unit_file.chart"),
            ui.t("appraisal.points"),
            fmt=".2f",
            sort=data["section"].tolist(),
        ),
        width="stretch",
    )


def unit_links(table: pd.DataFrame) -> dict[str, Any]:
    """``st.dataframe``'s data and column_config for a table with a unit_code column: a link
    column opening each unit's record (单位档案)."""
    link = ui.t("appraisal.file_column")
    codes = table[ui.header("unit_code")].astype(str)
    return {
        "data": table.assign(**{link: ("unit_file?unit=" + codes).to_numpy()}),
        "column_config": {link: st.column_config.LinkColumn(display_text=ui.t("appraisal.open"))},
    }


def unit_choices() -> tuple[list[str], dict[str, str]]:
    """Every unit's code, and its label in the unit list (name and code), for ``ui.view``."""
    units = ui.names("units", "unit_code")
    return list(units), {c: ui.t("unit_file.name_code", name=n, code=c) for c, n in units.items()}
