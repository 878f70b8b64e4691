"""Days at the grassroots 四帮四促 下基层天数: per cadre, unit, township and kind of help.

The contract's rule: a cadre's days in year Y are the distinct calendar days covered by its
activities' [start_date, end_date], clipped to the year and to the as-of date; overlapping
activities do not count twice. Required per year by level (county [60], unit [90], township
[120]); due by the as-of date = required × elapsed days / days in the year; status ``met``
(days ≥ required), ``on_track`` (days ≥ due), ``behind``. A ``liaison`` 联络员 needs at least [5]
distinct days in every complete month; each month short is listed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from app.metrics._frames import (
    conform,
    empty_frame,
    mapped,
    positions,
    timestamp,
    typed,
    year_bounds,
)
from app.metrics.programme import at_contact_point
from app.settings import Settings

DAYS_COLUMNS: dict[str, str] = {
    "cadre_id": "str",
    "name": "str",
    "unit_code": "str",
    "level": "str",
    "days": "int64",
    "required": "Int64",
    "due": "float64",
    "status": "object",
    "liaison_short_months": "object",
}


def window(year: int, as_of: dt.date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days of ``year`` up to ``as_of`` inclusive (empty when as_of is before the year)."""
    start, end = year_bounds(year)
    return start, min(end, timestamp(as_of))


def elapsed_days(year: int, as_of: dt.date) -> int:
    """Days from 1 January of ``year`` to ``as_of`` inclusive, capped at the year's length."""
    start, end = window(year, as_of)
    return max(0, (end - start).days + 1)


def days_in_year(year: int) -> int:
    start, end = year_bounds(year)
    return (end - start).days + 1


def merged_intervals(
    activities: pd.DataFrame, by: list[str], start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Activities clipped to [start, end] and merged where they overlap, per ``by`` group.

    Returns the ``by`` columns plus ``start`` and ``end`` (inclusive days) of disjoint
    intervals, and ``days``: the number of distinct days each covers.
    """
    frame = activities[by].copy()
    frame["start"] = activities["start_date"].clip(lower=start)
    frame["end"] = activities["end_date"].clip(upper=end)
    frame = frame[frame["start"].notna() & frame["end"].notna() & (frame["start"] <= frame["end"])]
    if frame.empty:
        out = frame.assign(days=pd.Series(dtype="int64"))
        return out[by + ["start", "end", "days"]]
    frame = frame.sort_values(by + ["start"], kind="stable").reset_index(drop=True)
    keys = [frame[c] for c in by]
    reach = frame.groupby(keys, sort=False)["end"].cummax()
    previous_reach = reach.groupby(keys, sort=False).shift()
    first = frame[by].ne(frame[by].shift()).any(axis=1)
    new_block = first | previous_reach.isna() | (frame["start"] > previous_reach)
    frame["block"] = new_block.cumsum()
    merged = frame.groupby("block", sort=False).agg(
        **{c: (c, "first") for c in by}, start=("start", "min"), end=("end", "max")
    )
    merged["days"] = (merged["end"] - merged["start"]).dt.days.astype("int64") + 1
    return merged.reset_index(drop=True)


def _days_by_month(intervals: pd.DataFrame, by: str) -> pd.DataFrame:
    """Distinct days per (``by``, month 'YYYY-MM') from disjoint intervals."""
    if intervals.empty:
        return pd.DataFrame({by: [], "month": [], "days": []})
    intervals = intervals[intervals[by].notna()]  # as groupby: no group without a key
    lengths = intervals["days"].to_numpy()
    repeat = np.repeat(np.arange(len(intervals)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    days = intervals["start"].to_numpy()[repeat] + offsets.astype("timedelta64[D]")
    # Counted over integer codes and month numbers: a text per day (a province's liaisons
    # have 250,000 such days) would be as many Python objects, made and dropped.
    codes, keys = pd.factorize(intervals[by])
    months = days.astype("datetime64[M]").astype(np.int64)
    counts = (
        pd.DataFrame({"code": codes[repeat], "month": months}).groupby(["code", "month"]).size()
    )
    code, month = (counts.index.get_level_values(i).to_numpy() for i in (0, 1))
    labels = {m: str(np.datetime64(int(m), "M")) for m in np.unique(month).tolist()}  # YYYY-MM
    return pd.DataFrame(
        {
            by: keys.take(code),
            "month": pd.Series(month).map(labels).to_numpy(dtype=object),
            "days": counts.to_numpy(),
        }
    )


def complete_months(year: int, as_of: dt.date) -> list[str]:
    """The months of ``year`` that lie entirely on or before ``as_of``, as 'YYYY-MM'."""
    as_of_ts = timestamp(as_of)
    months = []
    for month in range(1, 13):
        last_day = pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
        if last_day <= as_of_ts:
            months.append(f"{year:04d}-{month:02d}")
    return months


def year_intervals(
    cadres: pd.DataFrame,
    activities: pd.DataFrame,
    year: int,
    settings: Settings,
    pairings: pd.DataFrame | None = None,
    until: pd.Timestamp | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The days each cadre spent at the grassroots over the whole of ``year`` as disjoint
    intervals (:func:`merged_intervals`), and the liaisons' days at their contact points
    (None where that rule is off): what :func:`field_days` counts, at any date of the year,
    by :func:`clipped`. Made once per version of the activities, a new month's date costs
    a clip, not a merge of a province's 600,000 activities. ``until``: the activities cut
    there before they are merged (what the rule says; the same days as cutting after)."""
    acts = conform(activities, "field_activities")
    start, end = year_bounds(year)
    if until is not None:
        end = min(end, until)
    every = merged_intervals(acts, ["cadre_id"], start, end)
    at_points = None
    if pairings is not None and settings.programme.liaison_at_contact_point:
        people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
        liaisons = set(people.loc[people["level"] == "liaison", "cadre_id"])
        where = at_contact_point(acts[acts["cadre_id"].isin(liaisons)], people, pairings)
        at_points = merged_intervals(where, ["cadre_id"], start, end)
    return every, at_points


def clipped(intervals: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Disjoint intervals cut at ``end`` (inclusive): the same days as merging the activities
    cut at ``end``."""
    kept = intervals[intervals["start"] <= end]
    if kept.empty:
        return kept
    cut = kept.assign(end=kept["end"].clip(upper=end))
    cut["days"] = (cut["end"] - cut["start"]).dt.days.astype("int64") + 1
    return cut.reset_index(drop=True)


def field_days(
    cadres: pd.DataFrame,
    activities: pd.DataFrame | None,
    year: int,
    as_of: dt.date,
    settings: Settings,
    pairings: pd.DataFrame | None = None,
    intervals: tuple[pd.DataFrame, pd.DataFrame | None] | None = None,
) -> pd.DataFrame:
    """Days at the grassroots 下基层天数 of every cadre in ``year`` up to ``as_of``.

    Columns: cadre_id, name, unit_code, level, days (distinct days covered by its activities
    in the year up to as_of; overlaps count once), required (``settings.field_days.
    required_days`` by level; ``<NA>`` for liaison/other), due 序时应完成 = required ×
    elapsed days / days in the year (NaN without a requirement), status ``met`` / ``on_track``
    / ``behind`` (None without a requirement), liaison_short_months (for a ``liaison``: the
    complete months of the year up to as_of, 'YYYY-MM', with fewer than
    ``settings.field_days.liaison_min_days_per_month`` distinct days; an empty list otherwise).
    In a year before ``settings.campaign_first_year`` nothing is required (no ``required``, no
    status, no short months): the days are counted, and shown, as what was done.
    With ``pairings`` (and ``settings.programme.liaison_at_contact_point``), a liaison's day
    counts for its months only at its unit's contact point (:func:`app.metrics.programme.
    at_contact_point`); its ``days`` still count every activity. ``intervals``: the year's
    (:func:`year_intervals`, made from the same cadres, activities and pairings), instead of
    ``activities``.
    """
    cfg = settings.field_days
    people = conform(cadres, "cadres").drop_duplicates("cadre_id", keep="last")
    if people.empty:
        return empty_frame(DAYS_COLUMNS)
    start, end = window(year, as_of)
    if intervals is None:
        intervals = year_intervals(people, activities, year, settings, pairings, until=end)
    every, at_points = (clipped(i, end) if i is not None else None for i in intervals)
    days = every.groupby("cadre_id")["days"].sum()

    frame = people[["cadre_id", "name", "unit_code", "level"]].copy()
    frame["days"] = mapped(frame["cadre_id"], days.index, days).fillna(0).astype("int64")
    # Before the campaign's first full year (it starts in December of the year before) no
    # requirement of days or liaison months applies.
    campaign = year >= settings.campaign_first_year
    required = {str(k): int(v) for k, v in cfg.required_days.items()} if campaign else {}
    frame["required"] = frame["level"].map(required).astype("Int64")
    fraction = elapsed_days(year, as_of) / days_in_year(year)
    frame["due"] = frame["required"].astype("float64") * fraction
    # The three words shared by every row (not a new text object per cadre).
    days_done = frame["days"].to_numpy()
    needed = frame["required"].astype("float64").to_numpy()
    status = np.full(len(frame), "behind", dtype=object)
    status[days_done >= frame["due"].to_numpy()] = "on_track"
    status[days_done >= needed] = "met"
    status[np.isnan(needed)] = None
    # object, not str: "no requirement" stays None rather than becoming NaN.
    frame["status"] = pd.Series(status, index=frame.index, dtype=object)

    months = complete_months(year, as_of) if campaign else []
    liaisons = frame["level"] == "liaison"
    short: dict[str, list[str]] = {}
    if months and liaisons.any():
        ids = set(frame.loc[liaisons, "cadre_id"])
        counted = every[every["cadre_id"].isin(ids)] if at_points is None else at_points
        counts = _days_by_month(counted, "cadre_id")
        table = counts.pivot_table(index="cadre_id", columns="month", values="days", aggfunc="sum")
        table = table.reindex(index=sorted(ids), columns=months).fillna(0)
        minimum = cfg.liaison_min_days_per_month
        below = table.to_numpy() < minimum  # liaison × month, as arrays (not a row each)
        short = {
            cid: [months[j] for j in np.flatnonzero(row)]
            for cid, row in zip(table.index, below, strict=True)
        }
    # One shared empty list for everyone not short (a province has 50,000 cadres; the lists
    # are read, never changed), the short ones placed by Arrow lookup (no text per cadre).
    none: list[str] = []
    lists = np.empty(len(frame), dtype=object)
    lists.fill(none)
    if short:
        found = list(short.values())
        for place, months_short in zip(
            positions(pd.Series(list(short), dtype="str"), frame["cadre_id"]), found, strict=True
        ):
            if place >= 0:
                lists[place] = months_short
    frame["liaison_short_months"] = lists
    return typed(frame, DAYS_COLUMNS)
