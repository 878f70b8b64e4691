"""年终综合考核: the year-end appraisal (双考双评双挂钩) of units and townships, and the
townships' combined standing (增比进位).

Pure: frames in, frames out, the scheme passed in (:class:`app.settings.AppraisalSettings`).
A scheme is a list of sections; each takes one measure of a unit (or township) and turns it
into points by its method:

- ``score``: a 0–100 measure × points / 100;
- ``ratio``: a 0–1 measure, capped at 1, × points;
- ``deduct``: max(0, points − per × measure) (a count of faults);
- ``rank``: the first of its group (kind, category) gets ``points``, the last ``points × floor``,
  linear in rank between (the fewest faults rank first for the fault counts);
- ``manual``: a score entered by people (``appraisal_scores``, 0–100) × points / 100.

A measure without a value (a unit nobody surveyed, a unit without leading cadres) earns none
of its section's points, except the fault counts, where nothing found is none.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from app.metrics._frames import conform, safe_ratio
from app.metrics.ranking import bottom_n, competition_rank, rank_change
from app.settings import AppraisalSection, AppraisalSettings

# Fault counts: fewer is better, and a unit with none found has none.
FAULT_MEASURES = ("verified_complaints", "rectification_faults", "supervision_faults")
RESULT_COLUMNS = [
    "kind",
    "code",
    "name",
    "category",
    "total",
    "parts",
    "measures",
    "rank",
    "ranked",
    "grade",
    "eligible",
    "reasons",
]
GRADES = ("excellent", "good", "poor")


# --- Measures -----------------------------------------------------------------------------


def survey_score(results: pd.DataFrame, year: int, rounds: list[int], as_of: dt.date) -> pd.Series:
    """Mean score of the year's accountable rounds (2 and 3) held by ``as_of``, those that
    exist, per unit_code."""
    res = conform(results, "survey_results")
    keep = res["year"].eq(year).fillna(False).astype(bool) & res["round"].isin(rounds)
    keep &= ~(pd.to_datetime(res["survey_date"]) > pd.Timestamp(as_of))
    res = res[keep].drop_duplicates(["round", "unit_code"], keep="last")
    return res.groupby("unit_code")["score"].mean()


def rectification_faults(actions: pd.DataFrame) -> pd.Series:
    """The year's round-1 rectifications late plus missing, per unit_code."""
    faults = actions[actions["action"].isin(["rectification_late", "rectification_missing"])]
    return faults.groupby("unit_code").size().astype("int64")


def field_days_attainment(days: pd.DataFrame) -> pd.Series:
    """Mean over each unit's cadres with a requirement of min(1, days / required)."""
    rows = days[days["required"].notna() & (pd.to_numeric(days["required"]) > 0)]
    share = (rows["days"] / pd.to_numeric(rows["required"]).astype("float64")).clip(upper=1.0)
    return share.groupby(rows["unit_code"]).mean()


def petitions_attainment(status: pd.DataFrame) -> pd.Series:
    """Share of each unit's leading cadres who met the 包案化解 rule."""
    met = (status["status"] == "met").astype("float64")
    return met.groupby(status["unit_code"]).mean()


def indicator_attainment(progress: pd.DataFrame) -> pd.DataFrame:
    """Each township's mean of min(1, completion) over the indicators with a township target
    (a ``lower`` indicator's attainment is target / actual; no data counts 0). Columns:
    township_code, attainment, indicators."""
    rows = progress[progress["township_code"].notna() & progress["target"].notna()]
    rows = rows[pd.to_numeric(rows["target"], errors="coerce") != 0]
    if rows.empty:
        return pd.DataFrame(
            {
                "township_code": pd.Series(dtype=str),
                "attainment": pd.Series(dtype=float),
                "indicators": pd.Series(dtype="int64"),
            }
        )
    lower = (rows["direction"] == "lower").to_numpy()
    plain = pd.to_numeric(rows["completion"], errors="coerce")
    inverted = safe_ratio(rows["target"], rows["actual"])
    value = pd.Series(np.where(lower, inverted, plain), index=rows.index)
    value = value.clip(lower=0.0, upper=1.0).fillna(0.0)
    grouped = value.groupby(rows["township_code"].astype(str))
    out = pd.DataFrame({"attainment": grouped.mean(), "indicators": grouped.size()})
    return out.rename_axis("township_code").reset_index()


# --- Scoring --------------------------------------------------------------------------------


def section_points(
    section: AppraisalSection, values: pd.Series, groups: pd.Series | None = None
) -> pd.Series:
    """Points of one section for each row of ``values`` (its measure), rows grouped by
    ``groups`` for the ``rank`` method. Rounded to 2 decimals."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    points = float(section.points)
    fault = section.measure in FAULT_MEASURES
    if fault:
        numbers = numbers.fillna(0.0)
    if section.method in ("score", "manual"):
        out = numbers.clip(0.0, 100.0) * points / 100.0
    elif section.method == "ratio":
        out = numbers.clip(0.0, 1.0) * points
    elif section.method == "deduct":
        out = (points - float(section.per) * numbers).clip(lower=0.0)
    elif section.method == "rank":
        keys = groups if groups is not None else pd.Series("", index=numbers.index)
        out = pd.Series(np.nan, index=numbers.index)
        for _, part in numbers.groupby(keys, dropna=False):
            ranks = competition_rank(part, ascending=fault).astype("Float64")
            n = int(part.notna().sum())
            step = (1.0 - float(section.floor)) / (n - 1) if n > 1 else 0.0
            out.loc[part.index] = (points * (1.0 - step * (ranks - 1))).astype("float64")
    else:  # the settings refuse any other method
        raise ValueError(f"unknown method {section.method!r}")
    return out.fillna(0.0).round(2)


def scored(
    measures: pd.DataFrame, scheme: list[AppraisalSection], manual: pd.DataFrame
) -> pd.DataFrame:
    """``measures`` (code, category and one column per measure) with ``parts`` (key → points),
    ``measures`` (key → the measure's value) and ``total`` (the sum of the parts)."""
    frame = measures.reset_index(drop=True).copy()
    given = manual.drop_duplicates(["code", "key"], keep="last")
    points: dict[str, pd.Series] = {}
    values: dict[str, pd.Series] = {}
    for section in scheme:
        if section.measure == "manual":
            mine = given[given["key"] == section.key]
            value = frame["code"].map(dict(zip(mine["code"], mine["score"], strict=False)))
        else:
            value = frame[section.measure] if section.measure in frame else pd.Series(np.nan)
        value = pd.to_numeric(value.reindex(frame.index), errors="coerce").astype("float64")
        if section.measure in FAULT_MEASURES:
            value = value.fillna(0.0)  # none found is none
        values[section.key] = value
        points[section.key] = section_points(section, value, frame["category"])
    keys = [s.key for s in scheme]

    def row(i: int, source: dict[str, pd.Series]) -> dict[str, Any]:
        return {k: (None if pd.isna(source[k].iloc[i]) else float(source[k].iloc[i])) for k in keys}

    frame["parts"] = [row(i, points) for i in range(len(frame))]
    frame["measures"] = [row(i, values) for i in range(len(frame))]
    frame["total"] = [round(sum(v for v in p.values() if v is not None), 2) for p in frame["parts"]]
    return frame


def eligibility(codes: pd.Series, actions: pd.DataFrame, ineligible_if: list[str]) -> pd.Series:
    """Per code: the actions of ``ineligible_if`` it received (a list, in the settings' order);
    an empty list is eligible (评优评奖资格)."""
    barred = actions[actions["action"].isin(ineligible_if)]
    order = {a: i for i, a in enumerate(ineligible_if)}
    found: dict[str, list[str]] = {}
    for code, group in barred.groupby(barred["unit_code"].astype(str)):
        found[code] = sorted(set(group["action"]), key=order.__getitem__)
    return codes.astype(str).map(lambda c: list(found.get(c, [])))


def grades(frame: pd.DataFrame, settings: AppraisalSettings) -> pd.Series:
    """优秀 for the top ``excellent_share`` of the eligible of each group (ties included, at
    least one), 较差 for the last ``poor_last`` of the group (ties included), else 良好."""
    out = pd.Series("good", index=frame.index, dtype=object)
    for _, group in frame.groupby(["kind", "category"], dropna=False):
        if settings.poor_last > 0:
            out.loc[group.index[bottom_n(group["total"], settings.poor_last).to_numpy()]] = "poor"
        eligible = group[group["eligible"]]
        if eligible.empty or settings.excellent_share <= 0:
            continue
        k = max(1, int(np.floor(len(eligible) * settings.excellent_share + 1e-9)))
        ranks = competition_rank(eligible["total"])
        best = eligible.index[(ranks <= k).to_numpy()]
        out.loc[[i for i in best if out.loc[i] != "poor"]] = "excellent"
    return out


def appraise(
    units: pd.DataFrame,
    townships: pd.DataFrame,
    manual: pd.DataFrame,
    unit_actions: pd.DataFrame,
    township_actions: pd.DataFrame,
    year: int,
    settings: AppraisalSettings,
) -> pd.DataFrame:
    """The appraisal of the year: one row per unit (``units``: code, name, category and the
    unit measures) and per township (``townships``: code, name and the township measures).

    ``manual``: the appraisal_scores; ``*_actions``: accountability actions (unit_code,
    action) of the year, a township's under its code. Columns :data:`RESULT_COLUMNS`: total
    (sum of parts), rank (competition ranking by total within kind and category), ranked,
    grade, eligible, reasons (the barring actions). Ordered by kind, category, rank, code.
    """
    scores = conform(manual, "appraisal_scores")
    scores = scores[scores["year"].eq(year).fillna(False).astype(bool)]
    frames = []
    for kind, measures, actions in (
        ("unit", units, unit_actions),
        ("township", townships, township_actions),
    ):
        if measures.empty:
            continue
        mine = scores[scores["kind"] == kind][["code", "key", "score"]]
        frame = scored(measures.assign(kind=kind), settings.scheme(kind), mine)
        frame["reasons"] = eligibility(frame["code"], actions, list(settings.ineligible_if))
        frames.append(frame)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in RESULT_COLUMNS})
    frame = pd.concat(frames, ignore_index=True)
    frame["eligible"] = frame["reasons"].map(lambda r: not r)
    groups = frame.groupby(["kind", "category"], dropna=False)["total"]
    frame["rank"] = groups.transform(competition_rank).astype("Int64")
    frame["ranked"] = groups.transform("count").astype("Int64")
    frame["grade"] = grades(frame, settings)
    kinds = {"unit": 0, "township": 1}
    from schemas.common import UNIT_CATEGORIES

    categories = {c: i for i, c in enumerate(UNIT_CATEGORIES)}
    frame["_k"] = frame["kind"].map(kinds)
    frame["_c"] = frame["category"].map(categories).fillna(len(categories))
    frame = frame.sort_values(["_k", "_c", "rank", "code"], kind="stable")
    return frame[RESULT_COLUMNS].reset_index(drop=True)


def breakdown(row: dict[str, Any], scheme: list[AppraisalSection]) -> pd.DataFrame:
    """One appraised row's sections: key, measure, method, value (the measure), points
    (what it earned) and max_points (the section's points)."""
    return pd.DataFrame(
        [
            {
                "key": s.key,
                "measure": s.measure,
                "method": s.method,
                "value": row["measures"].get(s.key),
                "points": row["parts"].get(s.key),
                "max_points": float(s.points),
            }
            for s in scheme
        ],
        columns=["key", "measure", "method", "value", "points", "max_points"],
    )


# --- 增比进位: the townships' combined standing ---------------------------------------------


def township_standing(
    current: pd.DataFrame, previous_quarter: pd.DataFrame, previous_year: pd.DataFrame
) -> pd.DataFrame:
    """Townships ranked by their mean attainment over every indicator with a township target
    (:func:`indicator_attainment` frames), with the change of rank since the end of the
    previous quarter and of the previous year (positive = moved up, 升位). Columns:
    township_code, attainment, indicators, rank, quarter_rank, quarter_change, year_rank,
    year_change; the best first."""
    frame = current.copy()
    frame["rank"] = competition_rank(frame["attainment"])
    for label, before in (("quarter", previous_quarter), ("year", previous_year)):
        earlier = before.assign(r=competition_rank(before["attainment"]))
        ranks = dict(zip(earlier["township_code"], earlier["r"], strict=False))
        frame[f"{label}_rank"] = frame["township_code"].map(ranks).astype("Int64")
        frame[f"{label}_change"] = rank_change(frame["rank"], frame[f"{label}_rank"])
    frame = frame.sort_values(["rank", "township_code"], kind="stable", na_position="last")
    return frame.reset_index(drop=True)
