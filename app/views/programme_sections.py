"""The programme's sections on the projects, surveys and field pages: project schedules,
survey publication, window units, township surveys, vertical units by superior, liaisons,
paired leaders, work plans, commitments and reception days (they only draw what
``app.reports`` computes)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app import charts, ui

_CHART_ROWS = 30


def schedule(year: int, as_of: dt.date, township: str | None) -> None:
    """项目进度计划: late starts, overdue projects and key projects without a lead cadre, and
    each project's planned span against its actual stage by month."""
    frame = ui.report("project_schedule", year, as_of)
    table = ui.table("project_schedule", year, as_of)
    if township:
        mask = (frame["township_code"] == township).to_numpy()
        frame, table = frame[mask], table[mask]
    cfg = ui.settings().programme
    st.subheader(ui.t("programme.schedule"))
    st.caption(ui.t("programme.schedule_rule", days=cfg.late_start_days))
    flagged = (frame["late_start"] | frame["overdue"] | frame["missing_lead"]).to_numpy()
    if not flagged.any():
        st.success(ui.t("programme.schedule_none"))
    else:
        items = []
        for r in frame[flagged].itertuples():
            found = [
                ui.t(f"programme.finding.{k}")
                for k in ("late_start", "overdue", "missing_lead")
                if getattr(r, k)
            ]
            items.append(
                ui.t(
                    "programme.schedule_item",
                    project=ui.esc(r.name),
                    found=ui.t("app.list_sep").join(found),
                )
            )
        ui.laggards(items)
        ui.show_table(table[flagged], ui.t("programme.file.schedule", date=as_of), "pg_schedule")
    _schedule_chart(year, frame)
    with st.expander(ui.t("programme.schedule_all")):
        st.dataframe(ui.shown_rows(table), hide_index=True, width="stretch")


def _schedule_chart(year: int, frame: pd.DataFrame) -> None:
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    shown = frame[frame["planned_start"].notna() & frame["planned_end"].notna()].head(_CHART_ROWS)
    if shown.empty:
        return
    spans = pd.DataFrame(
        {
            "label": shown["name"].astype(str),
            "start": shown["planned_start"].clip(lower=start, upper=end),
            "end": shown["planned_end"].clip(lower=start, upper=end),
        }
    )
    months = ui.report("project_stage_months", year)
    months = months[months["project_id"].isin(set(shown["project_id"]))]
    label = dict(zip(shown["project_id"], shown["name"].astype(str), strict=True))
    begin = pd.to_datetime(months["period"] + "-01")
    stages = pd.DataFrame(
        {
            "label": months["project_id"].map(label),
            "start": begin,
            "end": begin + pd.offsets.MonthEnd(0),
            "stage": months["stage"].map(lambda s: ui.label("stage", s)),
        }
    )
    chart = charts.schedule(
        spans, stages, ui.t("programme.schedule_chart"), ui.t("programme.planned")
    )
    st.altair_chart(chart, width="stretch")
    ui.chart_cut(len(frame), _CHART_ROWS)


def publication(year: int, as_of: dt.date) -> None:
    """测评结果公布: each round's approval and publication; an unpublished round flagged."""
    frame = ui.report("survey_publication", year, as_of)
    st.subheader(ui.t("programme.publication"))
    st.caption(ui.t("programme.publication_rule", days=ui.settings().programme.publication_days))
    if frame.empty:
        st.info(ui.t("programme.publication_none"))
        return
    for r in frame[frame["status"] == "unpublished"].itertuples():
        st.warning(ui.t("programme.round_unpublished", round=int(r.round), due=f"{r.due:%Y-%m-%d}"))
    table = ui.table("survey_publication", year, as_of)
    st.dataframe(table, hide_index=True, width="stretch")


def window_units(year: int, as_of: dt.date) -> None:
    """窗口单位 counted on their own, per round."""
    table = ui.table("window_units", year, as_of)
    st.subheader(ui.t("programme.window_units"))
    st.caption(ui.t("programme.window_rule"))
    if table.empty:
        st.info(ui.t("programme.none"))
    else:
        st.dataframe(table, hide_index=True, width="stretch")


def township_surveys(year: int, as_of: dt.date) -> None:
    """乡镇对所属站所、村（居）社区、服务区的测评: ranked within the township; bottom listed."""
    frame = ui.report("township_survey_ranking", year, as_of)
    st.subheader(ui.t("programme.township_surveys"))
    st.caption(ui.t("programme.township_rule", n=ui.settings().programme.township_bottom_n))
    if frame.empty:
        st.info(ui.t("programme.none"))
        return
    townships = ui.names("townships", "township_code")
    bottom = frame[frame["bottom"]]
    ui.laggards(
        [
            ui.t(
                "programme.township_item",
                township=ui.esc(townships.get(str(r.township_code), r.township_code)),
                unit=ui.esc(r.name),
                round=int(r.round),
                rank=int(r.rank),
                ranked=int(r.ranked),
            )
            for r in bottom.head(ui.LIST_LIMIT).itertuples()
        ],
        len(bottom),
    )
    table = ui.table("township_survey_ranking", year, as_of)
    ui.show_table(table, ui.t("programme.file.township_surveys", year=year), "pg_township_sv")


def superiors(year: int, as_of: dt.date) -> None:
    """垂直管理部门 by superior department (报送上级主管部门)."""
    table = ui.table("superior_results", year, as_of)
    st.subheader(ui.t("programme.superiors"))
    if table.empty:
        st.info(ui.t("programme.none"))
        return
    ui.show_table(table, ui.t("programme.file.superiors", year=year), "pg_superiors")
    from app.reports.superior_letter import letter

    lang, settings, read = ui.lang(), ui.settings(), ui.read
    found = ui.report("superior_results", year, as_of)["superior"]
    choices = sorted(str(s) for s in found.dropna().unique())
    if not choices:
        return
    st.markdown(f"**{ui.t('programme.letter')}**")
    superior = st.selectbox(ui.t("programme.letter_pick"), choices, key="pg_superior")
    st.download_button(
        ui.t("programme.letter_download"),
        ui.on_click(
            ("pg_letter", superior, as_of, lang, tuple(ui.versions().items())),
            lambda: letter(read, settings, year, as_of, superior, lang),
        ),
        file_name=f"{superior}_{year}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="pg_letter",
    )


def field(year: int, as_of: dt.date) -> None:
    """四帮四促's own checks: liaisons, paired leaders, work plans, commitments, receptions."""
    units = ui.names("units", "unit_code")
    st.subheader(ui.t("programme.liaisons"))
    liaisons = ui.report("liaisons")
    wrong = liaisons[liaisons["status"] != "ok"]
    if wrong.empty:
        st.success(ui.t("programme.liaisons_ok", n=len(liaisons)))
    else:
        ui.laggards(
            [
                ui.t(
                    f"programme.liaison_{r.status}",
                    unit=ui.esc(units.get(str(r.unit_code), r.unit_code)),
                )
                for r in wrong.head(ui.LIST_LIMIT).itertuples()
            ],
            len(wrong),
        )
        st.dataframe(
            ui.table("liaisons")[(liaisons["status"] != "ok").to_numpy()],
            hide_index=True,
            width="stretch",
        )

    st.subheader(ui.t("programme.paired_leads"))
    leads = ui.report("paired_leads")
    st.caption(ui.t("programme.paired_rule", n=len(leads), ok=int(leads["ok"].sum())))
    if len(leads) and not leads["ok"].all():
        table = ui.table("paired_leads")
        ui.show_table(
            table[(~leads["ok"]).to_numpy()], ui.t("programme.file.paired", year=year), "pg_paired"
        )

    st.subheader(ui.t("programme.work_plans"))
    plans = ui.report("work_plans", year, as_of)
    behind = plans[plans["status"].isin(["late", "missing"])]
    deadline = plans["deadline"].iloc[0] if len(plans) else None
    st.caption(
        ui.t(
            "programme.work_plan_rule",
            deadline="" if deadline is None else f"{deadline:%Y-%m-%d}",
            n=len(plans),
            late=int((plans["status"] == "late").sum()),
            missing=int((plans["status"] == "missing").sum()),
        )
    )
    if len(behind):
        table = ui.table("work_plans", year, as_of)
        ui.show_table(
            table[plans["status"].isin(["late", "missing"]).to_numpy()],
            ui.t("programme.file.work_plans", year=year),
            "pg_plans",
        )

    st.subheader(ui.t("programme.commitments"))
    service = ui.report("service_commitments", year, as_of)
    wanting = service[service["status"] != "published"]
    ui.laggards(
        [
            ui.t(f"programme.service_{r.status}", cadre=ui.esc(r.name))
            for r in wanting.head(ui.LIST_LIMIT).itertuples()
        ],
        len(wanting),
    )
    commitments = ui.table("commitment_list", year, as_of)
    if commitments.empty:
        st.info(ui.t("programme.none"))
    else:
        ui.show_table(commitments, ui.t("programme.file.commitments", year=year), "pg_commit")

    st.subheader(ui.t("programme.receptions"))
    minimum = ui.settings().programme.reception_min_per_quarter
    st.caption(
        ui.t("programme.reception_rule_min", n=minimum)
        if minimum
        else ui.t("programme.reception_rule")
    )
    receptions = ui.table("receptions", year, as_of)
    if receptions.empty:
        st.info(ui.t("programme.none"))
    else:
        ui.show_table(receptions, ui.t("programme.file.receptions", year=year), "pg_receptions")


def county_rank() -> None:
    """强县升位: the county's rank among its peers as a trend (nothing when none is uploaded)."""
    frame = ui.report("county_rank_trend")
    if frame.empty:
        return
    st.subheader(ui.t("programme.county_rank"))
    chart = charts.rank_trend(
        frame.astype({"rank": "float64", "peers": "float64"}),
        ui.t("programme.county_rank_chart"),
        ui.t("export.col.rank"),
    )
    st.altair_chart(chart, width="stretch")
    with st.expander(ui.t("programme.county_rank_table")):
        st.dataframe(ui.table("county_rank_trend"), hide_index=True, width="stretch")
