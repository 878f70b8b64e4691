"""Rankings (排名 / 位次): competition rank, bottom N, rank change (升位).

The contract's rule: competition ranking (1, 2, 2, 4); "Bottom N" holds every unit whose count
of units with a strictly lower score is below N, so ties at the boundary are all included.
"""

from __future__ import annotations

import pandas as pd


def competition_rank(scores: pd.Series, ascending: bool = False) -> pd.Series:
    """Competition rank 排名 (1, 2, 2, 4) of ``scores``; the best is 1.

    By default a higher score is better; ``ascending=True`` ranks the lowest score first
    (for lower-is-better measures). Missing scores are unranked (``<NA>``). Returns ``Int64``
    on the same index.
    """
    numbers = pd.to_numeric(scores, errors="coerce").astype("float64")
    ranks = numbers.rank(method="min", ascending=ascending, na_option="keep")
    return ranks.astype("Int64")


def strictly_lower_count(scores: pd.Series) -> pd.Series:
    """For each score, how many scores are strictly lower (``Int64``; ``<NA>`` where missing)."""
    numbers = pd.to_numeric(scores, errors="coerce").astype("float64")
    return (numbers.rank(method="min", ascending=True, na_option="keep") - 1).astype("Int64")


def bottom_n(scores: pd.Series, n: int) -> pd.Series:
    """Bottom N 倒数第N名: every unit with fewer than ``n`` units strictly below it.

    Ties at the boundary are all included, so the result may hold more than ``n`` units
    (and holds at least ``n`` when there are at least ``n`` scores). Missing scores are never
    in the bottom. Returns ``bool`` on the same index.
    """
    lower = strictly_lower_count(scores)
    return (lower < int(n)).fillna(False).astype(bool)


def rank_change(current_rank: pd.Series, previous_rank: pd.Series) -> pd.Series:
    """Change of rank 位次变化: positive when the unit moved up (升位), negative when it fell.

    ``previous_rank - current_rank``, ``Int64``; ``<NA>`` where either rank is missing.
    Series are aligned on their index.
    """
    current = pd.to_numeric(current_rank, errors="coerce").astype("Float64")
    previous = pd.to_numeric(previous_rank, errors="coerce").astype("Float64")
    return (previous - current).astype("Int64")
