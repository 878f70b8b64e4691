"""Publishing the surveys 公布 and the commitments that follow them 承诺, and the townships'
own surveys of their stations, villages and communities 乡镇所属站所、村（居）社区满意度调查.

Rules [defaults in ``settings.programme``]:

- ``survey_publication``: rounds [2 and 3] are published at the latest [30] days after their
  survey date, once approved by the joint meeting (经联席会议审定后在县级主流媒体上公布);
  status ``published`` / ``unpublished`` (``round_unpublished``) / ``not_due``.
- ``rectification_unpublished``: a round-1 rectification submitted in time but not published
  (``published`` false or empty, or its ``public`` commitment published after the due date).
- ``commitment_missing``: a unit admonished in a round without a ``public`` commitment for
  that round made within [15] days of its survey date.
- ``township_admonish``: units of a township's own categories (``station``, ``community``,
  ``service_area``) ranked within their township and category; bottom [1] in a round.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app.metrics._frames import conform, empty_frame, timestamp, typed
from app.metrics.ranking import bottom_n, competition_rank
from app.settings import Settings

PUBLICATION_COLUMNS: dict[str, str] = {
    "round": "Int64",
    "survey_date": "datetime64[ns]",
    "due": "datetime64[ns]",
    "approved_on": "datetime64[ns]",
    "published_on": "datetime64[ns]",
    "medium": "str",
    "status": "str",
    "late": "bool",
}
TOWNSHIP_RANKING_COLUMNS: dict[str, str] = {
    "year": "Int64",
    "round": "Int64",
    "township_code": "str",
    "category": "str",
    "unit_code": "str",
    "name": "str",
    "score": "float64",
    "rank": "Int64",
    "ranked": "Int64",
    "bottom": "bool",
}
COMMITMENT_COLUMNS: dict[str, str] = {
    "commitment_id": "str",
    "kind": "str",
    "year": "Int64",
    "round": "Int64",
    "unit_code": "str",
    "cadre_id": "str",
    "made_on": "datetime64[ns]",
    "published_on": "datetime64[ns]",
    "content": "str",
}


def _of_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return frame[frame["year"].eq(year).fillna(False).astype(bool)]


def survey_publication(
    results: pd.DataFrame,
    rounds: pd.DataFrame,
    year: int,
    as_of: dt.date,
    settings: Settings,
) -> pd.DataFrame:
    """Publication of each round of ``settings.programme.published_rounds`` held by ``as_of``.

    ``survey_date`` is the round's latest survey date; ``due`` that plus ``publication_days``.
    Status ``published`` (approved and published on or before ``as_of``), ``unpublished``
    (not so, and ``as_of`` past the due date: ``round_unpublished``), ``not_due``. ``late``:
    published after the due date. Ordered by round.
    """
    cfg = settings.programme
    as_of_ts = timestamp(as_of)
    res = _of_year(conform(results, "survey_results"), year)
    res = res[~(res["survey_date"] > as_of_ts) & res["round"].isin(list(cfg.published_rounds))]
    if res.empty:
        return empty_frame(PUBLICATION_COLUMNS)
    frame = res.groupby("round", as_index=False)["survey_date"].max()
    frame["due"] = frame["survey_date"] + pd.Timedelta(days=int(cfg.publication_days))
    record = _of_year(conform(rounds, "survey_rounds"), year).drop_duplicates("round", keep="last")
    frame = frame.merge(
        record[["round", "approved_on", "published_on", "medium"]], on="round", how="left"
    )
    # What was not done by the as-of date is not known on it.
    for column in ("approved_on", "published_on"):
        frame[column] = frame[column].where(frame[column] <= as_of_ts)
    published = frame["published_on"].notna() & frame["approved_on"].notna()
    overdue = (as_of_ts > frame["due"]).fillna(False).astype(bool)
    frame["status"] = "not_due"
    frame.loc[overdue, "status"] = "unpublished"
    frame.loc[published, "status"] = "published"
    frame["late"] = (published & (frame["published_on"] > frame["due"])).astype(bool)
    return typed(frame.sort_values("round"), PUBLICATION_COLUMNS)


def commitments(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The commitments 承诺 of ``year``, service ones first, then by unit, date."""
    items = _of_year(conform(frame, "commitments"), year)
    items = items.sort_values(["kind", "unit_code", "made_on"], ascending=[False, True, True])
    return typed(items, COMMITMENT_COLUMNS)


def rectification_unpublished(
    rectified: pd.DataFrame,
    commitments_frame: pd.DataFrame | None,
    year: int,
    round_: int,
    as_of: pd.Timestamp,
) -> pd.DataFrame:
    """Of ``rectified`` (unit_code, due, submitted: round ``round_``'s rectifications), those
    submitted by their due date but not published: ``published`` not true, or the unit's
    ``public`` commitment of the round published after the due date. Only once the due date
    has passed. Returns unit_code, due, submitted, published_on (the commitment's, if any)."""
    on_time = rectified[
        rectified["submitted"].notna() & (rectified["submitted"] <= rectified["due"])
    ]
    on_time = on_time[as_of > on_time["due"]]
    public = conform(commitments_frame, "commitments")
    public = _of_year(public, year)
    public = public[
        public["kind"].eq("public").fillna(False) & public["round"].eq(round_).fillna(False)
    ]
    public = public[public["published_on"].notna() & (public["published_on"] <= as_of)]
    first = public.groupby("unit_code", as_index=False)["published_on"].min()
    frame = on_time.merge(first, on="unit_code", how="left")
    flag = frame["published"].fillna(False).astype(bool)
    late_publication = (frame["published_on"] > frame["due"]).fillna(False).astype(bool)
    return frame[~flag | late_publication].reset_index(drop=True)


def commitment_missing(
    admonished: pd.DataFrame,
    results: pd.DataFrame,
    commitments_frame: pd.DataFrame | None,
    year: int,
    as_of: pd.Timestamp,
    settings: Settings,
) -> pd.DataFrame:
    """Of ``admonished`` (unit_code, round), the units without a ``public`` commitment for that
    round made within ``commitment_days`` of their survey date, once that date has passed.
    Returns unit_code, round, due, made_on (a late commitment's date, else NaT)."""
    days = int(settings.programme.commitment_days)
    res = _of_year(conform(results, "survey_results"), year)
    dates = res.drop_duplicates(["round", "unit_code"], keep="last")
    frame = admonished[["unit_code", "round"]].merge(
        dates[["unit_code", "round", "survey_date"]], on=["unit_code", "round"], how="left"
    )
    frame["due"] = frame["survey_date"] + pd.Timedelta(days=days)
    public = _of_year(conform(commitments_frame, "commitments"), year)
    public = public[public["kind"].eq("public").fillna(False) & (public["made_on"] <= as_of)]
    made = public.groupby(["unit_code", "round"], as_index=False)["made_on"].min()
    frame = frame.merge(made, on=["unit_code", "round"], how="left")
    in_time = (frame["made_on"] <= frame["due"]).fillna(False).astype(bool)
    due_passed = (as_of > frame["due"]).fillna(False).astype(bool)
    return frame[~in_time & due_passed].reset_index(drop=True)


def township_survey_ranking(
    results: pd.DataFrame, units: pd.DataFrame, year: int, settings: Settings
) -> pd.DataFrame:
    """A township's own units ranked within township, category and round of ``year``.

    Competition ranking, the highest score first; ``bottom``: the bottom
    ``settings.programme.township_bottom_n`` (ties at the boundary all included) in a round of
    ``township_rounds``. Ordered by round, township_code, category, rank.
    """
    cfg = settings.programme
    unit = conform(units, "units").drop_duplicates("unit_code", keep="last")
    unit = unit[unit["category"].isin(list(cfg.township_categories))]
    res = _of_year(conform(results, "survey_results"), year)
    res = res.drop_duplicates(["round", "unit_code"], keep="last")
    frame = res.merge(
        unit[["unit_code", "name", "category", "township_code"]], on="unit_code", how="inner"
    )
    if frame.empty:
        return empty_frame(TOWNSHIP_RANKING_COLUMNS)
    groups = frame.groupby(["round", "township_code", "category"], dropna=False)["score"]
    frame["rank"] = groups.transform(competition_rank).astype("Int64")
    frame["ranked"] = groups.transform("count").astype("Int64")
    frame["bottom"] = False
    size = int(cfg.township_bottom_n)
    rounds = {int(r) for r in cfg.township_rounds}
    for (round_, _, _), scores in groups:
        if size > 0 and int(round_) in rounds:
            frame.loc[scores.index, "bottom"] = bottom_n(scores, size)
    frame = frame.sort_values(["round", "township_code", "category", "rank", "unit_code"])
    return typed(frame, TOWNSHIP_RANKING_COLUMNS)


SERVICE_COLUMNS: dict[str, str] = {
    "cadre_id": "str",
    "name": "str",
    "unit_code": "str",
    "level": "str",
    "made_on": "datetime64[ns]",
    "published_on": "datetime64[ns]",
    "status": "str",
}


def service_commitments(
    cadres: pd.DataFrame,
    commitments_frame: pd.DataFrame,
    year: int,
    as_of: dt.date,
    settings: Settings,
) -> pd.DataFrame:
    """服务基层承诺 of every cadre of ``settings.programme.service_commitment_levels`` in
    ``year`` as known at ``as_of``: ``published`` (made and published, 在一定范围内公开),
    ``unpublished`` (made, not published), ``missing`` (none made). Ordered by status
    (missing, unpublished, published), then cadre_id."""
    people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
    people = people[people["level"].isin(list(settings.programme.service_commitment_levels))]
    if people.empty:
        return empty_frame(SERVICE_COLUMNS)
    as_of_ts = timestamp(as_of)
    made = _of_year(conform(commitments_frame, "commitments"), year)
    made = made[made["kind"].eq("service").fillna(False) & (made["made_on"] <= as_of_ts)]
    made = made.assign(published_on=made["published_on"].where(made["published_on"] <= as_of_ts))
    first = made.sort_values("made_on").drop_duplicates("cadre_id", keep="first")
    frame = people[["cadre_id", "name", "unit_code", "level"]].merge(
        first[["cadre_id", "made_on", "published_on"]], on="cadre_id", how="left"
    )
    frame["status"] = "published"
    frame.loc[frame["published_on"].isna(), "status"] = "unpublished"
    frame.loc[frame["made_on"].isna(), "status"] = "missing"
    frame["_order"] = frame["status"].map({"missing": 0, "unpublished": 1, "published": 2})
    frame = frame.sort_values(["_order", "cadre_id"], kind="stable")
    return typed(frame, SERVICE_COLUMNS)
