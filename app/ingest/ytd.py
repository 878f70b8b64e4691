"""Year-to-date amounts (累计值) converted to each month's own amount."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.ingest import values as cells
from app.ingest.headers import HeaderMatch
from app.ingest.problems import Problem
from app.store import Store


def _ytd_to_month(
    frame: pd.DataFrame, store: Store, header: HeaderMatch, excel_rows: list[int]
) -> list[Problem]:
    """Year-to-date amounts (累计值) → the month's own amount: ytd minus the previous month's
    ytd (the sum of that year's months before it). Months the file holds replace what is
    stored, so in a back-fill (several months) the earlier months come from the file itself.
    Only ``sum`` indicators add up over the year: for a ``last`` indicator (a level or rate)
    the year-to-date figure is the month's value, and for a ``mean`` one the month's value is
    what makes the months' mean equal the year-to-date mean."""
    problems: list[Problem] = []
    stored = store.read("indicator_values")
    catalogue = store.read("indicators", columns=["indicator_code", "aggregation"])
    aggregation = dict(zip(catalogue["indicator_code"], catalogue["aggregation"], strict=True))
    in_file = set(frame["period"].dropna())
    amounts: dict[tuple[str, str], dict[str, float]] = {}  # (indicator, township) → month → value
    for row in stored[~stored["period"].isin(in_file)].itertuples(index=False):
        township = "" if pd.isna(row.township_code) else str(row.township_code)
        amounts.setdefault((row.indicator_code, township), {})[row.period] = row.value
    values: dict[Any, Any] = {}
    order = sorted(frame.index, key=lambda i: str(frame.at[i, "period"]))
    for i in order:
        ytd, period, value = frame.at[i, "ytd"], frame.at[i, "period"], frame.at[i, "value"]
        township = frame.at[i, "township_code"] if "township_code" in frame.columns else None
        key = (frame.at[i, "indicator_code"], "" if pd.isna(township) else str(township))
        if period is None or pd.isna(period):
            values[i] = value
            continue
        months = amounts.setdefault(key, {})
        how = aggregation.get(key[0], "sum")
        if pd.isna(ytd):
            values[i] = value
        elif period.endswith("-01") or how == "last":
            values[i] = float(ytd)
        else:
            year, month = int(period[:4]), int(period[5:7])
            previous = f"{year:04d}-{month - 1:02d}"
            if previous not in months:
                problems.append(
                    Problem(
                        "ytd_previous_missing",
                        row=excel_rows[int(i)],
                        column=header.headers["ytd"],
                        value=cells.text(ytd),
                        params={"period": previous},
                    )
                )
                values[i] = None
            else:
                before = [v for p, v in months.items() if f"{year:04d}-01" <= p < period]
                total = float(ytd) * (len(before) + 1) if how == "mean" else float(ytd)
                values[i] = total - float(sum(before))
        if values[i] is not None and not pd.isna(values[i]):
            months[period] = values[i]
    frame["value"] = pd.array([values[i] for i in frame.index], dtype="float64")
    return problems
