"""What pages look things up by, kept by version: the months holding indicator values, and
code → name for the master datasets (townships, units, cadres, projects)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app.web.caches_pinned import _PinnedReader
from app.web.caches_read import read_version, version
from app.web.caches_store import store


@st.cache_resource(show_spinner=False, max_entries=16)
def _value_periods(root: str, version: int) -> tuple[str, ...]:
    from app.reports.compute import value_periods as periods_of

    return tuple(periods_of(_PinnedReader({"indicator_values": version})))


def value_periods() -> list[str]:
    """Every month holding indicator values, oldest first (kept by version)."""
    return list(_value_periods(store().root, version("indicator_values")))


def periods(year: int) -> list[str]:
    """Months of ``year`` that hold indicator values, oldest first."""
    return [p for p in value_periods() if p.startswith(f"{year}-")]


@st.cache_resource(show_spinner=False, max_entries=32)
def _names(root: str, dataset: str, version: int, key: str) -> dict[str, str]:
    table = _name_table(root, dataset, version, key)  # the same read, kept once
    return dict(zip(table[key], table["name"], strict=True))


def names(dataset: str, key: str) -> dict[str, str]:
    """Code → name for a master dataset (townships, units, cadres, projects), kept by version."""
    return dict(_names(store().root, dataset, version(dataset), key))


@st.cache_resource(show_spinner=False, max_entries=32)
def _name_table(root: str, dataset: str, version: int, key: str) -> pd.DataFrame:
    frame = read_version(dataset, version, columns=[key, "name"])
    frame = frame.drop_duplicates(key, keep="last").reset_index(drop=True)
    return pd.DataFrame({key: frame[key].astype("str"), "name": frame["name"].astype("str")})


def names_of(dataset: str, key: str, codes: Any) -> dict[str, str]:
    """Code → name for just ``codes`` (the lead cadres of the projects shown): a province's
    50,000 cadres are kept as Arrow text, not made a dictionary of Python strings."""
    from app.metrics._frames import mapped

    table = _name_table(store().root, dataset, version(dataset), key)
    wanted = pd.Series(
        [str(c) for c in dict.fromkeys(codes) if isinstance(c, str) or pd.notna(c)], dtype="str"
    )
    found = mapped(wanted, table[key], table["name"])
    return {code: name for code, name in zip(wanted, found, strict=True) if isinstance(name, str)}


def table_names() -> Any:
    """The code → name lookups the tables name things by."""
    from app.reports.tables import Names

    return Names(
        names("townships", "township_code"),
        names("units", "unit_code"),
        cadres_of=lambda codes: names_of("cadres", "cadre_id", codes),
    )
