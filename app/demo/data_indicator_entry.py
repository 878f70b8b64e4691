"""One entry of the demo county's indicator catalogue: the indicator as catalogued, and how
the county performs on it."""

from __future__ import annotations

from dataclasses import dataclass

from app.demo.data import _FLAT


@dataclass(frozen=True)
class _Indicator:
    """One catalogue entry and how the demo county performs on it.

    ``base`` and ``actual`` are ratios to the 2011 target: for ``sum`` the January–November
    amount of 2010 and of 2011, for ``last`` the level in December 2010 and November 2011,
    for ``mean`` the mean of 2010 and of January–November 2011.
    """

    code: str
    item: str
    name: str
    name_en: str
    unit: str
    direction: str
    aggregation: str
    target: float
    base: float
    actual: float
    decimals: int = 2
    profile: tuple[float, ...] = _FLAT
