"""指标: every indicator against its target, the framework's items, townships ranked."""

from __future__ import annotations

import pandas as pd

from app.reports.tables.common import (
    Names,
    labels,
    light,
    percent,
)


def targets(progress: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """指标序时进度: every indicator with a target or a value, county and townships."""
    progress = progress[progress["target"].notna() | progress["actual"].notna()]
    return pd.DataFrame(
        {
            "indicator_code": progress["indicator_code"],
            "indicator": progress["name" if lang == "zh" else "name_en"].fillna(progress["name"]),
            "item": labels(progress["item"], "item", lang),
            "unit_of_measure": progress["unit"],
            "township": names.township(progress["township_code"], lang),
            "target": progress["target"],
            "stretch_target": progress["stretch_target"],
            "actual": progress["actual"],
            "completion_pct": percent(progress["completion"]),
            "time_progress_pct": percent(progress["time_progress"]),
            "gap_pp": percent(progress["gap"]),
            "light": light(progress["light"], lang),
            "yoy_pct": percent(progress["yoy"]),
            "month_value": progress["month_value"],
            "mom_pct": percent(progress["mom"]),
        }
    ).reset_index(drop=True)


def framework(rollup: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """The framework's items with their lights (一个目标、两个优先 …)."""
    return pd.DataFrame(
        {
            "level": labels(rollup["level"], "framework_level", lang),
            "item": labels(rollup["item"], "item", lang),
            **{c: rollup[c] for c in ("indicators", "green", "yellow", "red", "none")},
        }
    ).reset_index(drop=True)


def township_ranking(ranking: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """One indicator's townships ranked by completion, with the change since last month."""
    from app.format import rank_arrow

    return pd.DataFrame(
        {
            "rank": ranking["rank"],
            "township": names.township(ranking["township_code"], lang),
            "actual": ranking["actual"],
            "target": ranking["target"],
            "completion_pct": percent(ranking["completion"]),
            "light": light(ranking["light"], lang),
            "rank_change": ranking["rank_change"].map(rank_arrow),
        }
    ).reset_index(drop=True)


def townships(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """各乡镇: FAI and funds against target, projects, activities, open petitions."""
    return pd.DataFrame(
        {
            "township_code": frame["township_code"],
            "township": frame["township"],
            "fai_actual": frame["fai_actual"],
            "fai_target": frame["fai_target"],
            "fai_completion_pct": percent(frame["fai_completion"]),
            "fai_light": light(frame["fai_light"], lang),
            "fai_rank": frame["fai_rank"],
            "fai_rank_change": frame["fai_rank_change"],
            "funds_actual": frame["funds_actual"],
            "funds_target": frame["funds_target"],
            "funds_completion_pct": percent(frame["funds_completion"]),
            "funds_light": light(frame["funds_light"], lang),
            "projects": frame["projects"],
            "project_plan": frame["project_plan"],
            "project_invested": frame["project_invested"],
            "project_completion_pct": percent(frame["project_completion"]),
            "activities": frame["activities"],
            "person_days": frame["person_days"],
            "open_petitions": frame["open_petitions"],
        }
    ).reset_index(drop=True)
