"""What the tables a person reads share: code-to-name lookups, headers in the reader's
language, ratios as percentages, enumerations labelled, dates as text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.i18n import enum_label, has, translate

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
        return cls(
            code_names(read, "townships", "township_code"),
            code_names(read, "units", "unit_code"),
            code_names(read, "cadres", "cadre_id"),
        )

    def township(self, codes: pd.Series, lang: str) -> pd.Series:
        """Township names; an empty code is the county as a whole (全县)."""
        county = translate("bulletin.county_wide", lang)
        return each_value(
            codes, lambda c: county if pd.isna(c) else self.townships.get(str(c), str(c))
        )

    def unit(self, codes: pd.Series) -> pd.Series:
        return each_value(codes, lambda c: self.units.get(str(c), str(c)))

    def cadre(self, codes: pd.Series) -> pd.Series:
        found = self.cadres_of(codes) if self.cadres_of is not None else self.cadres
        # A cadre a row (no name repeats): mapped as it is, not looked up once per value.
        return codes.map(lambda c: found.get(str(c), "") if pd.notna(c) else "")


def each_value(codes: pd.Series, name: Callable[[Any], Any]) -> pd.Series:
    """``codes.map(name)``, ``name`` called once per distinct value: a province's 50,000
    cadres belong to a few thousand units, and a call per row was most of a table's making."""
    if isinstance(codes.dtype, pd.CategoricalDtype) or len(codes) < 1000:
        return codes.map(name)  # (categories are mapped once each already)
    keys, uniques = pd.factorize(codes, use_na_sentinel=False)
    made = pd.Series(uniques).map(name)
    return pd.Series(made.array.take(keys), index=codes.index, name=codes.name)


def headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with its headers in ``lang`` (the ``export.col.*`` catalogue); a column the
    catalogue does not name (a county's own appraisal section) keeps its name."""
    return frame.rename(
        columns={
            c: translate(f"export.col.{c}", lang) if has(f"export.col.{c}") else str(c)
            for c in frame.columns
        }
    )


# Each report of app.reports.compute that has a table, and the function making it.
def percent(series: pd.Series) -> pd.Series:
    """Ratios (0.93) as percentages (93.0)."""
    return (pd.to_numeric(series, errors="coerce") * 100).round(1)


def _worded(series: pd.Series, word: Callable[[Any], str]) -> pd.Series:
    """``word`` of each value, made once per distinct value and placed by its position (a
    missing value reads "")."""
    words = each_value(series, lambda v: "" if pd.isna(v) else word(v))
    return words.astype("str").rename(None)


def labels(series: pd.Series, kind: str, lang: str) -> pd.Series:
    """Enumeration values as words; each distinct value looked up once."""
    return _worded(series, lambda v: enum_label(kind, v, lang))


def light(series: pd.Series, lang: str) -> pd.Series:
    """Lights as their short words; each distinct light looked up once."""
    return _worded(
        series, lambda v: translate(f"light.short.{v}", lang) if isinstance(v, str) and v else ""
    )


def yes_no(series: pd.Series, lang: str) -> pd.Series:
    return series.map(
        lambda v: "" if pd.isna(v) else translate("bulletin.yes" if v else "bulletin.no", lang)
    )


def months_text(series: pd.Series, lang: str) -> pd.Series:
    joiner = "、" if lang == "zh" else ", "
    return series.map(lambda v: joiner.join(v) if isinstance(v, list) else "")


def whole(series: pd.Series) -> pd.Series:
    """Whole numbers that may be missing (a round of an action that has none): shown blank,
    not "None"."""
    return pd.to_numeric(series, errors="coerce").astype("Int64")


def dates_text(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.strftime("%Y-%m-%d").fillna("")
