"""Cadres shared by the field-days and petitions rule tests: one of each level, in two units."""

from __future__ import annotations

import pandas as pd

from app.metrics._frames import conform


def cadres() -> pd.DataFrame:
    rows = [
        ("K1", "县领导", "U1", "county"),
        ("K2", "单位领导", "U1", "unit"),
        ("K3", "乡镇领导", "U2", "township"),
        ("L1", "联络员", "U1", "liaison"),
        ("X1", "其他", "U2", "other"),
    ]
    return conform(pd.DataFrame(rows, columns=["cadre_id", "name", "unit_code", "level"]), "cadres")
