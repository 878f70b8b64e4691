"""The programme's reports beyond the monthly figures: project schedules, work plans, liaisons
and paired leaders, survey publication and commitments, township surveys, window units,
vertical units' superiors, reception days and the county's rank among its peers.

Each takes ``read`` (dataset → frame) and ``settings`` first, like every report of
:mod:`app.reports.compute` (which re-exports these so the app reaches them by name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from app.metrics import programme, publication, schedule
from app.metrics._frames import conform
from app.reports.reading import shared
from app.settings import Settings

Reader = Callable[[str], pd.DataFrame]

# The `python -m app report KIND` kinds these answer, with their JSON fields (the contract's).
KINDS: dict[str, list[str]] = {
    "project-schedule": [
        "project_id",
        "stage",
        "planned_start",
        "planned_end",
        "lead_cadre_id",
        "lead_unit_code",
        "late_start",
        "overdue",
        "missing_lead",
    ],
    "work-plans": ["unit_code", "submitted_on", "started_on", "status"],
    "liaisons": ["unit_code", "liaison_ids", "status"],
    "paired-leads": ["unit_code", "township_code", "village_code", "contact_cadre_id", "ok"],
    "survey-publication": ["round", "survey_date", "approved_on", "published_on", "status"],
    "receptions": ["cadre_id", "quarter", "count"],
}

__all__ = [
    "commitment_list",
    "county_rank_trend",
    "kind_report",
    "liaisons",
    "paired_leads",
    "project_schedule",
    "project_stage_months",
    "receptions",
    "service_commitments",
    "stability_by_quarter",
    "superior_results",
    "survey_publication",
    "township_survey_ranking",
    "window_units",
    "work_plans",
]


def project_schedule(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """项目进度计划: every project's latest stage against its planned dates, with findings
    (made once for the projects page and the 督办 findings)."""

    def make(read: Reader) -> pd.DataFrame:
        return schedule.project_schedule(
            read("projects"), read("project_progress"), as_of, settings
        )

    return shared(read, "project_schedule", (as_of,), make)


def project_stage_months(read: Reader, settings: Settings, year: int) -> pd.DataFrame:
    """Each project's actual stage by month of ``year`` (for the schedule chart)."""
    return schedule.stage_by_month(read("projects"), read("project_progress"), year)


def work_plans(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """工作方案: each filing unit's plan against the deadline."""
    return programme.work_plans(read("units"), read("work_plans"), year, as_of, settings)


def liaisons(read: Reader, settings: Settings) -> pd.DataFrame:
    """联络员: every unit with a pairing and its liaisons (exactly one wanted); kept by the
    versions of the three tables it reads, so a month's upload leaves it made."""

    def make(read: Reader) -> pd.DataFrame:
        return programme.liaisons(read("units"), read("cadres"), read("pairings"))

    return shared(read, "liaisons", (), make)


def paired_leads(read: Reader, settings: Settings) -> pd.DataFrame:
    """对口联系: every paired pairing's contact cadre, from a paired-lead unit or not (kept
    like :func:`liaisons`)."""

    def make(read: Reader) -> pd.DataFrame:
        return programme.paired_leads(read("pairings"), read("cadres"), read("units"))

    return shared(read, "paired_leads", (), make)


def survey_publication(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """测评结果公布: each published round's approval and publication."""
    return publication.survey_publication(
        read("survey_results"), read("survey_rounds"), year, as_of, settings
    )


def commitment_list(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """承诺: the year's service and public commitments made by ``as_of``."""
    items = publication.commitments(read("commitments"), year)
    return items[~(items["made_on"] > pd.Timestamp(as_of))].reset_index(drop=True)


def service_commitments(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    """服务基层承诺: every leader who makes one, with its date and publication, or missing."""
    return publication.service_commitments(
        read("cadres"), read("commitments"), year, as_of, settings
    )


def receptions(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """定期接访: receptions per county and township leader and quarter."""
    return programme.receptions(read("cadres"), read("receptions"), year, as_of, settings)


def stability_by_quarter(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    """信访维稳: cases received and resolved by quarter and dispute type."""
    return programme.stability_by_quarter(read("petitions"), year, as_of)


def township_survey_ranking(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    """乡镇所属站所、村（居）社区、服务区: ranked within their township (results known by as_of)."""
    results = conform(read("survey_results"), "survey_results")
    results = results[~(results["survey_date"] > pd.Timestamp(as_of))]
    return publication.township_survey_ranking(results, read("units"), year, settings)


def window_units(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """窗口单位 counted on their own: per round, how many were ranked, their mean score, how
    many were bottom, against the other surveyed units."""
    from app.reports.compute import survey_ranking_as_of

    ranking = survey_ranking_as_of(read, settings, year, as_of)
    units = conform(read("units"), "units").drop_duplicates("unit_code", keep="last")
    window = set(units.loc[units["window"].fillna(False).astype(bool), "unit_code"])
    frame = ranking.assign(window=ranking["unit_code"].isin(window))
    out = frame.groupby(["round", "window"]).agg(
        units=("unit_code", "size"), mean_score=("score", "mean"), bottom=("bottom", "sum")
    )
    out = out.reset_index().sort_values(["round", "window"], ascending=[True, False])
    return out.assign(mean_score=out["mean_score"].round(1)).reset_index(drop=True)


def superior_results(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """垂直管理部门 by superior department (上级主管部门): each unit's score and rank per round
    known by ``as_of``, and its actions; ordered by superior, unit, round."""
    from app.reports.compute import accountability, survey_ranking_as_of

    ranking = survey_ranking_as_of(read, settings, year, as_of)
    ranking = ranking[ranking["category"] == "vertical"]
    units = conform(read("units"), "units").drop_duplicates("unit_code", keep="last")
    frame = ranking.merge(units[["unit_code", "superior"]], on="unit_code", how="left")
    actions = accountability(read, settings, year, as_of)
    joined = actions.groupby("unit_code")["action"].agg(lambda a: ",".join(dict.fromkeys(a)))
    frame["actions"] = frame["unit_code"].map(joined.to_dict()).fillna("")
    columns = ["superior", "unit_code", "name", "round", "score", "rank", "ranked", "bottom"]
    frame = frame.sort_values(["superior", "unit_code", "round"], na_position="last")
    return frame[[*columns, "actions"]].reset_index(drop=True)


def county_rank_trend(read: Reader, settings: Settings) -> pd.DataFrame:
    """强县升位: the county's rank among its peers by year and measure, with the change on the
    year before (positive = moved up)."""
    frame = conform(read("county_rankings"), "county_rankings")
    frame = frame.sort_values(["measure", "year"]).reset_index(drop=True)
    frame["rank_change"] = (frame.groupby("measure")["rank"].shift() - frame["rank"]).astype(
        "Int64"
    )
    return frame


def kind_report(read: Reader, settings: Settings, kind: str, year: int, as_of: dt.date) -> Any:
    """The frame behind ``python -m app report KIND`` for the kinds of :data:`KINDS`."""
    if kind == "project-schedule":
        return project_schedule(read, settings, year, as_of)
    if kind == "work-plans":
        return work_plans(read, settings, year, as_of)
    if kind == "liaisons":
        return liaisons(read, settings)
    if kind == "paired-leads":
        return paired_leads(read, settings)
    if kind == "survey-publication":
        return survey_publication(read, settings, year, as_of)
    if kind == "receptions":
        return receptions(read, settings, year, as_of)
    raise KeyError(kind)
