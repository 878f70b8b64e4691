"""Year-to-date 累计 of the indicator values, as a state that a new month advances.

The rule (the contract's): the year-to-date of an indicator at the end of month m aggregates
its values of months 1..m of the year by the indicator's aggregation: ``sum`` adds them,
``last`` takes the latest, ``mean`` averages them; months without a value do not count.

A *state* holds, per (indicator_code, tkey), what every aggregation needs: the ``sum`` of the
values (NaN while there is none), their ``count``, the ``last`` value, and ``this_month``, the
value of month m itself. :func:`state` makes it from the months' rows in one pass;
:func:`advance` makes month m's from month m−1's and month m's rows alone, so that a new
month's upload changes one month of year-to-date sums, not a year (or five) of them;
:func:`finish` turns a state into the year-to-date value. Both ways give the same state
(``tests/test_metrics_time_progress.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from app.metrics._frames import TOTAL, conform, numbered, optional_float, period_parts

KEY = ["indicator_code", "tkey"]
STATE_COLUMNS = KEY + ["sum", "count", "last", "this_month"]


def monthly_values(values: pd.DataFrame | None) -> pd.DataFrame:
    """indicator_values as ``indicator_code``, ``tkey`` (township key), ``year``, ``month`` and
    ``value`` (the period as its two numbers).

    ``indicator_code`` and ``tkey`` are categories: a province's two years are two million
    rows, filtered, deduplicated and grouped here by small integers instead of by text (what
    leaves this module is text again, see :func:`text_keys`)."""
    frame = conform(values, "indicator_values")
    year, month = period_parts(frame["period"])
    present = (year.notna() & month.notna()).to_numpy()
    codes = frame["township_code"].astype("category")
    if TOTAL not in codes.cat.categories:
        codes = codes.cat.add_categories([TOTAL])
    out = pd.DataFrame(
        {
            "indicator_code": frame["indicator_code"].astype("category"),
            "tkey": codes.fillna(TOTAL),
            "year": year.fillna(0).astype("int64"),
            "month": month.fillna(0).astype("int64"),
            "value": frame["value"],
        }
    )
    if not present.all():
        out = out[present]
    # One value per key and period; the store guarantees it, a hand-made frame might not.
    # Checked on one integer per row (the period and both keys' category codes).
    key = (
        (out["year"].to_numpy() * 13 + out["month"].to_numpy())
        * (len(out["indicator_code"].cat.categories) + 1)
        + out["indicator_code"].cat.codes.to_numpy()
    ) * (len(out["tkey"].cat.categories) + 1) + out["tkey"].cat.codes.to_numpy()
    repeated = pd.Series(key).duplicated(keep="last").to_numpy()
    return out[~repeated] if repeated.any() else out.reset_index(drop=True)


def text_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its key columns as text again (for joins with the catalogue, targets)."""
    for column in KEY:
        if column in frame.columns and isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("str")
    return frame


def month_rows(vals: pd.DataFrame, year: int, month: int, name: str) -> pd.DataFrame:
    """The values of one month as (indicator_code, tkey, ``name``)."""
    rows = vals[(vals["year"] == year) & (vals["month"] == month)]
    return text_keys(rows[KEY + ["value"]].rename(columns={"value": name}))


def empty_state() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_code": pd.Series(dtype="str"),
            "tkey": pd.Series(dtype="str"),
            "sum": pd.Series(dtype="float64"),
            "count": pd.Series(dtype="int64"),
            "last": pd.Series(dtype="float64"),
            "this_month": pd.Series(dtype="float64"),
        }
    )


def state(vals: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """The state at the end of ``month`` of ``year`` from the months' rows (prepared by
    :func:`monthly_values`; other years' and later months' rows are left out here).

    The months are added in order, one at a time, exactly as :func:`advance` adds a month to
    the state before it, so a state made either way is the same to the last bit (a tie in a
    ranking stays a tie on every surface)."""
    rows = vals[(vals["year"] == year) & (vals["month"] <= month) & vals["indicator_code"].notna()]
    if rows.empty:
        return empty_state()
    codes = rows["indicator_code"].astype("category")
    towns = rows["tkey"].astype("category")
    width = len(towns.cat.categories) + 1
    combined = codes.cat.codes.to_numpy().astype("int64") * width + towns.cat.codes.to_numpy()
    where, keys = pd.factorize(combined, sort=True)  # numpy's unique: twice as slow
    matrix = np.full((len(keys), month), np.nan)
    matrix[where, rows["month"].to_numpy() - 1] = rows["value"].to_numpy(dtype="float64")
    total = np.full(len(keys), np.nan)
    count = np.zeros(len(keys), dtype="int64")
    last = np.full(len(keys), np.nan)
    for column in range(month):  # as advance(): (the sum so far, or 0) + the month's value
        value = matrix[:, column]
        has = ~np.isnan(value)
        total = np.where(has, np.where(np.isnan(total), 0.0, total) + value, total)
        count += has
        last = np.where(has, value, last)
    code_names = np.asarray(codes.cat.categories, dtype=object)
    town_names = np.asarray(towns.cat.categories, dtype=object)
    return pd.DataFrame(
        {
            "indicator_code": pd.Series(code_names[keys // width], dtype="str"),
            "tkey": pd.Series(town_names[keys % width], dtype="str"),
            "sum": total,
            "count": count,
            "last": last,
            "this_month": matrix[:, month - 1].copy(),
        }
    )


def advance(before: pd.DataFrame, vals: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """The state at the end of ``month`` from the state at the end of the month before and
    ``month``'s own rows (the same as :func:`state` over months 1..``month``)."""
    if before.empty:
        return state(vals, year, month)
    rows = vals[(vals["year"] == year) & (vals["month"] == month) & vals["indicator_code"].notna()]
    # Both sides' (indicator_code, tkey) pairs as one integer, numbered by the text's sorted
    # order, so that the integers sort as the pairs' text does (a province's state and month
    # are 90,000 pairs each: no text compared or joined row by row).
    code_before, code_rows, codes = _numbered(before["indicator_code"], rows["indicator_code"])
    town_before, town_rows, towns = _numbered(before["tkey"], rows["tkey"])
    width = len(towns) + 1
    id_before = code_before * width + town_before
    id_rows = code_rows * width + town_rows
    every = _sorted_unique(np.concatenate([id_before, id_rows]), len(codes) * width)
    from_before = np.searchsorted(every, id_before)
    from_rows = np.searchsorted(every, id_rows)

    def placed(where: np.ndarray, values: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(len(every), fill, dtype="float64")
        out[where] = values
        return out

    total = placed(from_before, before["sum"].to_numpy(dtype="float64"), np.nan)
    count = placed(from_before, before["count"].to_numpy(dtype="float64"), 0.0)
    last = placed(from_before, before["last"].to_numpy(dtype="float64"), np.nan)
    value = placed(from_rows, rows["value"].to_numpy(dtype="float64", na_value=np.nan), np.nan)
    has = ~np.isnan(value)
    return pd.DataFrame(
        {
            "indicator_code": _text(codes, every // width),
            "tkey": _text(towns, every % width),
            "sum": np.where(has, np.where(np.isnan(total), 0.0, total) + value, total),
            "count": (count + has).astype("int64"),
            "last": np.where(has, value, last),
            "this_month": value,
        }
    )


def _sorted_unique(ids: np.ndarray, bound: int) -> np.ndarray:
    """The distinct ``ids`` (all in 0..``bound``−1) in order: marked in an array of ``bound``
    where that is not much larger than ``ids`` (numpy's ``unique`` sorts them all: ten times
    slower on a province's 180,000)."""
    if bound <= 16 * len(ids) + 1024:
        present = np.zeros(bound, dtype=bool)
        present[ids] = True
        return np.flatnonzero(present)
    return np.sort(pd.unique(ids))


def _numbered(stored: pd.Series, incoming: pd.Series) -> tuple[np.ndarray, np.ndarray, list]:
    """Both columns' values as numbers by their sorted order (text as Python compares it),
    and the sorted values. Neither may be missing (a state's keys, a month's keys)."""
    stored_numbers, stored_values = numbered(stored)
    incoming_numbers, incoming_values = numbered(incoming)
    values = sorted(set(stored_values) | set(incoming_values))
    index = pd.Index(values, dtype=object)
    return (
        index.get_indexer(stored_values)[stored_numbers],
        index.get_indexer(incoming_values)[incoming_numbers],
        values,
    )


def _text(values: list, numbers: np.ndarray) -> pd.Series:
    """``values[numbers]`` as a text column (Arrow takes it without a Python object a row)."""
    return pd.Series(pa.array(values, type=pa.string()).take(pa.array(numbers)), dtype="str")


def finish(table: pd.DataFrame, aggregations: pd.Series) -> pd.DataFrame:
    """A state's year-to-date: (indicator_code, tkey, ytd, months). ``aggregations`` maps
    indicator_code to sum / last / mean; unknown codes sum."""
    return pd.DataFrame(
        {
            "indicator_code": table["indicator_code"],
            "tkey": table["tkey"],
            "ytd": pd.Series(finished(table, aggregations), index=table.index, dtype="float64"),
            "months": table["count"].astype("int64"),
        }
    )


def finished(table: pd.DataFrame, aggregations: pd.Series) -> np.ndarray:
    """:func:`finish`'s year-to-date values alone, a row of ``table`` each."""
    # Each distinct code looked up once (a province's state is 90,000 rows of 60 codes).
    numbers, codes = pd.factorize(table["indicator_code"])
    kinds = pd.Series(codes).map(aggregations).to_numpy(dtype=object)
    # A missing code (number −1, the appended False) sums, as an unknown one.
    is_last = np.append(kinds == "last", False)[numbers]
    is_mean = np.append(kinds == "mean", False)[numbers]
    total = table["sum"].to_numpy(dtype="float64", na_value=np.nan)
    count = table["count"].to_numpy(dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / np.where(count > 0, count, np.nan)
    last = table["last"].to_numpy(dtype="float64", na_value=np.nan)
    return np.select([is_last, is_mean], [last, mean], total)


def ytd(rows: pd.DataFrame, aggregations: pd.Series) -> pd.DataFrame:
    """Year-to-date per (indicator_code, tkey) over the given month rows of one year (the
    months up to the latest among them): :func:`finish` of :func:`state`."""
    if rows.empty:
        return finish(empty_state(), aggregations)
    year, month = int(rows["year"].iloc[0]), int(rows["month"].max())
    return finish(state(rows, year, month), aggregations)


def state_ytd(
    table: pd.DataFrame,
    aggregations: pd.Series,
    indicator_code: str,
    township_code: str | None = None,
) -> float | None:
    """One indicator's year-to-date in a state (the county's where ``township_code`` is
    None); None where it has no value."""
    key = TOTAL if township_code is None else str(township_code)
    rows = table[(table["indicator_code"] == indicator_code) & (table["tkey"] == key)]
    if rows.empty:
        return None
    return optional_float(finish(rows, aggregations)["ytd"].iloc[0])
