"""The tables a person reads, built in one place from the reports.

Each function turns a report of :mod:`app.reports.compute` (a frame of canonical columns,
codes and enumeration values) into the table a person reads: which columns, in which order,
codes named, enumerations labelled in ``lang``, ratios as percentages (93.0 under a "（%）"
header) and dates as text. Column keys stay canonical here; :func:`headed` gives them the
headers of the ``export.col.*`` catalogue. The pages, the month workbook, the bulletin's annex
and the command line's table format all show these very tables, so a figure cannot differ
between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.i18n import enum_label, translate
from app.reports.compute import reason_params

Reader = Callable[[str], pd.DataFrame]


def code_names(read: Reader, dataset: str, key: str) -> dict[str, str]:
    """Code → name of a master dataset (townships, units, cadres, projects)."""
    frame = read(dataset).drop_duplicates(key, keep="last")
    return dict(zip(frame[key].astype(str), frame["name"].astype(str), strict=False))


@dataclass(frozen=True)
class Names:
    """Code → name of the master data the tables name things by."""

    townships: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    cadres: dict[str, str] = field(default_factory=dict)
    # Where the cadres are many (a province's 50,000), the names of just the codes asked for.
    cadres_of: Callable[[pd.Series], dict[str, str]] | None = None

    @classmethod
    def read(cls, read: Reader) -> Names:
        def lookup(dataset: str, key: str) -> dict[str, str]:
            return code_names(read, dataset, key)

        return cls(
            lookup("townships", "township_code"),
            lookup("units", "unit_code"),
            lookup("cadres", "cadre_id"),
        )

    def township(self, codes: pd.Series, lang: str) -> pd.Series:
        """Township names; an empty code is the county as a whole (全县)."""
        county = translate("bulletin.county_wide", lang)
        return codes.map(lambda c: county if pd.isna(c) else self.townships.get(str(c), str(c)))

    def unit(self, codes: pd.Series) -> pd.Series:
        return codes.map(lambda c: self.units.get(str(c), str(c)))

    def cadre(self, codes: pd.Series) -> pd.Series:
        found = self.cadres_of(codes) if self.cadres_of is not None else self.cadres
        return codes.map(lambda c: found.get(str(c), "") if pd.notna(c) else "")


def headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with its headers in ``lang`` (the ``export.col.*`` catalogue)."""
    return frame.rename(columns={c: translate(f"export.col.{c}", lang) for c in frame.columns})


# Each report of app.reports.compute that has a table, and the function making it.
def for_report(name: str) -> Callable[[Any, Names, str], pd.DataFrame]:
    return {
        "targets": targets,
        "framework": framework,
        "project_year": project_year,
        "township_ranking": township_ranking,
        "project_investment": projects,
        "stalled_projects": stalled,
        "investment_by_township": project_townships,
        "survey_ranking_as_of": survey_ranking,
        "survey_comparison": survey_comparison,
        "rectification_status": rectifications,
        "complaints_by_unit": complaints,
        "units_missing": units_missing,
        "accountability": accountability,
        "field_days": field_days,
        "field_unit_rollup": field_units,
        "field_township_rollup": field_townships,
        "help_type_mix": help_types,
        "petitions": petitions,
        "open_cases_by_type": open_cases,
        "field_ledger": ledger,
        "contact_points": contacts,
    }[name]


def percent(series: pd.Series) -> pd.Series:
    """Ratios (0.93) as percentages (93.0)."""
    return (pd.to_numeric(series, errors="coerce") * 100).round(1)


def labels(series: pd.Series, kind: str, lang: str) -> pd.Series:
    """Enumeration values as words; each distinct value looked up once."""
    words = {v: enum_label(kind, v, lang) for v in series.dropna().unique()}
    return series.map(lambda v: words.get(v, "") if pd.notna(v) else "")


def light(series: pd.Series, lang: str) -> pd.Series:
    return series.map(
        lambda v: translate(f"light.short.{v}", lang) if isinstance(v, str) and v else ""
    )


def yes_no(series: pd.Series, lang: str) -> pd.Series:
    return series.map(
        lambda v: "" if pd.isna(v) else translate("bulletin.yes" if v else "bulletin.no", lang)
    )


def months_text(series: pd.Series, lang: str) -> pd.Series:
    joiner = "、" if lang == "zh" else ", "
    return series.map(lambda v: joiner.join(v) if isinstance(v, list) else "")


def dates_text(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.strftime("%Y-%m-%d").fillna("")


# -- 指标 ---------------------------------------------------------------------------------------
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


# -- 满意度测评 ---------------------------------------------------------------------------------
def survey_ranking(ranking: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """满意度测评排名 by round and category, the bottom flagged, verified complaints beside."""
    return pd.DataFrame(
        {
            "round": ranking["round"],
            "unit_code": ranking["unit_code"],
            "unit": ranking["name"],
            "category": labels(ranking["category"], "category", lang),
            "score": ranking["score"],
            "rank": ranking["rank"],
            "ranked": ranking["ranked"],
            "bottom": yes_no(ranking["bottom"], lang),
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
            "round": actions["round"],
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
            "round": missing["round"],
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


# -- 四帮四促 and 信访维稳 -----------------------------------------------------------------------
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


# -- 上报记录 -------------------------------------------------------------------------------------
HISTORY_COLUMNS = [
    "dataset",
    "version",
    "time",
    "operation",
    "user",
    "source_file",
    "rows_written",
    "rows_added",
    "rows_removed",
    "rows_changed",
    "period",
]


def history(frame: pd.DataFrame, lang: str, time_zone: str) -> pd.DataFrame:
    """Every commit: which dataset, version, when (in the county's time zone), what was done,
    by whom, from which file, with how many rows; headed (``history.col.*``)."""
    from schemas import DATASETS

    def operation(mode: Any, rollback_to: Any) -> str:
        if mode == "rollback":
            return translate("history.op.rollback", lang, to=int(rollback_to))
        return translate(
            f"history.op.{mode}" if isinstance(mode, str) else "history.op.create", lang
        )

    shown = frame.copy()
    shown["dataset"] = shown["dataset"].map(lambda n: DATASETS[n].title(lang))
    shown["time"] = pd.to_datetime(shown["time"], utc=True).dt.tz_convert(time_zone)
    shown["time"] = shown["time"].dt.strftime("%Y-%m-%d %H:%M")
    shown["operation"] = [
        operation(m, r) for m, r in zip(shown["mode"], shown["rollback_to"], strict=True)
    ]
    for column in ("rows_written", "rows_added", "rows_removed", "rows_changed"):
        shown[column] = shown[column].astype("Float64").astype("Int64")
    shown = shown[HISTORY_COLUMNS]
    return shown.rename(columns={c: translate(f"history.col.{c}", lang) for c in shown.columns})
