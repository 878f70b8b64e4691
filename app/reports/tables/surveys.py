"""满意度测评: rankings, accountability with its reasons in words, two rounds compared,
rectifications, complaints, units not surveyed, and each unit's row."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.i18n import translate
from app.reports.compute import reason_params
from app.reports.tables.common import (
    Names,
    dates_text,
    labels,
    whole,
    yes_no,
)


def survey_ranking(ranking: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """满意度测评排名 by round and category, the bottom flagged, verified complaints beside."""
    return pd.DataFrame(
        {
            "round": whole(ranking["round"]),
            "unit_code": ranking["unit_code"],
            "unit": ranking["name"],
            "category": labels(ranking["category"], "category", lang),
            "score": ranking["score"],
            "rank": ranking["rank"],
            "ranked": ranking["ranked"],
            "bottom": yes_no(ranking["bottom"], lang),
            "window": ranking["window"].map({True: "■", False: ""}),
            "verified_complaints": ranking["verified_complaints"],
        }
    ).reset_index(drop=True)


def reason_text(action: str, reason: Any, lang: str = "zh") -> str:
    """An accountability reason (``'round=2; rank=20/20; score=73.8; bottom_n=1'``) in words."""
    params = reason_params(reason)
    if "/" in params.get("rank", ""):
        params["rank"], params["ranked"] = params["rank"].split("/", 1)
    if "bottom_in_rounds" in params:
        joiner = "、" if lang == "zh" else ", "
        params["rounds"] = joiner.join(params["bottom_in_rounds"].split(","))
    needed = {
        "admonish": ("round", "rank", "ranked", "score", "bottom_n"),
        "organisational_handling": ("rounds",),
        "superior_handling": ("rounds",),
        "rectification_late": ("due", "submitted"),
        "rectification_missing": ("due", "as_of"),
        "complaints_accountability": ("verified_complaints",),
        "rectification_unpublished": ("due", "submitted"),
        "commitment_missing": ("due",),
        "township_admonish": ("rank", "ranked", "score", "bottom_n"),
    }.get(str(action))
    if needed is None or any(k not in params for k in needed):
        return str(reason or "")
    return translate(f"bulletin.reason.{action}", lang, **{k: params[k] for k in needed})


def accountability(actions: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """问责清单: each unit's action and its reason in words."""
    return pd.DataFrame(
        {
            "unit_code": actions["unit_code"],
            "unit": names.unit(actions["unit_code"]),
            "category": labels(actions["category"], "category", lang),
            "action": labels(actions["action"], "action", lang),
            "round": whole(actions["round"]),
            "reason": [
                reason_text(a, r, lang)
                for a, r in zip(actions["action"], actions["reason"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def survey_comparison(both: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Two rounds side by side: scores, ranks, the change (升位 ▲ / 降位 ▼), bottom in both."""
    from app.format import rank_arrow

    return pd.DataFrame(
        {
            "unit": both["name"],
            "category": labels(both["category"], "category", lang),
            "score_first": both["score_first"],
            "rank_first": both["rank_first"],
            "score_second": both["score_second"],
            "rank_second": both["rank_second"],
            "score_change": both["score_change"].round(1),
            "rank_change": both["rank_change"].map(rank_arrow),
            "bottom_both": (both["bottom_first"] & both["bottom_second"]).map(
                {True: "■", False: ""}
            ),
        }
    ).reset_index(drop=True)


def rectifications(rect: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """整改措施 of the rectification round: due, submitted, published, on time or not."""
    return pd.DataFrame(
        {
            "unit_code": rect["unit_code"],
            "unit": rect["name"],
            "category": labels(rect["category"], "category", lang),
            "survey_date": dates_text(rect["survey_date"]),
            "due_date": dates_text(rect["due"]),
            "submitted": dates_text(rect["submitted_date"]),
            "published": rect["published"].map(lambda v: "" if pd.isna(v) else ("✓" if v else "✗")),
            "status": rect["status"].map(lambda s: translate(f"surveys.rect.{s}", lang)),
        }
    ).reset_index(drop=True)


def complaints(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """监督电话: each unit's verified complaints, beside its score and rank in the round."""
    return pd.DataFrame(
        {
            "unit": frame["name"],
            "category": labels(frame["category"], "category", lang),
            "verified_complaints": frame["verified_complaints"],
            "score": frame["score"].astype("float64"),
            "rank": [
                "" if pd.isna(r) else f"{r}/{n}"
                for r, n in zip(frame["rank"], frame["ranked"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def units_missing(missing: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Units of the surveyed categories absent from a round (listed, not ranked)."""
    return pd.DataFrame(
        {
            "round": whole(missing["round"]),
            "unit_code": missing["unit_code"],
            "unit": missing["name"],
            "category": labels(missing["category"], "category", lang),
        }
    ).reset_index(drop=True)


def units(unit_rows: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """各单位: cadres and their days, the latest round's score and rank, verified complaints,
    the year's actions (the bulletin's annex and the workbook's sheet)."""
    return pd.DataFrame(
        {
            "unit_code": unit_rows["unit_code"],
            "unit": unit_rows["unit"],
            "category": labels(unit_rows["category"], "category", lang),
            "cadres": unit_rows["cadres"],
            "cadres_met": unit_rows["met"],
            "cadres_on_track": unit_rows["on_track"],
            "cadres_behind": unit_rows["behind"],
            **{
                c: unit_rows[c]
                for c in (
                    "days",
                    "liaison_short",
                    "round",
                    "score",
                    "rank",
                    "ranked",
                    "verified_complaints",
                    "actions",
                )
            },
        }
    ).reset_index(drop=True)
