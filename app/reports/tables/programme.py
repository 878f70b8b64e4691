"""The programme's tables: project schedules, work plans, liaisons, paired leaders, survey
publication, commitments, receptions, the quarter's stability, township surveys, window units
and vertical units by superior department, the county's rank."""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.i18n import translate
from app.reports.tables.common import Names, dates_text, labels, whole, yes_no


def _mark(series: pd.Series) -> pd.Series:
    return series.fillna(False).astype(bool).map({True: "■", False: ""})


def schedule(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """项目进度计划: each project's planned dates, latest stage, lead, and its findings."""
    return pd.DataFrame(
        {
            "project_id": frame["project_id"],
            "project": frame["name"],
            "township": names.township(frame["township_code"], lang),
            "project_level": labels(frame["level"], "project_level", lang),
            "stage": labels(frame["stage"], "stage", lang),
            "planned_start": dates_text(frame["planned_start"]),
            "planned_end": dates_text(frame["planned_end"]),
            "lead": names.cadre(frame["lead_cadre_id"]),
            "responsible_unit": names.unit(frame["lead_unit_code"]).where(
                frame["lead_unit_code"].notna(), ""
            ),
            "person_in_charge": frame["person_in_charge"].fillna(""),
            "late_start": _mark(frame["late_start"]),
            "overdue": _mark(frame["overdue"]),
            "missing_lead": _mark(frame["missing_lead"]),
            "days_late": frame["days_late"],
        }
    ).reset_index(drop=True)


def work_plans(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """工作方案: each unit's submission and start against the deadline."""
    return pd.DataFrame(
        {
            "unit_code": frame["unit_code"],
            "unit": frame["name"],
            "category": labels(frame["category"], "category", lang),
            "deadline": dates_text(frame["deadline"]),
            "submitted_on": dates_text(frame["submitted_on"]),
            "started_on": dates_text(frame["started_on"]),
            "status": labels(frame["status"], "plan_status", lang),
        }
    ).reset_index(drop=True)


def liaisons(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """联络员: each paired unit's liaisons (one wanted)."""
    joiner = "、" if lang == "zh" else ", "
    # Every unit's liaisons named in one lookup (a province: 3,000 units among 50,000 cadres).
    every = pd.Series([str(i) for ids in frame["liaison_ids"] for i in ids], dtype="str")
    named = dict(zip(every, names.cadre(every), strict=True))
    people = frame["liaison_ids"].map(lambda ids: joiner.join(named[str(i)] for i in ids))
    return pd.DataFrame(
        {
            "unit_code": frame["unit_code"],
            "unit": frame["name"],
            "category": labels(frame["category"], "category", lang),
            "liaisons": people,
            "status": labels(frame["status"], "liaison_status", lang),
        }
    ).reset_index(drop=True)


def paired_leads(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """对口联系领导: each paired pairing's contact leader and the leader's unit."""
    return pd.DataFrame(
        {
            "unit_code": frame["unit_code"],
            "unit": names.unit(frame["unit_code"]),
            "township": names.township(frame["township_code"], lang),
            "village_code": frame["village_code"].fillna(""),
            "contact": names.cadre(frame["contact_cadre_id"]),
            "contact_unit": names.unit(frame["contact_unit_code"]).where(
                frame["contact_unit_code"].notna(), ""
            ),
            "paired_lead_ok": yes_no(frame["ok"], lang),
        }
    ).reset_index(drop=True)


def publication(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """测评结果公布: each round's survey, approval and publication."""
    return pd.DataFrame(
        {
            "round": whole(frame["round"]),
            "survey_date": dates_text(frame["survey_date"]),
            "publish_due": dates_text(frame["due"]),
            "approved_on": dates_text(frame["approved_on"]),
            "published_on": dates_text(frame["published_on"]),
            "medium": frame["medium"].fillna(""),
            "status": labels(frame["status"], "publication", lang),
        }
    ).reset_index(drop=True)


def commitments(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """承诺: service and public commitments with their unit, leader and dates."""
    return pd.DataFrame(
        {
            "commitment_kind": labels(frame["kind"], "kind", lang),
            "round": whole(frame["round"]),
            "unit": names.unit(frame["unit_code"]),
            "cadre": names.cadre(frame["cadre_id"]),
            "made_on": dates_text(frame["made_on"]),
            "published_on": dates_text(frame["published_on"]),
            "commitment_content": frame["content"].fillna(""),
        }
    ).reset_index(drop=True)


def service_commitments(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """服务基层承诺: each leader's commitment, its publication, or none."""
    return pd.DataFrame(
        {
            "cadre_id": frame["cadre_id"],
            "cadre": frame["name"],
            "unit": names.unit(frame["unit_code"]),
            "cadre_level": labels(frame["level"], "level", lang),
            "made_on": dates_text(frame["made_on"]),
            "published_on": dates_text(frame["published_on"]),
            "status": labels(frame["status"], "service_status", lang),
        }
    ).reset_index(drop=True)


def receptions(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """定期接访: receptions per leader and quarter (one column per quarter), leaders in the
    order of their codes. Summed by position (a province's leaders are 19,000: pandas'
    pivot and groupby on three text keys took most of the page's first view)."""
    if frame.empty:
        return pd.DataFrame(columns=["cadre_id", "cadre", "cadre_level", "receptions", "people"])
    ids, codes = pd.factorize(frame["cadre_id"], sort=True)
    n = len(codes)
    rows = np.arange(len(frame), dtype="int64")
    first = np.full(n, len(frame), dtype="int64")
    np.minimum.at(first, ids, rows)  # each leader's first row: its name and level
    quarter = frame["quarter"].astype("str")
    quarters = sorted(quarter.unique().tolist())
    place = pd.Categorical(quarter, categories=quarters).codes
    grid = np.zeros((n, len(quarters)), dtype="int64")
    np.add.at(grid, (ids, place), frame["count"].to_numpy(dtype="int64"))
    people = np.bincount(ids, weights=frame["people"].to_numpy(dtype="float64"), minlength=n)
    short: list[list[str]] = [[] for _ in range(n)]
    hit = np.flatnonzero(frame["short"].fillna(False).to_numpy(dtype=bool))
    for leader, q in zip(ids[hit].tolist(), quarter.take(hit).tolist(), strict=True):
        short[leader].append(q)
    join = "、".join if lang == "zh" else ", ".join
    table = pd.DataFrame(
        {
            "cadre_id": frame["cadre_id"].take(first).reset_index(drop=True),
            "cadre": frame["name"].take(first).reset_index(drop=True),
            "cadre_level": labels(frame["level"].take(first).reset_index(drop=True), "level", lang),
        }
    )
    for number, name in enumerate(quarters):
        table[name] = grid[:, number]
    table["receptions"] = grid.sum(axis=1)
    table["people"] = people.round().astype("int64")
    table["short_quarters"] = [join(q) for q in short]
    return table


def stability(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """信访维稳 by quarter and dispute type: new (新增) and resolved (化解) cases."""
    return pd.DataFrame(
        {
            "quarter": frame["quarter"],
            "dispute_type": labels(frame["dispute_type"], "dispute_type", lang),
            "new_cases": frame["new"],
            "resolved_cases": frame["resolved"],
        }
    ).reset_index(drop=True)


def township_surveys(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """乡镇所属单位测评: ranked within township and category, the bottom flagged."""
    return pd.DataFrame(
        {
            "round": whole(frame["round"]),
            "township": names.township(frame["township_code"], lang),
            "category": labels(frame["category"], "category", lang),
            "unit_code": frame["unit_code"],
            "unit": frame["name"],
            "score": frame["score"],
            "rank": frame["rank"],
            "ranked": frame["ranked"],
            "bottom": yes_no(frame["bottom"], lang),
        }
    ).reset_index(drop=True)


def window_units(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """窗口单位 counted on their own, beside the other surveyed units, per round."""
    kind = frame["window"].map(
        lambda w: translate("programme.window" if w else "programme.not_window", lang)
    )
    return pd.DataFrame(
        {
            "round": whole(frame["round"]),
            "unit_group": kind,
            "units_count": frame["units"],
            "mean_score": frame["mean_score"],
            "bottom_count": frame["bottom"],
        }
    ).reset_index(drop=True)


def superior_results(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """垂直管理部门 by superior department: each round's score, rank and actions."""
    joiner = "、" if lang == "zh" else ", "
    actions = frame["actions"].map(
        lambda a: joiner.join(labels(pd.Series(a.split(",")), "action", lang)) if a else ""
    )
    return pd.DataFrame(
        {
            "superior": frame["superior"].fillna(""),
            "unit": frame["name"],
            "round": whole(frame["round"]),
            "score": frame["score"],
            "rank": [
                "" if pd.isna(r) else f"{r}/{n}"
                for r, n in zip(frame["rank"], frame["ranked"], strict=True)
            ],
            "bottom": yes_no(frame["bottom"], lang),
            "actions": actions,
        }
    ).reset_index(drop=True)


def county_ranks(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """强县升位: the county's rank among its peers by year and measure."""
    from app.format import rank_arrow

    return pd.DataFrame(
        {
            "year": frame["year"],
            "rank_measure": frame["measure"],
            "rank": frame["rank"],
            "peers": frame["peers"],
            "rank_change": frame["rank_change"].map(rank_arrow),
            "scope": frame["scope"].fillna(""),
        }
    ).reset_index(drop=True)


# Each report of app.reports.programme with a table, and the function making it.
REPORTS = {
    "project_schedule": schedule,
    "work_plans": work_plans,
    "liaisons": liaisons,
    "paired_leads": paired_leads,
    "survey_publication": publication,
    "commitment_list": commitments,
    "service_commitments": service_commitments,
    "receptions": receptions,
    "stability_by_quarter": stability,
    "township_survey_ranking": township_surveys,
    "window_units": window_units,
    "superior_results": superior_results,
    "county_rank_trend": county_ranks,
}
