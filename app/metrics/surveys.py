"""Work-style satisfaction surveys 作风建设满意度调查: rankings and accountability 问责.

Rules (year Y, ranked within each category): in each accountable round [2 and 3],
``party_mass`` bottom [1] and ``government`` bottom [2] → ``admonish`` 诫勉谈话; bottom in every
accountable round → ``organisational_handling`` 组织处理; ``vertical`` last in every accountable
round → ``superior_handling`` 建议上级主管部门组织处理. Round [1]: rectification measures 整改措施
due [10] days after the survey → ``rectification_late`` / ``rectification_missing``. Hotline:
the unit(s) with the most verified complaints in the year → ``complaints_accountability``
主要负责人问责. Units absent from a round are listed, not ranked.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app.metrics import publication
from app.metrics._frames import conform, empty_frame, timestamp, typed
from app.metrics.ranking import bottom_n, competition_rank
from app.settings import Settings
from schemas.common import ACCOUNTABILITY_ACTIONS, UNIT_CATEGORIES

# Categories the county's satisfaction survey covers (垂直管理部门、党群部门、政府职能部门).
SURVEYED_CATEGORIES = ("vertical", "party_mass", "government")
ACTIONS = list(ACCOUNTABILITY_ACTIONS)

RANKING_COLUMNS: dict[str, str] = {
    "year": "Int64",
    "round": "Int64",
    "unit_code": "str",
    "name": "str",
    "category": "str",
    "score": "float64",
    "rank": "Int64",
    "ranked": "Int64",
    "bottom": "bool",
    "window": "bool",
}

ACCOUNTABILITY_COLUMNS: dict[str, str] = {
    "unit_code": "str",
    "name": "str",
    "category": "str",
    "action": "str",
    "round": "Int64",
    "reason": "str",
    "township_code": "str",
}

MISSING_COLUMNS: dict[str, str] = {
    "year": "Int64",
    "round": "Int64",
    "unit_code": "str",
    "name": "str",
    "category": "str",
}


def bottom_sizes(settings: Settings) -> dict[str, int]:
    """How many units are 'bottom' per category (vertical: the last N); 0 for the others."""
    sizes = {str(k): int(v) for k, v in settings.survey.bottom_n.items()}
    sizes["vertical"] = int(settings.survey.vertical_last_n)
    return sizes


def verified_complaints(
    complaints: pd.DataFrame | None, year: int, as_of: dt.date | None = None
) -> pd.Series:
    """Verified complaints 查实投诉 per unit_code received in calendar ``year`` (up to as_of)."""
    frame = conform(complaints, "complaints")
    received = frame["received_date"]
    keep = frame["verified"].fillna(False).astype(bool) & (received.dt.year == year)
    if as_of is not None:
        keep &= received <= timestamp(as_of)
    return frame[keep].groupby("unit_code").size().astype("int64")


def survey_ranking(
    results: pd.DataFrame,
    units: pd.DataFrame,
    year: int,
    settings: Settings,
    complaints: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Survey scores ranked 满意度排名 within each category and round of campaign ``year``.

    Competition ranking, the highest score first; ``ranked`` is how many units were ranked in
    that category and round. ``bottom`` 倒数 marks ``settings.survey.bottom_n[category]`` bottom
    units (ties at the boundary all included) and, for ``vertical``, the last
    ``settings.survey.vertical_last_n``; other categories are never bottom. Columns: year,
    round, unit_code, name, category, score, rank, ranked, bottom, window (窗口单位), and
    ``verified_complaints``
    (``int64``, verified complaints received in calendar ``year``) when ``complaints`` is given.
    Ordered by round, category (contract order), rank.
    """
    columns = dict(RANKING_COLUMNS)
    if complaints is not None:
        columns["verified_complaints"] = "int64"
    res = conform(results, "survey_results")
    res = res[res["year"].eq(year).fillna(False).astype(bool)]
    res = res.drop_duplicates(["round", "unit_code"], keep="last")
    unit = conform(units, "units").drop_duplicates("unit_code", keep="last")
    frame = res.merge(unit[["unit_code", "name", "category", "window"]], on="unit_code", how="left")
    frame["window"] = frame["window"].fillna(False).astype(bool)  # 窗口单位, highlighted
    # A township's own units are ranked within their township (publication.py), not here.
    frame = frame[~frame["category"].isin(list(settings.programme.township_categories))]
    if frame.empty:
        return empty_frame(columns)
    groups = frame.groupby(["round", "category"], dropna=False)["score"]
    frame["rank"] = groups.transform(competition_rank).astype("Int64")
    frame["ranked"] = groups.transform("count").astype("Int64")
    sizes = bottom_sizes(settings)
    frame["bottom"] = False
    for (_, category), scores in groups:
        size = sizes.get(str(category), 0) if pd.notna(category) else 0
        if size > 0:
            frame.loc[scores.index, "bottom"] = bottom_n(scores, size)
    if complaints is not None:
        counts = verified_complaints(complaints, year)
        frame["verified_complaints"] = frame["unit_code"].map(counts).fillna(0)
    order = {c: i for i, c in enumerate(UNIT_CATEGORIES)}
    frame["_order"] = frame["category"].map(order).fillna(len(order))
    frame = frame.sort_values(["round", "_order", "rank", "unit_code"], kind="stable")
    return typed(frame, columns)


def _action_rows(frame: pd.DataFrame, action: str, round_: object, reasons: list[str]) -> list:
    return [
        {
            "unit_code": row.unit_code,
            "name": row.name,
            "category": row.category,
            "action": action,
            "round": round_,
            "reason": reason,
        }
        for row, reason in zip(frame.itertuples(index=False), reasons, strict=True)
    ]


def accountability(
    results: pd.DataFrame,
    units: pd.DataFrame,
    rectifications: pd.DataFrame,
    complaints: pd.DataFrame,
    year: int,
    as_of: dt.date,
    settings: Settings,
    commitments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Accountability actions 问责 of campaign ``year`` as of the date ``as_of``.

    Actions (``action`` column; the UI translates the codes):

    - ``admonish`` 诫勉谈话: ``party_mass``/``government`` unit in the bottom N of its category
      in an accountable round (``settings.survey.accountable_rounds``); ``round`` is that round;
    - ``organisational_handling`` 组织处理: such a unit bottom in every accountable round;
    - ``superior_handling`` 建议上级主管部门组织处理: ``vertical`` unit last in every
      accountable round;
    - ``rectification_late`` 整改措施逾期: in round ``settings.survey.rectification_round``,
      measures submitted after survey_date + ``rectification_days``;
    - ``rectification_missing`` 未提交整改措施: none submitted by ``as_of`` while ``as_of`` is
      past that due date (a unit without its own survey date uses the round's latest);
    - ``complaints_accountability`` 主要负责人问责: the unit(s) with the most verified
      complaints received in calendar ``year`` up to ``as_of`` (ties all included; the top
      ``settings.survey.complaints_top_n``; only units with at least one);
    - ``rectification_unpublished`` 整改措施未公开: submitted in time but not published (see
      :func:`app.metrics.publication.rectification_unpublished`);
    - ``commitment_missing`` 未作公开承诺: an admonished unit without its public commitment
      (``commitments``; see :func:`app.metrics.publication.commitment_missing`);
    - ``township_admonish`` 乡镇诫勉: a township's own unit bottom within its township
      (an action of the township; ``township_code`` names it).

    Only survey results dated on or before ``as_of`` count (undated ones always do).
    Columns: unit_code, name, category, action, round (``Int64``, ``<NA>`` for year-wide
    actions), reason (short English ``key=value`` text), township_code (the unit's township,
    for a township's own unit). Ordered by action, round, unit_code.
    """
    cfg = settings.survey
    as_of_ts = timestamp(as_of)
    res = conform(results, "survey_results")
    # Rounds surveyed after the as-of date are not known yet on that date.
    res = res[~(res["survey_date"] > as_of_ts)]
    ranking = survey_ranking(res, units, year, settings)
    unit = conform(units, "units").drop_duplicates("unit_code", keep="last")
    sizes = bottom_sizes(settings)
    rows: list[dict] = []
    accountable = [int(r) for r in cfg.accountable_rounds]

    bottoms = ranking[ranking["bottom"] & ranking["round"].isin(accountable)]
    admonished = bottoms[bottoms["category"].isin(list(settings.survey.bottom_n))]
    for round_, part in admonished.groupby("round", sort=True):
        reasons = [
            f"round={round_}; rank={r.rank}/{r.ranked}; score={r.score:g}; "
            f"bottom_n={sizes.get(r.category, 0)}"
            for r in part.itertuples(index=False)
        ]
        rows += _action_rows(part, "admonish", int(round_), reasons)

    if accountable:
        times = bottoms.groupby("unit_code")["round"].nunique()
        always = set(times[times == len(set(accountable))].index)
        for action, categories in (
            ("organisational_handling", list(settings.survey.bottom_n)),
            ("superior_handling", ["vertical"]),
        ):
            part = unit[unit["unit_code"].isin(always) & unit["category"].isin(categories)]
            part = part.sort_values("unit_code")
            rounds = ",".join(str(r) for r in sorted(set(accountable)))
            reasons = [f"bottom_in_rounds={rounds}"] * len(part)
            rows += _action_rows(part, action, pd.NA, reasons)

    rows += _rectification_rows(res, unit, rectifications, commitments, year, as_of_ts, settings)
    rows += _programme_rows(res, unit, admonished, commitments, year, as_of_ts, settings)

    counts = verified_complaints(complaints, year, as_of)
    counts = counts[counts > 0]
    if len(counts):
        top = counts[bottom_n(-counts.astype("float64"), int(cfg.complaints_top_n))]
        part = unit[unit["unit_code"].isin(top.index)].sort_values("unit_code")
        reasons = [f"verified_complaints={int(top[code])}" for code in part["unit_code"]]
        rows += _action_rows(part, "complaints_accountability", pd.NA, reasons)

    if not rows:
        return empty_frame(ACCOUNTABILITY_COLUMNS)
    frame = pd.DataFrame(rows)
    frame["_order"] = frame["action"].map({a: i for i, a in enumerate(ACTIONS)})
    frame["_round"] = pd.to_numeric(frame["round"], errors="coerce")
    frame = frame.sort_values(["_order", "_round", "unit_code"], kind="stable")
    township_of = unit.set_index("unit_code")["township_code"]
    frame["township_code"] = frame["unit_code"].map(township_of)
    return typed(frame, ACCOUNTABILITY_COLUMNS)


def _programme_rows(
    results: pd.DataFrame,
    unit: pd.DataFrame,
    admonished: pd.DataFrame,
    commitments: pd.DataFrame | None,
    year: int,
    as_of: pd.Timestamp,
    settings: Settings,
) -> list[dict]:
    """commitment_missing and township_admonish rows."""
    rows: list[dict] = []
    if commitments is not None:
        missing = publication.commitment_missing(
            admonished, results, commitments, year, as_of, settings
        )
        missing = missing.merge(unit[["unit_code", "name", "category"]], on="unit_code")
        missing = missing.sort_values(["round", "unit_code"])
        for round_, part in missing.groupby("round", sort=True):
            reasons = [
                f"due={d:%Y-%m-%d}" + ("" if pd.isna(m) else f"; made_on={m:%Y-%m-%d}")
                for d, m in zip(part["due"], part["made_on"], strict=True)
            ]
            rows += _action_rows(part, "commitment_missing", int(round_), reasons)
    ranking = publication.township_survey_ranking(results, unit, year, settings)
    bottom = ranking[ranking["bottom"]]
    size = int(settings.programme.township_bottom_n)
    for round_, part in bottom.groupby("round", sort=True):
        reasons = [
            f"rank={r.rank}/{r.ranked}; score={r.score:g}; bottom_n={size}"
            for r in part.itertuples(index=False)
        ]
        rows += _action_rows(part, "township_admonish", int(round_), reasons)
    return rows


def _rectification_rows(
    results: pd.DataFrame,
    unit: pd.DataFrame,
    rectifications: pd.DataFrame,
    commitments: pd.DataFrame | None,
    year: int,
    as_of: pd.Timestamp,
    settings: Settings,
) -> list[dict]:
    """rectification_late / _missing / _unpublished rows for the rectification round."""
    cfg = settings.survey
    round_ = int(cfg.rectification_round)
    res = conform(results, "survey_results")
    res = res[
        res["year"].eq(year).fillna(False).astype(bool)
        & res["round"].eq(round_).fillna(False).astype(bool)
    ].drop_duplicates("unit_code", keep="last")
    if res.empty:
        return []
    survey_date = res["survey_date"].fillna(res["survey_date"].max())
    res = res.assign(due=survey_date + pd.Timedelta(days=int(cfg.rectification_days)))
    res = res[res["due"].notna()]
    rect = conform(rectifications, "rectifications")
    rect = rect[
        rect["year"].eq(year).fillna(False).astype(bool)
        & rect["round"].eq(round_).fillna(False).astype(bool)
        & (rect["submitted_date"] <= as_of)
    ]
    submitted = rect.groupby("unit_code", as_index=False)["submitted_date"].min()
    submitted = submitted.rename(columns={"submitted_date": "submitted"})
    published = rect.assign(flag=rect["published"].fillna(False).astype(bool))
    submitted["published"] = submitted["unit_code"].map(
        published.groupby("unit_code")["flag"].any()
    )
    res = res.merge(submitted, on="unit_code", how="left")
    res = res.merge(unit[["unit_code", "name", "category"]], on="unit_code", how="left")
    res = res.sort_values("unit_code")

    late = res[res["submitted"].notna() & (res["submitted"] > res["due"])]
    missing = res[res["submitted"].isna() & (as_of > res["due"])]
    rows = _action_rows(
        late,
        "rectification_late",
        round_,
        [
            f"due={d:%Y-%m-%d}; submitted={s:%Y-%m-%d}"
            for d, s in zip(late["due"], late["submitted"], strict=True)
        ],
    )
    rows += _action_rows(
        missing,
        "rectification_missing",
        round_,
        [f"due={d:%Y-%m-%d}; as_of={as_of:%Y-%m-%d}" for d in missing["due"]],
    )
    unpublished = publication.rectification_unpublished(res, commitments, year, round_, as_of)
    rows += _action_rows(
        unpublished,
        "rectification_unpublished",
        round_,
        [
            f"due={d:%Y-%m-%d}; submitted={s:%Y-%m-%d}"
            for d, s in zip(unpublished["due"], unpublished["submitted"], strict=True)
        ],
    )
    return rows


def missing_from_rounds(results: pd.DataFrame, units: pd.DataFrame, year: int) -> pd.DataFrame:
    """Units absent from a round 缺测单位: listed, not ranked.

    For every round of campaign ``year`` that was held (has any result), each unit of the
    surveyed categories (vertical, party_mass, government) without a result in it. Columns:
    year, round, unit_code, name, category; ordered by round, category, unit_code.
    """
    res = conform(results, "survey_results")
    res = res[res["year"].eq(year).fillna(False).astype(bool)]
    unit = conform(units, "units").drop_duplicates("unit_code", keep="last")
    surveyed = unit[unit["category"].isin(SURVEYED_CATEGORIES)]
    rows = []
    for round_ in sorted(res["round"].dropna().unique()):
        present = set(res.loc[res["round"] == round_, "unit_code"])
        absent = surveyed[~surveyed["unit_code"].isin(present)]
        rows.append(absent.assign(year=year, round=int(round_)))
    if not rows:
        return empty_frame(MISSING_COLUMNS)
    frame = pd.concat(rows, ignore_index=True)
    order = {c: i for i, c in enumerate(UNIT_CATEGORIES)}
    frame["_order"] = frame["category"].map(order).fillna(len(order))
    frame = frame.sort_values(["round", "_order", "unit_code"], kind="stable")
    return typed(frame, MISSING_COLUMNS)
