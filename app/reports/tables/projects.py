"""项目建设年: the year's measures, every key project, investment by township, stalled projects."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.i18n import enum_label, translate
from app.reports.tables.common import (
    Names,
    labels,
    light,
    percent,
)

# -- 项目建设年 ---------------------------------------------------------------------------------
# How each measure of the project year reads: its unit, and the factor to it from the rule's
# own number (a share 0.406 reads 40.6 %).
_MEASURE_UNITS = {
    "fai": ("亿元", 1),
    "funds_in_place": ("亿元", 1),
    "fai_per_capita": ("元", 1),
    "industry_share": ("%", 100),
    "key_projects_share": ("%", 100),
    "funds_growth": ("%", 100),
    "policy_abolished": ("%", 1),
}


def measure_status(measure: dict[str, Any]) -> str | None:
    """A project-year measure's status: met, on_track (序时), behind, or None (no data)."""
    if measure.get("met"):
        return "met"
    if measure.get("on_track"):
        return "on_track"
    return None if measure.get("on_track") is None else "behind"


def project_year(project: dict[str, Any], names: Names, lang: str) -> pd.DataFrame:
    """项目建设年's targets: each measure's unit, target, stretch, due by now, actual, status."""
    rows = []
    for m in project["measures"]:
        unit, factor = _MEASURE_UNITS.get(m["measure"], ("", 1))

        def scaled(value: Any, factor: float = factor) -> Any:
            return None if value is None or pd.isna(value) else round(float(value) * factor, 2)

        status = measure_status(m)
        rows.append(
            {
                "measure": translate(f"measure.{m['measure']}", lang),
                "unit_of_measure": unit,
                "target": scaled(m.get("target")),
                "stretch_target": scaled(m.get("stretch_target")),
                "due": scaled(m.get("due")),
                "actual": scaled(m.get("actual")),
                "status": enum_label("status", status, lang)
                if status
                else translate("projects.no_data", lang),
            }
        )
    columns = ["measure", "unit_of_measure", "target", "stretch_target", "due", "actual", "status"]
    return pd.DataFrame(rows, columns=columns)


def projects(invest: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Every key project: where, its level, lead, stage, plan and completed investment."""
    return pd.DataFrame(
        {
            "project_id": invest["project_id"],
            "project": invest["name"],
            "township": names.township(invest["township_code"], lang),
            "project_level": labels(invest["level"], "project_level", lang),
            "lead": names.cadre(invest["lead_cadre_id"]),
            "stage": labels(invest["stage"], "stage", lang),
            "total_investment": invest["total_investment"],
            "year_plan": invest["year_plan"],
            "invested_ytd": invest["invested_ytd"],
            "plan_completion_pct": percent(invest["plan_completion"]),
            "light": light(invest["light"], lang),
        }
    ).reset_index(drop=True)


def project_townships(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Project investment by township (万元, year to date)."""
    return pd.DataFrame(
        {
            "township": names.township(frame["township_code"], lang),
            "projects": frame["projects"],
            "year_plan": frame["year_plan"],
            "invested_ytd": frame["invested_ytd"],
            "plan_completion_pct": percent(frame["plan_completion"]),
        }
    ).reset_index(drop=True)


def stalled(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """停滞项目: in construction with no investment for the set months, and who leads it."""
    return pd.DataFrame(
        {
            "project_id": frame["project_id"],
            "project": frame["name"],
            "township": names.township(frame["township_code"], lang),
            "project_level": labels(frame["level"], "project_level", lang),
            "lead": names.cadre(frame["lead_cadre_id"]),
            "year_plan": frame["year_plan"],
            "last_invested_period": frame["last_invested_period"],
            "idle_months": frame["idle_months"],
        }
    ).reset_index(drop=True)
