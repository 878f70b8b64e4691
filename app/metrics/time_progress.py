"""Time progress 序时进度, year-on-year 同比, month-on-month 环比, township ranking 排名.

The contract's rule: at the end of month m, due = target × m / 12 for ``sum`` indicators;
completion = year-to-date actual / target; light ``green`` where completion ≥ m/12, ``yellow``
within [5] percentage points below, ``red`` below that. ``last`` and ``mean`` indicators compare
the year's actual so far with the target itself (time progress 1.0), with the same bands.
``lower`` indicators invert the comparison.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from app.metrics._frames import (
    TOTAL,
    conform,
    empty_frame,
    optional_float,
    safe_ratio,
    township_code,
    township_key,
    typed,
)
from app.metrics.ranking import competition_rank, rank_change
from app.metrics.year_to_date import finished, month_rows, monthly_values, state, ytd
from app.settings import Settings
from schemas.common import FRAMEWORK_ITEMS

# Comparisons of completion with time progress allow for float rounding (50/100 vs 6/12).
EPSILON = 1e-9

PROGRESS_COLUMNS: dict[str, str] = {
    "indicator_code": "str",
    "item": "str",
    "name": "str",
    "name_en": "str",
    "unit": "str",
    "direction": "str",
    "aggregation": "str",
    "township_code": "str",
    "year": "Int64",
    "month": "Int64",
    "months_reported": "Int64",
    "actual": "float64",
    "target": "float64",
    "stretch_target": "float64",
    "completion": "float64",
    "time_progress": "float64",
    "due": "float64",
    "gap": "float64",
    "light": "object",
    "last_year_actual": "float64",
    "yoy": "float64",
    "month_value": "float64",
    "previous_month_value": "float64",
    "mom": "float64",
}

RANKING_COLUMNS: dict[str, str] = {
    "township_code": "str",
    "actual": "float64",
    "target": "float64",
    "completion": "float64",
    "gap": "float64",
    "light": "object",
    "rank": "Int64",
    "previous_rank": "Int64",
    "rank_change": "Int64",
}

SERIES_COLUMNS: dict[str, str] = {
    "month": "Int64",
    "period": "str",
    "value": "float64",
    "ytd": "float64",
}


def _aggregations(indicators: pd.DataFrame) -> pd.Series:
    return indicators.drop_duplicates("indicator_code").set_index("indicator_code")["aggregation"]


def _lights(gap: pd.Series, settings: Settings) -> pd.Series:
    band = settings.lights.yellow_band_pp / 100.0
    values = gap.to_numpy(dtype="float64", na_value=np.nan)
    light = np.full(len(values), "red", dtype=object)
    with np.errstate(invalid="ignore"):
        light[values >= -band - EPSILON] = "yellow"
        light[values >= -EPSILON] = "green"
    light[np.isnan(values)] = None
    return pd.Series(light, index=gap.index, dtype=object)


def month_share(month: str) -> float:
    """序时进度 at the end of ``month`` (YYYY-MM): m / 12 of the year."""
    return int(month[5:7]) / 12


def time_progress(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    values: pd.DataFrame,
    year: int,
    month: int,
    settings: Settings,
) -> pd.DataFrame:
    """序时进度 at the end of ``month`` of ``year``, one row per (indicator_code, township_code).

    A row exists for every catalogue indicator and township (NaN = county total) that has a
    target for ``year`` or a value in months 1..``month`` of ``year``. Columns:

    - indicator_code, item, name, name_en, unit, direction, aggregation: from the catalogue;
    - township_code (NaN = county), year, month, months_reported (months with data in 1..m);
    - actual: year-to-date by the indicator's aggregation over the months 1..m present in the
      data (``sum`` adds them, ``last`` takes the latest, ``mean`` averages); NaN with no data;
    - target, stretch_target (力争值): from the targets of ``year``;
    - completion 完成率 = actual / target (NaN where the target is missing or 0). It keeps this
      plain meaning for ``lower`` indicators too (for them a smaller completion is better);
    - time_progress 序时进度 = m/12 for ``sum``, 1.0 for ``last``/``mean``;
    - due 应完成 = target × time_progress;
    - gap = completion − time_progress for ``higher`` and time_progress − completion for
      ``lower`` indicators, as a fraction: positive (or 0) is on or ahead of time progress,
      negative is behind, whatever the direction;
    - light: ``green`` where gap ≥ 0, ``yellow`` where gap ≥ −yellow_band_pp/100, ``red``
      otherwise, None where there is no completion (no target, or no data);
    - last_year_actual: the same months of ``year − 1`` aggregated the same way; yoy 同比 =
      actual / last_year_actual − 1;
    - month_value: month m's own value; previous_month_value: month m−1's (December of the year
      before for January); mom 环比 = month_value / previous_month_value − 1.
    """
    vals = monthly_values(values)
    prev_year, prev_month = (year, month - 1) if month > 1 else (year - 1, 12)
    return progress(
        indicators,
        targets,
        state(vals, year, month),
        state(vals, year - 1, month),
        month_rows(vals, prev_year, prev_month, "this_month"),
        year,
        month,
        settings,
    )


def progress(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    current: pd.DataFrame,
    last_year: pd.DataFrame,
    previous: pd.DataFrame,
    year: int,
    month: int,
    settings: Settings,
) -> pd.DataFrame:
    """:func:`time_progress` from the year-to-date states (``app.metrics.year_to_date``) of
    ``month`` of ``year`` and of ``year − 1``, and ``previous``: the state (or the rows, as
    ``this_month``) of the month before. What a new month's upload changes is one state."""
    ind = conform(indicators, "indicators").drop_duplicates("indicator_code", keep="last")
    tg = conform(_of_year(targets, year), "targets")
    tg = tg[tg["year"].eq(year).fillna(False).astype(bool)].copy()
    tg["tkey"] = township_key(tg["township_code"])

    aggregations = _aggregations(ind)
    # Every (indicator_code, tkey) pair as one integer, the same pair the same integer in
    # every frame: a province's month is 90,000 pairs, joined five times below, and joining
    # on one integer instead of two text columns is most of the difference (bench/RESULTS).
    ids, towns, width, codes = _pair_ids([tg, current, last_year, previous])
    tg_id, current_id, last_id, previous_id = ids
    once = ~pd.Series(tg_id).duplicated(keep="last").to_numpy()  # a pair's last target
    tg, tg_id = tg[once], tg_id[once]
    keys = pd.unique(np.concatenate([tg_id, current_id]))
    keys = keys[keys >= 0]
    # Only the catalogue's indicators (an inner join on the code).
    catalogue = pd.Index(ind["indicator_code"]).get_indexer(codes)
    where = catalogue[keys // width]
    keys, where = keys[where >= 0], where[where >= 0]
    if len(keys) == 0:
        return empty_frame(PROGRESS_COLUMNS)
    # In the order shown: by framework item, code and township (each pair once), sorted as
    # integers (the text's ranks) before the frame is made.
    order = {item: i for i, item in enumerate(FRAMEWORK_ITEMS)}
    item_order = ind["item"].map(order).fillna(len(order)).to_numpy()[where]
    code_rank = _ranks(codes)[keys // width]
    town_rank = _ranks(towns)[keys % width]
    shown = np.lexsort((town_rank, code_rank, item_order))
    keys, where = keys[shown], where[shown]
    frame = ind.iloc[where].reset_index(drop=True)
    frame["tkey"] = towns.take(keys % width)
    at = pd.Index(keys)

    def joined(ids: np.ndarray, values: pd.Series | np.ndarray) -> np.ndarray:
        """``values`` (one per pair in ``ids``, pairs unique) at the frame's pairs; NaN where
        the pair is not among them (a left join)."""
        position = at.get_indexer(ids)
        hit = position >= 0
        out = np.full(len(keys), np.nan)
        if isinstance(values, pd.Series):
            values = values.to_numpy(dtype="float64", na_value=np.nan)
        out[position[hit]] = np.asarray(values, dtype="float64")[hit]
        return out

    frame["target"] = joined(tg_id, tg["target"])
    frame["stretch_target"] = joined(tg_id, tg["stretch_target"])
    frame["actual"] = joined(current_id, finished(current, aggregations))
    frame["months_reported"] = joined(current_id, current["count"])
    frame["last_year_actual"] = joined(last_id, finished(last_year, aggregations))
    frame["month_value"] = joined(current_id, current["this_month"])
    frame["previous_month_value"] = joined(previous_id, previous["this_month"])

    is_sum = frame["aggregation"] == "sum"
    lower = frame["direction"] == "lower"
    frame["year"] = year
    frame["month"] = month
    frame["months_reported"] = frame["months_reported"].fillna(0)
    frame["time_progress"] = np.where(is_sum, month / 12.0, 1.0)
    frame["due"] = frame["target"] * frame["time_progress"]
    frame["completion"] = safe_ratio(frame["actual"], frame["target"])
    frame["gap"] = np.where(
        lower,
        frame["time_progress"] - frame["completion"],
        frame["completion"] - frame["time_progress"],
    )
    frame["light"] = _lights(frame["gap"], settings)
    frame["yoy"] = safe_ratio(frame["actual"], frame["last_year_actual"]) - 1.0
    frame["mom"] = safe_ratio(frame["month_value"], frame["previous_month_value"]) - 1.0

    frame["township_code"] = township_code(frame["tkey"])
    return typed(frame, PROGRESS_COLUMNS)


def _of_year(targets: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    """The targets of ``year`` alone, before the rest is conformed (a province keeps five
    years of 90,000 targets)."""
    if targets is None or "year" not in targets.columns:
        return targets
    years = pd.array(pd.to_numeric(targets["year"]), dtype="Int64")
    return targets[(years == year).fillna(False).to_numpy(dtype=bool)]


def _pair_ids(frames: list[pd.DataFrame]) -> tuple[list[np.ndarray], pd.Index, int, pd.Index]:
    """Each frame's (indicator_code, tkey) pairs as integers (code number × width + township
    number; −1 where the code is missing), with the townships, the width and the codes."""
    lengths = [len(frame) for frame in frames]
    code_numbers, codes = pd.factorize(
        pd.concat([frame["indicator_code"].astype("str") for frame in frames], ignore_index=True)
    )
    town_numbers, towns = pd.factorize(
        pd.concat([frame["tkey"].astype("str") for frame in frames], ignore_index=True)
    )
    width = len(towns) + 1
    ids = code_numbers.astype("int64") * width + town_numbers
    ids[(code_numbers < 0) | (town_numbers < 0)] = -1
    return np.split(ids, np.cumsum(lengths)[:-1]), pd.Index(towns), width, pd.Index(codes)


def _ranks(values: pd.Index) -> np.ndarray:
    """Each value's place in the sorted order of ``values`` (text as Python compares it)."""
    ranks = np.empty(len(values), dtype="int64")
    ranks[np.argsort(np.asarray(values, dtype=object), kind="stable")] = np.arange(len(values))
    return ranks


def township_ranking(
    progress: pd.DataFrame,
    indicator_code: str,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Townships ranked 排名 by completion of one indicator, with the change of rank 升位.

    ``progress`` is a :func:`time_progress` frame; ``previous`` the one for the month before
    (or None). Only township rows (township_code present) are ranked; a higher completion
    ranks first, a lower one for ``lower`` indicators. Competition ranking (1, 2, 2, 4);
    townships without a completion are listed last, unranked. Columns: township_code, actual,
    target, completion, gap, light, rank, previous_rank, rank_change (positive = moved up).
    """

    def ranked(frame: pd.DataFrame | None) -> pd.DataFrame:
        if frame is None or frame.empty:
            return empty_frame({**RANKING_COLUMNS, "direction": "str"})
        rows = frame[
            (frame["indicator_code"] == indicator_code) & frame["township_code"].notna()
        ].copy()
        ascending = bool((rows["direction"] == "lower").any())
        rows["rank"] = competition_rank(rows["completion"], ascending=ascending)
        return rows

    current = ranked(progress)
    if current.empty:
        return empty_frame(RANKING_COLUMNS)
    before = ranked(previous)[["township_code", "rank"]].rename(columns={"rank": "previous_rank"})
    frame = current.merge(before, on="township_code", how="left")
    frame["rank_change"] = rank_change(frame["rank"], frame["previous_rank"])
    frame = frame.sort_values(["rank", "township_code"], na_position="last", kind="stable")
    return typed(frame, RANKING_COLUMNS)


def ytd_value(
    values: pd.DataFrame,
    indicators: pd.DataFrame | None,
    indicator_code: str,
    year: int,
    month: int,
    township_code: str | None = None,
    aggregation: str | None = None,
) -> float | None:
    """The year-to-date value 累计值 of one indicator at the end of ``month`` (None: no data).

    The aggregation is ``aggregation`` if given, else the catalogue's, else ``sum``.
    ``township_code`` None means the county total.
    """
    if aggregation is None:
        aggregations = _aggregations(conform(indicators, "indicators"))
    else:
        aggregations = pd.Series({indicator_code: aggregation})
    return prepared_ytd(
        monthly_values(values), aggregations, indicator_code, year, month, township_code
    )


def prepared_ytd(
    vals: pd.DataFrame,
    aggregations: pd.Series,
    indicator_code: str,
    year: int,
    month: int,
    township_code: str | None = None,
) -> float | None:
    """:func:`ytd_value` on values already prepared by ``monthly_values`` (saves re-reading)."""
    key = TOTAL if township_code is None else str(township_code)
    rows = vals[
        (vals["indicator_code"] == indicator_code)
        & (vals["tkey"] == key)
        & (vals["year"] == year)
        & (vals["month"] <= month)
    ]
    found = ytd(rows, aggregations)
    return optional_float(found["ytd"].iloc[0]) if len(found) else None


def monthly_series(
    values: pd.DataFrame,
    indicators: pd.DataFrame,
    indicator_code: str,
    year: int,
    township_code: str | None = None,
) -> pd.DataFrame:
    """Monthly values 月度值 and year-to-date 累计 of one indicator in ``year``, for charts.

    One row per month from January to the last month with data (none without data); a month
    without data has value NaN. ``ytd`` aggregates the months present so far (sum / latest /
    mean by the indicator's aggregation) and is NaN before the first month with data.
    ``township_code`` None means the county total. Columns: month, period, value, ytd.
    """
    vals = monthly_values(values)
    key = TOTAL if township_code is None else str(township_code)
    rows = vals[
        (vals["indicator_code"] == indicator_code) & (vals["tkey"] == key) & (vals["year"] == year)
    ]
    if rows.empty:
        return empty_frame(SERIES_COLUMNS)
    aggregation = _aggregations(conform(indicators, "indicators")).get(indicator_code, "sum")
    months = pd.RangeIndex(1, int(rows["month"].max()) + 1, name="month")
    value = rows.set_index("month")["value"].reindex(months).astype("float64")
    if aggregation == "last":
        ytd = value.ffill()
    elif aggregation == "mean":
        ytd = value.expanding().mean()
    else:
        ytd = value.fillna(0.0).cumsum().where(value.notna().cummax())
    out = pd.DataFrame(
        {
            "month": months.to_numpy(),
            "period": [f"{year:04d}-{m:02d}" for m in months],
            "value": value.to_numpy(),
            "ytd": ytd.to_numpy(),
        }
    )
    return typed(out, SERIES_COLUMNS)


def progress_row(progress: pd.DataFrame, indicator_code: str) -> dict[str, Any] | None:
    """The county row of one indicator in a :func:`time_progress` frame, as a dict (or None)."""
    rows = progress[
        (progress["indicator_code"] == indicator_code) & progress["township_code"].isna()
    ]
    return rows.iloc[0].to_dict() if len(rows) else None
