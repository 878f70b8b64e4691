"""四帮四促 and 信访维稳: days at the grassroots, roll-ups, kinds of help, petition cases, the
ledger and contact points."""

from __future__ import annotations

import pandas as pd

from app.i18n import translate
from app.reports.tables.common import (
    Names,
    dates_text,
    labels,
    months_text,
    percent,
)


def field_days(days: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """下基层天数: every cadre's days against the requirement and the due by now."""
    return pd.DataFrame(
        {
            "cadre_id": days["cadre_id"],
            "cadre": days["name"],
            "unit": names.unit(days["unit_code"]),
            "cadre_level": labels(days["level"], "level", lang),
            "days": days["days"],
            "required": days["required"],
            "due": pd.to_numeric(days["due"], errors="coerce").round(1),
            "status": labels(days["status"], "status", lang),
            "liaison_short_months": months_text(days["liaison_short_months"], lang),
        }
    ).reset_index(drop=True)


def field_units(rollup: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """下基层 by unit: its cadres met, on track and behind, person-days, liaison months short."""
    return pd.DataFrame(
        {
            "unit_code": rollup["unit_code"],
            "unit": names.unit(rollup["unit_code"]),
            "cadres": rollup["cadres"],
            "cadres_met": rollup["met"],
            "cadres_on_track": rollup["on_track"],
            "cadres_behind": rollup["behind"],
            "person_days": rollup["days"],
            "liaisons": rollup["liaisons"],
            "liaison_short": rollup["liaison_short_months"],
        }
    ).reset_index(drop=True)


def field_townships(rollup: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """下基层 by township: activities, cadres and person-days there."""
    return pd.DataFrame(
        {
            "township": names.township(rollup["township_code"], lang),
            "activities": rollup["activities"],
            "cadres": rollup["cadres"],
            "person_days": rollup["person_days"],
        }
    ).reset_index(drop=True)


def help_types(mix: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """四帮: activities of each kind of help, with what it promotes (四促)."""
    return pd.DataFrame(
        {
            "help_type": labels(mix["help_type"], "help_type", lang),
            "promotes": mix["help_type"].map(lambda h: translate(f"field.promote.{h}", lang)),
            "activities": mix["activities"],
            "share_pct": percent(mix["share"]),
            "person_days": mix["person_days"],
        }
    ).reset_index(drop=True)


def petitions(status: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """信访维稳包案: each leading cadre's prominent cases resolved, open cases, status."""
    return pd.DataFrame(
        {
            "cadre_id": status["cadre_id"],
            "cadre": status["name"],
            "unit": names.unit(status["unit_code"]),
            "cadre_level": labels(status["level"], "level", lang),
            "before_festival": status["before_festival"],
            "in_year": status["in_year"],
            "open_cases": status["open_cases"],
            "status": labels(status["status"], "status", lang),
        }
    ).reset_index(drop=True)


def open_cases(frame: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """未化解案件 by dispute type."""
    return pd.DataFrame(
        {
            "dispute_type": labels(frame["dispute_type"], "dispute_type", lang),
            "open": frame["open"],
            "prominent_open": frame["prominent_open"],
        }
    ).reset_index(drop=True)


def ledger(rows: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """工作台账: who, when, where, which help, what and with what outcome."""
    return pd.DataFrame(
        {
            "activity_id": rows["activity_id"],
            "start_date": dates_text(rows["start_date"]),
            "end_date": dates_text(rows["end_date"]),
            "cadre": rows["cadre"],
            "unit": rows["unit"],
            "township": rows["township"],
            "village": rows["village"].astype(object).fillna(""),
            "help_type": labels(rows["help_type"], "help_type", lang),
            "content": rows["content"],
            "outcome": rows["outcome"],
        }
    ).reset_index(drop=True)


def contacts(points: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """联系点: each unit's contact point, its contact, activities there, covered or not."""
    yes, no = translate("field.yes", lang), translate("field.no", lang)
    return pd.DataFrame(
        {
            "scheme": labels(points["scheme"], "scheme", lang),
            "unit": points["unit"],
            "township": points["township"],
            "village": points["village"].astype(object).fillna(""),
            "extremely_poor": points["extremely_poor"]
            .fillna(False)
            .astype(bool)
            .map({True: "✓", False: ""}),
            "contact": points["contact"].astype(object).fillna(""),
            "activities": points["activities"],
            "last_date": dates_text(points["last_date"]),
            "covered": points["covered"].map({True: "● " + yes, False: "○ " + no}),
        }
    ).reset_index(drop=True)
