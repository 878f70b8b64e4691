"""年终综合考核 and the records (实绩档案): the appraisal with a column per section, a row's
breakdown, the townships' 增比进位, and each part of a unit's or a cadre's record."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.i18n import enum_label, has
from app.reports.tables.common import Names, dates_text, labels, percent, yes_no


def part_column(key: str) -> str:
    """A section's column: ``part.<key>`` where the catalogue names it, else the county's own
    key (a county may add sections of its own)."""
    return f"part.{key}" if has(f"export.col.part.{key}") else key


def part_label(key: str, lang: str) -> str:
    from app.i18n import translate

    return translate(f"export.col.part.{key}", lang) if has(f"export.col.part.{key}") else key


def reasons_text(reasons: Any, lang: str) -> str:
    joiner = "、" if lang == "zh" else ", "
    return joiner.join(enum_label("action", r, lang) for r in (reasons or []))


def appraisal(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """考核结果: rank, who, category, each section's points, total, grade, eligibility."""
    keys: list[str] = []
    for parts in frame["parts"]:
        keys += [k for k in parts if k not in keys]
    table = pd.DataFrame(
        {
            "rank": frame["rank"],
            "appraisal_kind": labels(frame["kind"], "appraisal_kind", lang),
            "code": frame["code"],
            "name": frame["name"],
            "category": labels(frame["category"], "category", lang),
        }
    )
    for key in keys:
        table[part_column(key)] = [p.get(key) for p in frame["parts"]]
    table["total"] = frame["total"]
    table["grade"] = labels(frame["grade"], "appraisal_grade", lang)
    table["eligible"] = yes_no(frame["eligible"], lang)
    table["ineligible_reasons"] = [reasons_text(r, lang) for r in frame["reasons"]]
    return table.reset_index(drop=True)


def appraisal_parts(parts: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """One row's breakdown: each section, its measure and method, the measure's value, the
    points earned of the section's points."""
    return pd.DataFrame(
        {
            "section": [part_label(k, lang) for k in parts["key"]],
            "appraisal_measure": labels(parts["measure"], "appraisal_measure", lang),
            "appraisal_method": labels(parts["method"], "appraisal_method", lang),
            "measure_value": pd.to_numeric(parts["value"], errors="coerce").round(2),
            "points": parts["points"],
            "max_points": parts["max_points"],
        }
    ).reset_index(drop=True)


def township_progress(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """增比进位: townships by mean attainment over their indicators, rank changes arrowed."""
    from app.format import rank_arrow

    return pd.DataFrame(
        {
            "rank": frame["rank"],
            "township": names.township(frame["township_code"], lang),
            "attainment_pct": percent(frame["attainment"]),
            "indicators": frame["indicators"],
            "quarter_rank": frame["quarter_rank"],
            "quarter_change": frame["quarter_change"].map(rank_arrow),
            "year_rank": frame["year_rank"],
            "year_change": frame["year_change"].map(rank_arrow),
        }
    ).reset_index(drop=True)


def complaints_list(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """A unit's complaints of the year: when, how, verified or not, what."""
    return pd.DataFrame(
        {
            "complaint_id": frame["complaint_id"],
            "received_date": dates_text(frame["received_date"]),
            "channel": labels(frame["channel"], "channel", lang),
            "verified": yes_no(frame["verified"], lang),
            "summary": frame["summary"],
        }
    ).reset_index(drop=True)


def unit_cadres(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """A unit's cadres: days at the grassroots and 包案化解."""
    return pd.DataFrame(
        {
            "cadre_id": frame["cadre_id"],
            "cadre": frame["name"],
            "cadre_level": labels(frame["level"], "level", lang),
            "days": frame["days"],
            "required": frame["required"],
            "status": labels(frame["status"], "status", lang),
            "before_festival": frame["before_festival"],
            "in_year": frame["in_year"],
            "petitions_status": labels(frame["petitions_status"], "status", lang),
        }
    ).reset_index(drop=True)


def cases(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """A cadre's petition cases: received, resolved, kind, prominent."""
    return pd.DataFrame(
        {
            "case_id": frame["case_id"],
            "received_date": dates_text(frame["received_date"]),
            "resolved_date": dates_text(frame["resolved_date"]),
            "dispute_type": labels(frame["dispute_type"], "dispute_type", lang),
            "township": names.township(frame["township_code"], lang),
            "prominent": yes_no(frame["prominent"], lang),
        }
    ).reset_index(drop=True)


def unit_file(record: dict[str, Any], names: Names, lang: str) -> dict[str, pd.DataFrame]:
    """Every part of a unit's record as the table a person reads (not yet headed)."""
    from app.reports import tables

    return {
        "survey": tables.survey_ranking(record["survey"], names, lang),
        "actions": tables.accountability(record["actions"], names, lang),
        "rectifications": tables.rectifications(record["rectifications"], names, lang),
        "complaints": complaints_list(record["complaints"], names, lang),
        "cadres": unit_cadres(record["cadres"], names, lang),
        "projects": tables.projects(record["projects"], names, lang),
        "contact_points": tables.contacts(record["contact_points"], names, lang),
        "supervision": tables.supervision_register(record["supervision"], names, lang),
        "appraisal": appraisal_parts(record["appraisal_parts"], names, lang),
    }


def cadre_file(record: dict[str, Any], names: Names, lang: str) -> dict[str, pd.DataFrame]:
    """Every part of a cadre's record as the table a person reads (not yet headed)."""
    from app.reports import tables

    return {
        "days": tables.field_days(record["days"], names, lang),
        "activities": tables.ledger(record["activities"], names, lang),
        "petitions": tables.petitions(record["petitions"], names, lang),
        "cases": cases(record["cases"], names, lang),
        "projects": tables.projects(record["projects"], names, lang),
        "contact_points": tables.contacts(record["contact_points"], names, lang),
        "supervision": tables.supervision_register(record["supervision"], names, lang),
    }
