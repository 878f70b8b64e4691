"""四帮四促 reports: days at the grassroots, 包案化解, the activity ledger and the 联系点, from
the store through ``app.metrics`` (reached by name through ``app.reports.compute``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from app import metrics
from app.metrics._frames import compact, conform, mapped, positions, year_bounds
from app.metrics.field_days import merged_intervals, year_intervals
from app.reports.reading import (
    DAYS_COLUMNS,
    ROLLUP_COLUMNS,
    Reader,
    activities,
    shared,
    year_activities,
)
from app.settings import Settings


def field_days(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """Each cadre's days at the grassroots (made once per version where the reader keeps it:
    the overview, the field page's rollups, the appraisal and the 督办 proposals use it)."""

    def intervals(read: Reader) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        return year_intervals(
            read("cadres"),
            year_activities(read, year, DAYS_COLUMNS),
            year,
            settings,
            read("pairings"),
        )

    def make(read: Reader) -> pd.DataFrame:
        # The year's days merged once per version of the activities; each date clips them
        # (after an upload of another dataset the new month's date costs a clip).
        return metrics.field_days(
            read("cadres"),
            None,
            year,
            as_of,
            settings,
            read("pairings"),
            intervals=shared(read, "field_intervals", (year,), intervals),
        )

    return shared(read, "field_days", (year, as_of), make)


def petitions(read: Reader, settings: Settings, as_of: dt.date) -> pd.DataFrame:
    """Each leading cadre's 包案化解 status at ``as_of`` (the cases known by then; shared:
    the field page, the bulletin and the 督办 proposals read it)."""

    def make(read: Reader) -> pd.DataFrame:
        return metrics.petition_status(read("cadres"), read("petitions"), settings, as_of)

    return shared(read, "petitions", (as_of,), make)


def field_unit_rollup(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """Days at the grassroots per unit (see :func:`app.metrics.unit_rollup`)."""
    return metrics.unit_rollup(field_days(read, settings, year, as_of))


def _rollup_activities(read: Reader, year: int) -> pd.DataFrame:
    """The year's activities as the rollups read them (once per version of the activities)."""

    def make(read: Reader) -> pd.DataFrame:
        # Kept (a province's 600,000 activities): codes and types once each, as categories.
        return compact(conform(year_activities(read, year, ROLLUP_COLUMNS), "field_activities"))

    return shared(read, "rollup_activities", (year,), make)


def _rollup_intervals(read: Reader, year: int, by: str) -> pd.DataFrame:
    """The year's days per (``by``, cadre), merged once per version of the activities: each
    date of the year clips them (a new month's date costs a clip, not a merge of a
    province's 600,000 activities)."""

    def make(read: Reader) -> pd.DataFrame:
        start, end = year_bounds(year)
        acts = _rollup_activities(read, year)
        return compact(merged_intervals(acts, [by, "cadre_id"], start, end))

    return shared(read, "rollup_intervals", (year, by), make)


def field_township_rollup(
    read: Reader, settings: Settings, year: int, as_of: dt.date
) -> pd.DataFrame:
    return metrics.township_rollup(
        _rollup_activities(read, year),
        year,
        as_of,
        intervals=_rollup_intervals(read, year, "township_code"),
    )


def help_type_mix(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    return metrics.help_type_mix(
        _rollup_activities(read, year),
        year,
        as_of,
        intervals=_rollup_intervals(read, year, "help_type"),
    )


def open_cases_by_type(read: Reader, settings: Settings, as_of: dt.date) -> pd.DataFrame:
    return metrics.open_cases_by_type(read("petitions"), as_of)


def _names(read: Reader, dataset: str, key: str) -> dict[str, str]:
    frame = read(dataset)
    return dict(zip(frame[key].astype(str), frame["name"].astype(str), strict=False))


def field_ledger(
    read: Reader,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    query: str = "",
    township: str | None = None,
) -> pd.DataFrame:
    """工作台账: activities touching [start, end], optionally in one township, matching every
    word of ``query`` in who (cadre, unit), where (township, village), content or outcome.

    Columns: activity_id, start_date, end_date, cadre_id, cadre, unit, level, township,
    village, help_type, content, outcome; the latest first.
    """
    acts = _touching(activities(read, start, end), start, end, township)
    cadres = read("cadres").drop_duplicates("cadre_id", keep="last")
    units = read("units").drop_duplicates("unit_code", keep="last")
    townships = read("townships").drop_duplicates("township_code", keep="last")
    villages = read("villages").drop_duplicates("village_code", keep="last")
    ids = acts["cadre_id"]
    frame = pd.DataFrame(
        {
            "activity_id": acts["activity_id"],
            "start_date": acts["start_date"],
            "end_date": acts["end_date"],
            "cadre_id": ids,
            "cadre": mapped(ids, cadres["cadre_id"], cadres["name"]),
            "unit": mapped(
                mapped(ids, cadres["cadre_id"], cadres["unit_code"]),
                units["unit_code"],
                units["name"],
            ),
            "level": mapped(ids, cadres["cadre_id"], cadres["level"]),
            "township": mapped(
                acts["township_code"], townships["township_code"], townships["name"]
            ),
            "village": mapped(acts["village_code"], villages["village_code"], villages["name"]),
            "help_type": acts["help_type"],
            "content": acts["content"],
            "outcome": acts["outcome"],
        }
    )
    words = [w for w in str(query or "").split() if w]
    if words:
        text = frame[["cadre_id", "cadre", "unit", "township", "village", "content", "outcome"]]
        haystack = text.fillna("").astype(str).agg(" ".join, axis=1).str.lower()
        for word in words:
            haystack = haystack[haystack.str.contains(word.lower(), regex=False)]
        frame = frame.loc[haystack.index]
    frame = frame.sort_values(["start_date", "activity_id"], ascending=[False, True])
    return frame.reset_index(drop=True)


def _touching(
    acts: pd.DataFrame, start: dt.date, end: dt.date, township: str | None
) -> pd.DataFrame:
    """The ledger's rows: activities touching [start, end], in ``township`` if named."""
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    acts = acts[(acts["end_date"] >= start_ts) & (acts["start_date"] <= end_ts)]
    if township:
        acts = acts[acts["township_code"] == township]
    return acts


def ledger_count(read: Reader, start: dt.date, end: dt.date) -> int:
    """How many rows the 工作台账 of [start, end] holds (the bulletin's "new this month"),
    counted on the two date columns alone: the ledger itself names every activity's cadre,
    unit and place (0.5 s for a province's month)."""
    dates = activities(read, start, end, ["start_date", "end_date"])
    return len(_touching(dates, start, end, None))


def field_ledger_head(
    read: Reader,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    query: str = "",
    township: str | None = None,
    limit: int = 2000,
) -> dict[str, Any]:
    """The ledger's size and its first ``limit`` rows (the latest), what a page shows: a
    province's year is 600,000 activities, kept by no one (the download makes them all)."""
    ledger = field_ledger(read, settings, start, end, query, township)
    # Taken, not sliced: a slice (of Arrow strings too) would keep the whole ledger alive.
    rows = ledger.take(np.arange(min(limit, len(ledger)))).reset_index(drop=True)
    return {"count": len(ledger), "rows": rows}


def contact_points(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """联系点 (pairings) with this year's activity: a pairing is covered when any cadre of the
    unit recorded an activity in its township (in its village, when it names one) in ``year``
    up to ``as_of``.

    Columns: scheme, unit_code, unit, township_code, township, village_code, village,
    extremely_poor, contact_cadre_id, contact, activities, last_date, covered. Ordered by
    scheme, township_code, village_code, unit_code.
    """
    return shared(read, "contact_points", (year, as_of), lambda r: _contact_points(r, year, as_of))


def _contact_points(read: Reader, year: int, as_of: dt.date) -> pd.DataFrame:
    pairs = read("pairings").copy()
    acts = year_activities(read, year, ROLLUP_COLUMNS)
    start = pd.Timestamp(year=year, month=1, day=1)
    end = min(pd.Timestamp(year=year, month=12, day=31), pd.Timestamp(as_of))
    acts = acts[(acts["end_date"] >= start) & (acts["start_date"] <= end)]
    cadres = read("cadres").drop_duplicates("cadre_id", keep="last")
    where = positions(acts["cadre_id"], cadres["cadre_id"])  # the cadres' units (inner join)
    acts = (
        acts[where >= 0]
        .assign(unit_code=cadres["unit_code"].take(where[where >= 0]).to_numpy())
        .reset_index(drop=True)
    )
    villages = read("villages").drop_duplicates("village_code", keep="last")
    pairs["unit"] = pairs["unit_code"].map(_names(read, "units", "unit_code"))
    pairs["township"] = pairs["township_code"].map(_names(read, "townships", "township_code"))
    pairs["village"] = pairs["village_code"].map(_names(read, "villages", "village_code"))
    poor = dict(zip(villages["village_code"], villages["extremely_poor"], strict=False))
    pairs["extremely_poor"] = pairs["village_code"].map(poor).astype("boolean")
    pairs["contact"] = pairs["contact_cadre_id"].map(_names(read, "cadres", "cadre_id"))

    def activity(keys: list[str]) -> pd.DataFrame:
        return (
            acts.groupby(keys)
            .agg(activities=("activity_id", "size"), last_date=("end_date", "max"))
            .reset_index()
        )

    by_town = activity(["unit_code", "township_code"])
    by_village = activity(["unit_code", "township_code", "village_code"])
    with_village = pairs[pairs["village_code"].notna()].merge(
        by_village, on=["unit_code", "township_code", "village_code"], how="left"
    )
    without = pairs[pairs["village_code"].isna()].merge(
        by_town, on=["unit_code", "township_code"], how="left"
    )
    frame = pd.concat([with_village, without], ignore_index=True)
    frame["activities"] = frame["activities"].fillna(0).astype("int64")
    frame["last_date"] = pd.to_datetime(frame["last_date"]).clip(upper=end)
    frame["covered"] = frame["activities"] > 0
    frame = frame.sort_values(
        ["scheme", "township_code", "village_code", "unit_code"], na_position="first"
    )
    columns = [
        "scheme",
        "unit_code",
        "unit",
        "township_code",
        "township",
        "village_code",
        "village",
        "extremely_poor",
        "contact_cadre_id",
        "contact",
        "activities",
        "last_date",
        "covered",
    ]
    return frame[columns].reset_index(drop=True)


def contact_summary(read: Reader, settings: Settings, year: int, as_of: dt.date) -> pd.DataFrame:
    """Per scheme (集团帮扶、对口联系): units, townships, villages, extremely poor villages,
    pairings, covered pairings and coverage (covered / pairings)."""
    frame = contact_points(read, settings, year, as_of)
    if frame.empty:
        return pd.DataFrame(
            columns=[
                "scheme",
                "units",
                "townships",
                "villages",
                "poor_villages",
                "pairings",
                "covered",
                "coverage",
            ]
        )
    grouped = frame.groupby("scheme", sort=True)
    poor = frame[frame["extremely_poor"].fillna(False).astype(bool)]
    out = (
        pd.DataFrame(
            {
                "units": grouped["unit_code"].nunique(),
                "townships": grouped["township_code"].nunique(),
                "villages": grouped["village_code"].nunique(),
                "poor_villages": poor.groupby("scheme")["village_code"].nunique(),
                "pairings": grouped.size(),
                "covered": grouped["covered"].sum(),
            }
        )
        .fillna(0)
        .astype("int64")
        .reset_index()
    )
    out["coverage"] = out["covered"] / out["pairings"]
    return out
